//! Aligned tables, colour codes, and the last step of human output: escaping what
//! the terminal must not interpret.

use std::borrow::Cow;

use crate::engine::Level;

/// Terminal styling, or none.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn dim(self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn green(self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn red(self, s: &str) -> String {
        self.paint("31", s)
    }
    pub fn yellow(self, s: &str) -> String {
        self.paint("33", s)
    }
    pub fn cyan(self, s: &str) -> String {
        self.paint("36", s)
    }

    /// A member status with a symbol as well as a colour.
    pub fn status(self, s: &str) -> String {
        match s {
            "active" => self.green("● active"),
            "pending" => self.yellow("◌ pending"),
            "suspended" => self.yellow("‖ suspended"),
            "left" => self.dim("← left"),
            "rejected" => self.red("✕ rejected"),
            "owner" => self.cyan("★ owner"),
            other => other.to_string(),
        }
    }

    pub fn level(self, l: Level) -> String {
        match l {
            Level::Owner => self.cyan("owner"),
            Level::None => self.dim("none"),
            other => other.as_str().to_string(),
        }
    }
}

/// The colour codes [`Style`] writes; the only escape sequences output may keep.
const SGR: [&str; 7] = [
    "\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m",
];

/// Splits `s` into text and the colour codes of [`Style`]: `(text, code)` pairs.
fn sgr_split(s: &str) -> Vec<(&str, &str)> {
    let mut parts = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('\x1b') {
        if let Some(code) = SGR.iter().find(|code| rest[i..].starts_with(**code)) {
            parts.push((&rest[..i], *code));
            rest = &rest[i + code.len()..];
        } else {
            // Not one of ours: leave it in the text, where it gets escaped.
            let next = rest[i + 1..].find('\x1b').map_or(rest.len(), |j| i + 1 + j);
            parts.push((&rest[..next], ""));
            rest = &rest[next..];
        }
    }
    parts.push((rest, ""));
    parts
}

/// Columns `s` takes on screen, colour codes excluded (see [`crate::text::width`]).
fn visible_width(s: &str) -> usize {
    sgr_split(s)
        .iter()
        .map(|(t, _)| crate::text::width(t))
        .sum()
}

/// Human output made safe for a terminal: every line's text goes through
/// [`crate::text::escape`], so a control character from the state file or an
/// argument is shown escaped; line breaks stay, and with `color` the colour codes
/// [`Style`] wrote stay (nothing else of the escape-sequence kind does).
pub fn terminal_safe(out: &str, color: bool) -> Cow<'_, str> {
    // Printable ASCII and line breaks: nothing to escape, no colour code to keep or drop.
    if out.split('\n').all(crate::text::is_printable_ascii) {
        return Cow::Borrowed(out);
    }
    let mut safe = String::with_capacity(out.len());
    for (i, line) in out.split('\n').enumerate() {
        if i > 0 {
            safe.push('\n');
        }
        if color {
            for (text, code) in sgr_split(line) {
                safe.push_str(&crate::text::escape(text));
                safe.push_str(code);
            }
        } else {
            safe.push_str(&crate::text::escape(line));
        }
    }
    Cow::Owned(safe)
}

/// A table with aligned columns; cells may carry colour codes.
pub struct Table {
    headers: Vec<String>,
    /// Each cell made safe, with the columns it takes on screen.
    rows: Vec<Vec<(String, usize)>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; each cell's text is escaped (colour codes of [`Style`] kept), so
    /// columns align on what the terminal shows.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| {
                    // Printable ASCII has nothing to escape and no colour code.
                    let safe = if crate::text::is_printable_ascii(&c) {
                        c
                    } else {
                        terminal_safe(&c, true).into_owned()
                    };
                    let width = visible_width(&safe);
                    (safe, width)
                })
                .collect(),
        );
    }

    pub fn render(&self, style: Style) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| visible_width(h)).collect();
        for r in &self.rows {
            for (width, (_, w)) in widths.iter_mut().zip(r) {
                *width = (*width).max(*w);
            }
        }
        let mut out = String::new();
        let line = |cells: &mut dyn Iterator<Item = (&str, usize)>, out: &mut String| {
            let mut cells = cells.enumerate().peekable();
            while let Some((i, (text, w))) = cells.next() {
                out.push_str(text);
                if cells.peek().is_some() {
                    let width = widths.get(i).copied().unwrap_or_default();
                    let pad = width.saturating_sub(w) + 2;
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push('\n');
        };
        let headers: Vec<(String, usize)> = self
            .headers
            .iter()
            .map(|h| (style.bold(h), visible_width(h)))
            .collect();
        line(&mut headers.iter().map(|(t, w)| (t.as_str(), *w)), &mut out);
        for r in &self.rows {
            line(&mut r.iter().map(|(t, w)| (t.as_str(), *w)), &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Style, Table, terminal_safe};
    use std::borrow::Cow;

    #[test]
    fn plain_output_is_kept_as_it_is_and_anything_else_is_escaped() {
        assert!(matches!(
            terminal_safe("a b\nc-d\n", false),
            Cow::Borrowed("a b\nc-d\n")
        ));
        // A carriage return would let a line overwrite itself: never kept.
        assert_eq!(terminal_safe("ok\r\nfake", false), "ok\\r\nfake");
        assert_eq!(terminal_safe("\u{1b}]0;x\u{7}", true), "\\u{1b}]0;x\\u{7}");
        let red = Style { color: true }.red("r");
        assert_eq!(terminal_safe(&red, true), red);
        assert_eq!(terminal_safe(&red, false), "\\u{1b}[31mr\\u{1b}[0m");
    }

    #[test]
    fn columns_align_on_what_the_terminal_shows() {
        let mut t = Table::new(&["A", "B"]);
        t.row(vec!["開発".into(), "x".into()]);
        t.row(vec!["a\tb".into(), "y".into()]);
        t.row(vec![Style { color: true }.red("z"), "w".into()]);
        let text = t.render(Style { color: false });
        assert_eq!(
            text,
            "A     B\n開発  x\na\\tb  y\n\u{1b}[31mz\u{1b}[0m     w\n"
        );
    }
}
