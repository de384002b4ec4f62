//! Describing a passage so it can be found again: a span becomes a quote with its context
//! (`TextQuoteSelector`) and a position (`TextPositionSelector`), as the W3C model defines them
//! ([§4.2.4–4.2.5](https://www.w3.org/TR/annotation-model/#text-quote-selector)).

use crate::text::{CpSpan, Text};

/// Code points of context on each side of a quote, as Hypothesis stores.
pub const CONTEXT_CP: usize = 32;
/// Context grows to at most this many code points per side while looking for a unique quote.
pub const MAX_CONTEXT_CP: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteSelector {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// A passage as the W3C selectors describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selectors {
    pub quote: QuoteSelector,
    /// `start`/`end` of the TextPositionSelector, in code points.
    pub position: CpSpan,
}

/// Describes a span of the text; `None` when the span reaches past the end.
///
/// The context is [`CONTEXT_CP`] code points on each side, widened in steps of the same size
/// (up to [`MAX_CONTEXT_CP`]) while prefix + quote + suffix still occurs more than once, so a
/// short repeated phrase carries enough context to tell its occurrences apart.
pub fn describe(text: &Text, span: CpSpan) -> Option<Selectors> {
    let exact = text.slice(span)?.to_string();
    let mut context = CONTEXT_CP;
    loop {
        let before = CpSpan::new(span.start_cp().saturating_sub(context), span.start_cp())?;
        let after = CpSpan::new(span.end_cp(), (span.end_cp() + context).min(text.len_cp()))?;
        let prefix = text.slice(before)?;
        let suffix = text.slice(after)?;
        let reaches_edges = before.start_cp() == 0 && after.end_cp() == text.len_cp();
        let whole = format!("{prefix}{exact}{suffix}");
        if context >= MAX_CONTEXT_CP || reaches_edges || occurs_once(text.as_str(), &whole) {
            let quote = QuoteSelector { exact, prefix: prefix.to_string(), suffix: suffix.to_string() };
            return Some(Selectors { quote, position: span });
        }
        context += CONTEXT_CP;
    }
}

/// The [`CONTEXT_CP`] code points before and after a span, not widened: what an annotation
/// keeps to be found again (with its position), as Hypothesis stores. Unlike [`describe`] it
/// never scans the text, so placing thousands of annotations stays cheap; the exports widen.
pub fn context(text: &Text, span: CpSpan) -> Option<(String, String)> {
    let before = CpSpan::new(span.start_cp().saturating_sub(CONTEXT_CP), span.start_cp())?;
    let after = CpSpan::new(span.end_cp(), (span.end_cp() + CONTEXT_CP).min(text.len_cp()))?;
    Some((text.slice(before)?.to_string(), text.slice(after)?.to_string()))
}

/// Whether `needle` occurs exactly once in `haystack`, overlapping occurrences counted.
fn occurs_once(haystack: &str, needle: &str) -> bool {
    let Some(first) = haystack.find(needle) else {
        return false;
    };
    let next = first + haystack[first..].chars().next().map_or(1, char::len_utf8);
    !haystack[next..].contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &Text, needle: &str, nth: usize) -> CpSpan {
        let at = text.as_str().match_indices(needle).nth(nth).unwrap().0;
        let start = text.cp_of_byte(at).unwrap();
        CpSpan::new(start, start + needle.chars().count()).unwrap()
    }

    #[test]
    fn context_is_32_code_points() {
        let text = Text::new(format!("{}👋 quote here 東{}", "a".repeat(40), "b".repeat(40)));
        let d = describe(&text, span_of(&text, "quote here", 0)).unwrap();
        assert_eq!(d.quote.exact, "quote here");
        assert_eq!(d.quote.prefix, format!("{}👋 ", "a".repeat(30)));
        assert_eq!(d.quote.suffix, format!(" 東{}", "b".repeat(30)));
        assert_eq!(d.position, CpSpan::new(42, 52).unwrap());
    }

    #[test]
    fn context_grows_until_a_repeated_quote_is_unique() {
        let filler = "x ".repeat(40);
        let text = Text::new(format!("one {filler}the report says{filler} two {filler}the report says{filler}"));
        let d = describe(&text, span_of(&text, "the report says", 1)).unwrap();
        let whole = format!("{}{}{}", d.quote.prefix, d.quote.exact, d.quote.suffix);
        assert!(occurs_once(text.as_str(), &whole), "{whole:?} is unique");
        assert!(d.quote.prefix.chars().count() > CONTEXT_CP);
    }

    #[test]
    fn context_stops_at_the_edges() {
        let text = Text::new("ab ab".to_string());
        let d = describe(&text, span_of(&text, "ab", 0)).unwrap();
        assert_eq!((d.quote.prefix.as_str(), d.quote.suffix.as_str()), ("", " ab"));
        assert!(describe(&text, CpSpan::new(0, 9).unwrap()).is_none());
    }
}
