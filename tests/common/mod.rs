//! Helpers the integration tests share.
#![allow(dead_code)]

use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::session::Session;
use newsmark::text::CpSpan;

pub fn time(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

/// Tags the first occurrence of `phrase` (code points located from its byte offset).
pub fn tag(session: &mut Session, phrase: &str, tag: Tag, n: u8) -> AnnotationId {
    let text = session.article().text();
    let at =
        text.cp_of_byte(text.as_str().find(phrase).unwrap_or_else(|| panic!("{phrase:?} is in the text"))).unwrap();
    let span = CpSpan::new(at, at + phrase.chars().count()).unwrap();
    session.tag(span, tag, AnnotationId::from_random([n; 16]), time("2026-11-26T10:00:00.000Z")).unwrap()
}
