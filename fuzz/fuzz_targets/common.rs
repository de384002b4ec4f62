//! Helpers the fuzz targets share: fixed times, and checks of an article's invariants.
#![allow(dead_code)]

use newsmark::annotation::Timestamp;
use newsmark::article::{Article, BlockKind};
use newsmark::text::CpSpan;

/// With `NEWSMARK_FUZZ_SHOW` set, prints the structured input a run decoded (to read a crash:
/// `NEWSMARK_FUZZ_SHOW=1 cargo +nightly fuzz run <target> <file>`).
/// Every kind of block, for targets that build articles block by block.
pub const BLOCK_KINDS: &[BlockKind] = &BlockKind::ALL;

pub fn show(input: &impl std::fmt::Debug) {
    if std::env::var_os("NEWSMARK_FUZZ_SHOW").is_some() {
        eprintln!("{input:#?}");
    }
}

pub fn now() -> Timestamp {
    Timestamp::parse("2026-11-26T12:00:00Z").expect("valid literal")
}

/// The fuzz input as text: as it is when it is UTF-8, else converted lossily.
pub fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// What every article must hold: each block's span slices the canonical text to the block's
/// text, the blocks are joined by the separator, and the fingerprint, slug and names are sane.
pub fn check_article(article: &Article) {
    let text = article.text();
    assert_eq!(article.blocks().len(), article.block_spans().len());
    for (i, span) in article.block_spans().iter().enumerate() {
        assert_eq!(span.index, i);
        assert_eq!(span.kind, article.blocks()[i].kind);
        assert_eq!(text.slice(span.span), Some(article.blocks()[i].text.as_str()), "block {i}");
        assert!(!span.span.is_empty(), "block {i} is empty");
    }
    let joined: Vec<&str> = article.blocks().iter().map(|b| b.text.as_str()).collect();
    assert_eq!(joined.join(newsmark::article::BLOCK_SEPARATOR), text.as_str());
    assert_eq!(text.len_cp(), text.as_str().chars().count());
    assert_eq!(text.len_u16(), text.as_str().encode_utf16().count());
    assert_eq!(article.fingerprint().len(), 16);
    let slug = article.slug();
    assert!(!slug.is_empty());
    if article.title().is_some_and(|t| t.chars().any(char::is_alphanumeric)) {
        assert!(slug.chars().count() <= 60 || slug.starts_with("article-"), "{slug:?}");
    }
    let _ = (article.library_name(), article.iri(), article.title());
}

/// Converts a few offsets each way and checks they agree.
pub fn check_offsets(article: &Article, probes: &[usize]) {
    let text = article.text();
    for &p in probes {
        let cp = p % (text.len_cp() + 2);
        match text.byte_of_cp(cp) {
            Some(byte) => {
                assert!(cp <= text.len_cp());
                assert_eq!(text.cp_of_byte(byte), Some(cp));
                let u16 = text.u16_of_cp(cp).expect("in range");
                assert_eq!(text.cp_of_u16(u16), Ok(cp));
            }
            None => assert!(cp > text.len_cp()),
        }
        let _ = text.cp_of_u16(p);
        let _ = text.cp_of_byte(p);
        let _ = text.span_of_u16(p, p.wrapping_mul(7));
    }
    for pair in probes.chunks(2) {
        let (a, b) = (pair[0], *pair.get(1).unwrap_or(&pair[0]));
        let span = CpSpan::new(a.min(b), a.max(b)).expect("ordered");
        if let Ok(snapped) = text.snap_to_words(span) {
            assert!(snapped.end_cp() <= text.len_cp() && !snapped.is_empty());
            assert!(text.slice(snapped).is_some());
        }
    }
}
