//! The names of a batch's questions, numbered by the reader as it scans them.
//!
//! The reader scans the questions while the state loads, on a core that is otherwise
//! idle then; numbering each distinct spelling there leaves the answering threads an
//! index into a table instead of a hash and a comparison of bytes per name. Numbers
//! are given to a bounded count of spellings, so memory stays flat however many
//! distinct names a batch holds: past the bound, a name goes without a number and is
//! looked up by its bytes.

use std::collections::HashMap;

use crate::engine::QuickHash;

/// Distinct spellings numbered per kind of name at most.
const MAX_NAMES: usize = 1 << 20;

/// The numbers of one question's names, each distinct spelling of its kind one
/// number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keys {
    pub member: u32,
    pub env: u32,
    pub action: u32,
}

/// Numbers spellings of one kind of name in the order they are first met, up to
/// `limit` of them.
struct Numbering {
    numbers: HashMap<Box<[u8]>, u32, QuickHash>,
    limit: usize,
}

impl Numbering {
    fn new(limit: usize) -> Self {
        Numbering {
            numbers: HashMap::default(),
            limit,
        }
    }

    fn number(&mut self, name: &[u8]) -> Option<u32> {
        if let Some(n) = self.numbers.get(name) {
            return Some(*n);
        }
        if self.numbers.len() >= self.limit {
            return None;
        }
        let n = u32::try_from(self.numbers.len()).ok()?;
        self.numbers.insert(name.into(), n);
        Some(n)
    }
}

/// The reader's numbering of members, environments and actions.
pub struct Numberer {
    members: Numbering,
    envs: Numbering,
    actions: Numbering,
}

impl Default for Numberer {
    fn default() -> Self {
        Numberer::with_limit(MAX_NAMES)
    }
}

impl Numberer {
    /// Numbers at most `limit` spellings of each kind.
    pub fn with_limit(limit: usize) -> Self {
        Numberer {
            members: Numbering::new(limit),
            envs: Numbering::new(limit),
            actions: Numbering::new(limit),
        }
    }

    /// The numbers of a question's names; `None` once a kind has run out of numbers.
    pub fn keys(&mut self, member: &[u8], env: &[u8], action: &[u8]) -> Option<Keys> {
        Some(Keys {
            member: self.members.number(member)?,
            env: self.envs.number(env)?,
            action: self.actions.number(action)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Keys, Numberer};

    #[test]
    fn past_the_limit_a_new_spelling_goes_without_a_number() {
        let mut n = Numberer::with_limit(2);
        assert!(n.keys(b"a", b"e", b"x").is_some());
        assert!(n.keys(b"b", b"e", b"x").is_some());
        assert_eq!(n.keys(b"c", b"e", b"x"), None, "a third member spelling");
        // Spellings already numbered keep their numbers.
        assert_eq!(
            n.keys(b"b", b"e", b"x"),
            Some(Keys {
                member: 1,
                env: 0,
                action: 0
            })
        );
    }

    #[test]
    fn each_distinct_spelling_of_a_kind_is_one_number() {
        let mut n = Numberer::default();
        let a = n.keys(b"anna@acme.io", b"shop-prod", b"logs");
        let b = n.keys(b"ANNA@acme.io", b"shop-prod", b"start");
        let c = n.keys(b"anna@acme.io", b"shop-dev", b"logs");
        assert_eq!(
            [a, b, c],
            [
                Some(Keys {
                    member: 0,
                    env: 0,
                    action: 0
                }),
                Some(Keys {
                    member: 1,
                    env: 0,
                    action: 1
                }),
                Some(Keys {
                    member: 0,
                    env: 1,
                    action: 0
                }),
            ]
        );
    }
}
