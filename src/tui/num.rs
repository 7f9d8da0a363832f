//! Checked conversions for cell sizes and row arithmetic, shared by the drawing and
//! the scrolling code; nothing here panics, wraps or truncates silently.

/// `at` moved by `delta` rows, kept within `0..=max`: the cursor and scroll arithmetic.
pub fn step(at: usize, delta: isize, max: usize) -> usize {
    at.saturating_add_signed(delta).min(max)
}

/// A count as a signed row delta, saturating at `isize::MAX` (no list comes near it).
pub fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

/// A count of rows or columns as a cell size, saturating at `u16::MAX`: a terminal is
/// never that large, so the saturated value is clipped by the area like any other.
pub fn cells(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}
