//! Look-alike names (domain.md section 2): a new role, custom policy or group whose
//! name *looks like* one of its siblings (same owner; same parent for groups) is
//! refused, naming the look-alike. "Looks like" is case-insensitive equality of the
//! Unicode confusable skeletons of UTS #39, computed by `unicode-security`.
//!
//! Every name is reduced to its [`look_alike_keys`]; the platform keeps an index per
//! owner (and parent) keyed by them, so a check costs two key computations and two
//! hash look-ups, however many siblings there are. Commands and loading ask the same
//! functions, so they refuse the same names with the same words.

use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;
use std::sync::OnceLock;

use unicode_security::confusable_detection::skeleton;

use super::catalogue::Catalogue;
use super::model::{AccountId, GroupId};

/// The most rounds of lower-casing and skeleton a key takes; two are enough for
/// every character of the confusables table, the rest is a safety margin.
const MAX_ROUNDS: usize = 4;

/// `s` lower-cased and reduced to its skeleton, again until it is stable (a skeleton
/// may hold capitals: `0` becomes `O`, which is then compared case-insensitively).
fn settled(s: &str) -> String {
    let mut key: String = skeleton(&s.to_lowercase()).collect();
    for _ in 1..MAX_ROUNDS {
        let next: String = skeleton(&key.to_lowercase()).collect();
        if next == key {
            break;
        }
        key = next;
    }
    key
}

/// The keys under which names that look alike, whatever their case, meet: two names
/// look alike when they share a key. One key or two, never none.
///
/// Case and confusables do not commute, so a name has two keys:
/// - the skeleton of the lower-cased name: `Admin`, `ADMIN`, `Аdmin` and `АDMIN`
///   (Cyrillic `А`) meet there; it depends only on the lower-cased name, so names
///   equal case-insensitively always share it;
/// - the lower-cased skeleton of the name as written: capitals whose small letters
///   look different meet there, `Тesting` (Cyrillic `Т`, small `т`) and `Testing`,
///   `Ivan` and `lvan`.
///
/// Both are settled, so `team0`, `TeamO` and `teamo` meet too.
pub fn look_alike_keys(name: &str) -> Vec<String> {
    let folded = settled(name);
    let written = settled(&skeleton(name).collect::<String>());
    if written == folded {
        vec![folded]
    } else {
        vec![folded, written]
    }
}

/// Whether two names look alike (see [`look_alike_keys`]).
pub fn looks_like(a: &str, b: &str) -> bool {
    let b = look_alike_keys(b);
    look_alike_keys(a).iter().any(|k| b.contains(k))
}

/// The id of the system policy whose id looks like `name`, if any.
pub fn system_policy_looking_like(name: &str) -> Option<&'static str> {
    static KEYS: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let cat = Catalogue::get();
    let keys = KEYS.get_or_init(|| {
        let mut keys = HashMap::new();
        for (i, p) in cat.policies.iter().enumerate() {
            for k in look_alike_keys(&p.id) {
                keys.entry(k).or_insert(i);
            }
        }
        keys
    });
    look_alike_keys(name)
        .iter()
        .find_map(|k| keys.get(k))
        .and_then(|i| cat.policies.get(*i))
        .map(|p| p.id.as_str())
}

/// A key of a look-alike index whose last part is a name: the owner and name of a
/// role or policy, the owner, parent and name of a group.
pub(crate) trait Look: PartialEq {
    type Key: Hash + Eq;
    /// The index keys: the same with the name replaced by each of its
    /// [`look_alike_keys`].
    fn keys(self) -> Vec<Self::Key>;
}

impl Look for (AccountId, String) {
    type Key = (AccountId, String);
    fn keys(self) -> Vec<Self::Key> {
        let owner = self.0;
        let keys = look_alike_keys(&self.1);
        keys.into_iter().map(|k| (owner, k)).collect()
    }
}

impl Look for (AccountId, Option<GroupId>, String) {
    type Key = (AccountId, Option<GroupId>, String);
    fn keys(self) -> Vec<Self::Key> {
        let (owner, parent) = (self.0, self.1);
        let keys = look_alike_keys(&self.2);
        keys.into_iter().map(|k| (owner, parent, k)).collect()
    }
}

/// Moves `id` in a look-alike index from the keys of `old` to the keys of `new`
/// (either absent when the record is created or removed). Keys are computed only
/// when the name, owner or parent changes, so other edits cost no skeleton.
pub(crate) fn relink<L: Look, V: Ord + Copy>(
    index: &mut HashMap<L::Key, BTreeSet<V>>,
    old: Option<L>,
    new: Option<L>,
    id: V,
) {
    if old == new {
        return;
    }
    for key in old.map(Look::keys).unwrap_or_default() {
        if let Some(set) = index.get_mut(&key) {
            set.remove(&id);
            if set.is_empty() {
                index.remove(&key);
            }
        }
    }
    for key in new.map(Look::keys).unwrap_or_default() {
        index.entry(key).or_default().insert(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusables_share_a_key_whatever_their_case() {
        for (a, b) in [
            ("Admin", "Аdmin"),       // Cyrillic А
            ("Admin", "ADMIN"),       // case only
            ("АDMIN", "admin"),       // Cyrillic А, other case
            ("Viewer", "Vіewer"),     // Ukrainian і
            ("Deployer", "Dep1oyer"), // digit one for l
            ("team0", "TeamO"),       // digit zero for capital O
            ("TeamO", "teamo"),
            ("Ops", "Οps"), // Greek Omicron
            ("env.startstop", "env.startst0p"),
            ("Testing", "Τesting"), // Greek capital Tau; small τ looks different
            ("Testing", "Тesting"), // Cyrillic capital Te; small т looks different
            ("Mary", "Мary"),       // Cyrillic capital Em
            ("Ivan", "lvan"),       // capital I for small l
            ("Billing", "BiIling"),
        ] {
            assert!(looks_like(a, b), "{a} ~ {b}");
            assert!(looks_like(b, a), "{b} ~ {a}");
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        for (a, b) in [
            ("Admin", "Админ"),
            ("Admin", "Admins"),
            ("Viewer", "Reviewer"),
            ("Dev", "Ops"),
            ("山田", "田山"),
        ] {
            assert!(!looks_like(a, b), "{a} !~ {b}");
        }
    }

    #[test]
    fn names_equal_case_insensitively_share_their_first_key() {
        for (a, b) in [("Admin", "ADMIN"), ("Ivan", "IVAN"), ("Тест", "тест")] {
            assert_eq!(look_alike_keys(a)[0], look_alike_keys(b)[0], "{a} ~ {b}");
        }
        assert_eq!(
            look_alike_keys("admin").len(),
            1,
            "a small-letter name has one key"
        );
    }

    #[test]
    fn system_policy_ids_have_look_alikes() {
        assert_eq!(
            system_policy_looking_like("ENV.StartStop"),
            Some("env.startstop")
        );
        assert_eq!(
            system_policy_looking_like("env.startst0p"),
            Some("env.startstop")
        );
        assert_eq!(system_policy_looking_like("Release"), None);
    }
}
