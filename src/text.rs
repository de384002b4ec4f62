//! The article's canonical text and the three offset units that meet in it.
//!
//! - `cp`: Unicode code points. What W3C selectors count
//!   ([TextPositionSelector, §4.2.5](https://www.w3.org/TR/annotation-model/#text-position-selector)).
//! - `u16`: UTF-16 code units. What the DOM counts (`Range.setStart`, `Text.length`).
//! - bytes: UTF-8 offsets, only inside Rust string handling.
//!
//! [`Text`] keeps a checkpoint every [`STRIDE`] code points, so any conversion scans at most
//! `STRIDE` characters after a binary search, whatever the article's length.

use std::cell::OnceCell;
use std::fmt;

use unicode_segmentation::UnicodeSegmentation;

/// Code points between two checkpoints: small enough to scan, large enough to keep the
/// index at a few percent of the text's size.
const STRIDE: usize = 32;

/// A half-open range of code points, `start_cp <= end_cp` by construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CpSpan {
    start_cp: usize,
    end_cp: usize,
}

impl CpSpan {
    /// Returns `None` when `start_cp > end_cp`.
    pub fn new(start_cp: usize, end_cp: usize) -> Option<CpSpan> {
        (start_cp <= end_cp).then_some(CpSpan { start_cp, end_cp })
    }

    pub fn start_cp(self) -> usize {
        self.start_cp
    }

    pub fn end_cp(self) -> usize {
        self.end_cp
    }

    pub fn len_cp(self) -> usize {
        self.end_cp - self.start_cp
    }

    pub fn is_empty(self) -> bool {
        self.start_cp == self.end_cp
    }
}

impl fmt::Display for CpSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start_cp, self.end_cp)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Checkpoint {
    byte: usize,
    u16: usize,
}

/// Why a selection could not become an annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanError {
    /// An offset past the end of the text, or inside a character.
    OutOfRange { offset: usize, unit: &'static str, len: usize },
    /// Start after end.
    Reversed { start: usize, end: usize },
    /// Nothing but whitespace and punctuation was selected.
    NoWords,
}

impl fmt::Display for SpanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpanError::OutOfRange { offset, unit, len } => {
                write!(f, "offset {offset} ({unit}) is outside the text of length {len}")
            }
            SpanError::Reversed { start, end } => write!(f, "start {start} is after end {end}"),
            SpanError::NoWords => write!(f, "the selection holds no words"),
        }
    }
}

impl std::error::Error for SpanError {}

/// The canonical text of an article, with offset conversions between code points, UTF-16 code
/// units and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    string: String,
    /// `checkpoints[i]` is the position of code point `i * STRIDE`; the last entry is the end.
    checkpoints: Vec<Checkpoint>,
    len_cp: usize,
    len_u16: usize,
    /// The text as code points, made on first use by the approximate matcher.
    chars: OnceCell<Vec<char>>,
}

impl Text {
    pub fn new(string: String) -> Text {
        let mut checkpoints = Vec::with_capacity(string.len() / STRIDE + 2);
        let (mut u16, mut len_cp) = (0, 0);
        for (byte, ch) in string.char_indices() {
            if len_cp % STRIDE == 0 {
                checkpoints.push(Checkpoint { byte, u16 });
            }
            u16 += ch.len_utf16();
            len_cp += 1;
        }
        if len_cp % STRIDE == 0 {
            checkpoints.push(Checkpoint { byte: string.len(), u16 });
        }
        Text { string, checkpoints, len_cp, len_u16: u16, chars: OnceCell::new() }
    }

    pub fn as_str(&self) -> &str {
        &self.string
    }

    pub fn len_cp(&self) -> usize {
        self.len_cp
    }

    /// The text as code points, indexed by code point offset.
    pub fn chars(&self) -> &[char] {
        self.chars.get_or_init(|| self.string.chars().collect())
    }

    pub fn len_u16(&self) -> usize {
        self.len_u16
    }

    /// The text of a span; `None` when it reaches past the end.
    pub fn slice(&self, span: CpSpan) -> Option<&str> {
        let start = self.byte_of_cp(span.start_cp)?;
        let end = self.byte_of_cp(span.end_cp)?;
        Some(&self.string[start..end])
    }

    /// Byte offset of a code point offset; `None` past the end.
    pub fn byte_of_cp(&self, cp: usize) -> Option<usize> {
        if cp > self.len_cp {
            return None;
        }
        let checkpoint = self.checkpoints[cp / STRIDE];
        let rest = &self.string[checkpoint.byte..];
        let skip = cp % STRIDE;
        Some(checkpoint.byte + rest.char_indices().nth(skip).map_or(rest.len(), |(b, _)| b))
    }

    /// UTF-16 offset of a code point offset; `None` past the end.
    pub fn u16_of_cp(&self, cp: usize) -> Option<usize> {
        if cp > self.len_cp {
            return None;
        }
        let checkpoint = self.checkpoints[cp / STRIDE];
        let skipped = self.string[checkpoint.byte..].chars().take(cp % STRIDE);
        Some(checkpoint.u16 + skipped.map(char::len_utf16).sum::<usize>())
    }

    /// Code point offset of a UTF-16 offset.
    ///
    /// # Errors
    /// `OutOfRange` when the offset is past the end or splits a surrogate pair.
    pub fn cp_of_u16(&self, u16: usize) -> Result<usize, SpanError> {
        let out_of_range = SpanError::OutOfRange { offset: u16, unit: "UTF-16", len: self.len_u16() };
        let index = self.checkpoints.partition_point(|c| c.u16 <= u16).saturating_sub(1);
        let checkpoint = self.checkpoints.get(index).ok_or(out_of_range.clone())?;
        let (mut at_u16, mut cp) = (checkpoint.u16, index * STRIDE);
        for ch in self.string[checkpoint.byte..].chars() {
            if at_u16 >= u16 {
                break;
            }
            at_u16 += ch.len_utf16();
            cp += 1;
        }
        if at_u16 == u16 {
            Ok(cp)
        } else {
            Err(out_of_range)
        }
    }

    /// Code point offset of a byte offset on a character boundary.
    pub fn cp_of_byte(&self, byte: usize) -> Option<usize> {
        if !self.string.is_char_boundary(byte) {
            return None;
        }
        let index = self.checkpoints.partition_point(|c| c.byte <= byte).saturating_sub(1);
        let checkpoint = self.checkpoints.get(index)?;
        Some(index * STRIDE + self.string[checkpoint.byte..byte].chars().count())
    }

    /// A span from UTF-16 offsets, as the DOM reports a selection.
    ///
    /// # Errors
    /// `Reversed` when start is after end; `OutOfRange` as for [`Text::cp_of_u16`].
    pub fn span_of_u16(&self, start_u16: usize, end_u16: usize) -> Result<CpSpan, SpanError> {
        if start_u16 > end_u16 {
            return Err(SpanError::Reversed { start: start_u16, end: end_u16 });
        }
        let start = self.cp_of_u16(start_u16)?;
        let end = self.cp_of_u16(end_u16)?;
        Ok(CpSpan { start_cp: start, end_cp: end })
    }

    /// Widens a span to whole words, then drops the whitespace and the dangling punctuation at
    /// its edges, the way a reader means a sloppy mouse selection.
    ///
    /// Words are Unicode word boundaries ([UAX #29](https://unicode.org/reports/tr29/)), so
    /// "U.S" stays one word and each CJK ideograph is a word of its own.
    ///
    /// # Errors
    /// `OutOfRange` past the end of the text; `NoWords` when nothing but whitespace and
    /// punctuation remains.
    pub fn snap_to_words(&self, span: CpSpan) -> Result<CpSpan, SpanError> {
        let start = self.byte_of_cp(span.start_cp).ok_or(self.out_of_range_cp(span.start_cp))?;
        let end = self.byte_of_cp(span.end_cp).ok_or(self.out_of_range_cp(span.end_cp))?;
        let (start, end) = widen_to_words(&self.string, start, end);
        let (start, end) = trim_edges(&self.string, start, end);
        if start >= end {
            return Err(SpanError::NoWords);
        }
        // Both are character boundaries of `self.string`, so the lookups cannot fail.
        let start_cp = self.cp_of_byte(start).ok_or(SpanError::NoWords)?;
        let end_cp = self.cp_of_byte(end).ok_or(SpanError::NoWords)?;
        Ok(CpSpan { start_cp, end_cp })
    }

    fn out_of_range_cp(&self, offset: usize) -> SpanError {
        SpanError::OutOfRange { offset, unit: "code point", len: self.len_cp }
    }
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// Moves `start` back to the start of the word it falls inside, and `end` forward to the end of
/// the word it falls inside. Byte offsets.
///
/// Only the lines holding the selection are segmented: a line break is always a word boundary
/// (UAX #29, WB3a and WB3b), so the result is the same as for the whole text, in time
/// proportional to the paragraphs selected rather than to the article.
fn widen_to_words(string: &str, start: usize, end: usize) -> (usize, usize) {
    let from = string[..start].rfind('\n').map_or(0, |at| at + 1);
    let to = string[end..].find('\n').map_or(string.len(), |at| end + at);
    let (mut new_start, mut new_end) = (start, end);
    for (at, segment) in string[from..to].split_word_bound_indices() {
        let at = from + at;
        let segment_end = at + segment.len();
        if segment_end <= start {
            continue;
        }
        if at >= end && at > start {
            break;
        }
        if is_word(segment) {
            if at < start && start < segment_end {
                new_start = at;
            }
            if at < end && end < segment_end {
                new_end = segment_end;
            }
        }
    }
    (new_start, new_end.max(new_start))
}

/// Punctuation left dangling at the start of a selection: what ends or separates the words
/// before it.
fn dangles_at_start(ch: char) -> bool {
    matches!(
        ch,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '»'
            | '›'
            | '–'
            | '—'
            | '-'
            | '/'
            | '。'
            | '、'
            | '，'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '،'
            | '؛'
    )
}

/// Punctuation left dangling at the end of a selection: what separates it from, or opens, the
/// words after it. Sentence ends and closing quotes stay: they belong to the passage.
fn dangles_at_end(ch: char) -> bool {
    matches!(
        ch,
        ',' | ';'
            | ':'
            | '('
            | '['
            | '{'
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '–'
            | '—'
            | '-'
            | '/'
            | '、'
            | '，'
            | '；'
            | '：'
            | '（'
            | '「'
            | '『'
            | '【'
            | '،'
            | '؛'
    )
}

/// Drops whitespace and dangling punctuation at both edges. Byte offsets.
fn trim_edges(string: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    while let Some(ch) = string[start..end].chars().next() {
        if !(ch.is_whitespace() || dangles_at_start(ch)) {
            break;
        }
        start += ch.len_utf8();
    }
    while let Some(ch) = string[start..end].chars().next_back() {
        if !(ch.is_whitespace() || dangles_at_end(ch)) {
            break;
        }
        end -= ch.len_utf8();
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check(text, selection, expected)`: `selection` and `expected` are the selected
    /// substrings, located by their first occurrence.
    fn check_snap(text: &str, selected: &str, expected: &str) {
        let t = Text::new(text.to_string());
        let at = text.find(selected).expect("selection in text");
        let span = CpSpan::new(t.cp_of_byte(at).unwrap(), t.cp_of_byte(at + selected.len()).unwrap()).unwrap();
        let snapped = t.snap_to_words(span).expect("snaps");
        assert_eq!(t.slice(snapped).unwrap(), expected, "selecting {selected:?}");
    }

    #[test]
    fn snapping() {
        check_snap("The race to build", "ace to bu", "race to build");
        check_snap("The race to build", " race ", "race");
        check_snap("conflict.. That tension", ".. That", "That");
        check_snap("conflict.. That tension", "conflict.. ", "conflict..");
        check_snap("rivals, yet still", "rivals, ", "rivals");
        check_snap("the U.S.. and China", "S.. and", "U.S.. and");
        check_snap("a “quoted phrase” here", "“quoted phrase” ", "“quoted phrase”");
        check_snap("a (bracketed) word", "(bracketed", "(bracketed");
        check_snap("contradiction—rivals who", "—rivals", "rivals");
        check_snap("東京都に住む", "京都", "京都");
        check_snap("café noir", "caf", "café");
        check_snap("مرحبا بالعالم اليوم", "حبا بالع", "مرحبا بالعالم");
        check_snap("hi 👋🏽 there", "👋🏽 th", "👋🏽 there");
        check_snap("costs $5 billion, he said", "$5 billion, ", "$5 billion");
        check_snap("他说。我们走吧，", "。我们走吧，", "我们走吧");
    }

    #[test]
    fn snapping_rejects_empty_selections() {
        let t = Text::new("word .. , word".to_string());
        // Between the words: only dots, a comma and spaces.
        assert_eq!(t.snap_to_words(CpSpan::new(4, 9).unwrap()), Err(SpanError::NoWords));
        assert_eq!(t.snap_to_words(CpSpan::new(2, 2).unwrap()), Ok(CpSpan::new(0, 4).unwrap()));
        assert!(matches!(t.snap_to_words(CpSpan::new(0, 99).unwrap()), Err(SpanError::OutOfRange { .. })));
    }

    #[test]
    fn offsets_across_units() {
        // 👋 is 1 cp / 2 u16 / 4 bytes; é decomposed is 2 cp; Arabic and CJK are 1 cp / 1 u16.
        let s = "a👋b e\u{301} مر 東京 🇫🇷!";
        let t = Text::new(s.to_string());
        let chars: Vec<char> = s.chars().collect();
        assert_eq!(t.len_cp(), chars.len());
        assert_eq!(t.len_u16(), s.encode_utf16().count());
        let mut u16 = 0;
        for (cp, ch) in chars.iter().enumerate() {
            assert_eq!(t.u16_of_cp(cp), Some(u16));
            assert_eq!(t.cp_of_u16(u16), Ok(cp));
            u16 += ch.len_utf16();
        }
        assert_eq!(t.cp_of_u16(u16), Ok(chars.len()));
        // Inside the surrogate pair of 👋.
        assert!(matches!(t.cp_of_u16(2), Err(SpanError::OutOfRange { .. })));
        assert!(t.u16_of_cp(chars.len() + 1).is_none());
        assert_eq!(t.slice(CpSpan::new(1, 2).unwrap()), Some("👋"));
    }

    #[test]
    fn span_rejects_reversed() {
        let t = Text::new("abc".to_string());
        assert_eq!(t.span_of_u16(2, 1), Err(SpanError::Reversed { start: 2, end: 1 }));
    }

    proptest::proptest! {
        #[test]
        fn conversions_round_trip(s in "\\PC{0,200}") {
            let t = Text::new(s.clone());
            let mut u16 = 0;
            for (cp, (byte, ch)) in s.char_indices().enumerate() {
                proptest::prop_assert_eq!(t.byte_of_cp(cp), Some(byte));
                proptest::prop_assert_eq!(t.cp_of_byte(byte), Some(cp));
                proptest::prop_assert_eq!(t.cp_of_u16(u16), Ok(cp));
                u16 += ch.len_utf16();
            }
            proptest::prop_assert_eq!(t.len_u16(), u16);
        }

        #[test]
        fn snapping_never_panics_and_stays_inside(s in "\\PC{0,80}", a in 0usize..90, b in 0usize..90) {
            let t = Text::new(s);
            let (a, b) = (a.min(b), a.max(b));
            if let Ok(snapped) = t.snap_to_words(CpSpan::new(a, b).unwrap()) {
                proptest::prop_assert!(snapped.end_cp() <= t.len_cp());
                proptest::prop_assert!(!snapped.is_empty());
            }
        }
    }
}
