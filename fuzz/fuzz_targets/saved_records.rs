//! Everything read back from storage: each record type through `records::read`, `records::skim`,
//! `saved::parse`, `ArticleSourceV1::parse` (and the intake module's exports from an article and
//! a save), then a `Library` and a `Workspace` over an in-memory store filled with fuzzed
//! values under the real key names: open, migrate, list, load, history, and a reader's actions
//! (tag, edit, delete, undo, redo, sync with another tab's write). None may panic.
#![no_main]

mod common;

use std::rc::Rc;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::article::Article;
use newsmark::library::records::{self, AnnotationRecordV2, EntryV2, HistoryV2, IndexV2, StateV2, StepV2, TextV2};
use newsmark::library::{Library, Memory, Storage};
use newsmark::saved::{self, AnnotationV1, ArticleSourceV1, ArticleV1, BlockV1};
use newsmark::session::Session;
use newsmark::text::CpSpan;
use newsmark::workspace::Workspace;

const TEXT: &str = "Business\n\nCouncil votes on the budget\n\nThe council voted on Tuesday to approve the budget, \
                    which critics said was unbalanced.\n\nThe mayor said the budget is balanced. Critics disagree.";
const ARTICLES: &[&str] = &["url:https://example.org/news/1", "article:0123456789abcdef", "demo", "a b", ""];
const IDS: &[&str] = &[
    "urn:uuid:00000000-0000-4000-8000-000000000001",
    "urn:uuid:00000000-0000-4000-8000-000000000002",
    "urn:x:3",
    "not an id",
    "",
];
const TIMES: &[&str] = &["2026-11-26T10:00:00Z", "2026-11-26T10:00:00.000Z", "2026-11-26", "9999-99-99T99:99:99Z", ""];
const QUOTES: &[&str] = &["council voted", "budget", "The mayor said the budget is balanced", "Critics", "absent"];
const STEPS: &[&str] = &["t-1", "t-2", "other-9", "a b"];

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Pick {
    Known(u8),
    Own(u8),
}

/// Strings the input chooses: one of a list, or one of its own.
struct Strings<'a>(&'a [String]);

impl Strings<'_> {
    fn get(&self, p: Pick, list: &[&str]) -> String {
        match p {
            Pick::Known(i) => list[i as usize % list.len()].to_string(),
            Pick::Own(i) => self.0.get(i as usize).cloned().unwrap_or_default(),
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Num {
    Small(u8),
    Max,
    Own(u64),
}

impl Num {
    fn get(self) -> u64 {
        match self {
            Num::Small(n) => n as u64,
            Num::Max => u64::MAX,
            Num::Own(n) => n,
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Ver {
    Current,
    Old,
    Newer,
    Own(u32),
}

impl Ver {
    fn get(self, current: u32) -> u32 {
        match self {
            Ver::Current => current,
            Ver::Old => current.saturating_sub(1),
            Ver::Newer => current + 1,
            Ver::Own(v) => v,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Ann {
    id: Pick,
    position: Option<(Num, Num)>,
    quote: Pick,
    prefix: Option<Pick>,
    suffix: Option<Pick>,
    tag: Pick,
    note: Pick,
    created: Pick,
    modified: Pick,
    review: bool,
    unplaced: Option<Pick>,
}

#[derive(Arbitrary, Debug)]
enum Value {
    Raw(Pick),
    Index {
        ver: Ver,
        revision: Num,
        current: Option<Pick>,
        entries: Vec<(Pick, Option<Pick>, Option<Pick>, Option<Pick>)>,
    },
    Text {
        ver: Ver,
        revision: Num,
        source: Source,
    },
    Annotation {
        ver: Ver,
        revision: Num,
        text: Pick,
        written: Pick,
        annotation: Option<Ann>,
    },
    History {
        ver: Ver,
        revision: Num,
        next: Num,
        undo: Vec<Pick>,
        redo: Vec<Pick>,
    },
    Step {
        ver: Ver,
        label: Pick,
        burst: Option<Pick>,
        states: Vec<(Pick, Option<Ann>)>,
    },
    SavedV1 {
        ver: Ver,
        article: Pick,
        annotations: Vec<Ann>,
    },
    SourceV1(Source),
    LibraryV1(Vec<(Pick, Option<Pick>)>),
}

#[derive(Arbitrary, Debug)]
struct Source {
    ver: Ver,
    url: Option<Pick>,
    blocks: Vec<(u8, Pick)>,
}

#[derive(Arbitrary, Debug)]
enum Key {
    Index,
    Text(Pick),
    Annotation(Pick, Pick),
    History(Pick),
    Step(Pick, Pick),
    Damaged(Pick),
    V1Library,
    V1Current,
    V1Source(Pick),
    V1Article(Pick),
    Own(Pick),
}

#[derive(Arbitrary, Debug)]
enum Action {
    Tag(u16, u16, u8),
    Note(u8, Pick),
    Retag(u8, Pick),
    Remove(u8),
    Undo,
    Redo,
    AcceptAll,
    Reattach(u8, u16, u16),
    Enqueue(Value),
    Adopt(Value),
    /// Another tab writes a record, and this one is told.
    Sync(Key, Value),
    Flush,
}

#[derive(Arbitrary, Debug)]
struct Input {
    strings: Vec<String>,
    records: Vec<(Key, Value)>,
    open: Pick,
    actions: Vec<Action>,
}

struct Maker<'a> {
    s: Strings<'a>,
}

impl Maker<'_> {
    fn annotation(&self, a: &Ann) -> AnnotationV1 {
        let s = &self.s;
        AnnotationV1 {
            id: s.get(a.id, IDS),
            start_cp: a.position.map(|p| p.0.get() as usize),
            end_cp: a.position.map(|p| p.1.get() as usize),
            quote: s.get(a.quote, QUOTES),
            prefix: a.prefix.map(|p| s.get(p, &["The ", "", "the "])),
            suffix: a.suffix.map(|p| s.get(p, &[" on Tuesday", "", "."])),
            tag: s.get(a.tag, &["claim", "opinion", "Accusation", "fact-check", ""]),
            extra_tags: Vec::new(),
            note: s.get(a.note, &["", "a note", "</script>"]),
            created: s.get(a.created, TIMES),
            modified: s.get(a.modified, TIMES),
            review: a.review,
            unplaced: a.unplaced.map(|p| s.get(p, &["orphan", "ambiguous", "waiting"])),
        }
    }

    fn source(&self, src: &Source) -> ArticleSourceV1 {
        let paragraphs: Vec<&str> = TEXT.split("\n\n").collect();
        ArticleSourceV1 {
            version: src.ver.get(saved::VERSION),
            source_url: src.url.map(|u| self.s.get(u, &["https://example.org/news/1", "javascript:x"])),
            byline: None,
            published: None,
            lang: src.url.map(|u| self.s.get(u, &["en", "fr-CA", "not a language \"<>"])),
            blocks: src
                .blocks
                .iter()
                .map(|(k, t)| BlockV1 {
                    kind: common::BLOCK_KINDS[*k as usize % common::BLOCK_KINDS.len()],
                    text: self.s.get(*t, &paragraphs),
                })
                .collect(),
        }
    }

    fn value(&self, v: &Value) -> String {
        let s = &self.s;
        match v {
            Value::Raw(p) => s.get(*p, &["", "{}", "null", "{\"version\":2}", "{\"version\":1}", "[]"]),
            Value::Index { ver, revision, current, entries } => records::write(&IndexV2 {
                version: ver.get(records::VERSION),
                revision: revision.get(),
                current: current.map(|c| s.get(c, ARTICLES)),
                entries: entries
                    .iter()
                    .map(|(key, title, opened, sketch)| EntryV2 {
                        key: s.get(*key, ARTICLES),
                        title: title.map(|t| s.get(t, &["Council votes", ""])),
                        name: None,
                        opened: opened.map(|o| s.get(o, TIMES)),
                        sketch: sketch.map(|k| s.get(k, &["0000000100000002", "zz", ""])),
                        deleted: None,
                    })
                    .collect(),
                theme: None,
            }),
            Value::Text { ver, revision, source } => records::write(&TextV2 {
                version: ver.get(records::VERSION),
                revision: revision.get(),
                source: self.source(source),
            }),
            Value::Annotation { ver, revision, text, written, annotation } => records::write(&AnnotationRecordV2 {
                version: ver.get(records::VERSION),
                revision: revision.get(),
                text: s.get(*text, &[&Article::from_canonical(TEXT).fingerprint(), "0000000000000000"]),
                written: s.get(*written, TIMES),
                annotation: annotation.as_ref().map(|a| self.annotation(a)),
            }),
            Value::History { ver, revision, next, undo, redo } => records::write(&HistoryV2 {
                version: ver.get(records::VERSION),
                revision: revision.get(),
                next: next.get(),
                undo: undo.iter().map(|p| s.get(*p, STEPS)).collect(),
                redo: redo.iter().map(|p| s.get(*p, STEPS)).collect(),
            }),
            Value::Step { ver, label, burst, states } => records::write(&StepV2 {
                version: ver.get(records::VERSION),
                label: s.get(*label, &["tag", "note", "import"]),
                burst: burst.map(|b| s.get(b, IDS)),
                states: states
                    .iter()
                    .map(|(id, a)| StateV2 { id: s.get(*id, IDS), annotation: a.as_ref().map(|a| self.annotation(a)) })
                    .collect(),
            }),
            Value::SavedV1 { ver, article, annotations } => saved::to_json(&ArticleV1 {
                version: ver.get(saved::VERSION),
                article: s.get(*article, &[&Article::from_canonical(TEXT).fingerprint(), ""]),
                annotations: annotations.iter().map(|a| self.annotation(a)).collect(),
            }),
            Value::SourceV1(source) => self.source(source).to_json(),
            Value::LibraryV1(entries) => {
                let list: Vec<serde_json::Value> = entries
                    .iter()
                    .map(|(k, t)| serde_json::json!({"key": s.get(*k, ARTICLES), "title": t.map(|t| s.get(t, &["T"]))}))
                    .collect();
                serde_json::Value::Array(list).to_string()
            }
        }
    }

    fn key(&self, k: &Key) -> String {
        let s = &self.s;
        match k {
            Key::Index => "newsmark:index".into(),
            Key::Text(a) => format!("newsmark:text:{}", s.get(*a, ARTICLES)),
            Key::Annotation(a, id) => format!("newsmark:ann:{} {}", s.get(*a, ARTICLES), s.get(*id, IDS)),
            Key::History(a) => format!("newsmark:history:{}", s.get(*a, ARTICLES)),
            Key::Step(a, step) => format!("newsmark:step:{} {}", s.get(*a, ARTICLES), s.get(*step, STEPS)),
            Key::Damaged(k) => format!("newsmark:damaged:{}", s.get(*k, &["newsmark:index"])),
            Key::V1Library => "newsmark:library".into(),
            Key::V1Current => "newsmark:current".into(),
            Key::V1Source(a) => format!("newsmark:source:{}", s.get(*a, ARTICLES)),
            Key::V1Article(a) => format!("newsmark:article:{}", s.get(*a, &["url:x", "article:y", "a:unreadable:1"])),
            Key::Own(k) => s.get(*k, &["newsmark:", "newsmark:ann:", "newsmark:ann: "]),
        }
    }
}

/// The intake module's exports (`web::intake::session_of`): an article and a save.
fn intake(article_json: &str, saved_json: &str) {
    let Ok(source) = ArticleSourceV1::parse(article_json) else { return };
    let mut session = Session::new(source.to_article());
    if session.restore(saved_json).is_ok() {
        session.place_all();
        let _ = (session.export_page(), session.export_w3c(), session.export_csv(), session.export_jsonl());
    }
}

/// Every reader of one stored value.
fn read_all(raw: &str) {
    let _ = records::read::<IndexV2>(raw);
    let _ = records::read::<TextV2>(raw);
    let _ = records::read::<AnnotationRecordV2>(raw);
    let _ = records::read::<HistoryV2>(raw);
    let _ = records::read::<StepV2>(raw);
    let _ = records::read::<EntryV2>(raw);
    let _ = records::read::<StateV2>(raw);
    let _ = records::skim(raw);
    let _ = saved::parse(raw);
    if let Ok(source) = ArticleSourceV1::parse(raw) {
        common::check_article(&source.to_article());
    }
    let mut session = Session::new(Article::from_canonical(TEXT));
    if session.restore(raw).is_ok() {
        session.place_all();
        let _ = (session.export_page(), session.export_w3c(), session.to_saved_json());
    }
    let mut session = Session::new(Article::from_canonical(TEXT));
    if session.enqueue_saved(raw).is_ok() {
        let _ = session.adopt(raw);
        session.place_all();
    }
}

/// A selection inside a text of `len` code points (mostly: the last value reaches one past).
fn within(a: u16, b: u16, len: usize) -> Option<CpSpan> {
    let (a, b) = (a as usize % (len + 2), b as usize % (len + 2));
    CpSpan::new(a.min(b), a.max(b))
}

fn time(n: usize) -> Timestamp {
    Timestamp::parse(&format!("2026-11-26T10:{:02}:{:02}Z", n / 60 % 60, n % 60)).expect("valid")
}

fn run(input: Input) {
    let m = Maker { s: Strings(&input.strings) };
    let memory = Rc::new(Memory::new());
    let mut previous = String::new();
    for (k, v) in input.records.iter().take(24) {
        let raw = m.value(v);
        read_all(&raw);
        intake(&previous, &raw);
        let _ = memory.set(&m.key(k), &raw);
        previous = raw;
    }
    for s in input.strings.iter().take(4) {
        read_all(s);
    }

    let library = Library::open(Rc::clone(&memory));
    if library.needs_migration() {
        let _ = library.migrate("2026-11-26T10:00:00Z");
    }
    let listed = library.list();
    let _ = (library.index(), library.current(), library.damaged());
    let mut keys: Vec<String> = listed.iter().map(|l| l.entry.key.clone()).collect();
    keys.push(m.s.get(input.open, ARTICLES));
    for key in &keys {
        let _ = library.source(key);
        let loaded = library.load(key);
        let _ = loaded.newer();
        let _ = library.history(key);
    }

    // A tab opens one article and the reader works on it.
    let key = m.s.get(input.open, ARTICLES);
    let source = library.source(&key).ok().flatten();
    let article = source.as_ref().map_or_else(|| Article::from_canonical(TEXT), ArticleSourceV1::to_article);
    let mut ws = Workspace::open(Rc::clone(&memory), &key, article, source.as_ref(), "t", &time(0));
    ws.session_mut().place_all();
    let _ = ws.take_problems();
    for (n, action) in input.actions.iter().take(24).enumerate() {
        let now = time(n + 1);
        let ids: Vec<AnnotationId> = ws.session().store().iter().map(|a| a.id.clone()).collect();
        let unplaced: Vec<AnnotationId> = ws.session().unplaced().iter().map(|u| u.annotation.id.clone()).collect();
        let nth = |list: &[AnnotationId], i: u8| list.get(i as usize % list.len().max(1)).cloned();
        let len = ws.session().article().text().len_cp();
        match action {
            Action::Tag(a, b, t) => {
                if let Some(span) = within(*a, *b, len) {
                    let id = AnnotationId::parse(&format!("urn:x:new-{n}")).expect("valid");
                    let _ = ws.tag(span, Tag::OURS[*t as usize % 3].clone(), id, &now);
                }
            }
            Action::Note(i, note) => {
                if let Some(id) = nth(&ids, *i) {
                    let _ = ws.edit(&id, None, Some(&m.s.get(*note, &["", "a note"])), &now, false);
                }
            }
            Action::Retag(i, tag) => {
                if let Some(id) = nth(&ids, *i) {
                    let _ = ws.edit(&id, Some(Tag::from_name(&m.s.get(*tag, &["claim", "x"]))), None, &now, false);
                }
            }
            Action::Remove(i) => {
                if let Some(id) = nth(&ids, *i) {
                    let _ = ws.remove(&id, &now);
                }
            }
            Action::Undo => {
                let _ = ws.undo(&now);
            }
            Action::Redo => {
                let _ = ws.redo(&now);
            }
            Action::AcceptAll => {
                let _ = ws.accept_review(None, &now);
            }
            Action::Reattach(i, a, b) => {
                if let (Some(id), Some(span)) = (nth(&unplaced, *i), within(*a, *b, len)) {
                    let _ = ws.reattach(&id, span, &now);
                }
            }
            Action::Enqueue(v) => {
                let _ = ws.enqueue(&m.value(v), &now);
            }
            Action::Adopt(v) => {
                let _ = ws.adopt(&m.value(v), &now);
            }
            Action::Sync(k, v) => {
                let k = m.key(k);
                let _ = memory.set(&k, &m.value(v));
                let _ = ws.sync(&k);
            }
            Action::Flush => ws.flush(),
        }
        ws.session_mut().place_all();
        let text = ws.session().article().text();
        for a in ws.session().store().iter() {
            assert_eq!(text.slice(a.span), Some(a.quote.as_str()), "{a:?}");
        }
    }
    ws.flush();
    let _ = (ws.take_problems(), ws.take_conflicts(), ws.undo_label(), ws.redo_label());
    let _ = Library::open(Rc::clone(&memory)).list();
}

fuzz_target!(|data: &[u8]| {
    let u = Unstructured::new(data);
    if let Ok(input) = Input::arbitrary_take_rest(u) {
        common::show(&input);
        run(input);
    }
});
