//! The anchoring case table (`tests/fixtures/anchoring-cases.json`): an annotation is described
//! on one text, the text is edited, and the annotation must end in the expected state, on the
//! expected passage. The browser benchmark runs the same table against Hypothesis's matcher.

use newsmark::anchor::{anchor, at_position, describe, Query, State};
use newsmark::article::Article;
use newsmark::text::{CpSpan, Text};
use serde_json::Value;

const DEMO: &str = include_str!("../www/demo/us-china-ai-talks.txt");
const CASES: &str = include_str!("fixtures/anchoring-cases.json");

/// Applies one edit of the fixture's vocabulary to a canonical text.
fn edit(text: &str, op: &Value) -> String {
    let paragraphs = || text.split("\n\n").map(str::to_string).collect::<Vec<_>>();
    let find = |ps: &[String], start: &str| {
        ps.iter().position(|p| p.starts_with(start)).unwrap_or_else(|| panic!("no paragraph starts with {start:?}"))
    };
    if let Some([from, to]) = op["replace"].as_array().map(|a| [a[0].as_str().unwrap(), a[1].as_str().unwrap()]) {
        assert!(text.contains(from), "{from:?} is in the text");
        return text.replacen(from, to, 1);
    }
    let mut ps = paragraphs();
    if let Some(start) = op["deleteParagraph"].as_str() {
        let at = find(&ps, start);
        ps.remove(at);
    } else if let Some(start) = op["duplicateParagraph"].as_str() {
        let at = find(&ps, start);
        ps.insert(at, ps[at].clone());
    } else if let Some(pair) = op["swapParagraphs"].as_array() {
        let (a, b) = (find(&ps, pair[0].as_str().unwrap()), find(&ps, pair[1].as_str().unwrap()));
        ps.swap(a, b);
    } else {
        panic!("unknown edit {op}");
    }
    ps.join("\n\n")
}

fn span_of(text: &Text, phrase: &str, nth: usize) -> CpSpan {
    let (at, _) =
        text.as_str().match_indices(phrase).nth(nth).unwrap_or_else(|| panic!("{phrase:?} #{nth} is in the text"));
    let start = text.cp_of_byte(at).unwrap();
    CpSpan::new(start, start + phrase.chars().count()).unwrap()
}

#[test]
fn anchoring_case_table() {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let mut failures = Vec::new();
    for case in cases["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let base = Article::from_plain_text(case["base"].as_str().unwrap_or(DEMO));
        let quote = case["quote"].as_str().unwrap();
        let nth = case["nth"].as_u64().unwrap_or(0) as usize;
        let selectors = describe(base.text(), span_of(base.text(), quote, nth)).unwrap();

        let mut after = base.text().as_str().to_string();
        for op in case["edits"].as_array().unwrap() {
            after = edit(&after, op);
        }
        let after = Text::new(after);
        let query = Query {
            exact: &selectors.quote.exact,
            prefix: Some(&selectors.quote.prefix),
            suffix: Some(&selectors.quote.suffix),
            position: Some(selectors.position),
        };
        let got = anchor(&after, &query, None);
        // What the search-free path finds, the matcher finds too, as exact.
        if let Some(span) = at_position(&after, &query) {
            if got.state != State::Exact || got.span != Some(span) {
                failures.push(format!("{name}: found at its position without a search, but anchor says {}", got.state));
            }
        }

        let expected = case["expect"].as_str().unwrap();
        let found = got.span.map(|s| after.slice(s).unwrap().to_string());
        let want_span = got.state.is_placed().then(|| {
            let phrase = case["found"].as_str().unwrap_or(quote);
            span_of(&after, phrase, case["foundNth"].as_u64().unwrap_or(0) as usize)
        });
        if got.state.as_str() != expected || (got.state.is_placed() && got.span != want_span) {
            failures
                .push(format!("{name}: expected {expected}, got {} on {found:?} (score {:.3})", got.state, got.score));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases["cases"].as_array().unwrap().len(),
        failures.join("\n")
    );
}

#[test]
fn empty_quote_is_an_orphan() {
    let text = Text::new("Some text.".into());
    let query = Query { exact: "", prefix: None, suffix: None, position: None };
    assert_eq!(anchor(&text, &query, None).state, State::Orphan);
}

/// Positions come from files: one at the very end of the number range (2^64 − 1, or a start
/// past its end) must not overflow; the quote still places the annotation.
#[test]
fn absurd_positions_do_not_overflow() {
    let article = Article::from_plain_text(DEMO);
    let text = article.text();
    let exact = "potential trigger for direct geopolitical conflict";
    for (start, end) in
        [(usize::MAX, usize::MAX), (usize::MAX - 3, usize::MAX), (0, usize::MAX), (text.len_cp(), text.len_cp() + 10)]
    {
        let query = Query { exact, prefix: None, suffix: None, position: CpSpan::new(start, end) };
        for expected in [None, Some(usize::MAX), Some(usize::MAX - 1)] {
            let anchored = anchor(text, &query, expected);
            assert!(anchored.state.is_placed(), "{start}..{end} from {expected:?}: {anchored:?}");
            assert_eq!(anchored.span.and_then(|s| text.slice(s)), Some(exact));
        }
    }
}
