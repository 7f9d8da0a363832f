//! Aligned tables, colour codes, and the last step of human output: escaping what
//! the terminal must not interpret.

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
pub fn terminal_safe(out: &str, color: bool) -> String {
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
    safe
}

/// A table with aligned columns; cells may carry colour codes.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
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
        self.rows
            .push(cells.into_iter().map(|c| terminal_safe(&c, true)).collect());
    }

    pub fn render(&self, style: Style) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| visible_width(h)).collect();
        for r in &self.rows {
            for (width, c) in widths.iter_mut().zip(r) {
                *width = (*width).max(visible_width(c));
            }
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String, header: bool| {
            let last = cells.len().saturating_sub(1);
            for (i, c) in cells.iter().enumerate() {
                let text = if header { style.bold(c) } else { c.clone() };
                out.push_str(&text);
                if i < last {
                    let width = widths.get(i).copied().unwrap_or_default();
                    let pad = width.saturating_sub(visible_width(c)) + 2;
                    out.push_str(&" ".repeat(pad));
                }
            }
            out.push('\n');
        };
        line(&self.headers, &mut out, true);
        for r in &self.rows {
            line(r, &mut out, false);
        }
        out
    }
}
