//! The state a view's list keeps (in the manner of ratatui's `ListState`): which row
//! is selected and which is first on screen, fitted to the rows there are and the
//! room there is before drawing; and the filter prompt a view types into.

use ratatui::crossterm::event::KeyEvent;
use ratatui::text::{Line, Span};

use crate::tui::component::{Binding, Bound, Ctx};
use crate::tui::input::TextInput;
use crate::tui::keys::{Action, Key, OverlayAction};
use crate::tui::num::{signed, step};
use crate::tui::theme::Theme;

/// A selection and a scroll offset over `len` rows shown `height` at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
    /// Rows on screen, from the last layout step.
    pub height: usize,
    /// Rows there are, from the last layout step.
    pub len: usize,
}

impl ListState {
    /// The layout step: `len` rows, `height` on screen. The selection stays on a row,
    /// the selected row stays on screen, and the list never scrolls past its end.
    pub fn fit(&mut self, len: usize, height: usize) {
        self.len = len;
        self.height = height.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + self.height {
            self.offset = self.selected + 1 - self.height;
        }
        self.offset = self.offset.min(len.saturating_sub(self.height));
    }

    /// Moves the selection for a moving action; false for any other action.
    pub fn act(&mut self, action: Action) -> bool {
        let page = signed(self.height.saturating_sub(1).max(1));
        let delta = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => return false,
        };
        self.selected = step(self.selected, delta, self.len.saturating_sub(1));
        let (len, height) = (self.len, self.height);
        self.fit(len, height);
        true
    }

    /// The rows on screen.
    pub fn visible(&self) -> std::ops::Range<usize> {
        self.offset..(self.offset + self.height).min(self.len)
    }

    /// "3/120", or nothing for an empty list.
    pub fn position(&self) -> Option<String> {
        (self.len > 0).then(|| format!(" {}/{} ", self.selected + 1, self.len))
    }
}

/// A filter's words: a row matches when its text holds every whitespace-separated
/// word of the filter, wherever each stands (`risk boris` finds Boris's risks), as
/// the matrix's filter does. The words are lower-cased; so is the text searched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words(Vec<String>);

impl Words {
    pub fn new(filter: &str) -> Words {
        Words(
            filter
                .to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        )
    }

    /// No word: every row matches.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `text` (lower-cased) holds every word.
    pub fn matches(&self, text: &str) -> bool {
        self.0.iter().all(|w| text.contains(w.as_str()))
    }
}

/// The keys a prompt understands besides typing (from the `lists` key map).
const PROMPT_KEYS: [OverlayAction; 2] = [OverlayAction::Choose, OverlayAction::Close];

/// What a key did to a prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    /// Not the prompt's key (it is closed, or the key edits nothing: Up, Down,
    /// Ctrl-c): the view handles it.
    Passed,
    /// The key was the prompt's; `changed` says whether the text changed.
    Done { changed: bool },
}

/// A filter typed into a view: `/` opens it, every printable key is text (so `t` or
/// `q` typed there never toggles or quits), Enter keeps it, Esc clears it.
#[derive(Clone, Debug, Default)]
pub struct Prompt {
    pub input: TextInput,
    pub typing: bool,
}

impl Prompt {
    pub fn text(&self) -> &str {
        &self.input.value
    }

    pub fn is_empty(&self) -> bool {
        self.input.value.is_empty()
    }

    pub fn start(&mut self) {
        self.typing = true;
    }

    /// Clears the text and stops typing.
    pub fn clear(&mut self) {
        self.input.clear();
        self.typing = false;
    }

    /// Hands a key to the prompt while it is open.
    pub fn key(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Typed {
        if !self.typing {
            return Typed::Passed;
        }
        let typed = Key::from_event(key).is_plain_char();
        match ctx
            .keymap
            .overlay_action(key, &PROMPT_KEYS)
            .filter(|_| !typed)
        {
            Some(OverlayAction::Choose) => {
                self.typing = false;
                Typed::Done { changed: false }
            }
            Some(_) => {
                let changed = !self.is_empty();
                self.clear();
                Typed::Done { changed }
            }
            None => {
                let before = self.input.value.clone();
                if self.input.handle(key) {
                    Typed::Done {
                        changed: self.input.value != before,
                    }
                } else {
                    Typed::Passed
                }
            }
        }
    }

    /// Pastes the first line of `text`; true when the text changed.
    pub fn paste(&mut self, text: &str) -> bool {
        if !self.typing {
            return false;
        }
        self.input.insert(text.lines().next().unwrap_or_default());
        true
    }

    /// The prompt's bindings while typing: Enter keeps, Esc clears.
    pub fn bindings(ctx: &Ctx<'_>) -> Vec<Binding> {
        PROMPT_KEYS
            .into_iter()
            .map(|a| Binding::overlay(ctx.keymap, a).typing())
            .map(|b| match b.action {
                Bound::Overlay(OverlayAction::Choose) => b.says("keep the filter"),
                _ => b.says("clear"),
            })
            .collect()
    }

    /// The key that clears the filter now, for hints: the prompt's while it is
    /// typed, else the one that goes back (a kept filter is cleared before the view
    /// closes).
    pub fn clear_key(&self, ctx: &Ctx<'_>) -> String {
        if self.typing {
            Binding::overlay(ctx.keymap, OverlayAction::Close)
                .typing()
                .label()
        } else {
            ctx.keymap.label(Action::Back)
        }
    }

    /// What a view shows when its filter lets no row through: the filter, and the
    /// key that clears it.
    pub fn no_match(&self, what: &str, ctx: &Ctx<'_>) -> String {
        format!(
            "no {what} matches '{}' ({} clears the filter)",
            crate::text::quoted(self.text()),
            self.clear_key(ctx)
        )
    }

    /// The prompt as a line: `label` the text and, while typing, the cursor.
    pub fn line(&self, t: &Theme, label: &str, width: usize) -> Line<'static> {
        let room = width.saturating_sub(crate::text::width(label) + 2);
        let (shown, _) = self.input.view(room);
        let mut spans = vec![
            Span::styled(label.to_string(), t.accent()),
            Span::raw(crate::text::escape(&shown).into_owned()),
        ];
        if self.typing {
            spans.push(Span::styled("▏", t.accent()));
        }
        Line::from(spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_the_last_row_and_never_past_it() {
        let mut l = ListState::default();
        l.fit(50, 10);
        assert!(l.act(Action::Bottom));
        assert_eq!((l.selected, l.offset), (49, 40));
        assert_eq!(l.visible(), 40..50);
        assert!(l.act(Action::Up));
        assert_eq!((l.selected, l.offset), (48, 40));
        assert!(l.act(Action::Top));
        assert_eq!((l.selected, l.offset), (0, 0));
        // Fewer rows than room: no scrolling at all.
        l.fit(3, 10);
        l.act(Action::Bottom);
        assert_eq!((l.selected, l.offset), (2, 0));
        // The rows shrink under the selection: it stays on the last one.
        l.fit(50, 10);
        l.act(Action::Bottom);
        l.fit(5, 10);
        assert_eq!((l.selected, l.offset), (4, 0));
        l.fit(0, 10);
        assert_eq!((l.selected, l.offset, l.visible()), (0, 0, 0..0));
        assert!(!l.act(Action::Add));
    }

    #[test]
    fn a_filter_matches_when_every_word_is_found_anywhere() {
        let hay = "risk can_transfer boris@acme.io may transfer shop-prod";
        assert!(Words::new("").matches(hay));
        assert!(Words::new("risk boris").matches(hay));
        assert!(
            Words::new("  BORIS   risk ").matches(hay),
            "any order and case"
        );
        assert!(!Words::new("risk anna").matches(hay), "every word, not any");
        assert!(!Words::new("risk boris").matches("risk bori"));
    }
}
