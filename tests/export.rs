//! The W3C export's exact shape, and its selectors against the text, for a session built the
//! way the app builds one.

mod common;

use common::{tag, time};
use newsmark::annotation::Tag;
use newsmark::article::Article;
use newsmark::session::Session;
use serde_json::{json, Value};

#[test]
fn export_has_the_exact_w3c_shape() {
    let mut session =
        Session::new(Article::from_plain_text("Short title\n\nThe minister 👋 said the plan works. Critics disagree."));
    let claim = tag(&mut session, "the plan works", Tag::Claim, 1);
    tag(&mut session, "Critics disagree", Tag::Opinion, 2);
    session.edit(&claim, Some(Tag::Accusation), Some("Which plan?"), time("2026-11-26T11:30:00.000Z")).unwrap();

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
fn tagging_exactly_an_annotated_passage_never_retags_it_silently() {
    let mut session = Session::new(Article::from_plain_text("T\n\nOne two three."));
    let first = tag(&mut session, "two", Tag::Claim, 1);
    let second = tag(&mut session, "two", Tag::Opinion, 2);
    assert_eq!(first, second, "the existing annotation's id comes back, for the page to select it");
    assert_eq!(session.store().len(), 1);
    assert_eq!(session.store().get(&first).unwrap().tag, Tag::Claim, "its tag is unchanged");
}
