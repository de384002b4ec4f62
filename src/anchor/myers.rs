//! Approximate string matching with Myers' bit-parallel algorithm
//! ([Myers 1999](https://doi.org/10.1145/316542.316550), in the block form of Hyyrö's
//! exposition): the edit distance between a pattern and every substring of a text ending at each
//! position, one column of the dynamic-programming table per text character, 64 rows per
//! machine word.
//!
//! Why 64-bit words: Wasm has native 64-bit integer operations, so a pattern of up to 64 code
//! points costs one word per text character (JavaScript implementations work in 32-bit words).
//! Longer patterns use `ceil(len / 64)` words, and only the blocks that can still reach the
//! error budget are computed (Ukkonen's cut-off).
//!
//! Units: every position here is a code point index into the `&[char]` it was given.

/// A pattern prepared for search: per distinct character, a bit mask per block of where it
/// occurs in the pattern.
pub struct Pattern {
    len: usize,
    blocks: usize,
    /// Index + 1 into `masks` for ASCII characters; 0 when absent from the pattern.
    ascii: [u32; 128],
    /// Non-ASCII characters of the pattern, sorted, with their index into `masks`.
    others: Vec<(char, u32)>,
    /// `blocks` words per distinct character.
    masks: Vec<u64>,
}

impl Pattern {
    pub fn new(pattern: &[char]) -> Pattern {
        let blocks = pattern.len().div_ceil(64).max(1);
        let mut pat = Pattern { len: pattern.len(), blocks, ascii: [0; 128], others: Vec::new(), masks: Vec::new() };
        for (i, &c) in pattern.iter().enumerate() {
            let index = match pat.index(c) {
                Some(index) => index,
                None => {
                    let index = (pat.masks.len() / blocks) as u32;
                    pat.masks.resize(pat.masks.len() + blocks, 0);
                    if (c as u32) < 128 {
                        pat.ascii[c as usize] = index + 1;
                    } else {
                        let at = pat.others.partition_point(|&(o, _)| o < c);
                        pat.others.insert(at, (c, index));
                    }
                    index
                }
            };
            pat.masks[index as usize * blocks + i / 64] |= 1 << (i % 64);
        }
        pat
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn index(&self, c: char) -> Option<u32> {
        if (c as u32) < 128 {
            self.ascii[c as usize].checked_sub(1)
        } else {
            self.others.binary_search_by(|&(o, _)| o.cmp(&c)).ok().map(|i| self.others[i].1)
        }
    }

    #[inline]
    fn mask(&self, c: char, block: usize) -> u64 {
        match self.index(c) {
            Some(index) => self.masks[index as usize * self.blocks + block],
            None => 0,
        }
    }

    /// The bit of the pattern's last row within `block`.
    fn high_bit(&self, block: usize) -> u64 {
        if block + 1 == self.blocks && !self.len.is_multiple_of(64) {
            1 << ((self.len % 64) - 1)
        } else {
            1 << 63
        }
    }

    /// Calls `found(end, errors)` for every `end` (exclusive, in code points of `text`) where
    /// some substring of `text` ending there is within `max_errors` edits of the pattern.
    /// Returns how many block steps it took, a measure of work independent of the clock.
    pub fn search(&self, text: &[char], max_errors: usize, mut found: impl FnMut(usize, usize)) -> usize {
        if self.len == 0 {
            return 0;
        }
        let mut pv = vec![u64::MAX; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        // score[b]: the edit distance at the last row of block b, for Ukkonen's cut-off.
        let mut score: Vec<usize> = (0..self.blocks).map(|b| ((b + 1) * 64).min(self.len)).collect();
        // The last block whose score can still be within the budget.
        let mut last = (max_errors.div_ceil(64)).min(self.blocks - 1);
        let mut steps = 0;
        for (j, &c) in text.iter().enumerate() {
            let mut carry = 0i32;
            for b in 0..=last {
                carry = advance(&mut pv[b], &mut mv[b], self.mask(c, b), carry, self.high_bit(b));
                score[b] = (score[b] as isize + carry as isize) as usize;
            }
            steps += last + 1;
            // Grow into the next block when this one was within budget at the previous column
            // and the next could improve; it starts from the all-insertions state.
            let grow = last + 1 < self.blocks
                && score[last] as isize - carry as isize <= max_errors as isize
                && (self.mask(c, last + 1) & 1 != 0 || carry < 0);
            if grow {
                last += 1;
                pv[last] = u64::MAX;
                mv[last] = 0;
                let rows = ((last + 1) * 64).min(self.len) - last * 64;
                let out = advance(&mut pv[last], &mut mv[last], self.mask(c, last), carry, self.high_bit(last));
                score[last] = (score[last - 1] as isize - carry as isize + rows as isize + out as isize) as usize;
                steps += 1;
            }
            while last > 0 && score[last] >= max_errors + 64 {
                last -= 1;
            }
            if last + 1 == self.blocks && score[last] <= max_errors {
                found(j + 1, score[last]);
            }
        }
        steps
    }

    /// The fewest edits between the pattern and a prefix of `text` (the alignment is pinned at
    /// `text`'s start and free at its end), with the length of that prefix. Used on reversed
    /// slices to find where a match starts, and to compare context.
    pub fn anchored_distance(&self, text: impl Iterator<Item = char>) -> (usize, usize) {
        if self.len == 0 {
            return (0, 0);
        }
        let mut pv = vec![u64::MAX; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        let mut score = self.len;
        let mut best = (self.len, 0);
        for (j, c) in text.enumerate() {
            // The top row counts the text consumed: a +1 carry into every column.
            let mut carry = 1i32;
            for b in 0..self.blocks {
                carry = advance(&mut pv[b], &mut mv[b], self.mask(c, b), carry, self.high_bit(b));
            }
            score = (score as isize + carry as isize) as usize;
            if score < best.0 {
                best = (score, j + 1);
            }
        }
        best
    }
}

/// One column step of one 64-row block. `carry_in` is the horizontal difference entering the
/// block's top row (-1, 0, +1); the return value is the one leaving its `high` row.
#[inline]
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, carry_in: i32, high: u64) -> i32 {
    let xv = eq | *mv;
    let eq = if carry_in < 0 { eq | 1 } else { eq };
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let carry_out = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if carry_in < 0 {
        mh |= 1;
    } else if carry_in > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    carry_out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain dynamic programming: for each end, the edit distance of the best substring ending
    /// there.
    fn naive_ends(pattern: &[char], text: &[char]) -> Vec<usize> {
        let m = pattern.len();
        let mut column: Vec<usize> = (0..=m).collect();
        let mut ends = Vec::new();
        for &c in text {
            let mut diagonal = column[0];
            column[0] = 0;
            for i in 1..=m {
                let up = column[i];
                let substitute = diagonal + usize::from(pattern[i - 1] != c);
                column[i] = substitute.min(up + 1).min(column[i - 1] + 1);
                diagonal = up;
            }
            ends.push(column[m]);
        }
        ends
    }

    fn naive_anchored(pattern: &[char], text: &[char]) -> (usize, usize) {
        let m = pattern.len();
        let mut column: Vec<usize> = (0..=m).collect();
        let mut best = (m, 0);
        for (j, &c) in text.iter().enumerate() {
            let mut diagonal = column[0];
            column[0] = j + 1;
            for i in 1..=m {
                let up = column[i];
                column[i] = (diagonal + usize::from(pattern[i - 1] != c)).min(up + 1).min(column[i - 1] + 1);
                diagonal = up;
            }
            if column[m] < best.0 {
                best = (column[m], j + 1);
            }
        }
        best
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn check_search(pattern: &str, text: &str, max_errors: usize) {
        let (p, t) = (chars(pattern), chars(text));
        let mut got = Vec::new();
        Pattern::new(&p).search(&t, max_errors, |end, errors| got.push((end, errors)));
        let expected: Vec<(usize, usize)> = naive_ends(&p, &t)
            .into_iter()
            .enumerate()
            .filter(|&(_, e)| e <= max_errors)
            .map(|(j, e)| (j + 1, e))
            .collect();
        assert_eq!(got, expected, "{pattern:?} in {text:?} within {max_errors}");
    }

    #[test]
    fn search_agrees_with_dynamic_programming() {
        check_search("report", "the report says the rep0rt argues", 2);
        check_search("U.S.. and China", "the U.S., and China. despite", 3);
        check_search("東京都", "大阪と東京と京都", 1);
        check_search("👋🏽 hi", "x 👋 hi 👋🏽 hi", 2);
        check_search("a", "", 0);
    }

    #[test]
    fn long_patterns_span_blocks() {
        let text: String = (0..40).map(|i| format!("word{i} ")).collect();
        let pattern: String = (10..30).map(|i| format!("word{i} ")).collect::<String>().replace("word20", "w0rd20");
        assert!(pattern.chars().count() > 128);
        for k in [0, 3, 10, 70, 150] {
            check_search(&pattern, &text, k);
        }
    }

    proptest::proptest! {
        #[test]
        fn search_matches_naive(p in "[ab👋 ]{1,150}", t in "[abc👋 ]{0,200}", k in 0usize..80) {
            check_search(&p, &t, k);
        }

        #[test]
        fn search_matches_naive_across_many_blocks(p in "[ab ]{60,300}", t in "[abc ]{0,400}", k in 0usize..200) {
            check_search(&p, &t, k);
        }

        #[test]
        fn anchored_matches_naive(p in "[ab ]{1,140}", t in "[abc ]{0,160}") {
            let (p, t) = (chars(&p), chars(&t));
            let got = Pattern::new(&p).anchored_distance(t.iter().copied());
            proptest::prop_assert_eq!(got.0, naive_anchored(&p, &t).0);
        }
    }
}
