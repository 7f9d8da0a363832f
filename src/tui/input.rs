//! A single-line text input: the filter, the palette and every dialog field.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The longest value a field accepts; pastes are cut here.
pub const MAX_INPUT: usize = 1000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    pub value: String,
    /// Cursor position in characters.
    pub cursor: usize,
}

impl TextInput {
    pub fn new(value: &str) -> TextInput {
        TextInput {
            value: value.to_string(),
            cursor: value.chars().count(),
        }
    }

    fn byte_at(&self, char_pos: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_pos)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Inserts typed or pasted text at the cursor. A line break or a tab (a pasted
    /// list, a line copied with its end) separates words, so it becomes one space
    /// (`\r\n` too); any other control character is dropped.
    pub fn insert(&mut self, text: &str) {
        let mut last = None;
        for c in text.chars() {
            let after_cr = last == Some('\r');
            last = Some(c);
            let c = match c {
                '\n' if after_cr => continue,
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            if self.value.chars().count() >= MAX_INPUT {
                continue;
            }
            let at = self.byte_at(self.cursor);
            self.value.insert(at, c);
            self.cursor += 1;
        }
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
    }

    /// Handles an editing key; returns whether it was one.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        // Alt with a letter is a command to the terminal's user, never text.
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('u') if ctrl => self.clear(),
            KeyCode::Char('w') if ctrl => {
                let chars: Vec<char> = self.value.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars.get(start - 1) == Some(&' ') {
                    start -= 1;
                }
                while start > 0 && chars.get(start - 1).is_some_and(|c| *c != ' ') {
                    start -= 1;
                }
                let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
                self.value.replace_range(a..b, "");
                self.cursor = start;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.value.chars().count(),
            KeyCode::Char(c) if !ctrl && !alt => self.insert(&c.to_string()),
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    let (a, b) = (self.byte_at(self.cursor - 1), self.byte_at(self.cursor));
                    self.value.replace_range(a..b, "");
                    self.cursor -= 1;
                }
            }
            KeyCode::Delete => {
                if self.cursor < self.value.chars().count() {
                    let (a, b) = (self.byte_at(self.cursor), self.byte_at(self.cursor + 1));
                    self.value.replace_range(a..b, "");
                }
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.value.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.value.chars().count(),
            _ => return false,
        }
        true
    }

    /// The text to show in `width` columns, scrolled so the cursor is visible, and the
    /// cursor's column within it.
    pub fn view(&self, width: usize) -> (String, usize) {
        let chars: Vec<char> = self.value.chars().collect();
        let width = width.max(1);
        let start = self.cursor.saturating_sub(width - 1);
        let shown: String = chars.iter().skip(start).take(width).collect();
        (shown, self.cursor - start)
    }

    /// [`view`](Self::view) cut at the cursor, ready to draw: the text before it, the
    /// character under it (`None` at the end) and the rest, each with its invisible
    /// characters escaped, so what was typed or pasted (a right-to-left override, a
    /// zero-width space) shows as what it is and never reaches the terminal raw.
    pub fn shown(&self, width: usize) -> Shown {
        let (text, cursor) = self.view(width);
        let chars: Vec<char> = text.chars().collect();
        let part = |from: usize, to: usize| {
            let s: String = chars.iter().take(to).skip(from).collect();
            crate::text::escape(&s).into_owned()
        };
        Shown {
            before: part(0, cursor),
            at: (cursor < chars.len()).then(|| part(cursor, cursor + 1)),
            after: part(cursor + 1, chars.len()),
        }
    }
}

/// A [`TextInput`] as drawn, cut at the cursor (see [`TextInput::shown`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub before: String,
    pub at: Option<String>,
    pub after: String,
}

impl Shown {
    /// The character under the cursor and the rest: all of the text after the cursor.
    pub fn from_cursor(&self) -> String {
        format!("{}{}", self.at.as_deref().unwrap_or(""), self.after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut t = TextInput::new("héllo");
        t.handle(&key(KeyCode::Left));
        t.handle(&key(KeyCode::Backspace));
        assert_eq!(t.value, "hélo");
        t.handle(&key(KeyCode::Home));
        t.handle(&key(KeyCode::Delete));
        assert_eq!(t.value, "élo");
        t.insert("x\u{7}y");
        assert_eq!(t.value, "xyélo", "control characters are dropped");
        t.handle(&KeyEvent::new(KeyCode::Char('b'), KeyModifiers::ALT));
        assert_eq!(t.value, "xyélo", "Alt-b is not text");
        t.handle(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(t.value, "");
    }

    #[test]
    fn shown_escapes_invisible_characters_around_the_cursor() {
        let mut t = TextInput::new("");
        t.insert("a\u{202e}b\u{200b}c");
        t.handle(&key(KeyCode::Left));
        t.handle(&key(KeyCode::Left));
        let s = t.shown(80);
        assert_eq!(s.before, "a\\u{202e}b");
        assert_eq!(s.at.as_deref(), Some("\\u{200b}"));
        assert_eq!(s.after, "c");
        assert_eq!(s.from_cursor(), "\\u{200b}c");
        t.handle(&key(KeyCode::End));
        assert_eq!(t.shown(80).at, None);
    }

    #[test]
    fn view_keeps_the_cursor_visible() {
        let t = TextInput::new("abcdefghij");
        assert_eq!(t.view(4), ("hij".to_string(), 3));
    }

    #[test]
    fn a_pasted_line_break_or_tab_separates_words() {
        let mut t = TextInput::new("");
        t.insert("evil@x.io\nsecond\tthird\r\nfourth\u{1b}[31m");
        assert_eq!(t.value, "evil@x.io second third fourth[31m");
    }
}
