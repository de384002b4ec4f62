//! Sorting with one shared instantiation of the standard sort: every list is ordered through
//! `(key, index)` pairs, so the Wasm carries one sort, not one per element type and closure
//! (each costs several kilobytes).

/// Sorts `items` by `key`, ascending; equal keys keep their order.
pub(crate) fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut keys: Vec<(u64, usize)> = items.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(keys.into_iter().filter_map(|(_, i)| slots[i].take()));
}

/// A key that sorts non-negative scores from highest to lowest.
pub(crate) fn descending(score: f64) -> u64 {
    u64::MAX - score.max(0.0).to_bits()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut items = vec![("b", 2), ("a", 1), ("c", 2), ("d", 0)];
        sort_by_key(&mut items, |&(_, k)| k);
        assert_eq!(items, [("d", 0), ("a", 1), ("b", 2), ("c", 2)]);
        let mut scores = vec![0.5, 0.9, 0.0, 0.75];
        sort_by_key(&mut scores, |&s| descending(s));
        assert_eq!(scores, [0.9, 0.75, 0.5, 0.0]);
    }
}
