//! A sentence as the rules read it: its words, lowercased, each knowing whether it stands inside
//! a quotation, and the quotations themselves.
//!
//! Offsets are byte offsets into the sentence's own text (`&str` slicing only); the caller maps
//! them to code points.

/// One word: letters and digits, with the apostrophes and hyphens inside it ("don't", "far-right").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Lowercased (ASCII letters only: every cue list is ASCII), with a typographic apostrophe
    /// written as `'`.
    pub lower: String,
    pub start: usize,
    pub end: usize,
    /// Inside quotation marks: someone else's words.
    pub quoted: bool,
    /// Begins with a capital letter.
    pub capital: bool,
    /// Holds a digit ("40", "2023", "5,500" is one word per group).
    pub digit: bool,
}

/// A span of the sentence between quotation marks, in bytes, marks excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotation {
    pub start: usize,
    pub end: usize,
}

/// The words of `sentence` and its quotations. `open` says the sentence starts inside a
/// quotation opened in an earlier sentence of the same block (returned for the next one).
pub fn read(sentence: &str, open: bool) -> (Vec<Word>, Vec<Quotation>, bool) {
    let (quotations, still_open) = quotations(sentence, open);
    let mut words = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        // Apostrophes and hyphens inside a word; separators inside a number ("5,500", "4.2").
        let inner = start.is_some()
            && (((c == '\'' || c == '’' || c == '-') && next.is_some_and(char::is_alphanumeric))
                || ((c == ',' || c == '.')
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())));
        if c.is_alphanumeric() || inner {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            words.push(word(sentence, s, at, &quotations));
        }
    }
    if let Some(s) = start {
        words.push(word(sentence, s, sentence.len(), &quotations));
    }
    (words, quotations, still_open)
}

fn word(sentence: &str, start: usize, end: usize, quotations: &[Quotation]) -> Word {
    let text = &sentence[start..end];
    Word {
        lower: text.to_ascii_lowercase().replace('’', "'"),
        start,
        end,
        quoted: quotations.iter().any(|q| q.start <= start && end <= q.end),
        capital: text.chars().next().is_some_and(char::is_uppercase),
        digit: text.chars().any(|c| c.is_ascii_digit()),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Open,
    Close,
    /// A straight `"`: opens or closes by where it stands.
    Either,
}

/// Pairs the quotation marks of a sentence. A closing mark with no opening one before it closes
/// a quotation begun before the sentence (or, in a sentence read alone, at its start); an
/// opening mark left unclosed runs to the end. Single quotes count only where they cannot be
/// apostrophes: `‘` after a space or bracket, `’` before one.
fn quotations(sentence: &str, open: bool) -> (Vec<Quotation>, bool) {
    let mut marks: Vec<(usize, usize, Mark, bool)> = Vec::new(); // (at, len, mark, single)
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(i + 1).map(|&(_, n)| n);
        let spaced = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "([{—–-".contains(c));
        let closing = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let mark = match c {
            '“' | '«' | '„' => Some((Mark::Open, false)),
            '”' | '»' => Some((Mark::Close, false)),
            '"' => Some((Mark::Either, false)),
            '‘' if spaced(before) => Some((Mark::Open, true)),
            '’' | '\'' if closing(after) && before.is_some_and(|b| !b.is_whitespace()) => Some((Mark::Close, true)),
            '\'' if spaced(before) && after.is_some_and(char::is_alphanumeric) => Some((Mark::Open, true)),
            _ => None,
        };
        if let Some((mark, single)) = mark {
            marks.push((at, c.len_utf8(), mark, single));
        }
    }
    let mut found = Vec::new();
    let mut opened: Option<(usize, bool)> = open.then_some((0, false));
    // A single quote that opens a whole sentence of speech (‘The railroads have…) runs to its
    // last closing mark: the ones before are apostrophes ("our members’ ability").
    let last_single_close = marks.iter().rposition(|m| m.3 && m.2 == Mark::Close);
    let mut speech = false;
    for (index, (at, len, mark, single)) in marks.into_iter().enumerate() {
        match (opened, mark) {
            (None, Mark::Open | Mark::Either) => {
                opened = Some((at + len, single));
                let after = sentence[at + len..].chars().next();
                let before = sentence[..at].trim_end().chars().last();
                speech =
                    single && after.is_some_and(char::is_uppercase) && before.is_some_and(|b| b == ',' || b == ':');
            }
            (Some(_), Mark::Close) if single && speech && Some(index) != last_single_close => {}
            (Some((start, s)), Mark::Close | Mark::Either) if s == single => {
                found.push(Quotation { start, end: at });
                opened = None;
            }
            // A closing single quote with no opening one is an apostrophe ("the Joneses’").
            (None, Mark::Close) if !single => found.push(Quotation { start: 0, end: at }),
            _ => {}
        }
    }
    let still_open = match opened {
        Some((start, single)) => {
            found.push(Quotation { start, end: sentence.len() });
            !single
        }
        None => false,
    };
    (found, still_open)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(sentence: &str) -> Vec<&str> {
        quotations(sentence, false).0.iter().map(|q| &sentence[q.start..q.end]).collect()
    }

    #[test]
    fn pairs_the_marks_of_a_sentence() {
        let cases: &[(&str, &[&str])] = &[
            ("He said “it is over” and left.", &["it is over"]),
            ("\"No,\" she said.", &["No,"]),
            ("This is not a loss in any way.” But he fears.", &["This is not a loss in any way."]),
            ("They call it ‘levelling up’ now.", &["levelling up"]),
            ("The Joneses’ house and don’t.", &[]),
            ("“It never ends", &["It never ends"]),
            ("The union said, ‘Our members’ ability is gone.’", &["Our members’ ability is gone."]),
        ];
        for (sentence, expected) in cases {
            assert_eq!(&quoted(sentence), expected, "{sentence}");
        }
    }

    #[test]
    fn words_know_they_are_quoted() {
        let (words, _, open) = read("Critics said “a shameful deal” was signed.", false);
        let quoted: Vec<&str> = words.iter().filter(|w| w.quoted).map(|w| w.lower.as_str()).collect();
        assert_eq!(quoted, ["a", "shameful", "deal"]);
        assert!(!open);
        let (words, _, open) = read("“We will win. ", false);
        assert!(words.iter().all(|w| w.quoted) && open);
        assert_eq!(read("Don’t stop", false).0[0].lower, "don't");
    }
}
