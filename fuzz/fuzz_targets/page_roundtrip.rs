//! The page export read back: an article (from fuzzed plain text, or fuzzed blocks with a source
//! URL and byline), annotations tagged on it (spans snapped into range, a tag, a fuzzed note),
//! `export::page::to_html`, then `import::read_page`. The page must read, and give back the
//! same article text and the same annotations (ids, spans, quotes, tags, notes, times); placed
//! again in the article it carries, each is exactly where it was.
#![no_main]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::article::{Article, Block};
use newsmark::export::page;
use newsmark::import;
use newsmark::session::Session;
use newsmark::text::CpSpan;

#[derive(Arbitrary, Debug)]
enum Source {
    Plain(String),
    Blocks { blocks: Vec<(u8, String)>, url: Option<String>, byline: Option<String>, published: Option<String> },
}

#[derive(Arbitrary, Debug)]
enum TagPick {
    Ours(u8),
    Other(String),
}

#[derive(Arbitrary, Debug)]
struct Mark {
    start: u16,
    end: u16,
    tag: TagPick,
    note: String,
    minute: u8,
}

#[derive(Arbitrary, Debug)]
struct Input {
    source: Source,
    marks: Vec<Mark>,
}

fn time(minute: u8) -> Timestamp {
    Timestamp::parse(&format!("2026-11-26T10:{:02}:00.000Z", minute % 60)).expect("valid")
}

fn run(input: Input) {
    let article = match input.source {
        Source::Plain(text) => Article::from_plain_text(&text),
        Source::Blocks { blocks, url, byline, published } => {
            let blocks = blocks
                .into_iter()
                .map(|(k, text)| Block { kind: common::BLOCK_KINDS[k as usize % common::BLOCK_KINDS.len()], text })
                .collect();
            Article::from_blocks(blocks, url).with_byline(byline, published)
        }
    };
    let len = article.text().len_cp();
    let mut session = Session::new(article);
    for (n, mark) in input.marks.iter().take(24).enumerate() {
        let (a, b) = (mark.start as usize % (len + 1), mark.end as usize % (len + 1));
        let span = CpSpan::new(a.min(b), a.max(b)).expect("ordered");
        let tag = match &mark.tag {
            TagPick::Ours(i) => Tag::OURS[*i as usize % 3].clone(),
            // As an import gives them: trimmed, ours when the name is one of ours.
            TagPick::Other(name) => Tag::from_name(name),
        };
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&(n as u64).to_le_bytes());
        let Ok(tagged) = session.tag(span, tag.clone(), AnnotationId::from_random(bytes), time(mark.minute)) else {
            continue;
        };
        if tagged.new && (!mark.note.is_empty() || matches!(tag, Tag::Other(_))) {
            let note = Some(mark.note.as_str()).filter(|n| !n.is_empty());
            session.edit(&tagged.id, Some(tag), note, time(mark.minute.wrapping_add(1))).expect("just tagged");
        }
    }
    let html = page::to_html(session.article(), session.store().iter());
    let read = import::read_page(&html, &time(0)).unwrap_or_else(|p| panic!("own page does not read: {p}"));
    let back = read.article.to_article();
    assert_eq!(back.text().as_str(), session.article().text().as_str(), "article text");
    assert_eq!(back.blocks(), session.article().blocks(), "blocks");
    assert_eq!(back.source_url(), session.article().source_url());
    assert_eq!(back.byline(), session.article().byline());
    assert_eq!(back.published(), session.article().published());
    let imported = read.annotations;
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(imported.annotations.len(), session.store().len(), "annotations");
    for (a, i) in session.store().iter().zip(&imported.annotations) {
        assert_eq!(i.id, a.id);
        assert_eq!(i.position, Some(a.span), "span of {}", a.id);
        assert_eq!(i.exact, a.quote, "quote of {}", a.id);
        assert_eq!(i.tag, a.tag, "tag of {}", a.id);
        assert!(i.extra_tags.is_empty(), "{:?}", i.extra_tags);
        assert_eq!(i.note, a.note, "note of {}", a.id);
        assert_eq!((&i.created, &i.modified), (&a.created, &a.modified));
    }
    // Opened again, every annotation is exactly where it was.
    let mut reopened = Session::new(back);
    let count = reopened.enqueue(imported.annotations).len();
    reopened.place_all();
    assert_eq!(reopened.report().exact, count, "{:?}", reopened.report());
    let spans = |s: &Session| s.store().iter().map(|a| (a.id.clone(), a.span, a.tag.clone())).collect::<Vec<_>>();
    assert_eq!(spans(&reopened), spans(&session));
    let _ = (session.export_csv(), session.export_jsonl());
}

fuzz_target!(|data: &[u8]| {
    let u = Unstructured::new(data);
    if let Ok(input) = Input::arbitrary_take_rest(u) {
        common::show(&input);
        run(input);
    }
});
