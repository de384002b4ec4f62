//! Importing: the W3C suite's samples, Hypothesis's export, bad files, and export -> import
//! round trips.

use std::fs;
use std::path::Path;

use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::article::Article;
use newsmark::import;
use newsmark::session::Session;
use newsmark::text::CpSpan;
use proptest::prelude::*;

fn now() -> Timestamp {
    Timestamp::parse("2026-11-26T12:00:00Z").unwrap()
}

fn samples(kind: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/w3c-samples").join(kind);
    let mut files: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(p).unwrap()))
        .collect()
}

#[test]
fn every_incorrect_w3c_sample_is_rejected_with_a_message() {
    for (name, json) in samples("incorrect") {
        match import::parse(&json, &now()) {
            Err(problem) => assert!(!problem.message.is_empty(), "{name}"),
            Ok(imported) => {
                assert!(
                    imported.annotations.is_empty(),
                    "{name}: nothing of it is imported, got {:?}",
                    imported.annotations
                );
                assert!(!imported.problems.is_empty(), "{name}: says why");
                for p in &imported.problems {
                    assert!(!p.message.is_empty(), "{name}: {p}");
                }
            }
        }
    }
}

#[test]
fn correct_w3c_samples_import_or_say_why_not() {
    let mut imported_any = 0;
    for (name, json) in samples("correct") {
        let imported = match import::parse(&json, &now()) {
            Ok(imported) => imported,
            // A collection whose pages live elsewhere: newsmark fetches nothing, and says so.
            Err(p) if p.message.contains("first is a link") => continue,
            Err(p) => panic!("{name}: {p}"),
        };
        imported_any += imported.annotations.len();
        // Whatever is not imported is explained: most samples target whole resources, which have
        // no passage to anchor.
        assert_eq!(imported.annotations.len() + imported.problems.len(), imported.offered, "{name}");
    }
    assert!(imported_any > 0, "the samples with text selectors import");
}

#[test]
fn problems_name_where_they_are() {
    let json = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:c", "type": "AnnotationCollection",
      "first": {"type": "AnnotationPage", "items": [
        {"id": "urn:x:1", "type": "Annotation", "target": {"source": "urn:x:a", "selector": {"type": "TextQuoteSelector", "exact": "two"}}},
        {"id": "urn:x:2", "type": "Annotation", "target": {"source": "urn:x:a", "selector": [{"type": "TextQuoteSelector", "exact": "one"}, {"type": "TextPositionSelector", "start": -3, "end": 4}]}},
        {"id": "urn:x:3", "type": "Annotation"},
        {"id": "not an iri", "type": "Annotation", "target": "urn:x:a"},
        {"id": "urn:x:5", "type": "Annotation", "target": {"source": "urn:x:a", "selector": {"type": "TextQuoteSelector", "exact": "one"}}, "body": {"type": "TextualBody", "purpose": "tagging", "value": 7}},
        {"id": "urn:x:6", "type": "Annotation", "created": "last week", "target": {"source": "urn:x:a", "selector": {"type": "TextQuoteSelector", "exact": "one"}}}
      ]}}"#;
    let imported = import::parse(json, &now()).unwrap();
    assert_eq!(imported.annotations.len(), 1);
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "first.items[1].target.selector[1]: TextPositionSelector.start must be a non-negative integer",
            "first.items[2].target: is missing",
            "first.items[3].id: id \"not an iri\" is not an absolute IRI",
            "first.items[4].body.value: must be a string",
            "first.items[5].created: \"last week\" is not a date-time with a time zone, like 2026-11-26T19:49:00Z",
        ]
    );
}

/// A lone surrogate (`"\ud800"`: valid JSON grammar, written by JavaScript's `JSON.stringify`,
/// but no character) no longer sinks the file: it becomes U+FFFD and the entry says so. A
/// proper pair, an escaped backslash before `u`, and the other entries are left alone.
#[test]
fn lone_surrogates_are_mended_and_the_rest_imports() {
    let entry = |id: u8, note: &str| {
        format!(
            r#"{{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:{id}", "type": "Annotation",
               "body": [{{"type": "TextualBody", "purpose": "commenting", "value": "{note}"}}],
               "target": {{"source": "urn:x:a", "selector": {{"type": "TextQuoteSelector", "exact": "one"}}}}}}"#
        )
    };
    let json = format!(
        "[{}, {}, {}, {}, {}]",
        entry(1, r"broken \ud800 here"),
        entry(2, r"a pair \ud83d\ude00 stays"),
        entry(3, r"not an escape: \\ud800"),
        entry(4, r"low alone \uDC00 and high at the end \uD83D"),
        entry(5, r"reversed \ude00\ud83d"),
    );
    let imported = import::parse(&json, &now()).unwrap();
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let notes: Vec<&str> = imported.annotations.iter().map(|a| a.note.as_str()).collect();
    assert_eq!(
        notes,
        [
            "broken \u{FFFD} here",
            "a pair 😀 stays",
            "not an escape: \\ud800",
            "low alone \u{FFFD} and high at the end \u{FFFD}",
            "reversed \u{FFFD}\u{FFFD}"
        ]
    );
    let mended: Vec<String> = imported.mended.iter().map(ToString::to_string).collect();
    assert_eq!(mended.len(), 3, "{mended:?}");
    for (m, at) in mended.iter().zip(["[0]", "[3]", "[4]"]) {
        assert!(m.starts_with(&format!("{at}: a broken character")), "{m}");
    }
    // An entry holding the mark's own character (escaped) is neither changed nor named.
    let json = format!("[{}, {}]", entry(1, r"broken \ud800"), entry(2, r"a noncharacter \ufdd0 kept"));
    let imported = import::parse(&json, &now()).unwrap();
    assert_eq!(imported.annotations[1].note, "a noncharacter \u{FDD0} kept");
    assert_eq!(imported.mended.len(), 1, "{:?}", imported.mended);
}

#[test]
fn files_that_are_not_annotations_say_so() {
    for (json, says) in [
        ("", "not valid JSON"),
        ("{\"hello\": 1}", "not a Web Annotation file"),
        ("42", "not a Web Annotation file"),
        ("{\"type\": \"AnnotationCollection\", \"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"first\": \"http://x/p1\"}", "first is a link"),
    ] {
        let problem = import::parse(json, &now()).unwrap_err();
        assert!(problem.message.contains(says), "{json:?}: {problem}");
    }
}

#[test]
fn hypothesis_export_maps_tags_and_notes() {
    let json = r#"{"export_date": "2026-11-20T10:00:00.000Z", "export_userid": "acct:reader@hypothes.is", "client_version": "1.1500.0",
      "annotations": [
        {"id": "AbC123", "created": "2026-11-19T09:00:00.000000+00:00", "updated": "2026-11-19T10:30:00.000000+01:00",
         "text": "Source?", "tags": ["Claim", "economy"], "uri": "https://example.org/a",
         "target": [{"source": "https://example.org/a", "selector": [
            {"type": "RangeSelector", "startContainer": "/p[1]", "startOffset": 0, "endContainer": "/p[1]", "endOffset": 3},
            {"type": "TextPositionSelector", "start": 3, "end": 6},
            {"type": "TextQuoteSelector", "exact": "two", "prefix": "One ", "suffix": " three"}]}]},
        {"id": "Zz9", "created": "2026-11-19T09:00:00Z", "updated": "2026-11-19T09:00:00Z", "text": "", "tags": ["important"],
         "links": {"html": "https://hypothes.is/a/Zz9"},
         "target": [{"source": "https://example.org/a", "selector": [{"type": "TextQuoteSelector", "exact": "three"}]}]},
        {"id": "page-note", "created": "2026-11-19T09:00:00Z", "updated": "2026-11-19T09:00:00Z", "text": "a page note", "tags": [],
         "target": [{"source": "https://example.org/a"}]}
      ]}"#;
    let imported = import::parse(json, &now()).unwrap();
    assert_eq!(imported.offered, 3);
    assert_eq!(imported.problems.len(), 1, "the page note has no passage: {:?}", imported.problems);
    let [first, second] = &imported.annotations[..] else { panic!("two annotations") };
    assert_eq!(first.id.as_str(), "https://hypothes.is/a/AbC123");
    assert_eq!(
        (&first.tag, first.extra_tags.as_slice(), first.note.as_str()),
        (&Tag::Claim, &["economy".to_string()][..], "Source?")
    );
    assert_eq!(first.modified.as_str(), "2026-11-19T09:30:00.000000Z");
    assert_eq!(first.position, CpSpan::new(3, 6));
    assert_eq!(second.tag, Tag::Other("important".into()));
    assert_eq!(second.note, "");
}

#[test]
fn importing_twice_does_not_double() {
    let mut session = Session::new(Article::from_plain_text("Title\n\nOne two three."));
    let text = session.article().text().clone();
    let at = text.as_str().find("two").unwrap();
    let span = CpSpan::new(text.cp_of_byte(at).unwrap(), text.cp_of_byte(at + 3).unwrap()).unwrap();
    session.tag(span, Tag::Claim, AnnotationId::from_random([1; 16]), now()).unwrap();
    let export = session.export_w3c();
    let imported = import::parse(&export, &now()).unwrap();
    session.enqueue(imported.annotations);
    session.place_all();
    assert_eq!(session.store().len(), 1);
    assert_eq!(session.report().duplicates, 1);
}

/// An article of random paragraphs drawn from several scripts.
fn article_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "the",
        "report",
        "says",
        "東京",
        "مرحبا",
        "café",
        "cafe\u{301}",
        "👋🏽",
        "🇫🇷",
        "שלום",
        "AI",
        "U.S..",
        "model",
        "risk",
    ]);
    let paragraph = prop::collection::vec(word, 3..25).prop_map(|w| w.join(" ") + ".");
    prop::collection::vec(paragraph, 1..6).prop_map(|ps| format!("A title\n\n{}", ps.join("\n\n")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn export_then_import_gives_the_same_annotations(source in article_text(), picks in prop::collection::vec((0usize..1000, 1usize..40, 0usize..3), 1..8)) {
        let article = Article::from_plain_text(&source);
        let len = article.text().len_cp();
        let mut original = Session::new(article.clone());
        for (n, (start, width, tag)) in picks.into_iter().enumerate() {
            let start = start % len;
            let span = CpSpan::new(start, (start + width).min(len)).unwrap();
            let id = AnnotationId::from_random([n as u8; 16]);
            if let Ok(tagged) = original.tag(span, Tag::OURS[tag].clone(), id, now()) {
                let id = tagged.id;
                if n % 2 == 0 {
                    original.edit(&id, None, Some("a note ✍️"), now()).unwrap();
                }
            }
        }
        let imported = import::parse(&original.export_w3c(), &now()).unwrap();
        prop_assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        let mut copy = Session::new(article);
        copy.enqueue(imported.annotations);
        copy.place_all();
        prop_assert_eq!(copy.report().exact, original.store().len());
        prop_assert_eq!(copy.store(), original.store());
    }
}
