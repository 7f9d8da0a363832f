//! The smallest set of roles that still covers what a member used: an exact search.
//!
//! "Smallest" is, in order: the fewest roles; then the fewest methods granted in all
//! (the least privilege among equally short answers); then the role names, compared
//! case-insensitively, so the answer is deterministic. The search branches on the
//! first method not yet covered, trying every role that grants it (every cover holds
//! one), and stops a branch as soon as it cannot beat the best answer found so far.
//! Used sets are small (a member uses a handful of methods on one environment), so
//! the depth is at most that handful.

use crate::engine::access::cmp_ci;
use crate::engine::model::MethodId;

/// A set of methods as bits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct MethodSet(Vec<u64>);

impl MethodSet {
    pub fn of(methods: impl IntoIterator<Item = MethodId>) -> MethodSet {
        let mut s = MethodSet::default();
        for m in methods {
            s.insert(m);
        }
        s
    }

    pub fn insert(&mut self, m: MethodId) {
        let (word, bit) = (usize::from(m.0 / 64), m.0 % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        if let Some(w) = self.0.get_mut(word) {
            *w |= 1 << bit;
        }
    }

    pub fn union_with(&mut self, other: &MethodSet) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }

    pub fn is_subset(&self, other: &MethodSet) -> bool {
        self.0
            .iter()
            .enumerate()
            .all(|(i, a)| a & !other.0.get(i).copied().unwrap_or(0) == 0)
    }

    pub fn intersects(&self, other: &MethodSet) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }

    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The lowest method in `self` but not in `covered`.
    fn first_missing(&self, covered: &MethodSet) -> Option<u16> {
        for (i, w) in self.0.iter().enumerate() {
            let missing = w & !covered.0.get(i).copied().unwrap_or(0);
            if missing != 0 {
                let index = i * 64 + missing.trailing_zeros() as usize;
                return u16::try_from(index).ok();
            }
        }
        None
    }

    fn contains(&self, m: u16) -> bool {
        self.0
            .get(usize::from(m / 64))
            .is_some_and(|w| w & (1 << (m % 64)) != 0)
    }
}

/// One candidate role: its name and the methods it grants.
pub struct Candidate<'a> {
    pub name: &'a str,
    pub methods: MethodSet,
}

/// The better of two answers by (roles, methods granted, names).
fn better(a: (usize, usize, &[&str]), b: (usize, usize, &[&str])) -> bool {
    let names =
        a.2.iter()
            .zip(b.2)
            .map(|(x, y)| cmp_ci(x, y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal);
    (a.0, a.1).cmp(&(b.0, b.1)).then(names).is_lt()
}

struct Search<'a, 'b> {
    used: &'b MethodSet,
    roles: &'b [Candidate<'a>],
    best: Option<(Vec<usize>, usize)>,
}

impl Search<'_, '_> {
    fn names(&self, chosen: &[usize]) -> Vec<&str> {
        let mut n: Vec<&str> = chosen
            .iter()
            .filter_map(|i| self.roles.get(*i).map(|c| c.name))
            .collect();
        n.sort_by(|a, b| cmp_ci(a, b));
        n
    }

    fn go(&mut self, chosen: &mut Vec<usize>, granted: &MethodSet) {
        if let Some((best, _)) = &self.best
            && chosen.len() > best.len()
        {
            return;
        }
        let Some(missing) = self.used.first_missing(granted) else {
            let size = granted.len();
            let names = self.names(chosen);
            let wins = match &self.best {
                None => true,
                Some((b, bsize)) => better(
                    (chosen.len(), size, &names),
                    (b.len(), *bsize, &self.names(b)),
                ),
            };
            if wins {
                let mut sorted = chosen.clone();
                sorted.sort_unstable();
                self.best = Some((sorted, size));
            }
            return;
        };
        if let Some((best, _)) = &self.best
            && chosen.len() == best.len()
        {
            return; // one more role would make it longer than the best
        }
        for (i, r) in self.roles.iter().enumerate() {
            if r.methods.contains(missing) && !chosen.contains(&i) {
                let mut next = granted.clone();
                next.union_with(&r.methods);
                chosen.push(i);
                self.go(chosen, &next);
                chosen.pop();
            }
        }
    }
}

/// The indexes (ascending) of the smallest set of `roles` whose methods cover `used`,
/// or `None` when no set does. An empty `used` needs no role.
pub fn minimal_cover(used: &MethodSet, roles: &[Candidate<'_>]) -> Option<Vec<usize>> {
    let mut s = Search {
        used,
        roles,
        best: None,
    };
    s.go(&mut Vec::new(), &MethodSet::default());
    s.best.map(|(b, _)| b)
}
