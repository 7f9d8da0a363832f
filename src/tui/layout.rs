//! Where everything goes, as a pure function of the terminal size. The app uses the
//! same layout to scroll and to map mouse clicks as the drawing does to draw.

use ratatui::layout::{Constraint, Layout, Rect};

use super::panes::PaneId;

/// Below this the app shows the "terminal too small" screen.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Wider than this, the Environments column keeps [`ENVS_WIDE`] columns and the
/// Accounts and Members column takes the rest.
pub const WIDE: u16 = 180;
/// The Environments column on a wide screen: 40 % of [`WIDE`].
pub const ENVS_WIDE: u16 = 72;

#[derive(Clone, Copy, Debug)]
pub struct Screen {
    pub area: Rect,
    pub header: Rect,
    pub body: Rect,
    pub message: Rect,
    pub footer: Rect,
    pub accounts: Rect,
    pub members: Rect,
    pub envs: Rect,
    pub roles: Rect,
    pub inspector: Rect,
    pub too_small: bool,
}

impl Screen {
    pub fn new(area: Rect) -> Screen {
        let too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
        let [header, body, message, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        // Up to 180 columns the three columns share the width by percentage. Wider,
        // the Environments column stops at what its rows use (a name, its place in
        // the tree and an access text fit in ENVS_WIDE) and the rest goes to the left
        // column, whose member rows list share entries that would otherwise be cut.
        let columns = if body.width > WIDE {
            let right = body.width.saturating_mul(31) / 100;
            [
                Constraint::Min(0),
                Constraint::Length(ENVS_WIDE),
                Constraint::Length(right),
            ]
        } else {
            [
                Constraint::Percentage(29),
                Constraint::Percentage(40),
                Constraint::Percentage(31),
            ]
        };
        let [left, middle, right] = Layout::horizontal(columns).areas(body);
        let [accounts, members] =
            Layout::vertical([Constraint::Percentage(38), Constraint::Percentage(62)]).areas(left);
        let [roles, inspector] =
            Layout::vertical([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(right);
        Screen {
            area,
            header,
            body,
            message,
            footer,
            accounts,
            members,
            envs: middle,
            roles,
            inspector,
            too_small,
        }
    }

    pub fn pane(&self, id: PaneId) -> Option<Rect> {
        if self.too_small {
            return None;
        }
        Some(match id {
            PaneId::Accounts => self.accounts,
            PaneId::Members => self.members,
            PaneId::Envs => self.envs,
            PaneId::Roles => self.roles,
        })
    }
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
