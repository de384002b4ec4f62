//! Saving and restoring an article's annotations: the same text, an edited text, damaged saves.

use newsmark::anchor::State;
mod common;

use common::{tag, time};
use newsmark::annotation::Tag;
use newsmark::article::Article;
use newsmark::session::Session;

#[test]
fn saved_annotations_come_back_and_misfits_are_kept() {
    let mut session = Session::new(Article::from_plain_text("T\n\nOne two three four."));
    let id = tag(&mut session, "two three", Tag::Accusation, 1);
    session.edit(&id, None, Some("a note"), time("2026-11-26T12:00:00Z")).unwrap();
    let saved = session.to_saved_json();

    let mut restored = Session::new(Article::from_plain_text("T\n\nOne two three four."));
    assert_eq!(restored.restore(&saved), Ok(vec![]));
    assert_eq!(restored.store(), session.store());

    // The same save on an edited text: anchored again, found where it moved.
    let mut edited = Session::new(Article::from_plain_text("T\n\nZero. One two three four."));
    assert_eq!(edited.restore(&saved), Ok(vec![]));
    edited.place_all();
    assert_eq!(edited.report().moved, 1);
    assert_eq!(
        edited.store().iter().next().map(|a| (a.quote.as_str(), a.note.as_str())),
        Some(("two three", "a note"))
    );

    // On a text where it is gone: orphaned, kept, and saved again.
    let mut other = Session::new(Article::from_plain_text("T\n\nFour three two one."));
    assert_eq!(other.restore(&saved), Ok(vec![]));
    other.place_all();
    assert!(other.store().is_empty());
    assert_eq!(other.unplaced().len(), 1);
    assert_eq!(other.unplaced()[0].state, State::Orphan);
    let again = other.to_saved_json();
    assert!(again.contains("a note") && again.contains("\"unplaced\":\"orphan\""), "saved again, not dropped: {again}");
    let mut reopened = Session::new(Article::from_plain_text("T\n\nFour three two one."));
    reopened.restore(&again).unwrap();
    assert_eq!(reopened.unplaced().len(), 1, "an orphan stays an orphan across reloads");
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
        ["annotations[0]", "annotations[1]", "annotations[3]"]
    );
    session.place_all();
    // A tag of another tool is kept; a position past the end is anchored by its quote.
    assert_eq!(session.store().len(), 3);
    assert!(session.store().iter().any(|a| a.tag == Tag::Other("fact".into())));
    let saved = session.to_saved_json();
    assert!(saved.contains("not an iri") && saved.contains("yesterday"), "damaged entries are saved again verbatim");
}

#[test]
fn placing_runs_in_bounded_steps() {
    // Forty annotations saved on another version of the text: each needs a search.
    let text = "T\n\n".to_string()
        + &(0..40).map(|i| format!("Sentence number {i} says something.")).collect::<Vec<_>>().join(" ");
    let mut original = Session::new(Article::from_plain_text(&text));
    for i in 0..40u8 {
        tag(&mut original, &format!("Sentence number {i} says"), Tag::Claim, i);
    }
    let saved = original.to_saved_json();
    let mut edited = Session::new(Article::from_plain_text(&text.replace("T\n\n", "T\n\nA new first paragraph.\n\n")));
    edited.restore(&saved).unwrap();
    assert_eq!(edited.pending(), 40);
    let mut steps = 0;
    while !edited.place_step(1) {
        steps += 1;
        assert!(edited.pending() < 40);
    }
    assert_eq!(steps, 39, "a budget of one unit places one annotation per step");
    assert_eq!(edited.report().moved, 40);
}
