//! The form engine every dialog shares: a focus ring over the dialog's parts, the
//! engine's verdict on the values as they stand, and the one rule for submitting.
//!
//! A dialog never asks the engine itself. After every key the app builds the
//! dialog's command ([`super::Dialog::command`]), asks the engine whether the
//! signed-in account may run it (`Engine::may_run`, the answer `execute` would give,
//! nothing kept) and hands the answer back ([`super::Dialog::answer`]). "Ready" is
//! shown only for values the engine accepted; a refusal is routed to the part it
//! concerns by the error's typed field, never by its text.

use ratatui::crossterm::event::KeyEvent;
use ratatui::text::Span;

use super::keys::{self, FieldNav};
use crate::engine::{Command, Error};
use crate::tui::component::Effect;
use crate::tui::keys::Keymap;
use crate::tui::theme::Theme;

/// What the engine said about the values as they stand.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict<F> {
    /// Not asked yet (the dialog just opened).
    Unasked,
    Ready,
    /// Accepted, but asking for what is already so: applying writes nothing.
    Unchanged,
    Refused {
        at: F,
        text: String,
    },
}

/// A dialog's focus ring and verdict.
#[derive(Clone, Debug)]
pub struct Check<F> {
    order: Vec<F>,
    focus: F,
    verdict: Verdict<F>,
    /// Whether the user changed something or tried to submit: refusals are shown
    /// only then (a dialog that just opened is not wrong yet).
    touched: bool,
}

impl<F: Copy + PartialEq> Check<F> {
    /// A ring over `order` (the parts in Tab order), focused on `focus`.
    pub fn new(order: Vec<F>, focus: F) -> Check<F> {
        Check {
            order,
            focus,
            verdict: Verdict::Unasked,
            touched: false,
        }
    }

    pub fn focus(&self) -> F {
        self.focus
    }

    pub fn set_focus(&mut self, f: F) {
        self.focus = f;
    }

    /// Replaces the ring (a dialog whose parts change: invite or edit).
    pub fn set_order(&mut self, order: Vec<F>) {
        self.order = order;
    }

    /// Moves to the next (or previous) part, wrapping round; a part not in the ring
    /// counts as the first.
    pub fn step(&mut self, forward: bool) {
        self.focus = super::cycle(&self.order, self.focus, forward);
    }

    /// The user changed a value.
    pub fn touch(&mut self) {
        self.touched = true;
    }

    /// The values are as the dialog opened with again: it is not wrong yet, so its
    /// opening guidance shows again instead of a refusal.
    pub fn untouch(&mut self) {
        self.touched = false;
    }

    pub fn touched(&self) -> bool {
        self.touched
    }

    /// Takes the engine's answer for the current values; `route` names the part a
    /// refusal concerns.
    pub fn answer(&mut self, answer: Result<bool, Error>, route: impl Fn(&Error) -> F) {
        self.verdict = match answer {
            Ok(true) => Verdict::Ready,
            Ok(false) => Verdict::Unchanged,
            Err(e) => Verdict::Refused {
                at: route(&e),
                text: format!("{}: {}", e.code(), for_dialog(&e.to_string())),
            },
        };
    }

    /// Whether the engine accepted the values as they stand (also when they ask for
    /// what is already so).
    pub fn ready(&self) -> bool {
        matches!(self.verdict, Verdict::Ready | Verdict::Unchanged)
    }

    /// The refusal to show beside `part`, once the user has touched the dialog.
    pub fn error_for(&self, part: F) -> Option<&str> {
        match &self.verdict {
            Verdict::Refused { at, text } if *at == part && self.touched => Some(text),
            _ => None,
        }
    }

    /// The one submit rule: the command goes to the app when the engine accepted
    /// these values; otherwise the refusal shows and focus moves to its part.
    pub fn submit(&mut self, cmd: Command) -> Effect {
        self.touched = true;
        match &self.verdict {
            Verdict::Ready => Effect::Submit(cmd),
            Verdict::Refused { at, .. } => {
                self.focus = *at;
                Effect::None
            }
            // Nothing to apply (the status line says so), or not asked yet.
            Verdict::Unchanged | Verdict::Unasked => Effect::None,
        }
    }

    /// The one submit rule for values that may build no command (a number that is
    /// not one): the refusal the engine or the dialog gave is already known, so
    /// focus moves to it.
    pub fn submit_built(&mut self, built: Result<Command, Error>) -> Effect {
        if let Ok(cmd) = built {
            return self.submit(cmd);
        }
        self.touched = true;
        if let Verdict::Refused { at, .. } = &self.verdict {
            self.focus = *at;
        }
        Effect::None
    }

    /// What a key no part of the dialog used does: the next or previous part, Enter
    /// on a button or the submit key submits `built` (by the one rule), the cancel
    /// key closes.
    pub fn navigate(
        &mut self,
        keymap: &Keymap,
        key: &KeyEvent,
        on_button: bool,
        built: Result<Command, Error>,
    ) -> Effect {
        match keys::field_nav(keymap, key, on_button) {
            FieldNav::Next => self.step(true),
            FieldNav::Prev => self.step(false),
            FieldNav::Apply => return self.submit_built(built),
            FieldNav::Cancel => return Effect::Close,
            FieldNav::Other => {}
        }
        Effect::None
    }

    /// The end of a dialog's last line: "✓ ready to `ready`" once the engine accepted
    /// the values and they change something, "nothing to change yet" while they ask
    /// for what is already so, or the `idle` guidance while nothing has been touched.
    /// A refusal that concerns no field is not here: the dialog shows it (`error_for`
    /// the Apply row) on lines of its own, wrapped, so that it reads in full.
    pub fn status(&self, t: &Theme, ready: &str, idle: &str) -> Vec<Span<'static>> {
        match &self.verdict {
            Verdict::Ready => vec![Span::styled(format!("✓ ready to {ready}"), t.ok())],
            // Not "ready": there is nothing to apply yet.
            Verdict::Unchanged => vec![Span::styled(
                "nothing to change yet: the values are as they are".to_string(),
                t.dim(),
            )],
            _ if !self.touched => vec![Span::styled(idle.to_string(), t.dim())],
            _ => Vec::new(),
        }
    }
}

/// An engine message as a dialog shows it: the command line's advice (a flag to pass,
/// a command to run with `--owner`) worded for the dialog, which has no flags. The
/// command line's own messages are unchanged.
pub fn for_dialog(message: &str) -> String {
    let mut out = message.replace("give at least one --role", "tick at least one role");
    out = out.replace(" (pass --as EMAIL)", " (sign in as an account first)");
    // `…; pass --force to delete it anyway`: a dialog never forces.
    if let Some(at) = out.find("; pass --force to ") {
        out.truncate(at);
    }
    // `(pass --owner O to use O's groups)`: the dialog attaches to the owner's groups.
    if let Some(at) = out.find(" (pass --owner ")
        && let Some(len) = out.get(at..).and_then(|rest| rest.find(')'))
    {
        let owner = out
            .get(at + " (pass --owner ".len()..at + len)
            .and_then(|s| s.split(' ').next())
            .unwrap_or("")
            .to_string();
        out.replace_range(at..=at + len, &format!(": choose one of {owner}'s groups"));
    }
    // `'member edit EMAIL --owner O'`: the member is the owner's, as the dialog shows.
    while let Some(at) = out.find(" --owner ") {
        let end = out
            .get(at + 1..)
            .and_then(|rest| rest.find('\'').map(|q| at + 1 + q))
            .unwrap_or(out.len());
        out.replace_range(at..end, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::for_dialog;

    #[test]
    fn engine_advice_about_flags_is_worded_for_a_dialog() {
        for (engine, dialog) in [
            (
                "roles: give at least one --role",
                "roles: tick at least one role",
            ),
            (
                "role 'Dev' is in use by bob@x.io on api; pass --force to delete it anyway",
                "role 'Dev' is in use by bob@x.io on api",
            ),
            (
                "api belongs to olga@acme.io; a shared environment can't be put into your own groups (pass --owner olga@acme.io to use olga@acme.io's groups)",
                "api belongs to olga@acme.io; a shared environment can't be put into your own groups: choose one of olga@acme.io's groups",
            ),
            (
                "to give its access back, use 'member activate b@x.io --owner o@x.io'; to change its shares, 'member edit b@x.io --owner o@x.io'",
                "to give its access back, use 'member activate b@x.io'; to change its shares, 'member edit b@x.io'",
            ),
            (
                "an acting account is required (pass --as EMAIL)",
                "an acting account is required (sign in as an account first)",
            ),
        ] {
            let shown = for_dialog(engine);
            assert_eq!(shown, dialog);
            assert!(!shown.contains("--"), "{shown}");
        }
    }
}
