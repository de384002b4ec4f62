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
    /// The row of `masks` for each ASCII character; row 0 (all zeros) for those not in the
    /// pattern.
    ascii: [u32; 128],
    /// Non-ASCII characters of the pattern, sorted, with their row of `masks`.
    others: Vec<(char, u32)>,
    /// `blocks` words per row; row 0 is all zeros.
    masks: Vec<u64>,
    /// The first block's mask of each ASCII character, for the search's fast path.
    first_ascii: [u64; 128],
}

/// One 64-row block's column state during a search.
#[derive(Clone, Copy)]
struct Block {
    /// Rows whose vertical difference is +1, and -1.
    pv: u64,
    mv: u64,
    /// The edit distance at the block's last row.
    score: i64,
    /// The bit of the block's last row, and the bits of all its rows.
    high: u64,
    rows_mask: u64,
    rows: i64,
}

impl Pattern {
    pub fn new(pattern: &[char]) -> Pattern {
        let blocks = pattern.len().div_ceil(64).max(1);
        let mut pat = Pattern {
            len: pattern.len(),
            blocks,
            ascii: [0; 128],
            others: Vec::new(),
            masks: vec![0; blocks],
            first_ascii: [0; 128],
        };
        for (i, &c) in pattern.iter().enumerate() {
            let row = match pat.row(c) {
                0 => {
                    let row = (pat.masks.len() / blocks) as u32;
                    pat.masks.resize(pat.masks.len() + blocks, 0);
                    if (c as u32) < 128 {
                        pat.ascii[c as usize] = row;
                    } else {
                        let at = pat.others.partition_point(|&(o, _)| o < c);
                        pat.others.insert(at, (c, row));
                    }
                    row
                }
                row => row,
            };
            pat.masks[row as usize * blocks + i / 64] |= 1 << (i % 64);
        }
        for c in 0..128u8 {
            pat.first_ascii[c as usize] = pat.masks[pat.row(char::from(c)) as usize * blocks];
        }
        pat
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline(always)]
    fn row(&self, c: char) -> u32 {
        if (c as u32) < 128 {
            self.ascii[c as usize]
        } else {
            self.others.binary_search_by(|&(o, _)| o.cmp(&c)).map_or(0, |i| self.others[i].1)
        }
    }

    /// Where `c` occurs in the pattern: one word per block.
    #[inline(always)]
    fn eq(&self, c: char) -> &[u64] {
        let at = self.row(c) as usize * self.blocks;
        &self.masks[at..at + self.blocks]
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
        let k = max_errors as i64;
        let mut state: Vec<Block> = (0..self.blocks)
            .map(|b| {
                let high = self.high_bit(b);
                let rows = (((b + 1) * 64).min(self.len) - b * 64) as i64;
                Block {
                    pv: u64::MAX,
                    mv: 0,
                    score: ((b + 1) * 64).min(self.len) as i64,
                    high,
                    rows_mask: high | (high - 1),
                    rows,
                }
            })
            .collect();
        // The last block that can still hold a row within budget (Ukkonen's cut-off).
        let mut last = (max_errors.div_ceil(64)).min(self.blocks - 1);
        let mut steps = 0;
        let mut j = 0;
        while j < text.len() {
            if last == 0 {
                // Most of a search runs in the first block alone: keep it in registers, and
                // read its masks from a table indexed by the character where it is ASCII.
                let Block { mut pv, mut mv, mut score, high, .. } = state[0];
                let start = j;
                for &c in &text[start..] {
                    let eq0 = if (c as u32) < 128 { self.first_ascii[c as usize] } else { self.eq(c)[0] };
                    let carry = advance(&mut pv, &mut mv, eq0, 0, high);
                    score += i64::from(carry);
                    j += 1;
                    if self.blocks == 1 {
                        if score <= k {
                            found(j, score as usize);
                        }
                    } else if score - i64::from(carry) <= k {
                        let eq = self.eq(c);
                        if eq[1] & 1 != 0 || carry < 0 {
                            state[0] = Block { pv, mv, score, ..state[0] };
                            last = grow(&mut state, 0, eq, carry);
                            steps += 1;
                            self.report(&state, last, k, j, &mut found);
                            break;
                        }
                    }
                }
                steps += j - start;
                if last > 0 {
                    continue;
                }
                state[0] = Block { pv, mv, score, ..state[0] };
                continue;
            }
            let eq = self.eq(text[j]);
            let mut carry = 0i32;
            for (block, &e) in state[..=last].iter_mut().zip(eq) {
                carry = advance(&mut block.pv, &mut block.mv, e, carry, block.high);
                block.score += i64::from(carry);
            }
            j += 1;
            steps += last + 1;
            // Grow into the next block when this one was within budget at the previous column
            // and the next could improve.
            if last + 1 < self.blocks
                && state[last].score - i64::from(carry) <= k
                && (eq[last + 1] & 1 != 0 || carry < 0)
            {
                last = grow(&mut state, last, eq, carry);
                steps += 1;
            }
            // Drop the last block once no row of it can be within budget: its rows are at
            // least its bottom score minus the number of +1 steps down the block.
            while last > 0 && state[last].score - i64::from((state[last].pv & state[last].rows_mask).count_ones()) > k {
                last -= 1;
            }
            self.report(&state, last, k, j, &mut found);
        }
        steps
    }

    fn report(&self, state: &[Block], last: usize, k: i64, end: usize, found: &mut impl FnMut(usize, usize)) {
        if last + 1 == self.blocks && state[last].score <= k {
            found(end, state[last].score as usize);
        }
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
                carry = advance(&mut pv[b], &mut mv[b], self.eq(c)[b], carry, self.high_bit(b));
            }
            score = (score as isize + carry as isize) as usize;
            if score < best.0 {
                best = (score, j + 1);
            }
        }
        best
    }
}

/// Activates the block after `last`, from the all-insertions state (as if each of its rows
/// added one edit to the row above), stepped by the column's character. Returns the new last.
fn grow(state: &mut [Block], last: usize, eq: &[u64], carry: i32) -> usize {
    let above = state[last].score - i64::from(carry);
    let next = last + 1;
    let block = &mut state[next];
    block.pv = u64::MAX;
    block.mv = 0;
    let out = advance(&mut block.pv, &mut block.mv, eq[next], carry, block.high);
    block.score = above + block.rows + i64::from(out);
    next
}

/// One column step of one 64-row block. `carry_in` is the horizontal difference entering the
/// block's top row (-1, 0, +1); the return value is the one leaving its `high` row. Branch-free:
/// this is the innermost loop of every search.
#[inline(always)]
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, carry_in: i32, high: u64) -> i32 {
    let negative_in = u64::from(carry_in < 0);
    let positive_in = u64::from(carry_in > 0);
    let xv = eq | *mv;
    let eq = eq | negative_in;
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let ph = *mv | !(xh | *pv);
    let mh = *pv & xh;
    let carry_out = i32::from(ph & high != 0) - i32::from(mh & high != 0);
    let ph = (ph << 1) | positive_in;
    let mh = (mh << 1) | negative_in;
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
