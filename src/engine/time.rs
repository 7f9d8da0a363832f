//! Time as a value. The engine never reads a clock: callers pass the moment a command
//! happens, so every rule is deterministic and testable.

use std::fmt;

/// Seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The earliest time the platform holds: 1970-01-01T00:00:00Z.
    pub const MIN: Timestamp = Timestamp(0);
    /// The latest time the platform holds: 9999-12-31T23:59:59Z, the last second a
    /// four-digit RFC 3339 year can write.
    pub const MAX: Timestamp = Timestamp(253_402_300_799);

    /// Whether the time lies in [`Timestamp::MIN`]`..=`[`Timestamp::MAX`], the range
    /// that is written back exactly as it is read. The engine refuses a command whose
    /// clock is outside it, and the loader refuses a file time outside it.
    pub fn in_range(self) -> bool {
        (Self::MIN..=Self::MAX).contains(&self)
    }

    /// Parses RFC 3339 in UTC with a `Z` or a numeric offset, whole seconds (a
    /// fraction is accepted and dropped). A time outside [`Timestamp::in_range`] (for
    /// example `9999-12-31T23:59:59-01:00`, which is in the year 10000 UTC) is `None`.
    pub fn parse_rfc3339(s: &str) -> Option<Timestamp> {
        Self::parse(s).ok()
    }

    /// As [`Timestamp::parse_rfc3339`], telling a text that is no time from a time
    /// outside the range: a well-formed time before 1970 or after 9999 (also with a
    /// year of more than four digits, which RFC 3339 cannot write) is
    /// [`TimeError::OutOfRange`].
    pub fn parse(s: &str) -> Result<Timestamp, TimeError> {
        Self::parse_parts(s).map(|(t, _)| t)
    }

    /// As [`Timestamp::parse_rfc3339`], for a time that must compare exactly as
    /// written: one the journal's order is checked on. A fraction of a second or a leap
    /// second (`:60`), which a `Timestamp` cannot hold and `parse` drops, is `None`
    /// here: two entries in one second whose fractions go back would otherwise pass.
    pub fn parse_whole(s: &str) -> Option<Timestamp> {
        Self::parse_parts(s)
            .ok()
            .and_then(|(t, whole)| whole.then_some(t))
    }

    /// The time, and whether it was written in whole seconds (no fraction, no leap
    /// second).
    fn parse_parts(s: &str) -> Result<(Timestamp, bool), TimeError> {
        // The year's digits: four in RFC 3339; more is a year past 9999.
        let y = s.bytes().take_while(u8::is_ascii_digit).count().max(4);
        let shift = |i: usize| i + y - 4;
        let byte = |i: usize| s.as_bytes().get(shift(i)).copied();
        if s.len() < shift(20)
            || byte(4) != Some(b'-')
            || byte(7) != Some(b'-')
            || !matches!(byte(10), Some(b'T' | b't' | b' '))
        {
            return Err(TimeError::Malformed);
        }
        if byte(13) != Some(b':') || byte(16) != Some(b':') {
            return Err(TimeError::Malformed);
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = s.get(shift(r.start)..shift(r.end))?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        // A year too long for i64 is far past 9999; any value past it says so.
        let year = s
            .get(0..y)
            .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))
            .ok_or(TimeError::Malformed)?
            .parse()
            .unwrap_or(i64::MAX);
        let parts = (num(5..7), num(8..10), num(11..13), num(14..16), num(17..19));
        let (Some(month), Some(day), Some(hour), Some(min), Some(sec)) = parts else {
            return Err(TimeError::Malformed);
        };
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || min > 59
            || sec > 60
        {
            return Err(TimeError::Malformed);
        }
        let mut rest = s.get(shift(19)..).ok_or(TimeError::Malformed)?;
        let mut whole = sec < 60;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(TimeError::Malformed);
            }
            // `.000` is still a whole second.
            whole &= frac.bytes().take(digits).all(|c| c == b'0');
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
                if rest.as_bytes().get(3) != Some(&b':') {
                    return Err(TimeError::Malformed);
                }
                // Two digits each, as RFC 3339's time-offset: hours 00-23, minutes
                // 00-59 (`+99:99` is no offset).
                let digits = |r: std::ops::Range<usize>| -> Option<i64> {
                    let part = rest.get(r)?;
                    part.bytes()
                        .all(|c| c.is_ascii_digit())
                        .then(|| part.parse().ok())?
                };
                let (Some(hours), Some(minutes)) = (digits(1..3), digits(4..6)) else {
                    return Err(TimeError::Malformed);
                };
                if hours > 23 || minutes > 59 {
                    return Err(TimeError::Malformed);
                }
                let seconds = hours * 3600 + minutes * 60;
                if rest.starts_with('-') {
                    -seconds
                } else {
                    seconds
                }
            }
            _ => return Err(TimeError::Malformed),
        };
        if year > 9999 {
            return Err(TimeError::OutOfRange);
        }
        let days = days_from_civil(year, month, day);
        Some(Timestamp(
            days * 86_400 + hour * 3600 + min * 60 + sec.min(59) - offset,
        ))
        .filter(|t| t.in_range())
        .map(|t| (t, whole))
        .ok_or(TimeError::OutOfRange)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn to_rfc3339(self) -> String {
        self.to_string()
    }

    /// A compact label for file names: `YYYYMMDDTHHMMSSZ`.
    pub fn compact(self) -> String {
        let (y, mo, d, h, mi, s) = self.parts();
        format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }

    fn parts(self) -> (i64, i64, i64, i64, i64, i64) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

/// Why a text is not a time the platform holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeError {
    /// Not an RFC 3339 time.
    Malformed,
    /// A well-formed time outside [`Timestamp::MIN`]`..=`[`Timestamp::MAX`].
    OutOfRange,
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day, hour, min, sec) = self.parts();
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{min:02}:{sec:02}Z"
        )
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithm (public domain), proleptic Gregorian.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        let t = Timestamp(1_795_869_776);
        assert_eq!(t.to_string(), "2026-11-28T12:42:56Z");
        assert_eq!(Timestamp::parse_rfc3339("2026-11-28T12:42:56Z"), Some(t));
        assert_eq!(
            Timestamp::parse_rfc3339("2026-11-28T13:42:56+01:00"),
            Some(t)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2026-11-28T12:42:56.250Z"),
            Some(t)
        );
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp(951_782_400).to_string(), "2000-02-29T00:00:00Z");
        assert_eq!(t.compact(), "20261128T124256Z");
    }

    #[test]
    fn times_outside_the_range_are_refused_and_those_inside_round_trip() {
        for bad in [
            "9999-12-31T23:59:59-01:00",
            "1969-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "1970-01-01T00:30:00+01:00",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
        for good in ["9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"] {
            let t = Timestamp::parse_rfc3339(good).expect(good);
            assert_eq!(t.to_rfc3339(), good);
        }
        assert!(!Timestamp(Timestamp::MAX.0 + 1).in_range());
        assert!(!Timestamp(-1).in_range());
        assert!(!Timestamp(i64::MAX).in_range());
    }

    #[test]
    fn well_formed_times_outside_the_range_are_told_from_malformed_ones() {
        for far in [
            "1969-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59-01:00",
            "10000-01-01T00:00:00Z",
            "10000-02-29T00:00:00Z",
            "99999999999999999999999-01-01T00:00:00.5+01:00",
        ] {
            assert_eq!(Timestamp::parse(far), Err(TimeError::OutOfRange), "{far}");
        }
        for bad in [
            "10000-02-30T00:00:00Z",
            "10100-02-29T00:00:00Z",
            "10000-01-01T00:00:00",
            "10000-01-01",
            "1969-12-31",
            "19a9-12-31T23:59:59Z",
            "999-12-31T23:59:59Z",
        ] {
            assert_eq!(Timestamp::parse(bad), Err(TimeError::Malformed), "{bad}");
        }
        assert_eq!(Timestamp::parse("9999-12-31T23:59:59Z"), Ok(Timestamp::MAX));
    }

    #[test]
    fn whole_seconds_only_where_asked() {
        for whole in [
            "2026-06-30T23:59:59Z",
            "2026-06-30T23:59:59+02:00",
            "2026-06-30T23:59:59.000Z",
        ] {
            assert_eq!(
                Timestamp::parse_whole(whole),
                Timestamp::parse_rfc3339(whole)
            );
            assert!(Timestamp::parse_whole(whole).is_some(), "{whole}");
        }
        for part in [
            "2026-06-30T23:59:59.5Z",
            "2026-06-30T23:59:59.0001Z",
            "2026-06-30T23:59:60Z",
            "2026-06-30T23:59:60.1+01:00",
        ] {
            assert_eq!(Timestamp::parse_whole(part), None, "{part}");
            assert!(Timestamp::parse_rfc3339(part).is_some(), "{part}");
        }
    }

    #[test]
    fn rejects_malformed_times() {
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-28 12:42",
            "x026-11-28T12:42:56Z",
            "2026-11-28T12:42:56",
            // Offsets out of RFC 3339's range, or not two digits each.
            "2026-03-10T00:00:00+99:99",
            "2026-03-10T00:00:00+24:00",
            "2026-03-10T00:00:00-24:00",
            "2026-03-10T00:00:00+01:60",
            "2026-03-10T00:00:00+-1:00",
            "2026-03-10T00:00:00++1:00",
            "2026-03-10T00:00:00+1:000",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
        let edge = Timestamp::parse_rfc3339("2026-03-10T00:00:00+23:59").expect("in range");
        assert_eq!(edge.to_rfc3339(), "2026-03-09T00:01:00Z");
    }
}
