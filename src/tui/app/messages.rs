//! The message line and its log: every message the app shows goes through `say`,
//! which escapes it (the one way messages reach the screen) and keeps it for `m`.

use super::{App, LOG_LIMIT, Message, TextView};

impl App {
    pub fn info(&mut self, text: impl Into<String>) {
        self.say(Message {
            text: text.into(),
            error: false,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.say(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Shows a message on the message line (a later one replaces it, so an old error
    /// goes once something else succeeds) and keeps it in the log. Its text is
    /// escaped here, the one way messages reach the screen.
    pub fn say(&mut self, mut m: Message) {
        if let std::borrow::Cow::Owned(escaped) = crate::text::escape(&m.text) {
            m.text = escaped;
        }
        let now = self.now();
        match self.log.last_mut() {
            Some((when, last, times)) if *last == m => {
                *when = now;
                *times = times.saturating_add(1);
            }
            _ => {
                self.log.push((now, m.clone(), 1));
                if self.log.len() > LOG_LIMIT {
                    self.log.remove(0);
                }
            }
        }
        self.message = Some(m);
    }

    /// The log as a text view, newest first, each message whole.
    pub fn messages_view(&self) -> TextView {
        let mut lines = Vec::new();
        for (when, m, times) in self.log.iter().rev() {
            let time = when.to_string();
            // The time of the last of a run of the same message.
            let clock = time.get(11..19).unwrap_or(&time);
            let mark = if m.error { "✕" } else { "·" };
            let again = if *times > 1 {
                format!(" ({times} times in a row)")
            } else {
                String::new()
            };
            lines.push(format!("{clock} {mark} {}{again}", m.text));
        }
        let mut text = lines.join("\n");
        if text.is_empty() {
            text.push_str("no messages yet");
        }
        TextView::new("Messages (newest first)", &text)
    }
}
