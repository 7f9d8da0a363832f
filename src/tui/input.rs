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
    /// cursor's position in it (in characters). Measured in columns as drawn: a wide
    /// character takes two and is never cut in half, an invisible one as wide as its
    /// escape; the text before the cursor and the cell under it (one column at the
    /// end) fit in `width`.
    pub fn view(&self, width: usize) -> (String, usize) {
        let (start, end) = self.window(width);
        let shown: String = self.value.chars().take(end).skip(start).collect();
        (shown, self.cursor.saturating_sub(start))
    }

    /// The characters [`view`](Self::view) shows: from `start` up to `end`.
    fn window(&self, width: usize) -> (usize, usize) {
        let widths: Vec<usize> = self.value.chars().map(drawn_width).collect();
        let width = width.max(1);
        let cursor = self.cursor.min(widths.len());
        // The cell under the cursor is shown whole, even wider than the room.
        let mut used = widths.get(cursor).map_or(1, |w| (*w).max(1));
        let mut start = cursor;
        while let Some(w) = start.checked_sub(1).and_then(|i| widths.get(i)) {
            if used + w > width {
                break;
            }
            used += w;
            start -= 1;
        }
        // A mark that joins the character before it does not start the line alone.
        while start < cursor && widths.get(start) == Some(&0) {
            start += 1;
        }
        let mut end = start;
        let mut cols = 0;
        while let Some(w) = widths.get(end) {
            if cols + w > width && end > cursor {
                break;
            }
            cols += w;
            end += 1;
        }
        (start, end)
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

/// Columns `c` takes as a field draws it: escaped when invisible (see
/// [`crate::text::escape`]), else its width.
fn drawn_width(c: char) -> usize {
    if crate::text::is_invisible(c) {
        crate::text::width(&crate::text::escape(c.encode_utf8(&mut [0; 4])))
    } else {
        crate::text::char_width(c)
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
    fn view_measures_columns_and_never_cuts_a_wide_character() {
        let t = TextInput::new(&format!("ab{}cd", "日".repeat(10)));
        let (shown, cursor) = t.view(9);
        assert_eq!(
            (shown.as_str(), cursor),
            ("日日日cd", 5),
            "the end and the cursor show"
        );
        let mut t = TextInput::new("日日日日日");
        t.handle(&key(KeyCode::Left));
        // The character under the cursor shows whole: 2 columns, 4 before it.
        let (shown, cursor) = t.view(7);
        assert_eq!((shown.as_str(), cursor), ("日日日", 2));
        assert!(crate::text::width(&shown) <= 7);
        t.handle(&key(KeyCode::Home));
        assert_eq!(t.view(5), ("日日".to_string(), 0));
        // An invisible character takes the columns of its escape: `\u{200b}` is 8.
        let t = TextInput::new("abc\u{200b}");
        assert_eq!(t.view(9), ("\u{200b}".to_string(), 1));
        assert_eq!(t.view(10), ("c\u{200b}".to_string(), 2));
    }

    #[test]
    fn a_pasted_line_break_or_tab_separates_words() {
        let mut t = TextInput::new("");
        t.insert("evil@x.io\nsecond\tthird\r\nfourth\u{1b}[31m");
        assert_eq!(t.value, "evil@x.io second third fourth[31m");
    }
}
