//! Items grouped by a small dense key (a group's index, say): a counting sort.

use std::cmp::Ordering;

/// Items by bucket, each bucket's items together and in the order they came (the
/// sort is stable). Built in two passes over the items and read as slices: a walk
/// over the buckets reads memory in order, where a map of small sets per key would
/// read a node per item.
pub struct Buckets<T> {
    /// Bucket `b`'s items are `items[start[b]..start[b + 1]]`.
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy> Buckets<T> {
    /// `items` as (bucket, item); a bucket at or past `buckets` drops its item.
    pub fn new(buckets: usize, items: &[(usize, T)]) -> Buckets<T> {
        let mut start = vec![0_usize; buckets + 1];
        for (b, _) in items {
            if let Some(n) = start.get_mut(b + 1) {
                *n += 1;
            }
        }
        for i in 1..start.len() {
            let before = start.get(i - 1).copied().unwrap_or(0);
            if let Some(n) = start.get_mut(i) {
                *n += before;
            }
        }
        let kept = start.last().copied().unwrap_or(0);
        let mut next = start.clone();
        let mut out: Vec<T> = items.iter().map(|(_, t)| *t).take(kept).collect();
        for (b, t) in items {
            if let Some(at) = next.get_mut(*b)
                && let Some(slot) = out.get_mut(*at)
            {
                *slot = *t;
                *at += 1;
            }
        }
        Buckets { start, items: out }
    }
}

impl<T> Buckets<T> {
    /// Bucket `b`'s items (none past the last bucket).
    pub fn get(&self, b: usize) -> &[T] {
        match (self.start.get(b), self.start.get(b + 1)) {
            (Some(&a), Some(&z)) => self.items.get(a..z).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Sorts the items of each bucket with `cmp`.
    pub fn sort_each(&mut self, cmp: impl Fn(&T, &T) -> Ordering) {
        for w in self.start.windows(2) {
            if let [a, z] = *w
                && let Some(bucket) = self.items.get_mut(a..z)
            {
                bucket.sort_unstable_by(&cmp);
            }
        }
    }

    /// The same buckets with each item mapped.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Buckets<U> {
        Buckets {
            start: self.start,
            items: self.items.into_iter().map(f).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Buckets;

    #[test]
    fn each_bucket_holds_its_items_in_their_order() {
        let items = [(2, 'a'), (0, 'b'), (2, 'c'), (5, 'x'), (0, 'd'), (1, 'e')];
        let mut b = Buckets::new(3, &items);
        assert_eq!(b.get(0), ['b', 'd']);
        assert_eq!(b.get(1), ['e']);
        assert_eq!(b.get(2), ['a', 'c']);
        // Past the last bucket: nothing, and the dropped item is nowhere.
        assert!(b.get(3).is_empty() && b.get(5).is_empty());
        b.sort_each(|x, y| y.cmp(x));
        assert_eq!(b.get(0), ['d', 'b']);
        assert_eq!(b.map(|c| c.to_ascii_uppercase()).get(2), ['C', 'A']);
    }
}
