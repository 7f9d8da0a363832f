//! Drawing: a pure function of the app's state. Only the visible rows of each pane are
//! turned into text, so a pane of 10,000 environments costs what 40 rows cost.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Avail, SaveState};
use super::component::{Binding, Component, Message};
use super::keys::Action;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use super::panes::PaneId;
use super::theme::Theme;
use crate::engine::CollabStatus;
use crate::text;

pub fn draw(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
}

/// Renders the whole screen into a buffer (the app, snapshots and tests share this).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let screen = Screen::new(area);
    let t = &app.config.theme;
    if screen.too_small {
        too_small(t, &app.config.keymap, area, buf);
        return;
    }
    header(app, screen.header, buf);
    let here = app.pane_bindings();
    let ctx = app.ctx(&here);
    if app.views.open().is_some() {
        app.views.render(screen.body, buf, &ctx);
    } else {
        for id in PaneId::ALL {
            if let Some(r) = screen.pane(id) {
                app.pane(id).render(r, buf, &ctx);
            }
        }
        app.inspector.render(screen.inspector, buf, &ctx);
    }
    message(app, screen.message, buf);
    footer(app, screen.footer, buf);
    if let Some(ov) = &app.overlay {
        ov.render(screen.body, buf, &ctx);
    }
}

fn too_small(t: &Theme, keys: &super::keys::Keymap, area: Rect, buf: &mut Buffer) {
    let text = vec![
        Line::styled("terminal too small", t.title()),
        Line::raw(format!(
            "need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
            area.width, area.height
        )),
        Line::styled(
            format!(
                "enlarge the window, or press {} to quit",
                keys.label(Action::Quit)
            ),
            t.dim(),
        ),
    ];
    let h = 3.min(area.height);
    let y = area.y + area.height.saturating_sub(h) / 2;
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(Rect::new(area.x, y, area.width, h), buf);
}

fn header(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let p = app.ws.engine().platform();
    let mut spans = vec![Span::styled(
        " collab ",
        t.accent().add_modifier(ratatui::style::Modifier::BOLD),
    )];
    let mut facts = Vec::new();
    // Where the email is among the spans, to cut it last when the line is too narrow.
    let mut email_at = None;
    match app.me {
        Some(me) => {
            let row = p.account_row(me);
            spans.push(Span::raw("│ "));
            email_at = Some(spans.len());
            spans.push(Span::styled(row.email.clone(), t.title()));
            if row.environments > 0 || row.members > 0 {
                facts.push(format!(
                    "owner of {} envs, {} members",
                    row.environments, row.members
                ));
            }
            let active = p
                .collabs_of_member(me)
                .filter(|c| p.collab(*c).status == CollabStatus::Active)
                .count();
            if active > 0 {
                facts.push(format!("member of {active}"));
            }
            if row.pending_invitations > 0 {
                facts.push(format!(
                    "{} pending invitation{}",
                    row.pending_invitations,
                    if row.pending_invitations == 1 {
                        ""
                    } else {
                        "s"
                    }
                ));
            }
        }
        None => spans.push(Span::styled("│ not signed in", t.dim())),
    }
    // Measured now: a file that is gone, or memory holding a change the file does not
    // ("not saved"), whatever happened before; else what the last look at the file
    // found.
    let mark = match &app.save_state {
        _ if app.ws.gone() => Span::styled("✕ file gone", t.error()),
        _ if app.ws.unsaved() => Span::styled("✕ not saved", t.error()),
        SaveState::Saved => Span::styled("✓ saved", t.ok()),
        SaveState::Reloaded => Span::styled("↻ reloaded", t.accent()),
        SaveState::Unread(code) => Span::styled(format!("✕ not reloaded: {code}"), t.error()),
    };
    // What gives way when the line is too narrow, in turn: the account's facts, then
    // the state file's path (cut at its start, keeping its name), then the email (cut
    // at its end). The saved/not-saved marker always shows whole.
    let width = usize::from(area.width);
    let used = |spans: &[Span<'_>]| spans.iter().map(Span::width).sum::<usize>();
    // Columns left for the path once `spans`, the marker and both separators are in.
    let room = |spans: &[Span<'_>], extra: usize| {
        width.saturating_sub(used(spans) + extra + 3 + mark.width() + 3)
    };
    let facts = (!facts.is_empty()).then(|| format!(" ({})", facts.join(" · ")));
    if let Some(f) = facts {
        let wanted = text::width(&app.state_label).min(12);
        if room(&spans, text::width(&f)) >= wanted {
            spans.push(Span::styled(f, t.dim()));
        }
    }
    // The demo's label has shorter forms that keep the word "demo"; a path is cut at
    // its start, keeping the file's name.
    let forms: Vec<&str> = if app.state_label == super::DEMO_LABEL {
        std::iter::once(super::DEMO_LABEL)
            .chain(super::DEMO_SHORTER)
            .collect()
    } else {
        vec![app.state_label.as_str()]
    };
    let left = room(&spans, 0);
    let label = match forms.iter().find(|f| text::width(f) <= left) {
        Some(f) => (*f).to_string(),
        None => crate::tui::fit::cut_start(forms.last().copied().unwrap_or_default(), left),
    };
    if !label.is_empty() {
        spans.push(Span::raw(" │ "));
        spans.push(Span::styled(label, t.dim()));
    }
    let over = (used(&spans) + 3 + mark.width()).saturating_sub(width);
    if over > 0
        && let Some(email) = email_at.and_then(|at| spans.get_mut(at))
    {
        let keep = email.width().saturating_sub(over);
        *email = Span::styled(crate::tui::views::cut(&email.content, keep), email.style);
    }
    spans.push(Span::raw(" │ "));
    spans.push(mark);
    Line::from(spans).render(area, buf);
}

fn message(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let st = app.pane(app.focus);
    let line = if let Some(m) = &app.message {
        message_line(app, m, usize::from(area.width))
    } else if st.filtering {
        Line::from(vec![
            Span::styled("filter: ", t.accent()),
            Span::raw(crate::text::escape(&st.filter).into_owned()),
            Span::styled("▏  Enter keeps it, Esc clears", t.dim()),
        ])
    } else {
        Line::default()
    };
    line.render(area, buf);
}

/// A message on one line: whole when it fits, else cut with `…` and the key that
/// shows it in full (the message log); an error says how to dismiss it.
fn message_line(app: &App, m: &Message, width: usize) -> Line<'static> {
    let t = &app.config.theme;
    let keys = &app.config.keymap;
    let (mark, style) = if m.error {
        ("✕ ", t.error())
    } else {
        ("", Style::new())
    };
    let text = format!("{mark}{}", m.text);
    // While a dialog, a confirmation or the palette is open, its keys are its own:
    // Esc closes it (the message stays) and `m` is typed, so neither is offered here.
    let open = app.overlay.is_some();
    let dismiss = if m.error && !open {
        format!("{} dismisses", keys.label(Action::Back))
    } else {
        String::new()
    };
    let whole = text::width(&text) + 4 + text::width(&dismiss);
    let (shown, tail) = if whole <= width || dismiss.is_empty() && text::width(&text) <= width {
        (text, dismiss)
    } else {
        let more = if open {
            format!("{} in full once this closes", keys.label(Action::Messages))
        } else {
            format!("{} in full", keys.label(Action::Messages))
        };
        let tail = if dismiss.is_empty() {
            more
        } else {
            format!("{more} · {dismiss}")
        };
        let room = width.saturating_sub(text::width(&tail) + 5);
        (format!("{}…", text::clip(&text, room)), tail)
    };
    let mut spans = vec![Span::styled(shown, style)];
    if !tail.is_empty() {
        spans.push(Span::styled(format!("  ({tail})"), t.dim()));
    }
    Line::from(spans)
}

/// The footer: the focused component's bindings (an open overlay's own, else the
/// view's or the pane's), with the engine's answers.
fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let bindings: Vec<Binding> = app.focused_bindings();
    let entry = |b: &Binding| (b.label(), b.hint, b.avail == Avail::Enabled);
    let len = |(k, h, _): &(String, &str, bool)| text::width(k) + text::width(h) + 3;
    // Undo, redo, the palette, help and quit always fit: the context's own keys get
    // what is left, in order; the footer keeps the bindings' order.
    let fixed = |b: &Binding| {
        matches!(
            b.action.pane(),
            Some(Action::Undo | Action::Redo | Action::Help | Action::Palette | Action::Quit)
        )
    };
    let entries: Vec<_> = bindings.iter().map(|b| (entry(b), fixed(b))).collect();
    // The last entry's two trailing spaces need not fit.
    let mut room = (usize::from(area.width) + 2).saturating_sub(
        entries
            .iter()
            .filter(|(_, f)| *f)
            .map(|(e, _)| len(e))
            .sum(),
    );
    let mut full = false;
    let mut shown = Vec::new();
    for (e, f) in entries {
        if !f {
            if full || len(&e) > room {
                full = true;
                continue;
            }
            room -= len(&e);
        }
        shown.push(e);
    }
    let mut spans = Vec::new();
    for (key, hint, enabled) in shown {
        let (ks, hs) = if enabled {
            (t.accent(), Style::new())
        } else {
            (t.dim(), t.dim())
        };
        spans.push(Span::styled(key, ks));
        spans.push(Span::styled(format!(" {hint}  "), hs));
    }
    Line::from(spans).render(area, buf);
}
