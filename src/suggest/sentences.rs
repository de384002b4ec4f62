//! Sentences of a block. A sentence ends at `.`, `!` or `?` (or a run of them, "..", "?!"),
//! with any closing quotes and brackets after it, where white space follows and then a capital,
//! a digit or an opening quote: so the demo article's ". " before a lower-case word goes on, as
//! the author meant. It does not end after the abbreviations and initials news writing is full
//! of ("Mr. Li", "J. Smith", "the U.S. Senate").
//!
//! Written here rather than taken from Unicode's sentence boundaries (UAX #29), whose tables
//! would more than double the suggestions' module; news prose needs only these rules.

/// Abbreviations that end with a full stop inside a sentence, lowercased, without the stop.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "jr", "sr", "vs",
    "no", "inc", "corp", "co", "ltd", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "jan", "feb", "aug", "sept",
    "oct", "nov", "dec", "rev", "mt", "ft", "approx", "est", "dept", "univ",
];

/// The sentences of `text` as byte ranges, trimmed of surrounding white space; never empty.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        i += 1;
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        while i < chars.len() && matches!(chars[i].1, '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | ']')
        {
            i += 1;
        }
        let end = chars.get(i).map_or(text.len(), |&(at, _)| at);
        let mut next = i;
        while next < chars.len() && chars[next].1.is_whitespace() {
            next += 1;
        }
        let spaced = next > i;
        let opens =
            chars.get(next).is_none_or(|&(_, n)| n.is_uppercase() || n.is_ascii_digit() || "“\"‘'([".contains(n));
        if spaced && opens && !(c == '.' && ends_with_abbreviation(text[start..end].trim_end())) {
            spans.push((start, end));
            start = end;
        }
    }
    spans.push((start, text.len()));
    spans
        .into_iter()
        .filter_map(|(start, end)| {
            let piece = &text[start..end];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            (!trimmed.is_empty()).then(|| (start + lead, start + lead + trimmed.len()))
        })
        .collect()
}

fn ends_with_abbreviation(piece: &str) -> bool {
    let piece = piece.trim_end_matches(['"', '”', '’', '\'', ')', ']']);
    let Some(body) = piece.strip_suffix('.') else { return false };
    if body.ends_with('.') {
        return false; // ".." ends a sentence, whatever precedes it
    }
    let last = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"').next().unwrap_or("");
    let lower = last.to_ascii_lowercase();
    // A single capital is an initial ("J. Smith").
    let initial = last.chars().count() == 1 && last.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = split(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn splits_at_sentence_ends_only() {
        check("It rained. Then it stopped!  Why? ", &["It rained.", "Then it stopped!", "Why?"]);
        check("Mr. Li met Dr. Smith in the U.S. Senate today.", &["Mr. Li met Dr. Smith in the U.S. Senate today."]);
        check("J. R. Smith spoke. He left.", &["J. R. Smith spoke.", "He left."]);
        // The demo article's own punctuation: ". " before a lower-case word goes on.
        check(
            "Even as they compete. the report argues that.. They agree.",
            &["Even as they compete. the report argues that..", "They agree."],
        );
        check("", &[]);
        check("“We won.” Then we left. 42 people came.", &["“We won.”", "Then we left.", "42 people came."]);
        check("Wait... what? Yes.", &["Wait... what?", "Yes."]);
    }
}
