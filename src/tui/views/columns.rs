//! Column widths for a view's table: every column gets what its widest cell needs
//! when there is room; when there is not, the widest columns narrow first (to their
//! minimum), then columns are dropped in their order of sacrifice. The last column
//! is never dropped and takes what is left, so it is always on screen and columns
//! never run into each other (a gap separates every pair).

/// One column: what its widest cell needs, the least it may narrow to, and when it
/// is dropped (lower first) if even the minimums do not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub natural: usize,
    pub min: usize,
    pub drop: u8,
}

/// The columns between them.
pub const GAP: usize = 2;

/// The widths of `cols` in `avail` columns: `None` for a dropped column. The last
/// column's `min` is what it must keep; it gets every column left over.
pub fn fit(avail: usize, cols: &[Column]) -> Vec<Option<usize>> {
    let Some((last, rest)) = cols.split_last() else {
        return Vec::new();
    };
    let mut widths: Vec<Option<usize>> = rest.iter().map(|c| Some(c.natural.max(c.min))).collect();
    let last_needs = last.min.min(last.natural);
    let used = |w: &[Option<usize>]| -> usize {
        w.iter().flatten().map(|x| x + GAP).sum::<usize>() + last_needs
    };
    while used(&widths) > avail {
        // Narrow the widest column that may still narrow...
        let widest = widths
            .iter()
            .zip(rest)
            .enumerate()
            .filter_map(|(i, (w, c))| w.filter(|w| *w > c.min).map(|w| (w, i)))
            .max();
        if let Some((_, i)) = widest {
            if let Some(Some(w)) = widths.get_mut(i) {
                *w -= 1;
            }
            continue;
        }
        // ...else drop the first to go.
        let victim = widths
            .iter()
            .zip(rest)
            .enumerate()
            .filter(|(_, (w, _))| w.is_some())
            .min_by_key(|(i, (_, c))| (c.drop, *i))
            .map(|(i, _)| i);
        match victim.and_then(|i| widths.get_mut(i)) {
            Some(w) => *w = None,
            None => break,
        }
    }
    let others: usize = widths.iter().flatten().map(|x| x + GAP).sum();
    widths.push(Some(avail.saturating_sub(others)));
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(natural: usize, min: usize, drop: u8) -> Column {
        Column { natural, min, drop }
    }

    #[test]
    fn the_last_column_always_stays_and_gaps_always_separate() {
        let cols = [
            col(20, 20, 1),
            col(15, 8, 3),
            col(25, 10, 4),
            col(22, 10, 2),
            col(60, 12, 9),
        ];
        for avail in [30, 40, 60, 76, 118, 200] {
            let w = fit(avail, &cols);
            assert_eq!(w.len(), cols.len());
            let last = w.last().copied().flatten().expect("the last column stays");
            assert!(last >= 12 || avail < 12, "{avail}: {w:?}");
            let total: usize =
                w.iter().flatten().sum::<usize>() + GAP * (w.iter().flatten().count() - 1);
            assert!(total <= avail.max(12), "{avail}: {w:?}");
        }
        // Room for everything: natural widths, the last column takes the rest.
        assert_eq!(
            fit(200, &cols),
            vec![Some(20), Some(15), Some(25), Some(22), Some(200 - 90)]
        );
        // At 76 columns the widest narrow first; nothing is dropped.
        let w = fit(76, &cols);
        assert!(w.iter().all(Option::is_some), "{w:?}");
        // Very narrow: the column with the lowest drop order goes first.
        let w = fit(40, &cols);
        assert_eq!(w.first(), Some(&None), "{w:?}");
    }
}
