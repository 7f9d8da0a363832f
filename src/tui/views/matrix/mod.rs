//! The access matrix (`M`): the signed-in owner and its members against its
//! environments, or against its groups (Tab switches), each cell the effective level
//! as a symbol and a colour. It scrolls on both axes with the member labels and the
//! column names kept in place; `/` filters rows and, with `col:`, columns; Enter on a
//! cell opens the explanation `w` opens in the panes. The row and column lists are
//! ids rebuilt when the platform changes; only visible cells are ever computed
//! (`matrix_draw`), so 1,000 members × 10,000 environments draw like the demo.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::Block;

mod draw;

use super::list::{ListState, Prompt, Typed};
use super::{View, back_binding, closing_bindings, common, explanation};
use std::collections::HashMap;

use crate::engine::{AccountId, CollabId, EnvId, GroupId, Level, RoleId, cmp_ci};
use crate::text::escape;
use crate::tui::component::{Avail, Binding, Component, Ctx, Effect, Message};
use crate::tui::keys::{Action, OverlayAction};

/// The fewest columns a cell takes, the gap before the next included: what it takes
/// when the screen is too narrow for more.
pub const CELL: usize = 9;

/// The most columns a cell takes, the gap included: an environment's name at its
/// longest.
const WIDEST_CELL: usize = 33;

/// How many columns at least show side by side before cells are given more width
/// than [`CELL`]: widening stops where fewer would fit.
const ACROSS: usize = 6;

/// What the columns are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    #[default]
    Envs,
    Groups,
}

/// A row: the owner itself, or one of its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowId {
    Owner(AccountId),
    Member(CollabId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColId {
    Env(EnvId),
    Group(GroupId),
}

/// A row or a column: its id, its label as shown, and the lower-cased text the
/// filter searches.
#[derive(Clone, Debug)]
pub struct Entry<T> {
    pub id: T,
    pub label: String,
    search: String,
}

impl<T> Entry<T> {
    fn new(id: T, label: &str) -> Entry<T> {
        Entry {
            search: label.to_lowercase(),
            label: escape(label).into_owned(),
            id,
        }
    }
}

/// What the cells on screen depend on: the rows and columns, and the window.
type WindowKey = (u64, std::ops::Range<usize>, std::ops::Range<usize>);

#[derive(Default)]
pub struct MatrixView {
    axis: Axis,
    filter: Prompt,
    all_rows: Vec<Entry<RowId>>,
    all_cols: Vec<Entry<ColId>>,
    /// Positions in `all_rows` / `all_cols` that match the filter.
    rows: Vec<usize>,
    cols: Vec<usize>,
    /// The cursor and scroll on each axis (a column list's "height" is the number of
    /// columns on screen).
    row: ListState,
    col: ListState,
    /// Columns the row labels take, from the layout step.
    label_w: usize,
    /// Columns a cell takes, the gap included, from the layout step.
    cell_w: usize,
    /// Columns a cell would like, the gap included: room for the symbol and the
    /// longest role name, and for the longest column name.
    cell_wanted: usize,
    /// The owner's roles: their order by name and their names as shown, so a cell
    /// names its roles without sorting or escaping them again in every frame.
    role_names: HashMap<RoleId, (usize, String)>,
    /// Bumped whenever the rows or columns change (rebuilt or filtered).
    epoch: u64,
    /// The cells on screen, computed in the layout step when the window moves or the
    /// rows change (never while drawing): for `window_key`, row by row.
    window: Vec<(Level, String)>,
    window_at: Option<WindowKey>,
    built: Option<(u64, Option<AccountId>, Axis)>,
}

impl MatrixView {
    pub fn boxed() -> Box<dyn View> {
        Box::new(MatrixView::default())
    }

    /// Rebuilds the rows and columns for another platform, account or axis.
    fn rebuild(&mut self, ctx: &Ctx<'_>) {
        let p = ctx.platform();
        self.all_rows.clear();
        self.all_cols.clear();
        self.role_names.clear();
        self.cell_wanted = 0;
        if let Some(me) = ctx.me {
            self.all_rows
                .push(Entry::new(RowId::Owner(me), &p.account(me).email));
            let mut members: Vec<Entry<RowId>> = p
                .collabs_of_owner(me)
                .map(|c| Entry::new(RowId::Member(c), &p.account(p.collab(c).member).email))
                .collect();
            members.sort_by(|a, b| cmp_ci(&a.search, &b.search));
            self.all_rows.extend(members);
            let mut cols: Vec<Entry<ColId>> = match self.axis {
                Axis::Envs => p
                    .envs_of(me)
                    .map(|e| Entry::new(ColId::Env(e), &p.env(e).name))
                    .collect(),
                Axis::Groups => p
                    .groups_of(me)
                    .map(|g| Entry::new(ColId::Group(g), &p.group(g).path))
                    .collect(),
            };
            cols.sort_by(|a, b| cmp_ci(&a.search, &b.search));
            let widest_col = cols.iter().map(|c| crate::text::width(&c.label)).max();
            self.all_cols = cols;
            let mut roles: Vec<RoleId> = p.roles_of(me).collect();
            roles.sort_by(|a, b| cmp_ci(&p.role(*a).name, &p.role(*b).name));
            self.role_names = roles
                .into_iter()
                .enumerate()
                .map(|(i, r)| (r, (i, escape(&p.role(r).name).into_owned())))
                .collect();
            let widest_role = self.role_names.values().map(|(_, n)| crate::text::width(n));
            // "▲ Name" and the gap; a column's name and the gap.
            let wanted = widest_role.max().map_or(0, |w| w + 3);
            self.cell_wanted = wanted.max(widest_col.map_or(0, |w| w + 1));
        }
        self.built = Some((ctx.generation, ctx.me, self.axis));
        self.refilter();
    }

    /// The rows and columns that match the filter: bare words (or `row:`) filter
    /// rows, `col:` words (or `env:`, `group:`) filter columns.
    fn refilter(&mut self) {
        self.epoch += 1;
        let mut row_terms = Vec::new();
        let mut col_terms = Vec::new();
        for word in self.filter.text().to_lowercase().split_whitespace() {
            match word.split_once(':') {
                Some(("col" | "env" | "group", t)) => col_terms.push(t.to_string()),
                Some(("row" | "member", t)) => row_terms.push(t.to_string()),
                _ => row_terms.push(word.to_string()),
            }
        }
        let matches =
            |search: &str, terms: &[String]| terms.iter().all(|t| search.contains(t.as_str()));
        self.rows = (0..self.all_rows.len())
            .filter(|i| {
                self.all_rows
                    .get(*i)
                    .is_some_and(|r| matches(&r.search, &row_terms))
            })
            .collect();
        self.cols = (0..self.all_cols.len())
            .filter(|i| {
                self.all_cols
                    .get(*i)
                    .is_some_and(|c| matches(&c.search, &col_terms))
            })
            .collect();
    }

    fn row_at(&self, i: usize) -> Option<&Entry<RowId>> {
        self.rows.get(i).and_then(|r| self.all_rows.get(*r))
    }

    fn col_at(&self, i: usize) -> Option<&Entry<ColId>> {
        self.cols.get(i).and_then(|c| self.all_cols.get(*c))
    }

    /// The account a row stands for.
    fn account(ctx: &Ctx<'_>, row: RowId) -> AccountId {
        match row {
            RowId::Owner(a) => a,
            RowId::Member(c) => ctx.platform().collab(c).member,
        }
    }

    /// Appends the names of `roles`, in name order, joined with `+`.
    fn push_roles(&self, ctx: &Ctx<'_>, roles: &[RoleId], out: &mut String) {
        let name = |r: &RoleId| match self.role_names.get(r) {
            Some((i, name)) => (*i, std::borrow::Cow::Borrowed(name.as_str())),
            None => (usize::MAX, escape(&ctx.platform().role(*r).name)),
        };
        // One role is the common case: no list to sort.
        if let [only] = roles {
            out.push_str(&name(only).1);
            return;
        }
        let mut named: Vec<_> = roles.iter().map(name).collect();
        named.sort_unstable();
        for (i, (_, n)) in named.iter().enumerate() {
            if i > 0 {
                out.push('+');
            }
            out.push_str(n);
        }
    }

    /// Columns a cell takes, the gap included (at least [`CELL`], before the first
    /// layout step too).
    fn cell(&self) -> usize {
        self.cell_w.max(CELL)
    }

    fn window_key(&self) -> WindowKey {
        (self.epoch, self.row.visible(), self.col.visible())
    }

    /// Whether a prompt line shows below the legend.
    fn prompt_shown(&self) -> bool {
        self.filter.typing || !self.filter.is_empty()
    }

    /// Lines below the cells: the selected cell's details, the legend, the prompt.
    fn footer_lines(&self) -> u16 {
        2 + u16::from(self.prompt_shown())
    }

    /// Enter on a cell: the explanation of the row's account on the column's
    /// environment.
    fn why(&self, ctx: &Ctx<'_>) -> Effect {
        let (Some(row), Some(col)) = (
            self.row_at(self.row.selected),
            self.col_at(self.col.selected),
        ) else {
            return Effect::None;
        };
        match col.id {
            ColId::Env(env) => explanation(ctx.platform(), Self::account(ctx, row.id), env),
            ColId::Group(_) => Effect::Message(Message {
                text: why_needs_envs(ctx),
                error: true,
            }),
        }
    }

    fn refit(&mut self) {
        let (rh, ch) = (self.row.height, self.col.height);
        self.row.fit(self.rows.len(), rh);
        self.col.fit(self.cols.len(), ch);
    }
}

impl View for MatrixView {
    fn paste(&mut self, text: &str, _ctx: &Ctx<'_>) {
        if self.filter.paste(text) {
            self.refilter();
            self.refit();
        }
    }
}

impl Component for MatrixView {
    fn fit(&mut self, area: Rect, ctx: &Ctx<'_>) {
        if self.built != Some((ctx.generation, ctx.me, self.axis)) {
            self.rebuild(ctx);
        }
        let inner = Block::bordered().inner(area);
        let widest = self
            .rows
            .iter()
            .filter_map(|i| self.all_rows.get(*i))
            .map(|r| crate::text::width(&r.label))
            .max()
            .unwrap_or(8);
        // Two for the markers (cursor, lens), two for the status symbol and a space.
        self.label_w = (widest + 4).clamp(12, 30).min(usize::from(inner.width) / 3);
        let height = usize::from(inner.height.saturating_sub(1 + self.footer_lines()));
        let room = usize::from(inner.width).saturating_sub(self.label_w + 1);
        // As wide as the names want, while at least `ACROSS` columns (or all of them)
        // still fit; never narrower than `CELL`.
        let cols = self.cols.len().max(1);
        let share = room / ACROSS.min(cols);
        let mut cell_w = self.cell_wanted.min(WIDEST_CELL).min(share).max(CELL);
        if cols * cell_w <= room {
            // Every column fits: they share the room (a cell of several roles shows
            // more of them).
            cell_w = cell_w.max((room / cols).min(WIDEST_CELL));
        }
        if cell_w != self.cell_w {
            self.cell_w = cell_w;
            self.window_at = None;
        }
        let across = room / self.cell_w;
        self.row.fit(self.rows.len(), height);
        self.col.fit(self.cols.len(), across);
        let key = self.window_key();
        if self.window_at.as_ref() != Some(&key) {
            self.window = draw::window(self, ctx);
            self.window_at = Some(key);
        }
    }

    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        if self.filter.typing {
            let mut v = Prompt::bindings(ctx);
            v.push(Binding::new(ctx.keymap, Action::Quit, Avail::Enabled).typing());
            return v;
        }
        let why = match self.axis {
            _ if self.rows.is_empty() || self.cols.is_empty() => {
                Avail::Disabled("no cell selected".into())
            }
            Axis::Envs => Avail::Enabled,
            Axis::Groups => Avail::Disabled(why_needs_envs(ctx)),
        };
        let axis = Binding::overlay(ctx.keymap, OverlayAction::Axis).says(match self.axis {
            Axis::Envs => "groups",
            Axis::Groups => "environments",
        });
        let mut v = vec![
            Binding::new(ctx.keymap, Action::Open, why).says("why"),
            axis,
            Binding::new(ctx.keymap, Action::Filter, Avail::Enabled),
            back_binding(ctx, Action::Matrix),
            Binding::overlay(ctx.keymap, OverlayAction::Left),
            Binding::overlay(ctx.keymap, OverlayAction::Right),
            Binding::new(ctx.keymap, Action::Down, Avail::Enabled),
            Binding::new(ctx.keymap, Action::Up, Avail::Enabled),
        ];
        if !self.filter.is_empty() {
            v.insert(
                2,
                Binding::new(ctx.keymap, Action::Back, Avail::Enabled).says("clear filter"),
            );
        }
        v.extend(closing_bindings(ctx));
        v
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        match self.filter.key(key, ctx) {
            Typed::Done { changed } => {
                if changed {
                    self.refilter();
                    self.refit();
                }
                return Effect::None;
            }
            Typed::Passed => {}
        }
        let own = [
            OverlayAction::Left,
            OverlayAction::Right,
            OverlayAction::Axis,
        ];
        match ctx.keymap.overlay_action(key, &own) {
            Some(OverlayAction::Left) => {
                self.col.act(Action::Up);
                return Effect::None;
            }
            Some(OverlayAction::Right) => {
                self.col.act(Action::Down);
                return Effect::None;
            }
            Some(_) => {
                self.axis = match self.axis {
                    Axis::Envs => Axis::Groups,
                    Axis::Groups => Axis::Envs,
                };
                self.col = ListState::default();
                self.rebuild(ctx);
                self.refit();
                return Effect::None;
            }
            None => {}
        }
        let Some(action) = ctx.keymap.action(key) else {
            return Effect::None;
        };
        if self.row.act(action) {
            return Effect::None;
        }
        match action {
            Action::Open => self.why(ctx),
            Action::Filter => {
                self.filter.start();
                Effect::None
            }
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.refilter();
                self.refit();
                Effect::None
            }
            other => common(other, Action::Matrix, ctx),
        }
    }

    fn render(&self, area: Rect, buf: &mut ratatui::buffer::Buffer, ctx: &Ctx<'_>) {
        draw::render(self, area, buf, ctx);
    }
}

/// Why a cell of the groups' matrix has no explanation, naming the key (as
/// configured) that switches the columns.
fn why_needs_envs(ctx: &Ctx<'_>) -> String {
    format!(
        "why explains an environment: {} switches the columns to environments",
        ctx.keymap.overlay_label(OverlayAction::Axis)
    )
}
