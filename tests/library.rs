//! The library and the workspace on an in-memory store and on one that fails on purpose: two
//! tabs, undo and redo across reloads, storage faults, records of other versions.

mod common;

use std::rc::Rc;

use common::{time, Faulty};
use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::article::Article;
use newsmark::library::{Fault, Library, Memory, Storage};
use newsmark::saved::ArticleSourceV1;
use newsmark::text::CpSpan;
use newsmark::workspace::Workspace;
use proptest::prelude::*;

const TEXT: &str = "A headline\n\nThe minister said the plan would cut costs. Critics accused him of hiding the bill. \
                    It is a reckless gamble, and voters deserve better. Officials declined to comment.";
const KEY: &str = "article:test";

type Store = Rc<Faulty>;

fn article() -> Article {
    Article::from_plain_text(TEXT)
}

fn open(store: &Store, tab: &str) -> Workspace<Store> {
    let article = article();
    let source = ArticleSourceV1::of(&article);
    Workspace::open(store.clone(), KEY, article, Some(&source), tab, &now(0))
}

fn now(seconds: u32) -> Timestamp {
    time(&format!("2026-12-01T10:{:02}:{:02}.000Z", seconds / 60, seconds % 60))
}

fn span_of(phrase: &str) -> CpSpan {
    let at = TEXT.find(phrase).unwrap_or_else(|| panic!("{phrase:?} is in the text"));
    // The plain-text article keeps the text as written; the headline is its own block.
    let text = article();
    let at = text.text().as_str().find(phrase).map(|b| text.text().cp_of_byte(b).unwrap()).unwrap_or(at);
    CpSpan::new(at, at + phrase.chars().count()).unwrap()
}

/// Two tabs open on one article, after the first tagged a passage (which the second sees).
fn two_tabs_on_one_annotation() -> (Store, Workspace<Store>, Workspace<Store>, AnnotationId) {
    let store = Store::default();
    let mut a = open(&store, "a");
    let first = tag(&mut a, "the plan would cut costs", Tag::Claim, 1, 1);
    let b = open(&store, "b");
    (store, a, b, first)
}

/// The storage key of an annotation's record.
fn record_key(store: &Store, id: &AnnotationId) -> String {
    store.inner.keys().unwrap().into_iter().find(|k| k.ends_with(id.as_str())).expect("the annotation is stored")
}

/// What the browser's storage event tells a tab: every key changed.
fn sync_all(store: &Store, ws: &mut Workspace<Store>) {
    for k in store.inner.keys().unwrap() {
        ws.sync(&k);
    }
}

fn id(n: u8) -> AnnotationId {
    AnnotationId::from_random([n; 16])
}

fn tag(ws: &mut Workspace<Store>, phrase: &str, tag: Tag, n: u8, at: u32) -> AnnotationId {
    ws.tag(span_of(phrase), tag, id(n), &now(at)).unwrap().id
}

/// Quotes and notes of the placed annotations, in text order.
fn placed(ws: &Workspace<Store>) -> Vec<(String, String, String)> {
    ws.session().store().iter().map(|a| (a.quote.clone(), a.tag.as_str().to_string(), a.note.clone())).collect()
}

#[test]
fn two_tabs_keep_both_annotations_and_see_each_other() {
    let store = Store::default();
    let mut a = open(&store, "a");
    let mut b = open(&store, "b");
    tag(&mut a, "the plan would cut costs", Tag::Claim, 1, 1);
    tag(&mut b, "reckless gamble", Tag::Opinion, 2, 2);
    assert_eq!(a.save_fault(), None);
    assert_eq!(b.save_fault(), None);

    sync_all(&store, &mut b);
    assert_eq!(placed(&b).len(), 2, "b sees a's annotation without a reload");

    let reloaded = open(&store, "c");
    let quotes: Vec<String> = placed(&reloaded).into_iter().map(|p| p.0).collect();
    assert_eq!(quotes, ["the plan would cut costs", "reckless gamble"], "neither overwrote the other");
}

#[test]
fn the_same_annotation_edited_in_two_tabs_keeps_the_later_change_and_says_so() {
    let (store, mut a, mut b, first) = two_tabs_on_one_annotation();
    a.edit(&first, None, Some("from a"), &now(2), false).unwrap();
    // b has not heard of a's change yet, and edits too, later.
    b.edit(&first, None, Some("from b"), &now(3), false).unwrap();
    assert!(b.take_conflicts().is_empty(), "b's change is the later one: it is written");
    for k in store.inner.keys().unwrap() {
        let synced = a.sync(&k);
        if synced.annotations {
            assert!(synced.conflicts.is_empty(), "a had saved its change: b's simply comes after");
        }
    }
    assert_eq!(placed(&a)[0].2, "from b");

    // Now the other way: a types without saving, b saves later; a's unsaved note gives way.
    a.edit(&first, None, Some("a again"), &now(4), true).unwrap();
    b.edit(&first, None, Some("b again"), &now(5), false).unwrap();
    let key = record_key(&store, &first);
    let synced = a.sync(&key);
    assert_eq!(synced.conflicts.len(), 1, "{synced:?}");
    assert!(synced.conflicts[0].contains("changed in another tab too"), "{:?}", synced.conflicts);
    assert_eq!(placed(&a)[0].2, "b again");
}

#[test]
fn a_tab_writing_an_older_change_after_a_newer_one_loses_it_and_is_told() {
    let (store, mut a, mut b, first) = two_tabs_on_one_annotation();
    b.edit(&first, None, Some("b, later"), &now(9), false).unwrap();
    // a's change carries an earlier time (its clock is behind): the later one stays.
    a.edit(&first, None, Some("a, earlier"), &now(5), false).unwrap();
    let conflicts = a.take_conflicts();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(placed(&a)[0].2, "b, later", "a shows what was kept");
    assert_eq!(placed(&open(&store, "c"))[0].2, "b, later");
}

#[test]
fn undo_and_redo_every_kind_of_change_also_after_a_reload() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    let first = tag(&mut ws, "the plan would cut costs", Tag::Claim, 1, 1);
    ws.edit(&first, None, Some("c"), &now(2), true).unwrap();
    ws.edit(&first, None, Some("ch"), &now(2), true).unwrap();
    ws.edit(&first, None, Some("check"), &now(3), true).unwrap();
    ws.flush();
    ws.end_burst();
    ws.edit(&first, Some(Tag::Accusation), None, &now(4), false).unwrap();
    ws.remove(&first, &now(5)).unwrap();
    assert!(placed(&ws).is_empty());
    assert_eq!(ws.undo_label(), Some("delete"));

    // Reload: the log was saved with the article.
    let mut ws = open(&store, "b");
    assert_eq!(ws.undo(&now(6)).unwrap().as_deref(), Some("delete"));
    assert_eq!(
        placed(&ws),
        [("the plan would cut costs".into(), "accusation".into(), "check".into())],
        "the note is back"
    );
    assert_eq!(ws.undo(&now(7)).unwrap().as_deref(), Some("retag"));
    assert_eq!(placed(&ws)[0].1, "claim");
    assert_eq!(ws.undo(&now(8)).unwrap().as_deref(), Some("note"), "the typing burst is one step");
    assert_eq!(placed(&ws)[0].2, "");
    assert_eq!(ws.undo(&now(9)).unwrap().as_deref(), Some("tag"));
    assert!(placed(&ws).is_empty());
    assert_eq!(ws.undo(&now(9)).unwrap(), None, "nothing more to undo");

    let mut ws = open(&store, "c");
    assert_eq!(ws.redo_label(), Some("tag"), "redo survives a reload too");
    for label in ["tag", "note", "retag", "delete"] {
        assert_eq!(ws.redo(&now(10)).unwrap().as_deref(), Some(label));
    }
    assert!(placed(&ws).is_empty());
    ws.undo(&now(11)).unwrap();
    // A new change after an undo drops what could have been redone.
    tag(&mut ws, "reckless gamble", Tag::Opinion, 2, 12);
    assert_eq!(ws.redo_label(), None);
    assert_eq!(placed(&open(&store, "d")).len(), 2);
}

#[test]
fn an_import_is_one_step_and_unplaced_annotations_are_undone_too() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    let file = r#"{"version":1,"article":"","annotations":[
        {"id":"urn:uuid:1","quote":"accused him of hiding","tag":"accusation","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z"},
        {"id":"urn:uuid:2","quote":"a sentence that is not in this article at all","tag":"claim","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z"}]}"#;
    assert_eq!(ws.enqueue(file, &now(1)).unwrap(), 2);
    // As the page does it: anchored by the intake module's own session, then adopted.
    let mut anchorer = newsmark::session::Session::new(Article::from_canonical(ws.session().article().text().as_str()));
    anchorer.enqueue_saved(&ws.session().pending_json()).unwrap();
    anchorer.place_all();
    ws.adopt(&anchorer.to_saved_json(), &now(1)).unwrap();
    assert_eq!((ws.session().store().len(), ws.session().unplaced().len()), (1, 1));
    let export = ws.session().export_w3c();
    assert!(export.contains("\"newsmark:anchoring\": \"orphan\""), "the orphan is exported with its state: {export}");
    assert!(export.contains("a sentence that is not in this article"));

    let mut reloaded = open(&store, "b");
    assert_eq!((reloaded.session().store().len(), reloaded.session().unplaced().len()), (1, 1));
    assert_eq!(reloaded.undo(&now(2)).unwrap().as_deref(), Some("import"));
    assert_eq!((reloaded.session().store().len(), reloaded.session().unplaced().len()), (0, 0));
    let again = open(&store, "c");
    assert_eq!((again.session().store().len(), again.session().unplaced().len()), (0, 0), "undo was saved");
}

#[test]
fn typing_a_note_writes_one_record_whatever_the_number_of_annotations() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    let words: Vec<&str> = ["minister", "plan", "costs", "Critics", "bill", "reckless", "voters", "Officials"].into();
    for (n, w) in words.iter().enumerate() {
        tag(&mut ws, w, Tag::Claim, n as u8 + 1, 1);
    }
    let note_on = id(1);
    ws.edit(&note_on, None, Some("x"), &now(2), true).unwrap();
    let before = store.writes.get();
    ws.edit(&note_on, None, Some("xy"), &now(2), true).unwrap();
    assert_eq!(store.writes.get(), before, "a deferred keystroke writes nothing");
    ws.flush();
    // The annotation, its undo step (new: the burst began) and the log's head.
    assert_eq!(store.writes.get() - before, 3);
}

#[test]
fn a_write_that_fails_at_any_point_loses_nothing() {
    // For each point at which writes start failing: the change stays in memory, what was
    // stored before stays readable, and the next save after the fault ends stores it all.
    for fail_at in 0..8 {
        let store = Store::default();
        let mut ws = open(&store, "a");
        let first = tag(&mut ws, "the plan would cut costs", Tag::Claim, 1, 1);
        ws.edit(&first, None, Some("kept"), &now(2), false).unwrap();
        store.fail_after(fail_at, Fault::Full);
        let second = tag(&mut ws, "reckless gamble", Tag::Opinion, 2, 3);
        ws.remove(&first, &now(4)).unwrap();
        // An annotation's write failing is a save error; the undo log's, a lesser one.
        let failed = ws.save_fault().is_some() || ws.history_error().is_some();
        assert_eq!(placed(&ws).len(), 1, "fail_at {fail_at}: memory holds the changes");
        // Whatever got through, a reload finds a consistent earlier or later state.
        let seen = open(&store, "x");
        let quotes: Vec<String> = placed(&seen).into_iter().map(|p| p.0).collect();
        assert!(
            quotes.contains(&"the plan would cut costs".to_string()) || quotes == ["reckless gamble"],
            "fail_at {fail_at}: {quotes:?}"
        );
        store.heal();
        ws.flush();
        assert_eq!(ws.save_fault(), None);
        if ws.history_error().is_some() {
            // The log is written again with the next change.
            ws.edit(&second, None, Some("again"), &now(6), false).unwrap();
            assert_eq!(ws.history_error(), None, "fail_at {fail_at}");
        }
        assert!(failed || fail_at > 5, "fail_at {fail_at}: the failure was reported");
        let reloaded = open(&store, "y");
        assert_eq!(
            placed(&reloaded),
            [("reckless gamble".into(), "opinion".into(), String::new())],
            "fail_at {fail_at}"
        );
        assert!(reloaded.session().store().get(&second).is_some());
    }
}

#[test]
fn a_newer_versions_record_opens_read_only_and_is_never_overwritten() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    let first = tag(&mut ws, "the plan would cut costs", Tag::Claim, 1, 1);
    let key = record_key(&store, &first);
    let newer = r#"{"version":99,"revision":7,"something":"new"}"#;
    store.inner.set(&key, newer).unwrap();
    let mut ws = open(&store, "b");
    assert!(ws.read_only().is_some_and(|why| why.contains("newer newsmark")), "{:?}", ws.read_only());
    let refused = ws.tag(span_of("reckless gamble"), Tag::Opinion, id(2), &now(2));
    assert!(refused.is_err());
    ws.flush();
    assert_eq!(store.inner.get(&key).unwrap().as_deref(), Some(newer), "left as the newer version wrote it");
}

#[test]
fn a_damaged_record_is_kept_aside_and_reported() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    let first = tag(&mut ws, "the plan would cut costs", Tag::Claim, 1, 1);
    tag(&mut ws, "reckless gamble", Tag::Opinion, 2, 1);
    let key = record_key(&store, &first);
    store.inner.set(&key, "{\"version\":2,\"revis").unwrap();
    let mut ws = open(&store, "b");
    let problems = ws.take_problems();
    assert!(problems.iter().any(|p| p.contains("damaged") && p.contains("kept aside")), "{problems:?}");
    assert_eq!(placed(&ws).len(), 1, "the readable one opens");
    let library = Library::open(store.clone());
    assert_eq!(library.damaged().len(), 1, "offered as a download");
    assert_eq!(library.damaged()[0].1, "{\"version\":2,\"revis");
}

#[test]
fn a_damaged_index_is_kept_aside_and_rebuilt() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    tag(&mut ws, "reckless gamble", Tag::Opinion, 2, 1);
    store.inner.set("newsmark:index", "not json").unwrap();
    let library = Library::open(store.clone());
    let listed = library.list();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].entry.title.as_deref(), Some("A headline"));
    assert_eq!(listed[0].annotations, 1);
    assert_eq!(library.damaged(), [("newsmark:index".to_string(), "not json".to_string())]);
}

#[test]
fn deleting_an_article_keeps_it_until_purged() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    tag(&mut ws, "reckless gamble", Tag::Opinion, 2, 1);
    let library = Library::open(store.clone());
    library.delete(KEY, "2026-12-01T11:00:00Z").unwrap();
    assert!(library.list()[0].entry.deleted.is_some());
    assert_eq!(library.current(), None);
    library.undelete(KEY).unwrap();
    assert_eq!(library.list()[0].entry.deleted, None);
    assert_eq!(library.list()[0].annotations, 1);
    library.rename(KEY, "  My article ").unwrap();
    assert_eq!(library.list()[0].entry.name.as_deref(), Some("My article"));
    library.delete(KEY, "2026-12-01T11:00:00Z").unwrap();
    library.purge(KEY).unwrap();
    assert!(library.list().is_empty());
    let left: Vec<String> = store.inner.keys().unwrap().into_iter().filter(|k| k != "newsmark:index").collect();
    assert!(left.is_empty(), "nothing of it is left: {left:?}");
}

/// Version 1's storage, as a reader's browser holds it: one record per article with all its
/// annotations, the article's text, the library list and the current article.
const V1_ARTICLE: &str = r#"{"version":1,"article":"FINGERPRINT","annotations":[{"id":"urn:uuid:0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a","start_cp":SPAN_START,"end_cp":SPAN_END,"quote":"reckless gamble","prefix":"","suffix":"","tag":"opinion","note":"says who?","created":"2026-11-26T10:00:00.000Z","modified":"2026-11-26T10:00:00.000Z"},{"id":"urn:uuid:2","quote":"gone from the text","tag":"claim","created":"2026-11-26T10:00:00.000Z","modified":"2026-11-26T10:00:00.000Z","unplaced":"orphan"}]}"#;

#[test]
fn version_1_data_is_migrated_and_nothing_is_lost() {
    let store = Store::default();
    let article = article();
    let span = span_of("reckless gamble");
    let v1 = V1_ARTICLE
        .replace("FINGERPRINT", &article.fingerprint())
        .replace("SPAN_START", &span.start_cp().to_string())
        .replace("SPAN_END", &span.end_cp().to_string());
    store.inner.set(&format!("newsmark:article:{KEY}"), &v1).unwrap();
    store.inner.set(&format!("newsmark:source:{KEY}"), &ArticleSourceV1::of(&article).to_json()).unwrap();
    store.inner.set("newsmark:article:other", "{broken").unwrap();
    store
        .inner
        .set(
            "newsmark:library",
            &format!(r#"[{{"key":"{KEY}","title":"A headline","name":"Mine","opened":"2026-11-26T10:00:00.000Z"}}]"#),
        )
        .unwrap();
    store.inner.set("newsmark:current", KEY).unwrap();

    let library = Library::open(store.clone());
    assert!(library.needs_migration());
    let problems = library.migrate("2026-12-01T00:00:00Z");
    assert!(!library.needs_migration(), "once");
    assert!(problems.iter().any(|p| p.contains("other") && p.contains("kept aside")), "{problems:?}");
    assert_eq!(library.current().as_deref(), Some(KEY));
    let mine = library.list().into_iter().find(|l| l.entry.key == KEY).unwrap();
    assert_eq!((mine.entry.name.as_deref(), mine.annotations, mine.has_text), (Some("Mine"), 2, true));
    assert!(
        store.inner.get(&format!("newsmark:article:{KEY}")).unwrap().is_none(),
        "the old record went once carried over"
    );
    assert_eq!(library.damaged(), [("newsmark:article:other".to_string(), "{broken".to_string())]);

    let ws = Workspace::open(store.clone(), KEY, article, None, "a", &now(0));
    assert_eq!(placed(&ws), [("reckless gamble".into(), "opinion".into(), "says who?".into())]);
    assert_eq!(ws.session().unplaced().len(), 1, "the orphan too");
}

#[test]
fn a_migration_cut_short_by_a_full_storage_goes_on_next_time() {
    for fail_at in 0..5 {
        let store = Store::default();
        let article = article();
        let span = span_of("reckless gamble");
        let v1 = V1_ARTICLE
            .replace("FINGERPRINT", &article.fingerprint())
            .replace("SPAN_START", &span.start_cp().to_string())
            .replace("SPAN_END", &span.end_cp().to_string());
        store.inner.set(&format!("newsmark:article:{KEY}"), &v1).unwrap();
        store.inner.set(&format!("newsmark:source:{KEY}"), &ArticleSourceV1::of(&article).to_json()).unwrap();
        let library = Library::open(store.clone());
        store.fail_after(fail_at, Fault::Full);
        library.migrate("2026-12-01T00:00:00Z");
        store.heal();
        assert!(library.needs_migration() || fail_at >= 4, "fail_at {fail_at}: what is left is seen");
        library.migrate("2026-12-01T00:00:01Z");
        assert!(!library.needs_migration(), "fail_at {fail_at}");
        let ws = Workspace::open(store.clone(), KEY, article, None, "a", &now(0));
        assert_eq!(placed(&ws).len(), 1, "fail_at {fail_at}");
        assert_eq!(ws.session().unplaced().len(), 1, "fail_at {fail_at}: the orphan too");
    }
}

#[test]
fn storage_that_refuses_everything_still_lets_the_reader_work() {
    let store = Store::default();
    store.fail_after(0, Fault::Unavailable("SecurityError".into()));
    let mut ws = open(&store, "a");
    assert!(ws.take_problems().iter().any(|p| p.contains("cannot be kept")));
    let first = tag(&mut ws, "reckless gamble", Tag::Opinion, 2, 1);
    assert!(ws.save_fault().is_some());
    assert!(ws.unsaved());
    ws.remove(&first, &now(2)).unwrap();
    ws.undo(&now(3)).unwrap();
    assert_eq!(placed(&ws).len(), 1, "undo works in memory");
}

#[test]
fn memory_is_a_store() {
    let memory = Memory::new();
    memory.set("k", "v").unwrap();
    assert_eq!(memory.get("k").unwrap().as_deref(), Some("v"));
    memory.remove("k").unwrap();
    assert!(memory.is_empty());
}

/// What one tab does in the property test below.
#[derive(Clone, Debug)]
enum Act {
    Tag(usize),
    Note(usize),
    Delete(usize),
    Sync,
}

const PHRASES: [&str; 6] = ["minister", "plan", "Critics", "reckless", "voters", "Officials"];

fn act() -> impl Strategy<Value = (bool, Act)> {
    let one = prop_oneof![
        (0..6usize).prop_map(Act::Tag),
        (0..6usize).prop_map(Act::Note),
        (0..6usize).prop_map(Act::Delete),
        Just(Act::Sync),
    ];
    (any::<bool>(), one)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any interleaving of two tabs' changes keeps every annotation that neither deleted.
    #[test]
    fn two_tabs_never_lose_what_neither_deleted(acts in proptest::collection::vec(act(), 1..40)) {
        let store = Store::default();
        let mut tabs = [open(&store, "a"), open(&store, "b")];
        let mut made = std::collections::BTreeSet::new();
        let mut deleted = std::collections::BTreeSet::new();
        for (t, (second, act)) in acts.into_iter().enumerate() {
            let ws = &mut tabs[usize::from(second)];
            let at = now(t as u32 + 1);
            match act {
                Act::Tag(p) => {
                    // Each phrase has one id, whichever tab makes it.
                    if let Ok(tagged) = ws.tag(span_of(PHRASES[p]), Tag::Claim, id(p as u8 + 1), &at) {
                        if tagged.new { made.insert(p); deleted.remove(&p); }
                    }
                }
                Act::Note(p) => { let _ = ws.edit(&id(p as u8 + 1), None, Some(&format!("note {t}")), &at, false); }
                Act::Delete(p) => { if ws.remove(&id(p as u8 + 1), &at).is_ok() { deleted.insert(p); } }
                Act::Sync => {
                    sync_all(&store, ws);
                }
            }
        }
        let reloaded = open(&store, "c");
        for p in made.difference(&deleted) {
            prop_assert!(reloaded.session().store().get(&id(*p as u8 + 1)).is_some(), "{} is kept", PHRASES[*p]);
        }
    }
}

#[test]
fn a_note_typed_later_than_the_other_tabs_change_is_kept_and_said() {
    let (store, mut a, mut b, first) = two_tabs_on_one_annotation();
    b.edit(&first, Some(Tag::Opinion), None, &now(2), false).unwrap();
    // a types a note later, not yet written, then hears of b's change.
    a.edit(&first, None, Some("typed in a"), &now(3), true).unwrap();
    let key = record_key(&store, &first);
    let synced = a.sync(&key);
    assert_eq!(synced.conflicts.len(), 1);
    assert!(synced.conflicts[0].contains("both changes are kept"), "{:?}", synced.conflicts);
    assert_eq!(placed(&a)[0].2, "typed in a", "the note being typed stays");
    assert_eq!(placed(&a)[0].1, "opinion", "and b's retag too");
    a.flush();
    assert_eq!(
        placed(&open(&store, "c"))[0],
        ("the plan would cut costs".into(), "opinion".into(), "typed in a".into())
    );
}

#[test]
fn the_same_part_changed_in_two_tabs_keeps_the_later_and_says_so() {
    let (store, mut a, mut b, first) = two_tabs_on_one_annotation();
    b.edit(&first, Some(Tag::Opinion), None, &now(2), false).unwrap();
    a.edit(&first, None, Some("typed in a"), &now(3), true).unwrap();
    // a also retags, later than b: the tags clash, a's is later.
    a.edit(&first, Some(Tag::Accusation), None, &now(4), true).unwrap();
    let key = record_key(&store, &first);
    let synced = a.sync(&key);
    assert!(synced.conflicts[0].contains("your change here is later"), "{:?}", synced.conflicts);
    a.flush();
    assert_eq!(
        placed(&open(&store, "c"))[0],
        ("the plan would cut costs".into(), "accusation".into(), "typed in a".into())
    );
}

#[test]
fn a_retag_in_one_tab_and_a_note_in_the_other_both_stay_when_written() {
    let (store, mut a, mut b, first) = two_tabs_on_one_annotation();
    b.edit(&first, Some(Tag::Opinion), None, &now(2), false).unwrap();
    // a has not heard of it and writes its note, later: both stay.
    a.edit(&first, None, Some("from a"), &now(3), false).unwrap();
    let conflicts = a.take_conflicts();
    assert!(conflicts[0].contains("both changes are kept"), "{conflicts:?}");
    assert_eq!(placed(&a)[0], ("the plan would cut costs".into(), "opinion".into(), "from a".into()));
    assert_eq!(placed(&open(&store, "c"))[0], ("the plan would cut costs".into(), "opinion".into(), "from a".into()));
}

#[test]
fn an_import_undone_while_it_is_anchored_stays_undone() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    let file = r#"{"version":1,"article":"","annotations":[
        {"id":"urn:uuid:1","quote":"accused him of hiding","tag":"accusation","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z"}]}"#;
    ws.enqueue(file, &now(1)).unwrap();
    let pending = ws.session().pending_json();
    ws.undo(&now(2)).unwrap();
    // The intake module's anchoring finishes after the undo.
    let mut anchorer = newsmark::session::Session::new(Article::from_canonical(ws.session().article().text().as_str()));
    anchorer.enqueue_saved(&pending).unwrap();
    anchorer.place_all();
    ws.adopt(&anchorer.to_saved_json(), &now(3)).unwrap();
    assert!(ws.session().store().is_empty(), "the undone import does not come back");
    assert!(open(&store, "b").session().store().is_empty());
}

#[test]
fn one_unreadable_record_does_not_stop_the_others_being_saved() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    let first = tag(&mut ws, "the plan would cut costs", Tag::Claim, 1, 1);
    let second = tag(&mut ws, "reckless gamble", Tag::Opinion, 2, 1);
    let key = record_key(&store, &first);
    store.inner.set(&key, r#"{"version":99}"#).unwrap();
    ws.edit(&first, None, Some("x"), &now(2), false).unwrap();
    ws.edit(&second, None, Some("kept"), &now(2), false).unwrap();
    assert_eq!(ws.save_fault(), None);
    let conflicts = ws.take_conflicts();
    assert!(
        conflicts.iter().any(|c| c.contains("could not be saved") && c.contains("newer newsmark")),
        "{conflicts:?}"
    );
    assert_eq!(store.inner.get(&key).unwrap().as_deref(), Some(r#"{"version":99}"#));
    let reloaded = Library::open(store.clone()).annotation(KEY, second.as_str()).unwrap().unwrap();
    assert_eq!(reloaded.state.unwrap().note, "kept");
}

#[test]
fn two_tabs_logs_never_leave_steps_behind_and_the_last_writers_log_is_whole() {
    let store = Store::default();
    let mut a = open(&store, "a");
    let mut b = open(&store, "b");
    tag(&mut a, "the plan would cut costs", Tag::Claim, 1, 1);
    tag(&mut b, "reckless gamble", Tag::Opinion, 2, 2);
    tag(&mut a, "Critics", Tag::Accusation, 3, 3);
    // a wrote last: its log is the article's, whole (its first step written again).
    let mut reloaded = open(&store, "c");
    assert_eq!(reloaded.undo(&now(4)).unwrap().as_deref(), Some("tag"));
    assert_eq!(reloaded.undo(&now(4)).unwrap().as_deref(), Some("tag"));
    assert_eq!(reloaded.undo(&now(4)).unwrap(), None);
    assert_eq!(placed(&reloaded).len(), 1, "a's two tags undone, b's kept");
    let steps = store.inner.keys().unwrap().into_iter().filter(|k| k.starts_with("newsmark:step:")).count();
    assert_eq!(steps, 2, "b's step, unlisted, was removed on opening; the redo steps remain");
}

#[test]
fn an_unsaved_deletion_earlier_than_the_other_tabs_edit_gives_way_to_it() {
    let (store, mut a, mut b, first) = two_tabs_on_one_annotation();
    store.fail_after(0, Fault::Full);
    a.remove(&first, &now(10)).unwrap();
    assert!(a.save_fault().is_some(), "the deletion could not be saved");
    store.heal();
    b.edit(&first, None, Some("later, in b"), &now(20), false).unwrap();
    let key = record_key(&store, &first);
    let synced = a.sync(&key);
    assert!(synced.conflicts[0].contains("from the other tab, is kept"), "{:?}", synced.conflicts);
    assert_eq!(placed(&a)[0].2, "later, in b");
    a.flush();
    assert_eq!(placed(&open(&store, "c"))[0].2, "later, in b");
}

#[test]
fn a_newer_index_is_never_written_over_by_the_migration() {
    let store = Store::default();
    let newer = r#"{"version":3,"revision":9,"entries":[{"key":"k","name":"kept"}]}"#;
    store.inner.set("newsmark:index", newer).unwrap();
    store.inner.set("newsmark:library", "[]").unwrap();
    let library = Library::open(store.clone());
    let problems = library.migrate("2026-12-01T00:00:00Z");
    assert!(problems[0].contains("newer newsmark"), "{problems:?}");
    assert_eq!(store.inner.get("newsmark:index").unwrap().as_deref(), Some(newer));
}

#[test]
fn accepting_a_review_and_attaching_an_orphan_are_undone_too() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    // One passage found with edits (to review), one gone (orphaned).
    let file = r#"{"version":1,"article":"","annotations":[
        {"id":"urn:uuid:1","quote":"Critics acused him of hidding the bill","prefix":"would cut costs. ","suffix":". It is a reckless","tag":"accusation","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z"},
        {"id":"urn:uuid:2","quote":"a sentence that is not in this article at all","tag":"claim","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z"}]}"#;
    ws.enqueue(file, &now(1)).unwrap();
    let mut anchorer = newsmark::session::Session::new(Article::from_canonical(ws.session().article().text().as_str()));
    anchorer.enqueue_saved(&ws.session().pending_json()).unwrap();
    anchorer.place_all();
    ws.adopt(&anchorer.to_saved_json(), &now(1)).unwrap();
    let reviewed = |ws: &Workspace<Store>| ws.session().store().iter().filter(|a| a.review).count();
    assert_eq!(reviewed(&ws), 1);
    ws.accept_review(None, &now(2)).unwrap();
    assert_eq!(reviewed(&ws), 0);
    let orphan = AnnotationId::parse("urn:uuid:2").unwrap();
    ws.reattach(&orphan, span_of("Officials declined to comment"), &now(3)).unwrap();
    assert_eq!(ws.session().unplaced().len(), 0);
    assert_eq!(ws.undo(&now(4)).unwrap().as_deref(), Some("attach"));
    assert_eq!(ws.session().unplaced().len(), 1, "the orphan is an orphan again");
    assert_eq!(ws.undo(&now(5)).unwrap().as_deref(), Some("accept all"));
    assert_eq!(reviewed(&ws), 1, "to review again");
    let reloaded = open(&store, "b");
    assert_eq!((reviewed(&reloaded), reloaded.session().unplaced().len()), (1, 1), "as saved");
}

#[test]
fn a_full_storage_costs_the_oldest_undo_steps_not_the_annotations() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    let first = tag(&mut ws, "the plan would cut costs", Tag::Claim, 1, 1);
    ws.edit(&first, None, Some(&"a long note. ".repeat(150)), &now(2), false).unwrap();
    // Twenty retags: each undo step holds the annotation as it was, note and all.
    let tags = [Tag::Opinion, Tag::Accusation];
    for i in 0..20 {
        ws.edit(&first, Some(tags[i % 2].clone()), None, &now(3 + i as u32), false).unwrap();
    }
    assert_eq!(ws.history_error(), None);
    // Room for the annotation's record, not for one more step as well.
    store.quota.set(Some(store.used() + 500));
    ws.edit(&first, Some(Tag::Claim), None, &now(30), false).unwrap();
    assert_eq!(ws.save_fault(), None, "the annotation is saved");
    assert_eq!(ws.history_error(), None, "the log, shortened, is saved too");
    let mut reloaded = open(&store, "b");
    assert_eq!(placed(&reloaded)[0].1, "claim");
    let mut undone = 0;
    while reloaded.undo(&now(40)).unwrap().is_some() {
        undone += 1;
    }
    assert!((5..=12).contains(&undone), "the newer half of the log is kept: {undone} steps");
}

/// An import of thousands is written a slice at a time (the page answers in between): what
/// waits is written by later calls, a change made meanwhile is written at once, closing in the
/// middle loses only what was not yet written (and the page asks first), and the import stays
/// one step that undoes after a reload.
#[test]
fn a_big_import_is_written_in_slices_and_nothing_is_lost() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    ws.set_write_limit(3);
    let entries: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"id":"urn:uuid:{i}","quote":"accused him of hiding","tag":"accusation","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z"}}"#
            )
        })
        .collect();
    let file = format!(r#"{{"version":1,"article":"","annotations":[{}]}}"#, entries.join(","));
    let stored = |store: &Store| store.inner.keys().unwrap().iter().filter(|k| k.starts_with("newsmark:ann:")).count();
    assert_eq!(ws.enqueue(&file, &now(1)).unwrap(), 10);
    assert_eq!(stored(&store), 3, "one slice written");
    assert!(ws.more_to_write() && ws.unsaved());
    let mine = tag(&mut ws, "the plan would cut costs", Tag::Claim, 1, 2);
    assert!(store.inner.keys().unwrap().iter().any(|k| k.ends_with(mine.as_str())), "a new change goes first");
    // A note typed while the rest is written waits for the pause in the typing.
    let written = |store: &Store| {
        let key = record_key(store, &mine);
        store.inner.get(&key).unwrap().unwrap().contains("typed meanwhile")
    };
    ws.edit(&mine, None, Some("typed meanwhile"), &now(2), true).unwrap();
    assert!(ws.flush_slice(3) || ws.more_to_write());
    assert!(!written(&store), "the slice left the note being typed alone");
    // Closed now, half written: what was written is there, the import still one step.
    let reopened = open(&store, "c");
    assert!(reopened.session().store().len() + reopened.session().pending() >= 4);
    let mut calls = 0;
    while !ws.flush_slice(3) {
        calls += 1;
        assert!(calls < 10, "the writes come to an end");
    }
    assert!(!ws.more_to_write() && ws.unsaved(), "only the note being typed waits");
    assert!(!written(&store));
    ws.flush();
    assert!(written(&store) && !ws.unsaved());
    assert_eq!(stored(&store), 11);

    let mut anchorer = newsmark::session::Session::new(Article::from_canonical(ws.session().article().text().as_str()));
    anchorer.enqueue_saved(&ws.session().pending_json()).unwrap();
    anchorer.place_all();
    ws.adopt(&anchorer.to_saved_json(), &now(3)).unwrap();
    while !ws.flush_some(3) {}
    let mut reloaded = open(&store, "b");
    assert_eq!(reloaded.session().store().len(), 11);
    for step in ["note", "tag", "import"] {
        assert_eq!(reloaded.undo(&now(4)).unwrap().as_deref(), Some(step));
    }
    assert_eq!(reloaded.session().store().len(), 0);
}

#[test]
fn reading_for_the_first_screen_writes_nothing_and_shows_what_opening_does() {
    let store = Store::default();
    let mut ws = open(&store, "a");
    tag(&mut ws, "the plan would cut costs", Tag::Claim, 1, 1);
    ws.edit(&id(1), None, Some("check the budget"), &now(2), false).unwrap();
    drop(ws);
    let writes = store.writes.get();
    let read = Workspace::read(store.clone(), KEY, article(), "view", true);
    assert_eq!(store.writes.get(), writes, "reading wrote nothing");
    let opened = open(&store, "b");
    assert_eq!(placed(&read), placed(&opened));
    assert_eq!(read.undo_label(), opened.undo_label(), "the undo log is read too");
    let glance = Workspace::read(store.clone(), KEY, article(), "view", false);
    assert_eq!(placed(&glance), placed(&opened));
    assert_eq!(glance.undo_label(), Some(""), "the log is only looked for");
    let fresh = Workspace::read(Store::default(), KEY, article(), "view", false);
    assert_eq!(fresh.undo_label(), None, "no log, nothing to undo");
    assert!(store.writes.get() > writes, "opening to edit keeps the article in the library");
}

#[test]
fn the_theme_chosen_is_kept_and_an_unreadable_index_is_left_alone() {
    let store = Store::default();
    let ws = open(&store, "a");
    assert_eq!(ws.library().theme(), None, "none chosen: the system's");
    ws.library().set_theme(Some("dark")).unwrap();
    assert_eq!(open(&store, "b").library().theme().as_deref(), Some("dark"), "kept for the next visit");
    ws.library().set_theme(None).unwrap();
    assert_eq!(ws.library().theme(), None);
    ws.library().set_theme(Some("purple")).unwrap();
    assert_eq!(ws.library().theme(), None, "only light or dark");
    // A newer version's index is never written over for it.
    let newer = "{\"version\": 99, \"revision\": 1, \"entries\": [], \"theme\": \"dark\"}";
    store.inner.set("newsmark:index", newer).unwrap();
    assert!(ws.library().set_theme(Some("light")).is_err());
    assert_eq!(store.inner.get("newsmark:index").unwrap().as_deref(), Some(newer));
    assert_eq!(ws.library().theme(), None);
    // A damaged one is kept aside and rebuilt (as always): the theme is kept in the new one.
    store.inner.set("newsmark:index", "{not json").unwrap();
    ws.library().set_theme(Some("light")).unwrap();
    assert_eq!(ws.library().theme().as_deref(), Some("light"));
    assert!(
        store.inner.keys().unwrap().iter().any(|k| k.starts_with("newsmark:damaged:")),
        "the damaged index kept aside"
    );
}

#[test]
fn rejected_suggestions_are_remembered_per_article_and_purged_with_it() {
    let library = Library::open(Memory::default());
    let source = ArticleSourceV1::of(&Article::from_plain_text("One.\n\nTwo."));
    library.keep("a", Some("A"), Some(&source), "2026-01-01T00:00:00Z").unwrap();
    library.set_rejected("a", Some("00000000000000aa")).unwrap();
    library.set_rejected("a", Some("00000000000000aa")).unwrap();
    library.set_rejected("a", Some("00000000000000bb")).unwrap();
    assert_eq!(library.rejected("a"), ["00000000000000aa", "00000000000000bb"]);
    assert!(library.rejected("b").is_empty());
    library.set_rejected("a", None).unwrap();
    assert!(library.rejected("a").is_empty());
    library.set_rejected("a", Some("00000000000000cc")).unwrap();
    library.delete("a", "2026-01-02T00:00:00Z").unwrap();
    library.purge("a").unwrap();
    assert!(library.rejected("a").is_empty());
}
