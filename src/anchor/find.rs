//! `anchor`: selectors -> a span in the current text, and how sure we are.
//!
//! Order: the position, accepted only where the text there equals the quote; the exact quote,
//! near where it is expected first, then anywhere, told apart by prefix, suffix and position;
//! then an approximate search ([`super::myers`]). Every candidate is scored on the quote (50),
//! prefix (20), suffix (20) and distance from the old position (2), the weights Hypothesis uses,
//! but unlike Hypothesis a candidate must also clear a minimum and beat the runner-up by a
//! margin, or the annotation is reported as ambiguous or orphaned: a wrong confident match is
//! the worst outcome.
//!
//! Units: code points throughout.

use std::fmt;

use super::myers::Pattern;
use crate::order;
use crate::text::{CpSpan, Text};

/// Quotes shorter than this (code points) need matching context to be placed anywhere but
/// exactly where they were: a short phrase recurs too easily.
pub const SHORT_QUOTE: usize = 32;
/// Quotes shorter than this are never searched approximately: a few edits turn any short word
/// into another.
pub const MIN_FUZZY_QUOTE: usize = 12;
/// The best candidate must beat the runner-up by this much (of a normalised score in 0..=1).
pub const AMBIGUITY_MARGIN: f64 = 0.03;
/// How far around the expected place to look first, in code points beyond the quote.
const NEAR: usize = 2_000;
/// At most this many candidates are scored for one annotation.
const MAX_CANDIDATES: usize = 64;

const QUOTE_WEIGHT: f64 = 50.0;
const PREFIX_WEIGHT: f64 = 20.0;
const SUFFIX_WEIGHT: f64 = 20.0;
const POSITION_WEIGHT: f64 = 2.0;

/// How an annotation was found again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Where it was, word for word.
    Exact,
    /// Word for word, elsewhere.
    Moved,
    /// Found with edits: the reader should review it.
    Fuzzy,
    /// Two or more candidates too close to call.
    Ambiguous,
    /// Not found.
    Orphan,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Exact => "exact",
            State::Moved => "moved",
            State::Fuzzy => "fuzzy",
            State::Ambiguous => "ambiguous",
            State::Orphan => "orphan",
        }
    }

    /// Whether the annotation has a place in the text.
    pub fn is_placed(self) -> bool {
        matches!(self, State::Exact | State::Moved | State::Fuzzy)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is known of a passage: the W3C selectors, any of the context possibly missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query<'a> {
    pub exact: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
    /// The TextPositionSelector, in code points of the text the selectors were made on.
    pub position: Option<CpSpan>,
}

/// The outcome of anchoring one query.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    pub state: State,
    /// The passage found; `None` for ambiguous and orphaned annotations.
    pub span: Option<CpSpan>,
    /// The winning candidate's normalised score (0..=1); 0 when nothing was found.
    pub score: f64,
    /// A clock-free measure of the work done, in units of about one Myers block step: the
    /// approximate search's steps, plus the scans for the exact quote and the context
    /// comparisons. [`crate::session::Session::place_step`] budgets with it.
    pub work: usize,
}

impl Anchor {
    fn unplaced(state: State, score: f64, work: usize) -> Anchor {
        Anchor { state, span: None, score, work }
    }
}

#[derive(Clone, Copy, Debug)]
struct Candidate {
    span: CpSpan,
    /// 1 - errors / quote length.
    quote: f64,
    prefix: f64,
    suffix: f64,
    score: f64,
}

impl Candidate {
    fn context(&self) -> f64 {
        self.prefix.max(self.suffix)
    }
}

/// Where a passage is without a search: when the text at its position is still its quote and,
/// for a short quote, the context on both sides is unchanged (or the quote sits at that edge of
/// the text). What this finds, [`anchor`] calls exact there too; `None` leaves it to [`anchor`].
/// The common case of an import (an export of the same text) needs no matcher at all.
pub fn at_position(text: &Text, query: &Query) -> Option<CpSpan> {
    let span = query.position?;
    if query.exact.is_empty() || text.slice(span) != Some(query.exact) {
        return None;
    }
    if query.exact.chars().count() >= SHORT_QUOTE {
        return Some(span);
    }
    let chars = text.chars();
    let before = &chars[..span.start_cp()];
    let after = &chars[span.end_cp()..];
    let prefix_holds = match query.prefix {
        Some(p) if !p.is_empty() => p.chars().rev().eq(before.iter().rev().take(p.chars().count()).copied()),
        _ => before.is_empty(),
    };
    let suffix_holds = match query.suffix {
        Some(s) if !s.is_empty() => s.chars().eq(after.iter().take(s.chars().count()).copied()),
        _ => after.is_empty(),
    };
    (prefix_holds && suffix_holds).then_some(span)
}

/// Finds a passage again. `expected_start` is where it is likely to be now (the old position
/// shifted by the edits seen so far), searched first; `None` uses the old position.
pub fn anchor(text: &Text, query: &Query, expected_start: Option<usize>) -> Anchor {
    let quote: Vec<char> = query.exact.chars().collect();
    if quote.is_empty() {
        return Anchor::unplaced(State::Orphan, 0.0, 0);
    }
    let chars = text.chars();
    let expected = expected_start.or(query.position.map(CpSpan::start_cp));
    let score = |span: CpSpan, quote_score: f64| candidate(chars, query, span, quote_score);

    // 1. The position, if the text there is still the quote (and, for a short quote, its
    //    context still agrees: a short word lands on its old offset by chance too easily).
    for start in [query.position.map(CpSpan::start_cp), expected].into_iter().flatten() {
        let Some(span) = start.checked_add(quote.len()).and_then(|end| CpSpan::new(start, end)) else {
            continue;
        };
        if text.slice(span) != Some(query.exact) {
            continue;
        }
        let c = score(span, 1.0);
        if quote.len() >= SHORT_QUOTE || c.context() >= 0.5 {
            let state = if Some(span) == query.position { State::Exact } else { State::Moved };
            if state == State::Exact || c.context() >= 0.9 {
                return Anchor { state, span: Some(span), score: c.score, work: 0 };
            }
        }
    }

    // 2. The exact quote: near where it is expected, then anywhere.
    let mut candidates: Vec<Candidate> = Vec::new();
    if let Some(at) = expected {
        let window = (at.saturating_sub(NEAR), at.saturating_add(quote.len()).saturating_add(NEAR));
        candidates.extend(exact_occurrences(text, query.exact, window).map(|span| score(span, 1.0)));
        let strong: Vec<&Candidate> = candidates.iter().filter(|c| c.prefix >= 0.9 && c.suffix >= 0.9).collect();
        // One occurrence with context this strong, which was unique when the selectors were
        // made: accept it without scanning the whole text. Two or more: let `decide` weigh them.
        if let [best] = strong.as_slice() {
            return Anchor { state: State::Moved, span: Some(best.span), score: best.score, work: 0 };
        }
    }
    // The occurrences nearest the expected place, if there are many (a one-word quote).
    let mut everywhere: Vec<CpSpan> = exact_occurrences(text, query.exact, (0, usize::MAX)).collect();
    order::sort_by_key(&mut everywhere, |span| expected.map_or(0, |at| span.start_cp().abs_diff(at)) as u64);
    everywhere.truncate(MAX_CANDIDATES);
    // The scan costs about a block step per 8 code points; each candidate's context comparison
    // about a block step per code point of context.
    let context_len = query.prefix.map_or(0, str::len) + query.suffix.map_or(0, str::len);
    let mut work = text.len_cp() / 8 + everywhere.len() * context_len;
    candidates = everywhere.into_iter().map(|span| score(span, 1.0)).collect();
    let decided = decide(&candidates, quote.len(), true);
    if decided.state != State::Orphan || quote.len() < MIN_FUZZY_QUOTE {
        return Anchor { work, ..decided };
    }

    // 3. Approximate search for the quote, within the edits a match may have and still be
    //    accepted (see `search_budget`).
    let max_errors = search_budget(quote.len());
    let pattern = Pattern::new(&quote);
    let (matches, steps) = approximate_matches_counted(chars, &pattern, &quote, max_errors);
    work += steps + matches.len() * (context_len + quote.len());
    for (span, errors) in matches {
        if candidates.iter().any(|c| overlaps(c.span, span)) {
            continue;
        }
        candidates.push(score(span, 1.0 - errors as f64 / quote.len() as f64));
    }
    Anchor { work, ..decide(&candidates, quote.len(), false) }
}

/// The approximate matches of `quote` (prepared as `pattern`) in `chars`: for each run of
/// neighbouring match ends, the best one, with the start that suits it best, widened to whole
/// words. Best first, at most [`MAX_CANDIDATES`]. Spans in code points.
pub fn approximate_matches(
    chars: &[char],
    pattern: &Pattern,
    quote: &[char],
    max_errors: usize,
) -> Vec<(CpSpan, usize)> {
    approximate_matches_counted(chars, pattern, quote, max_errors).0
}

fn approximate_matches_counted(
    chars: &[char],
    pattern: &Pattern,
    quote: &[char],
    max_errors: usize,
) -> (Vec<(CpSpan, usize)>, usize) {
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let steps = pattern.search(chars, max_errors, |end, errors| ends.push((end, errors)));
    let reversed = Pattern::new(&quote.iter().rev().copied().collect::<Vec<_>>());
    let matches = local_minima(&ends, quote.len())
        .into_iter()
        .map(|(end, errors)| {
            // Where the best match ending at `end` starts: the reversed quote against the text
            // read backwards from `end`.
            let from = end.saturating_sub(quote.len().saturating_add(max_errors));
            let (_, len) = reversed.anchored_distance(chars[from..end].iter().rev().copied());
            (widen_to_words(chars, quote, end - len, end), errors)
        })
        .collect();
    (matches, steps)
}

/// The fewest quote similarity a candidate needs: stricter for short quotes.
fn min_quote_similarity(quote_len: usize) -> f64 {
    if quote_len < SHORT_QUOTE {
        0.85
    } else {
        0.75
    }
}

/// The most edits an approximate search for a quote of `quote_len` code points looks for.
/// Hypothesis allows half the quote (at most 256); newsmark would reject any match with more
/// than a quarter (a similarity under 0.75, 0.85 for short quotes), so it does not look for
/// them: a smaller budget also lets the q-gram filter skip most of the text.
pub fn search_budget(quote_len: usize) -> usize {
    let acceptable = ((1.0 - min_quote_similarity(quote_len)) * quote_len as f64).floor() as usize;
    (quote_len / 2).min(256).min(acceptable)
}

/// Picks the winner, or says why there is none. `exact` tells whether the candidates are
/// word-for-word occurrences (placed as moved) or approximate ones (placed as fuzzy).
fn decide(candidates: &[Candidate], quote_len: usize, exact: bool) -> Anchor {
    let short = quote_len < SHORT_QUOTE;
    let acceptable = |c: &Candidate| {
        if exact {
            // A long quote found word for word stands on its own; a short one needs context.
            !short || c.context() >= 0.5
        } else {
            c.quote >= min_quote_similarity(quote_len) && c.context() >= if short { 0.75 } else { 0.6 }
        }
    };
    let mut ranked: Vec<&Candidate> = candidates.iter().filter(|c| acceptable(c)).collect();
    order::sort_by_key(&mut ranked, |c| order::descending(c.score));
    match ranked.as_slice() {
        [] => Anchor::unplaced(State::Orphan, best_of(candidates).map_or(0.0, |c| c.score), 0),
        [best, second, ..] if best.score - second.score < AMBIGUITY_MARGIN => {
            Anchor::unplaced(State::Ambiguous, best.score, 0)
        }
        [best, ..] => {
            let state = if exact { State::Moved } else { State::Fuzzy };
            Anchor { state, span: Some(best.span), score: best.score, work: 0 }
        }
    }
}

/// A match that starts or ends inside a word is widened to the whole word when the quote
/// itself starts or ends with a letter or digit: edits at a quote's edge leave ties the error
/// count alone cannot break ("vita" and "vital" for "important").
fn widen_to_words(chars: &[char], quote: &[char], mut start: usize, mut end: usize) -> CpSpan {
    const MAX_WIDEN: usize = 24;
    let inside =
        |at: usize| at > 0 && at < chars.len() && chars[at - 1].is_alphanumeric() && chars[at].is_alphanumeric();
    if quote.first().is_some_and(|c| c.is_alphanumeric()) {
        let floor = start.saturating_sub(MAX_WIDEN);
        while start > floor && inside(start) {
            start -= 1;
        }
    }
    if quote.last().is_some_and(|c| c.is_alphanumeric()) {
        let ceiling = (end + MAX_WIDEN).min(chars.len());
        while end < ceiling && inside(end) {
            end += 1;
        }
    }
    CpSpan::new(start, end).unwrap_or(CpSpan::new(end, end).expect("an empty span is valid"))
}

fn best_of(candidates: &[Candidate]) -> Option<Candidate> {
    candidates.iter().copied().max_by(|a, b| a.score.total_cmp(&b.score))
}

fn overlaps(a: CpSpan, b: CpSpan) -> bool {
    a.start_cp() < b.end_cp() && b.start_cp() < a.end_cp()
}

/// Spans of `exact` starting within `window` (code points), in text order.
fn exact_occurrences<'t>(text: &'t Text, exact: &'t str, window: (usize, usize)) -> impl Iterator<Item = CpSpan> + 't {
    let len = exact.chars().count();
    let from = text.byte_of_cp(window.0.min(text.len_cp())).unwrap_or(0);
    let to = text.byte_of_cp(window.1.min(text.len_cp())).unwrap_or(text.as_str().len());
    let haystack = &text.as_str()[..to];
    let mut at = from;
    std::iter::from_fn(move || {
        let found = at + haystack.get(at..)?.find(exact)?;
        at = found + exact.chars().next().map_or(1, char::len_utf8);
        let start = text.cp_of_byte(found)?;
        CpSpan::new(start, start + len)
    })
}

/// The best end in each run of adjacent ends, so one approximate match is one candidate;
/// best first, at most [`MAX_CANDIDATES`]. A run longer than the quote is cut, so two matches
/// side by side stay two candidates.
fn local_minima(ends: &[(usize, usize)], quote_len: usize) -> Vec<(usize, usize)> {
    let mut best = Vec::new();
    // (first end of the run, previous end, best (end, errors) so far)
    let mut run: Option<(usize, usize, (usize, usize))> = None;
    for &(end, errors) in ends {
        match &mut run {
            Some((first, previous, top)) if end == *previous + 1 && end - *first < quote_len => {
                *previous = end;
                if errors < top.1 {
                    *top = (end, errors);
                }
            }
            _ => {
                best.extend(run.map(|(_, _, top)| top));
                run = Some((end, end, (end, errors)));
            }
        }
    }
    best.extend(run.map(|(_, _, top)| top));
    order::sort_by_key(&mut best, |&(_, errors)| errors as u64);
    best.truncate(MAX_CANDIDATES);
    best
}

/// Scores a candidate span: the quote's similarity as given, the context's measured here.
fn candidate(chars: &[char], query: &Query, span: CpSpan, quote: f64) -> Candidate {
    let prefix = match query.prefix {
        // Unchanged context, the common case, is compared directly.
        Some(p) if p.chars().rev().eq(chars[..span.start_cp()].iter().rev().take(p.chars().count()).copied()) => 1.0,
        Some(p) if !p.is_empty() => {
            let pattern: Vec<char> = p.chars().rev().collect();
            let from = span.start_cp().saturating_sub(pattern.len() * 2);
            similarity(&pattern, chars[from..span.start_cp()].iter().rev().copied())
        }
        // An empty prefix says the passage opened the text.
        Some(_) if span.start_cp() == 0 => 1.0,
        _ => 0.5,
    };
    let suffix = match query.suffix {
        Some(s) if s.chars().eq(chars[span.end_cp().min(chars.len())..].iter().take(s.chars().count()).copied()) => 1.0,
        Some(s) if !s.is_empty() => {
            let pattern: Vec<char> = s.chars().collect();
            let to = (span.end_cp() + pattern.len() * 2).min(chars.len());
            similarity(&pattern, chars[span.end_cp().min(to)..to].iter().copied())
        }
        Some(_) if span.end_cp() == chars.len() => 1.0,
        _ => 0.5,
    };
    let position = match query.position {
        // A position from a file may lie anywhere, past the end too: the term stays in 0..=1.
        Some(old) => (1.0 - (old.start_cp().abs_diff(span.start_cp()) as f64 / chars.len().max(1) as f64)).max(0.0),
        None => 0.5,
    };
    let raw = QUOTE_WEIGHT * quote + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix + POSITION_WEIGHT * position;
    Candidate {
        span,
        quote,
        prefix,
        suffix,
        score: raw / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT),
    }
}

/// 1 - edits / length between `pattern` and the best-aligned start of `text`.
fn similarity(pattern: &[char], text: impl Iterator<Item = char>) -> f64 {
    let (errors, _) = Pattern::new(pattern).anchored_distance(text);
    1.0 - errors as f64 / pattern.len() as f64
}
