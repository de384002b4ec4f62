//! Inputs the fuzz targets (fuzz/fuzz_targets, run by scripts/fuzz) found to break the core, each
//! fed through the path its target takes. The saved inputs are under fuzz/regressions/<target>/
//! (`cargo +nightly fuzz run <target> fuzz/regressions/<target>/<name>` replays one in the
//! target itself).

use std::rc::Rc;

use newsmark::anchor::{self, Query, State};
use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::article::{markdown, Article};
use newsmark::library::records::{self, HistoryV2, IndexV2, TextV2};
use newsmark::library::{Library, Memory, Storage};
use newsmark::saved::ArticleSourceV1;
use newsmark::text::CpSpan;
use newsmark::workspace::Workspace;

fn now() -> Timestamp {
    Timestamp::parse("2026-11-26T10:00:00Z").unwrap()
}

/// text_intake (and html_extract): a title whose words add up to 60 characters or fewer, but
/// with the hyphens between them to more (`Article::slug` counted only the words). It promises
/// at most 60.
#[test]
fn text_intake_slug_is_at_most_60_characters() {
    let input = String::from_utf8_lossy(include_bytes!("../fuzz/regressions/text_intake/slug-over-60-chars"));
    for article in [Article::from_plain_text(&input), markdown::to_article(&input)] {
        let slug = article.slug();
        assert!(slug.chars().count() <= 60, "{slug:?} is {} characters", slug.chars().count());
    }
    // The same, readable: two words of 30 letters.
    let title = format!("{} {}\n\nBody.", "a".repeat(30), "b".repeat(30));
    let slug = Article::from_plain_text(&title).slug();
    assert!(slug.chars().count() <= 60, "{slug:?} is {} characters", slug.chars().count());
}

/// anchoring (fuzz/regressions/anchoring/score-below-zero): a TextPositionSelector past the end
/// of the text gave the found passage a score below 0, though `Anchor::score` is normalised to
/// 0..=1: the position term of a candidate's score was not bounded.
#[test]
fn anchoring_score_stays_within_0_1_for_a_position_past_the_end() {
    let article = Article::from_canonical("the");
    let text = article.text();
    for start in [819, 1 << 40, usize::MAX] {
        let query =
            Query { exact: "the", prefix: Some(""), suffix: Some(""), position: CpSpan::new(start, usize::MAX) };
        let found = anchor::anchor(text, &query, None);
        assert_eq!((found.state, found.span), (State::Moved, CpSpan::new(0, 3)), "{start}");
        assert!((0.0..=1.0).contains(&found.score), "position {start}: score {}", found.score);
    }
    // What an unbounded term does: near 2^64 it swamps the quote and context terms in the
    // float's precision, and a passage its context places was reported ambiguous.
    let article = Article::from_canonical("one cat two. three cat four. five cat six.");
    for position in [None, CpSpan::new(1000, 1003), CpSpan::new(usize::MAX - 3, usize::MAX)] {
        let query = Query { exact: "cat", prefix: Some("one "), suffix: Some(" two"), position };
        let found = anchor::anchor(article.text(), &query, None);
        assert_eq!((found.state, found.span), (State::Moved, CpSpan::new(4, 7)), "{position:?}");
        assert!((0.0..=1.0).contains(&found.score), "{position:?}: score {}", found.score);
    }
}

const KEY: &str = "url:https://example.org/news/1";
const TEXT: &str = "Council votes on the budget\n\nThe council voted on Tuesday to approve the budget.";

/// saved_records (fuzz/regressions/saved_records/index-revision-max): a stored index at revision
/// 2^64-1; opening any article raises it by one (`Library::update_index`), which overflowed.
#[test]
fn saved_records_index_revision_at_u64_max() {
    let memory = Rc::new(Memory::new());
    let index = IndexV2 { version: records::VERSION, revision: u64::MAX, ..IndexV2::default() };
    memory.set("newsmark:index", &records::write(&index)).unwrap();
    let article = Article::from_canonical(TEXT);
    let source = ArticleSourceV1::of(&article);
    let ws = Workspace::open(Rc::clone(&memory), KEY, article, Some(&source), "t", &now());
    assert!(ws.read_only().is_none());
    assert!(Library::open(Rc::clone(&memory)).list().iter().any(|l| l.entry.key == KEY));
}

/// saved_records (fuzz/regressions/saved_records/text-revision-max): a stored article text at
/// revision 2^64-1; opening that article keeps its text again one revision up
/// (`Library::keep`), which overflowed.
#[test]
fn saved_records_text_revision_at_u64_max() {
    let memory = Rc::new(Memory::new());
    let article = Article::from_canonical(TEXT);
    let source = ArticleSourceV1::of(&article);
    let text = TextV2 { version: records::VERSION, revision: u64::MAX, source: source.clone() };
    memory.set(&format!("newsmark:text:{KEY}"), &records::write(&text)).unwrap();
    let library = Library::open(Rc::clone(&memory));
    let stored = library.source(KEY).unwrap().expect("stored");
    let ws = Workspace::open(Rc::clone(&memory), KEY, stored.to_article(), Some(&stored), "t", &now());
    assert_eq!(ws.session().article().text().as_str(), article.text().as_str());
}

/// saved_records (fuzz/regressions/saved_records/history-revision-max): an undo log stored at
/// revision 2^64-1; the next step's name counts on from it (`Workspace::next_step_name`), and
/// the log is written one revision up (`Library::write_history`).
#[test]
fn saved_records_history_revision_at_u64_max() {
    let memory = Rc::new(Memory::new());
    let head = HistoryV2 { version: records::VERSION, revision: u64::MAX, next: 7, ..HistoryV2::default() };
    memory.set(&format!("newsmark:history:{KEY}"), &records::write(&head)).unwrap();
    let mut ws = Workspace::open(Rc::clone(&memory), KEY, Article::from_canonical(TEXT), None, "t", &now());
    let id = AnnotationId::parse("urn:x:1").unwrap();
    let tagged = ws.tag(CpSpan::new(0, 7).unwrap(), Tag::Claim, id, &now());
    assert!(tagged.is_ok(), "{tagged:?}");
    assert_eq!(ws.undo_label(), Some("tag"));
    ws.flush();
    assert!(ws.history_error().is_none(), "{:?}", ws.history_error());
}
