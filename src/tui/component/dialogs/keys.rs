//! The dialogs' keys, from the key map's `forms` and `trees` modes, and the hint line
//! every dialog shows, generated from the bindings of the part with focus: nothing
//! here is a hand-written hint.

use ratatui::crossterm::event::KeyEvent;

use crate::tui::component::{Binding, Bound};
use crate::tui::keys::{Keymap, OverlayAction as A};

/// The actions of a dialog's own keys (the `forms` mode).
const FORM: [A; 6] = [
    A::Submit,
    A::Dismiss,
    A::NextField,
    A::PrevField,
    A::Enter,
    A::Toggle,
];

/// Which `forms` action a key asks for.
pub fn form_action(keymap: &Keymap, key: &KeyEvent) -> Option<A> {
    keymap.overlay_action(key, &FORM)
}

/// Keys a focused text field leaves to the dialog (moving between parts, applying,
/// cancelling); every other key edits the text (Space types a space).
pub fn leaves_text_field(keymap: &Keymap, key: &KeyEvent) -> bool {
    form_action(keymap, key).is_some_and(|a| a != A::Toggle)
}

/// What a key did to a focused text field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Edit {
    /// The field took the key (it edited the text or moved the cursor).
    pub used: bool,
    /// The text is different: only then has the user touched the dialog (a cursor
    /// move, or Backspace in an empty field, is not an answer yet).
    pub changed: bool,
}

/// Hands a key to a focused text field unless it is one the dialog keeps.
pub fn edit(keymap: &Keymap, key: &KeyEvent, input: &mut crate::tui::input::TextInput) -> Edit {
    if leaves_text_field(keymap, key) {
        return Edit::default();
    }
    let was = input.value.clone();
    let used = input.handle(key);
    Edit {
        used,
        changed: used && was != input.value,
    }
}

/// What a key no part of a dialog used means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldNav {
    Next,
    Prev,
    Apply,
    Cancel,
    Other,
}

/// The shared meaning of keys no part used: the next or previous part, Enter moving
/// on (or pressing the button with focus), cancelling; Submit everywhere.
pub fn field_nav(keymap: &Keymap, key: &KeyEvent, on_button: bool) -> FieldNav {
    match form_action(keymap, key) {
        Some(A::NextField) => FieldNav::Next,
        Some(A::PrevField) => FieldNav::Prev,
        Some(A::Enter) if !on_button => FieldNav::Next,
        Some(A::Enter | A::Submit) => FieldNav::Apply,
        Some(A::Dismiss) => FieldNav::Cancel,
        _ => FieldNav::Other,
    }
}

/// What kind of part has focus, for the hint line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// A line of text.
    Text,
    /// A yes/no toggle.
    Toggle,
    /// A list or tree (its own bindings come first).
    List,
    /// A list's search being typed: only the search's own keys work.
    Searching,
    /// A button (Apply, Create).
    Button,
}

fn bind(keymap: &Keymap, action: A, hint: &'static str) -> Binding {
    Binding::overlay(keymap, action).says(hint)
}

/// The hint line's bindings for a dialog whose focused part is `kind`: `list` holds
/// the focused list's own bindings (see `Tree::bindings`), `submit` the word for
/// what the dialog does ("apply", "create", "preview"). A key taken by an earlier
/// binding is dropped from later ones (the focused list sees a key first), and a
/// binding left without keys is not shown.
pub fn bindings(
    keymap: &Keymap,
    kind: PartKind,
    list: Vec<Binding>,
    submit: &'static str,
) -> Vec<Binding> {
    let mut out = Vec::new();
    match kind {
        PartKind::Text => out.push(bind(keymap, A::Enter, "next")),
        PartKind::Toggle => out.push(bind(keymap, A::Toggle, "toggle")),
        PartKind::Button => out.push(bind(keymap, A::Enter, submit)),
        PartKind::List | PartKind::Searching => {}
    }
    if kind == PartKind::Searching {
        out.extend(list);
        return shadowed(out);
    }
    // What the focused row does first, then the dialog's own keys, then the rest of
    // the list's: a narrow hint line keeps the keys that matter most.
    let (first, rest): (Vec<Binding>, Vec<Binding>) = list.into_iter().partition(|b| {
        matches!(
            b.action,
            Bound::Overlay(A::Toggle | A::Enter | A::PickRoles | A::NewRole | A::Remove)
        )
    });
    out.extend(first);
    out.push(bind(keymap, A::Submit, submit));
    out.push(bind(keymap, A::Dismiss, "cancel"));
    out.push(bind(keymap, A::NextField, "next part"));
    out.extend(rest);
    out.push(bind(keymap, A::PrevField, "previous part"));
    shadowed(out)
}

/// Drops from each binding the keys an earlier one has, then the bindings left
/// without keys.
pub fn shadowed(list: Vec<Binding>) -> Vec<Binding> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for mut b in list {
        b.keys.retain(|k| !seen.contains(k));
        seen.extend(b.keys.iter().copied());
        if !b.keys.is_empty() {
            out.push(b);
        }
    }
    out
}
