//! Anchoring: a random article text and random selectors against it, with absurd positions
//! (0, `usize::MAX`, past the end, reversed, positions in a text of another length), through
//! `anchor::anchor`, the approximate search the benchmark handle exposes, and a session's
//! stepped placing (what the intake module's `Anchorer` drives), to completion. Then annotations
//! made on the text are carried over random edits of it, by the saved format and by W3C export.
#![no_main]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use newsmark::anchor::{self, myers::Pattern, Query, State};
use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::article::Article;
use newsmark::import;
use newsmark::session::{Incoming, Session, STEP_WORK};
use newsmark::text::{CpSpan, Text};

const WORDS: &[&str] = &[
    "the",
    "council",
    "voted",
    "budget",
    "said",
    "U.S.",
    "café",
    "東京",
    "都",
    "👋🏽",
    "e\u{301}",
    "مرحبا",
    "talks",
    "officials",
    "—",
    "AI",
    "race",
    "arms",
    "fears",
    "rise",
    "x",
];
const SEPS: &[&str] = &[" ", ", ", ". ", "\n\n", "\n", " — ", "  ", "\t", "“", "”", "", "\n\n\n"];
const HUGE: &[usize] = &[
    usize::MAX,
    usize::MAX - 1,
    usize::MAX / 2,
    isize::MAX as usize,
    isize::MAX as usize + 1,
    1 << 40,
    u32::MAX as usize,
    u32::MAX as usize + 1,
];

#[derive(Arbitrary, Debug)]
enum Piece {
    Word(u8),
    Sep(u8),
    Own(String),
}

fn build(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Word(i) => s.push_str(WORDS[*i as usize % WORDS.len()]),
            Piece::Sep(i) => s.push_str(SEPS[*i as usize % SEPS.len()]),
            Piece::Own(o) => s.push_str(o),
        }
    }
    s
}

/// A code point position, resolved against a text's length.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Pos {
    Small(u16),
    /// The length plus this (past the end when positive).
    FromEnd(i16),
    Huge(u8),
    Own(usize),
}

impl Pos {
    fn at(self, len: usize) -> usize {
        match self {
            Pos::Small(n) => n as usize,
            Pos::FromEnd(d) => len.saturating_add_signed(d as isize),
            Pos::Huge(i) => HUGE[i as usize % HUGE.len()],
            Pos::Own(n) => n,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Exact {
    /// The text's own passage from `start`, `len` code points long, optionally with one
    /// character changed (so it is found only approximately).
    Slice {
        start: Pos,
        len: u8,
        change: Option<(u8, char)>,
    },
    Own(String),
}

#[derive(Arbitrary, Debug)]
enum Context {
    Absent,
    /// The real context of the passage (when it has one).
    Real,
    Own(String),
}

#[derive(Arbitrary, Debug)]
struct Selectors {
    exact: Exact,
    prefix: Context,
    suffix: Context,
    position: Option<(Pos, Pos)>,
    expected: Option<Pos>,
    /// Positions counted in a text of another length: scaled by this.
    scale: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum Edit {
    Insert { at: Pos, pieces: Vec<Piece> },
    Delete { at: Pos, len: u16 },
    Replace { at: Pos, len: u16, pieces: Vec<Piece> },
}

#[derive(Arbitrary, Debug)]
struct Input {
    text: Vec<Piece>,
    plain: bool,
    selectors: Vec<Selectors>,
    budget: u8,
    max_errors: Option<Pos>,
    /// Passages tagged on the original text, then carried over the edits.
    tags: Vec<(Pos, Pos, u8)>,
    edits: Vec<Edit>,
}

fn time() -> Timestamp {
    Timestamp::parse("2026-11-26T10:00:00.000Z").expect("valid literal")
}

fn id(n: usize) -> AnnotationId {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&(n as u64).to_le_bytes());
    AnnotationId::from_random(bytes)
}

struct Resolved {
    exact: String,
    prefix: Option<String>,
    suffix: Option<String>,
    position: Option<CpSpan>,
    expected: Option<usize>,
}

fn resolve(text: &Text, s: &Selectors) -> Option<Resolved> {
    let len = text.len_cp();
    let (exact, real) = match &s.exact {
        Exact::Slice { start, len: n, change } => {
            let start = start.at(len).min(len);
            let span = CpSpan::new(start, (start + *n as usize).min(len))?;
            let mut exact: Vec<char> = text.slice(span)?.chars().collect();
            if let (Some((at, c)), false) = (change, exact.is_empty()) {
                let at = *at as usize % exact.len();
                exact[at] = *c;
            }
            (exact.into_iter().collect(), Some(span))
        }
        Exact::Own(s) => (s.clone(), None),
    };
    let context = real.and_then(|span| anchor::context(text, span));
    let pick = |c: &Context, real: Option<&String>| match c {
        Context::Absent => None,
        Context::Real => real.cloned(),
        Context::Own(s) => Some(s.clone()),
    };
    let prefix = pick(&s.prefix, context.as_ref().map(|c| &c.0));
    let suffix = pick(&s.suffix, context.as_ref().map(|c| &c.1));
    let scale = |p: usize| match s.scale {
        Some(k) => p.saturating_mul(k as usize) / 16,
        None => p,
    };
    let position = s.position.and_then(|(a, b)| CpSpan::new(scale(a.at(len)), scale(b.at(len))));
    let expected = s.expected.map(|e| e.at(len));
    Some(Resolved { exact, prefix, suffix, position, expected })
}

fn check_anchor(text: &Text, query: &Query, found: &anchor::Anchor) {
    assert_eq!(found.span.is_some(), found.state.is_placed(), "{found:?}");
    if let Some(span) = found.span {
        assert!(span.end_cp() <= text.len_cp(), "{found:?} past the end");
        match found.state {
            State::Exact => {
                assert_eq!(Some(span), query.position);
                assert_eq!(text.slice(span), Some(query.exact));
            }
            State::Moved => assert_eq!(text.slice(span), Some(query.exact)),
            _ => {}
        }
    }
    assert!(!found.score.is_nan());
    assert!((-1e-9..=1.0 + 1e-9).contains(&found.score), "score {} of {found:?}", found.score);
}

/// A session's annotations hold their passages; every queued annotation was settled.
fn check_session(session: &Session, queued: usize) {
    assert_eq!(session.pending(), 0);
    let report = session.report();
    let settled = report.exact + report.moved + report.fuzzy + report.ambiguous + report.orphan;
    assert_eq!(settled, queued, "{report:?}");
    let text = session.article().text();
    for a in session.store().iter() {
        assert_eq!(text.slice(a.span), Some(a.quote.as_str()), "{a:?}");
    }
    for u in session.unplaced() {
        assert!(matches!(u.state, State::Orphan | State::Ambiguous));
    }
}

fn place(session: &mut Session, budget: usize) {
    while !session.place_step(budget) {}
}

/// Restoring a session's own save on the same text puts every placed annotation back where it
/// was.
fn check_save_restores(session: &Session) {
    let mut again = Session::new(session.article().clone());
    let problems = again.restore(&session.to_saved_json()).expect("own save reads");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(again.pending(), 0, "a placed annotation was queued again");
    let spans = |s: &Session| s.store().iter().map(|a| (a.id.clone(), a.span)).collect::<Vec<_>>();
    assert_eq!(spans(&again), spans(session));
    assert_eq!(again.unplaced().len(), session.unplaced().len());
}

fn apply(edits: &[Edit], text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len();
        match e {
            Edit::Insert { at, pieces } => {
                let at = at.at(len).min(len);
                chars.splice(at..at, build(pieces).chars());
            }
            Edit::Delete { at, len: n } | Edit::Replace { at, len: n, .. } => {
                let at = at.at(len).min(len);
                let end = at.saturating_add(*n as usize).min(len);
                let with = match e {
                    Edit::Replace { pieces, .. } => build(pieces),
                    _ => String::new(),
                };
                chars.splice(at..end, with.chars());
            }
        }
    }
    chars.into_iter().collect()
}

fn run(input: Input) {
    let raw = build(&input.text);
    let make = |s: &str| if input.plain { Article::from_plain_text(s) } else { Article::from_canonical(s) };
    let article = make(&raw);
    let text = article.text();
    let budget = match input.budget % 4 {
        0 => 1,
        1 => 1_000,
        2 => 100_000,
        _ => STEP_WORK,
    };

    // 1. Selectors against the text, one by one.
    let resolved: Vec<Resolved> = input.selectors.iter().take(32).filter_map(|s| resolve(text, s)).collect();
    for r in &resolved {
        let query =
            Query { exact: &r.exact, prefix: r.prefix.as_deref(), suffix: r.suffix.as_deref(), position: r.position };
        let found = anchor::anchor(text, &query, r.expected);
        check_anchor(text, &query, &found);
        // The benchmark handle's search, with the budget anchoring uses or any other.
        let quote: Vec<char> = r.exact.chars().collect();
        let max_errors = input.max_errors.map_or(anchor::search_budget(quote.len()), |m| m.at(quote.len()));
        for (span, _errors) in anchor::approximate_matches(text.chars(), &Pattern::new(&quote), &quote, max_errors) {
            assert!(span.end_cp() <= text.len_cp());
        }
        if let Some(p) = r.position {
            if let Some(d) = anchor::describe(text, p) {
                assert_eq!(text.slice(d.position), Some(d.quote.exact.as_str()));
            }
        }
    }

    // 2. The same selectors queued in a session and placed in steps.
    let mut session = Session::new(article.clone());
    let incoming: Vec<Incoming> = resolved
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.exact.is_empty())
        .map(|(i, r)| Incoming {
            id: id(i),
            exact: r.exact.clone(),
            prefix: r.prefix.clone(),
            suffix: r.suffix.clone(),
            position: r.position,
            tag: Tag::OURS[i % 3].clone(),
            extra_tags: Vec::new(),
            note: String::new(),
            created: time(),
            modified: time(),
            review: false,
        })
        .collect();
    let queued = session.enqueue(incoming).len();
    place(&mut session, budget);
    check_session(&session, queued);
    check_save_restores(&session);
    let _ = (session.export_w3c(), session.export_page(), session.export_csv(), session.export_jsonl());

    // 3. Passages tagged on the text, then the text edited.
    let mut original = Session::new(article.clone());
    for (n, (a, b, tag)) in input.tags.iter().take(16).enumerate() {
        let (a, b) = (a.at(text.len_cp()), b.at(text.len_cp()));
        let Some(selection) = CpSpan::new(a, b) else { continue };
        if let Ok(tagged) = original.tag(selection, Tag::OURS[*tag as usize % 3].clone(), id(1000 + n), time()) {
            let a = original.store().get(&tagged.id).expect("tagged");
            assert_eq!(text.slice(a.span), Some(a.quote.as_str()));
        }
    }
    let saved = original.to_saved_json();
    let w3c = original.export_w3c();
    let edited = make(&apply(&input.edits, &raw));
    let mut carried = Session::new(edited.clone());
    let problems = carried.restore(&saved).expect("own save reads");
    assert!(problems.is_empty(), "{problems:?}");
    let queued = carried.pending();
    place(&mut carried, budget);
    check_session(&carried, queued);
    check_save_restores(&carried);
    let _ = carried.export_page();

    let imported = import::parse(&w3c, &time()).expect("own export reads");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(imported.annotations.len(), original.store().len());
    let mut by_import = Session::new(edited);
    let queued = by_import.enqueue(imported.annotations).len();
    place(&mut by_import, budget);
    check_session(&by_import, queued);
}

fuzz_target!(|data: &[u8]| {
    let u = Unstructured::new(data);
    if let Ok(input) = Input::arbitrary_take_rest(u) {
        common::show(&input);
        run(input);
    }
});
