//! Plain text and Markdown intake: `Article::from_plain_text` and `markdown::to_article` on
//! the input (lossily converted when not UTF-8), then the article's text, blocks, block spans,
//! title, slug, fingerprint, offsets, word snapping and sketch.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use newsmark::article::sketch::{self, Sketch};
use newsmark::article::{markdown, Article};
use newsmark::saved::ArticleSourceV1;

fn exercise(article: &Article, probes: &[usize]) {
    common::check_article(article);
    common::check_offsets(article, probes);
    // Block texts hold no blank line, so the canonical text splits back into the same blocks.
    let canonical = Article::from_canonical(article.text().as_str());
    assert_eq!(canonical.text().as_str(), article.text().as_str());
    assert_eq!(canonical.fingerprint(), article.fingerprint());
    let source = ArticleSourceV1::of(article);
    let back = ArticleSourceV1::parse(&source.to_json()).expect("own article JSON reads back");
    assert_eq!(back.to_article().text().as_str(), article.text().as_str());
    let sketch = Sketch::of(article.text().as_str());
    assert_eq!(Sketch::from_hex(&sketch.to_hex()).as_ref(), Ok(&sketch));
    let r = sketch.resemblance(&sketch);
    assert!(r == 1.0 || (r == 0.0 && sketch.to_hex().is_empty()), "{r}");
    let other = Sketch::of("The council voted on Tuesday to approve the budget.");
    let r = sketch.resemblance(&other);
    assert!((0.0..=1.0).contains(&r));
    let candidates = [sketch::Candidate { title: Some("x"), sketch: &other }];
    let _ = sketch::edited_from(article.title(), &sketch, &candidates);
}

fuzz_target!(|data: &[u8]| {
    let source = common::text_of(data);
    // Offsets to probe, taken from the input's bytes.
    let probes: Vec<usize> =
        data.chunks(2).take(16).map(|c| usize::from(c[0]) | usize::from(*c.get(1).unwrap_or(&0)) << 8).collect();
    let probes = if probes.is_empty() { vec![0] } else { probes };
    exercise(&Article::from_plain_text(&source), &probes);
    exercise(&markdown::to_article(&source), &probes);
    let _ = Sketch::from_hex(&source);
});
