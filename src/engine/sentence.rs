//! How the engine writes its sentences (a decision's reason) for any reader: fixed
//! [`Words`], checked when the program is built, and names, told apart so a writer
//! can write each as fast as it may ([`ReasonSink`]).

use super::model::{AccountId, EnvId};
use super::platform::Platform;

/// Fixed words of a sentence: printable ASCII without a quote or a backslash, so they
/// read the same in a terminal, in a JSON string and anywhere else, and need no
/// escaping. Made by [`words!`], which checks them when the program is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words(&'static str);

impl Words {
    /// # Panics
    ///
    /// At build time (through [`words!`]) when `s` holds anything but printable ASCII
    /// other than `"` and `\`.
    pub const fn new(s: &'static str) -> Words {
        let mut rest = s.as_bytes();
        while let [b, tail @ ..] = rest {
            assert!(
                *b >= b' ' && *b <= b'~' && *b != b'"' && *b != b'\\',
                "fixed words are printable ASCII without quotes or backslashes"
            );
            rest = tail;
        }
        Words(s)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// [`Words`] checked when the program is built.
macro_rules! words {
    ($s:literal) => {
        const { $crate::engine::sentence::Words::new($s) }
    };
}
pub(crate) use words;

/// Where the engine writes a sentence. The names of accounts and environments come
/// by id, so a writer of many sentences may keep what it made of each name; by
/// default everything is written as text.
pub trait ReasonSink {
    /// Text that may need escaping for the writer's reader: names, ids, numbers.
    fn text(&mut self, s: &str);

    fn words(&mut self, w: Words) {
        self.text(w.as_str());
    }

    fn account(&mut self, p: &Platform, a: AccountId) {
        self.text(&p.account(a).email);
    }

    fn env(&mut self, p: &Platform, e: EnvId) {
        self.text(&p.env(e).name);
    }
}

impl ReasonSink for String {
    fn text(&mut self, s: &str) {
        self.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    #[test]
    #[should_panic(expected = "printable ASCII")]
    fn a_quote_is_refused() {
        let _ = Words::new("say \"hi\"");
    }

    #[test]
    #[should_panic(expected = "printable ASCII")]
    fn a_control_character_is_refused() {
        let _ = Words::new("line\nbreak");
    }

    #[test]
    #[should_panic(expected = "printable ASCII")]
    fn a_non_ascii_character_is_refused() {
        let _ = Words::new("caf\u{e9}");
    }
}
