//! The W3C export's exact shape, and its selectors against the text, for a session built the
//! way the app builds one.

use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::article::Article;
use newsmark::session::Session;
use newsmark::text::CpSpan;
use serde_json::{json, Value};

fn time(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

/// Tags the first occurrence of `phrase` (code points located from its byte offset).
fn tag(session: &mut Session, phrase: &str, tag: Tag, n: u8) -> AnnotationId {
    let text = session.article().text();
    let at = text
        .cp_of_byte(text.as_str().find(phrase).unwrap())
        .unwrap();
    let span = CpSpan::new(at, at + phrase.chars().count()).unwrap();
    session
        .tag(
            span,
            tag,
            AnnotationId::from_random([n; 16]),
            time("2026-11-26T10:00:00.000Z"),
        )
        .unwrap()
}

#[test]
fn export_has_the_exact_w3c_shape() {
    let mut session = Session::new(Article::from_plain_text(
        "Short title\n\nThe minister 👋 said the plan works. Critics disagree.",
    ));
    let claim = tag(&mut session, "the plan works", Tag::Claim, 1);
    tag(&mut session, "Critics disagree", Tag::Opinion, 2);
    session
        .edit(
            &claim,
            Some(Tag::Accusation),
            Some("Which plan?"),
            time("2026-11-26T11:30:00.000Z"),
        )
        .unwrap();

    let doc: Value = serde_json::from_str(&session.export_w3c()).unwrap();
    let fingerprint = session.article().fingerprint();
    let generator = json!({ "id": concat!("urn:newsmark:version:", env!("CARGO_PKG_VERSION")), "type": "Software", "name": concat!("newsmark ", env!("CARGO_PKG_VERSION")) });
    let source = format!("urn:newsmark:article:{fingerprint}");
    let expected = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:newsmark:annotations:{fingerprint}"),
        "type": "AnnotationCollection",
        "label": "Annotations on “Short title”",
        "total": 2,
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [
                {
                    "id": "urn:uuid:01010101-0101-4101-8101-010101010101",
                    "type": "Annotation",
                    "motivation": "tagging",
                    "created": "2026-11-26T10:00:00.000Z",
                    "modified": "2026-11-26T11:30:00.000Z",
                    "generator": generator,
                    "body": [
                        { "type": "TextualBody", "purpose": "tagging", "value": "accusation" },
                        { "type": "TextualBody", "purpose": "commenting", "value": "Which plan?", "format": "text/plain" }
                    ],
                    "target": {
                        "type": "SpecificResource",
                        "source": source,
                        "selector": [
                            { "type": "TextQuoteSelector", "exact": "the plan works", "prefix": "hort title\n\nThe minister 👋 said ", "suffix": ". Critics disagree." },
                            { "type": "TextPositionSelector", "start": 33, "end": 47 }
                        ]
                    }
                },
                {
                    "id": "urn:uuid:02020202-0202-4202-8202-020202020202",
                    "type": "Annotation",
                    "motivation": "tagging",
                    "created": "2026-11-26T10:00:00.000Z",
                    "modified": "2026-11-26T10:00:00.000Z",
                    "generator": generator,
                    "body": [{ "type": "TextualBody", "purpose": "tagging", "value": "opinion" }],
                    "target": {
                        "type": "SpecificResource",
                        "source": source,
                        "selector": [
                            { "type": "TextQuoteSelector", "exact": "Critics disagree", "prefix": "minister 👋 said the plan works. ", "suffix": "." },
                            { "type": "TextPositionSelector", "start": 49, "end": 65 }
                        ]
                    }
                }
            ]
        }
    });
    assert_eq!(doc, expected);
}

#[test]
fn an_empty_collection_has_no_page() {
    let session = Session::new(Article::from_plain_text("A title\n\nSome text."));
    let doc: Value = serde_json::from_str(&session.export_w3c()).unwrap();
    assert_eq!(doc["total"], 0);
    assert!(doc.get("first").is_none());
}

#[test]
fn tagging_the_same_passage_again_retags_it() {
    let mut session = Session::new(Article::from_plain_text("T\n\nOne two three."));
    let first = tag(&mut session, "two", Tag::Claim, 1);
    let second = tag(&mut session, "two", Tag::Opinion, 2);
    assert_eq!(first, second);
    assert_eq!(session.store().len(), 1);
    assert_eq!(session.store().get(&first).unwrap().tag, Tag::Opinion);
}

#[test]
fn saved_annotations_come_back_and_misfits_are_kept() {
    let mut session = Session::new(Article::from_plain_text("T\n\nOne two three four."));
    let id = tag(&mut session, "two three", Tag::Accusation, 1);
    session
        .edit(&id, None, Some("a note"), time("2026-11-26T12:00:00Z"))
        .unwrap();
    let saved = session.to_saved_json();

    let mut restored = Session::new(Article::from_plain_text("T\n\nOne two three four."));
    assert_eq!(restored.restore(&saved), Ok(vec![]));
    assert_eq!(restored.store(), session.store());

    // The same save on a different text: the annotation does not fit, is reported, and is kept.
    let mut other = Session::new(Article::from_plain_text("T\n\nFour three two one."));
    let problems = other.restore(&saved).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "annotations[0]");
    assert!(other.store().is_empty());
    assert_eq!(other.unplaced().len(), 1);
    assert!(
        other.to_saved_json().contains("a note"),
        "saved again, not dropped"
    );
}

#[test]
fn unreadable_saves_are_errors_not_panics() {
    let mut session = Session::new(Article::from_plain_text("T\n\nText."));
    for bad in [
        "",
        "null",
        "[]",
        "{\"version\": 1}",
        "{\"version\": 99, \"x\": 1}",
        "{\"version\": \"1\"}",
        "{\"version\":1,\"article\":\"x\",\"annotations\":[{\"id\":5}]}",
    ] {
        assert!(session.restore(bad).is_err(), "{bad:?} is refused");
    }
    let newer = session.restore("{\"version\": 99}").unwrap_err();
    assert!(newer.contains("newer"), "{newer}");
    // Entries with bad fields are reported one by one, and the rest restored.
    let mixed = r#"{"version":1,"article":"x","annotations":[
        {"id":"not an iri","start_cp":3,"end_cp":7,"quote":"Text","tag":"claim","created":"2026-11-26T10:00:00Z","modified":"2026-11-26T10:00:00Z"},
        {"id":"urn:uuid:1","start_cp":7,"end_cp":3,"quote":"Text","tag":"claim","created":"2026-11-26T10:00:00Z","modified":"2026-11-26T10:00:00Z"},
        {"id":"urn:uuid:2","start_cp":3,"end_cp":7,"quote":"Text","tag":"fact","created":"2026-11-26T10:00:00Z","modified":"2026-11-26T10:00:00Z"},
        {"id":"urn:uuid:3","start_cp":3,"end_cp":7,"quote":"Text","tag":"Claim","created":"yesterday","modified":"2026-11-26T10:00:00Z"},
        {"id":"urn:uuid:4","start_cp":3,"end_cp":99,"quote":"Text","tag":"claim","created":"2026-11-26T10:00:00Z","modified":"2026-11-26T10:00:00Z"},
        {"id":"urn:uuid:5","start_cp":3,"end_cp":7,"quote":"Text","tag":"CLAIM","created":"2026-11-26T10:00:00Z","modified":"2026-11-26T10:00:00Z"}
    ]}"#;
    let problems = session.restore(mixed).unwrap();
    assert_eq!(
        problems.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
        [
            "annotations[0]",
            "annotations[1]",
            "annotations[2]",
            "annotations[3]",
            "annotations[4]"
        ]
    );
    assert_eq!(session.store().len(), 1);
    assert_eq!(session.unplaced().len(), 5);
}
