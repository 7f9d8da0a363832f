//! Overlays drawn over the panes: help, the command palette, text views (why, query
//! output), menus, and the confirmation/preview of a change. Each one handles its own
//! keys and draws itself; the app holds at most one.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::app::App;
use super::dialogs::{Dialog, DialogOutcome, DrawCtx};
use super::input::TextInput;
use super::keys::Action;
use super::layout::centered;
use super::theme::Theme;
use crate::engine::{AccessChange, Command, Level, Preview};

pub enum Overlay {
    Help(Help),
    Palette(Palette),
    Text(TextView),
    Menu(Menu),
    Confirm(Confirm),
    Dialog(Box<dyn Dialog>),
}

/// Whether the overlay stays open after a key.
pub enum Flow {
    Keep,
    Close,
}

impl Overlay {
    pub fn handle(&mut self, key: KeyEvent, app: &mut App) -> Flow {
        match self {
            Overlay::Help(h) => h.handle(key, app),
            Overlay::Palette(p) => p.handle(key, app),
            Overlay::Text(t) => t.handle(key),
            Overlay::Menu(m) => m.handle(key, app),
            Overlay::Confirm(c) => c.handle(key, app),
            Overlay::Dialog(d) => match app.dialog_key(d.as_mut(), key) {
                DialogOutcome::Continue => Flow::Keep,
                DialogOutcome::Cancel => Flow::Close,
                DialogOutcome::Submit(cmd) => {
                    app.submit(cmd);
                    Flow::Close
                }
                DialogOutcome::Run(cmd) => {
                    app.run(&cmd);
                    Flow::Keep
                }
            },
        }
    }

    pub fn paste(&mut self, text: &str, app: &mut App) {
        match self {
            Overlay::Palette(p) => {
                p.input.insert(text.lines().next().unwrap_or(""));
                p.refresh_completions(app);
            }
            Overlay::Help(h) => h.search.insert(text.lines().next().unwrap_or("")),
            Overlay::Dialog(d) => app.dialog_paste(d.as_mut(), text),
            _ => {}
        }
    }

    pub fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let t = &app.config.theme;
        match self {
            Overlay::Help(h) => h.draw(app, area, buf),
            Overlay::Palette(p) => p.draw(app, area, buf),
            Overlay::Text(v) => v.draw(t, area, buf),
            Overlay::Menu(m) => m.draw(t, area, buf),
            Overlay::Confirm(c) => c.draw(t, area, buf),
            Overlay::Dialog(d) => {
                let (w, h) = d.size(area);
                let rect = centered(area, w, h + 3);
                let inner = frame(t, &d.title(), rect, buf);
                let [body, hints] = ratatui::layout::Layout::vertical([
                    ratatui::layout::Constraint::Min(0),
                    ratatui::layout::Constraint::Length(1),
                ])
                .areas(inner);
                let ctx = DrawCtx {
                    platform: app.ws.engine().platform(),
                    theme: t,
                    me: app.me,
                };
                d.draw(&ctx, body, buf);
                hint_line(t, &d.hints()).render(hints, buf);
            }
        }
    }
}

/// Clears a rectangle, draws a titled border, returns the inside.
pub fn frame(t: &Theme, title: &str, rect: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), t.title()))
        .border_style(t.border(true));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

pub fn hint_line<'a>(t: &Theme, hints: &[(&'a str, &'a str)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (k, what) in hints {
        spans.push(Span::styled(*k, t.accent()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Line::from(spans)
}

// ----- help --------------------------------------------------------------------------

pub struct Help {
    pub search: TextInput,
    pub offset: usize,
}

impl Help {
    pub fn new() -> Help {
        Help {
            search: TextInput::default(),
            offset: 0,
        }
    }

    /// (keys, description, in context) for every action matching the search.
    fn entries(&self, app: &App) -> Vec<(String, &'static str, bool)> {
        let ctx = app.context_actions();
        let q = self.search.value.to_lowercase();
        let mut out: Vec<(String, &'static str, bool)> = Action::ALL
            .into_iter()
            .map(|a| {
                let keys: Vec<String> = app
                    .config
                    .keymap
                    .keys(a)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                (keys.join(" "), a.describe(), ctx.contains(&a))
            })
            .filter(|(k, d, _)| {
                q.is_empty() || k.to_lowercase().contains(&q) || d.to_lowercase().contains(&q)
            })
            .collect();
        out.sort_by_key(|(_, _, here)| !*here);
        out
    }

    fn handle(&mut self, key: KeyEvent, app: &mut App) -> Flow {
        match key.code {
            KeyCode::Esc => return Flow::Close,
            KeyCode::Char('?') if self.search.value.is_empty() => return Flow::Close,
            KeyCode::Down => self.offset += 1,
            KeyCode::Up => self.offset = self.offset.saturating_sub(1),
            KeyCode::PageDown => self.offset += 10,
            KeyCode::PageUp => self.offset = self.offset.saturating_sub(10),
            _ => {
                if self.search.handle(&key) {
                    self.offset = 0;
                }
            }
        }
        self.offset = self.offset.min(self.entries(app).len().saturating_sub(1));
        Flow::Keep
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let t = &app.config.theme;
        let rect = centered(area, 76, area.height.saturating_sub(2));
        let inner = frame(t, "Help", rect, buf);
        let mut lines = vec![
            Line::from(vec![
                Span::styled("search: ", t.dim()),
                Span::raw(self.search.value.clone()),
                Span::styled("▏", t.accent()),
            ]),
            Line::styled(
                "keys that work here first; the rest apply elsewhere",
                t.dim(),
            ),
        ];
        lines.extend(history_lines(app));
        for (keys, what, here) in self.entries(app).into_iter().skip(self.offset) {
            let style = if here {
                ratatui::style::Style::new()
            } else {
                t.dim()
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{keys:<16}"), t.accent()),
                Span::styled(what, style),
            ]));
        }
        lines.truncate(inner.height.saturating_sub(1) as usize);
        Paragraph::new(lines).render(inner, buf);
        let hint = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        hint_line(
            t,
            &[("type", "to search"), ("↑↓", "scroll"), ("Esc", "close")],
        )
        .render(hint, buf);
    }
}

/// What `u` and Ctrl-r would do for the signed-in account: its own history, newest
/// first (each step is still checked when taken).
fn history_lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.config.theme;
    let Some(me) = app.me else {
        return Vec::new();
    };
    let engine = app.ws.engine();
    let list = |labels: Vec<&str>| -> String {
        let shown: Vec<String> = labels
            .iter()
            .take(3)
            .map(|l| crate::text::escape(l).into_owned())
            .collect();
        match labels.len() {
            0 => "nothing of yours".to_string(),
            n if n > 3 => format!("{} (+{} more)", shown.join(" · "), n - 3),
            _ => shown.join(" · "),
        }
    };
    vec![
        Line::from(vec![
            Span::styled("undo would revert  ", t.dim()),
            Span::raw(list(engine.undo_labels(me))),
        ]),
        Line::from(vec![
            Span::styled("redo would apply   ", t.dim()),
            Span::raw(list(engine.redo_labels(me))),
        ]),
    ]
}

impl Default for Help {
    fn default() -> Self {
        Help::new()
    }
}

// ----- text views --------------------------------------------------------------------

pub struct TextView {
    pub title: String,
    pub lines: Vec<String>,
    pub offset: usize,
}

impl TextView {
    pub fn new(title: impl Into<String>, text: String) -> TextView {
        TextView {
            title: title.into(),
            lines: text.lines().map(str::to_string).collect(),
            offset: 0,
        }
    }

    fn handle(&mut self, key: KeyEvent) -> Flow {
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('w') => {
                return Flow::Close;
            }
            KeyCode::Down | KeyCode::Char('j') => self.offset += 1,
            KeyCode::Up | KeyCode::Char('k') => self.offset = self.offset.saturating_sub(1),
            KeyCode::PageDown => self.offset += 10,
            KeyCode::PageUp => self.offset = self.offset.saturating_sub(10),
            _ => {}
        }
        self.offset = self.offset.min(self.lines.len().saturating_sub(1));
        Flow::Keep
    }

    fn draw(&self, t: &Theme, area: Rect, buf: &mut Buffer) {
        let w = self
            .lines
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(20) as u16
            + 4;
        let h = self.lines.len() as u16 + 3;
        let rect = centered(
            area,
            w.max(40).min(area.width.saturating_sub(2)),
            h.min(area.height.saturating_sub(2)),
        );
        let inner = frame(t, &self.title, rect, buf);
        let body = Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1),
        );
        let lines: Vec<Line<'_>> = self
            .lines
            .iter()
            .skip(self.offset)
            .map(|l| Line::raw(l.as_str()))
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(body, buf);
        let hint = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        hint_line(t, &[("↑↓", "scroll"), ("Esc", "close")]).render(hint, buf);
    }
}

// ----- menus ---------------------------------------------------------------------------

type MenuAction = Box<dyn Fn(&mut App)>;

pub struct MenuItem {
    pub key: char,
    pub label: String,
    /// `Err(reason)` when the signed-in account may not do it.
    pub enabled: Result<(), String>,
    pub run: MenuAction,
}

impl MenuItem {
    pub fn new(
        key: char,
        label: impl Into<String>,
        enabled: Result<(), String>,
        run: MenuAction,
    ) -> MenuItem {
        MenuItem {
            key,
            label: label.into(),
            enabled,
            run,
        }
    }
}

pub struct Menu {
    pub title: String,
    pub items: Vec<MenuItem>,
    pub selected: usize,
    pub note: Option<String>,
}

impl Menu {
    pub fn new(title: impl Into<String>, items: Vec<MenuItem>) -> Menu {
        let selected = items.iter().position(|i| i.enabled.is_ok()).unwrap_or(0);
        Menu {
            title: title.into(),
            items,
            selected,
            note: None,
        }
    }

    fn choose(&mut self, i: usize, app: &mut App) -> Flow {
        let Some(item) = self.items.get(i) else {
            return Flow::Keep;
        };
        match &item.enabled {
            Ok(()) => {
                (item.run)(app);
                Flow::Close
            }
            Err(why) => {
                self.selected = i;
                self.note = Some(why.clone());
                Flow::Keep
            }
        }
    }

    fn handle(&mut self, key: KeyEvent, app: &mut App) -> Flow {
        let n = self.items.len();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return Flow::Close,
            KeyCode::Down | KeyCode::Char('j') if n > 0 => self.selected = (self.selected + 1) % n,
            KeyCode::Up | KeyCode::Char('k') if n > 0 => {
                self.selected = (self.selected + n - 1) % n
            }
            KeyCode::Enter => return self.choose(self.selected, app),
            KeyCode::Char(c) => {
                if let Some(i) = self.items.iter().position(|it| it.key == c) {
                    return self.choose(i, app);
                }
            }
            _ => {}
        }
        self.note = None;
        Flow::Keep
    }

    fn draw(&self, t: &Theme, area: Rect, buf: &mut Buffer) {
        let w = self
            .items
            .iter()
            .map(|i| i.label.chars().count())
            .max()
            .unwrap_or(20) as u16
            + 10;
        let w = w.max(56).min(area.width.saturating_sub(2));
        let reason = self.note.clone().or_else(|| {
            self.items
                .get(self.selected)
                .and_then(|i| i.enabled.clone().err())
        });
        // Room for the whole reason, wrapped, below the list.
        let text_w = w.saturating_sub(4).max(1) as usize;
        let reason_lines = reason
            .as_ref()
            .map_or(1, |r| (r.chars().count() + 2).div_ceil(text_w).max(1))
            as u16;
        let h = (self.items.len() as u16 + 4 + reason_lines).min(area.height.saturating_sub(1));
        let rect = centered(area, w, h);
        let inner = frame(t, &self.title, rect, buf);
        let list_h = inner.height.saturating_sub(2 + reason_lines).max(1) as usize;
        let start = self.selected.saturating_sub(list_h.saturating_sub(1));
        let mut lines: Vec<Line<'_>> = Vec::new();
        for (i, item) in self.items.iter().enumerate().skip(start).take(list_h) {
            let sel = i == self.selected;
            let marker = if sel { "› " } else { "  " };
            let mut style = if item.enabled.is_ok() {
                ratatui::style::Style::new()
            } else {
                t.dim()
            };
            if sel {
                style = style.patch(t.selected(true));
            }
            let mark = if item.enabled.is_ok() { " " } else { "✕" };
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{} ", item.key), t.accent()),
                Span::styled(format!("{mark} {}", item.label), style),
            ]));
        }
        let list_area = Rect::new(inner.x, inner.y, inner.width, list_h as u16);
        Paragraph::new(lines).render(list_area, buf);
        let below = inner.height.saturating_sub(list_h as u16 + 2);
        let reason_area = Rect::new(
            inner.x,
            inner.y + list_h as u16 + 1,
            inner.width,
            reason_lines.min(below),
        );
        if let Some(r) = reason {
            Paragraph::new(Line::styled(format!("✕ {r}"), t.error()))
                .wrap(Wrap { trim: false })
                .render(reason_area, buf);
        }
        let hint = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        hint_line(
            t,
            &[
                ("↑↓", "choose"),
                ("Enter", "run"),
                ("letter", "run"),
                ("Esc", "close"),
            ],
        )
        .render(hint, buf);
    }
}

// ----- confirmation and preview -----------------------------------------------------------

pub struct Confirm {
    pub cmd: Command,
    pub summary: String,
    pub changes: Vec<AccessChange>,
    /// Edited or deleted roles: policies gained and lost, and holders.
    pub roles: Vec<crate::engine::RoleEffect>,
    /// What a pending invitation gives once accepted.
    pub on_accept: Vec<AccessChange>,
    pub destructive: bool,
    /// Which button has focus: destructive changes start on Cancel.
    pub apply_focused: bool,
    pub offset: usize,
    /// The workspace generation the preview was measured on.
    pub seen: u64,
}

impl Confirm {
    pub fn new(cmd: Command, preview: Preview, destructive: bool, seen: u64) -> Confirm {
        Confirm {
            seen,
            cmd,
            summary: preview.outcome.summary,
            changes: preview.changes,
            roles: preview.roles,
            on_accept: preview.on_accept,
            destructive,
            apply_focused: !destructive,
            offset: 0,
        }
    }

    fn handle(&mut self, key: KeyEvent, app: &mut App) -> Flow {
        match key.code {
            KeyCode::Esc | KeyCode::Char('n') => Flow::Close,
            KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Char('h')
            | KeyCode::Char('l') => {
                self.apply_focused = !self.apply_focused;
                Flow::Keep
            }
            KeyCode::Down | KeyCode::Char('j') => {
                let n = self.changes.len().max(self.on_accept.len());
                self.offset = (self.offset + 1).min(n.saturating_sub(1));
                Flow::Keep
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.offset = self.offset.saturating_sub(1);
                Flow::Keep
            }
            KeyCode::Enter => {
                if self.apply_focused {
                    app.confirm(&self.cmd, self.seen, self.destructive);
                }
                Flow::Close
            }
            KeyCode::Char('y') if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                app.confirm(&self.cmd, self.seen, self.destructive);
                Flow::Close
            }
            _ => Flow::Keep,
        }
    }

    fn draw(&self, t: &Theme, area: Rect, buf: &mut Buffer) {
        let rows = self.changes.len().max(self.on_accept.len()) + self.roles.len();
        let h = (rows as u16 + 10).min(area.height.saturating_sub(2));
        let rect = centered(area, area.width.saturating_sub(6).min(96), h);
        let title = if self.destructive {
            "Confirm"
        } else {
            "Preview"
        };
        let inner = frame(t, title, rect, buf);
        let mut lines = vec![
            Line::from(vec![
                Span::styled("command  ", t.dim()),
                Span::raw(self.cmd.label()),
            ]),
            Line::from(vec![
                Span::styled("outcome  ", t.dim()),
                Span::raw(self.summary.clone()),
                Span::styled("  (not applied yet)", t.dim()),
            ]),
            match &self.cmd {
                c if c.undoable() => Line::styled("undo     u reverts it", t.dim()),
                Command::Respond { .. } => Line::styled(
                    "undo     cannot be undone: it is your answer to the owner",
                    t.error(),
                ),
                _ => Line::styled(
                    "undo     cannot be undone: it acts on the environment itself",
                    t.error(),
                ),
            },
            Line::default(),
        ];
        for r in &self.roles {
            let mut parts = Vec::new();
            if r.deleted {
                parts.push(Span::styled("deleted", t.error()));
            }
            if !r.gained.is_empty() {
                parts.push(Span::styled(format!("+{} ", r.gained.join(" +")), t.ok()));
            }
            if !r.lost.is_empty() {
                parts.push(Span::styled(format!("-{} ", r.lost.join(" -")), t.error()));
            }
            let mut spans = vec![Span::styled(format!("role {}: ", r.role), t.title())];
            spans.extend(parts);
            spans.push(Span::styled(
                format!(
                    " held by {} member{}",
                    r.members,
                    if r.members == 1 { "" } else { "s" }
                ),
                t.dim(),
            ));
            lines.push(Line::from(spans));
        }
        if self.changes.is_empty() && !self.on_accept.is_empty() {
            lines.push(Line::styled(
                format!(
                    "nothing changes until it is accepted; then it gives ({}):",
                    self.on_accept.len()
                ),
                t.title(),
            ));
            let visible = inner.height.saturating_sub(8) as usize;
            for c in self.on_accept.iter().skip(self.offset).take(visible) {
                lines.push(change_line(t, c));
            }
            let hidden = self.on_accept.len().saturating_sub(self.offset + visible);
            if hidden > 0 {
                lines.push(Line::styled(
                    format!("… {hidden} more (↓ scrolls)"),
                    t.dim(),
                ));
            }
        } else if self.changes.is_empty() {
            let why = match &self.cmd {
                Command::InviteMember { .. } | Command::CopyMember { .. } => {
                    "no effective access changes now: an invitation grants nothing until it is accepted"
                }
                _ => "no member's access level or roles change",
            };
            lines.push(Line::styled(why, t.dim()));
        } else {
            lines.push(Line::styled(
                format!("effective access that changes ({}):", self.changes.len()),
                t.title(),
            ));
            let visible = inner.height.saturating_sub(7) as usize;
            for c in self.changes.iter().skip(self.offset).take(visible) {
                lines.push(change_line(t, c));
            }
            let hidden = self.changes.len().saturating_sub(self.offset + visible);
            if hidden > 0 {
                lines.push(Line::styled(
                    format!("… {hidden} more (↓ scrolls)"),
                    t.dim(),
                ));
            }
        }
        Paragraph::new(lines).render(inner, buf);
        let (cancel, apply) = if self.apply_focused {
            (t.dim(), t.selected(true))
        } else {
            (t.selected(true), t.dim())
        };
        let (cl, al) = if self.apply_focused {
            ("  Cancel  ", "› Apply (y) ‹")
        } else {
            ("› Cancel ‹", "  Apply (y)  ")
        };
        let buttons = Line::from(vec![
            Span::styled(cl, cancel),
            Span::raw("   "),
            Span::styled(al, apply),
            Span::styled("    Tab switches · Enter chooses · Esc cancels", t.dim()),
        ]);
        let row = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        buttons.render(row, buf);
    }
}

fn access_text(level: Level, roles: &[String]) -> String {
    if level == Level::None {
        "none".into()
    } else {
        format!("{} {}", level, roles.join(", "))
    }
}

fn change_line<'a>(t: &Theme, c: &'a AccessChange) -> Line<'a> {
    let before = access_text(c.before.level, &c.before.roles);
    let after = access_text(c.after.level, &c.after.roles);
    let (sign, style) = if c.after.level == Level::None {
        ("−", t.error())
    } else if c.before.level == Level::None {
        ("+", t.ok())
    } else {
        ("~", t.warn())
    };
    Line::from(vec![
        Span::styled(format!("{sign} "), style),
        Span::raw(format!("{:<22} {:<16} ", c.member, c.env)),
        Span::styled(before, t.dim()),
        Span::raw(" → "),
        Span::styled(after, style),
    ])
}

// ----- palette -------------------------------------------------------------------------------

pub use super::palette::Palette;
