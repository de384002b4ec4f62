//! Sentences of a block: Unicode's sentence boundaries (UAX #29), joined again after the
//! abbreviations and initials news writing is full of ("Mr. Li", "J. Smith", "the U.S. Senate").

use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations that end with a full stop inside a sentence, lowercased, without the stop.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "jr", "sr", "vs",
    "no", "inc", "corp", "co", "ltd", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "jan", "feb", "aug", "sept",
    "oct", "nov", "dec", "rev", "mt", "ft", "approx", "est", "dept", "univ",
];

/// The sentences of `text` as byte ranges, trimmed of surrounding white space; never empty.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut join = false;
    for (at, piece) in text.split_sentence_bound_indices() {
        let end = at + piece.len();
        match spans.last_mut() {
            Some(last) if join => last.1 = end,
            _ => spans.push((at, end)),
        }
        join = ends_with_abbreviation(piece.trim_end());
    }
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
    let Some(body) = piece.strip_suffix('.') else { return false };
    if body.ends_with('.') {
        return false; // ".." ends a sentence, whatever precedes it
    }
    let last = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"').next().unwrap_or("");
    let lower = last.to_lowercase();
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
    }
}
