//! W3C Web Annotation and Hypothesis JSON from strangers: `import::parse` on the input as
//! UTF-8 (and, when it is not, converted lossily), and `import::read_page` on it as a page.
//! What is read is then anchored in an article, as opening a file does.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use newsmark::article::Article;
use newsmark::import;
use newsmark::session::Session;

const DEMO: &str = include_str!("../../www/demo/us-china-ai-talks.txt");

fn check(json: &str) {
    let now = common::now();
    if let Ok(imported) = import::parse(json, &now) {
        assert_eq!(imported.annotations.len() + imported.problems.len(), imported.offered);
        for p in &imported.problems {
            assert!(!p.message.is_empty());
            let _ = p.to_string();
        }
        for a in &imported.annotations {
            assert!(!a.exact.is_empty());
        }
        if !imported.annotations.is_empty() {
            let mut session = Session::new(Article::from_plain_text(DEMO));
            let queued = session.enqueue(imported.annotations);
            while !session.place_step(50_000) {}
            let report = session.report();
            let placed = report.exact + report.moved + report.fuzzy;
            assert_eq!(placed + report.ambiguous + report.orphan, queued.len());
            let text = session.article().text();
            for a in session.store().iter() {
                assert_eq!(text.slice(a.span), Some(a.quote.as_str()));
            }
            let _ = session.export_w3c();
            let _ = session.to_saved_json();
        }
    }
    if let Ok(page) = import::read_page(json, &now) {
        let _ = page.article.to_article();
    }
}

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(json) => check(json),
        Err(_) => check(&common::text_of(data)),
    }
});
