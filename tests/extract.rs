//! Article extraction on pages written for the purpose, one structure each: navigation, share
//! bars, comment forms, related-link lists, bylines, multi-page teasers, tables, right-to-left
//! text. (The real pages of the evaluation corpus are other people's work; they stay out of the
//! repository. `cargo run --release --example evaluate -- DIR` measures on them.)

#[path = "common/scraper_tree.rs"]
mod scraper_tree;

use newsmark::article::html::extract;
use newsmark::article::BlockKind;
use scraper::Html;
use scraper_tree::to_node;

fn blocks_of(html: &str) -> (Vec<(BlockKind, String)>, newsmark::article::html::Metadata) {
    let root = to_node(Html::parse_document(html).root_element());
    let (article, meta) = extract(&root);
    (article.blocks().iter().map(|b| (b.kind, b.text.clone())).collect(), meta)
}

#[test]
fn a_news_page_becomes_its_article() {
    let (blocks, meta) = blocks_of(include_str!("fixtures/pages/news.html"));
    assert_eq!(
        meta.title.as_deref(),
        Some("Council approves budget after long night"),
        "site name dropped from the title"
    );
    assert_eq!(meta.byline.as_deref(), Some("Dana Whitfield"));
    assert_eq!(meta.published.as_deref(), Some("2026-03-14T08:30:00Z"));
    assert_eq!(meta.url.as_deref(), Some("https://courier.example/news/council-budget"));
    let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.0).collect();
    let texts: Vec<&str> = blocks.iter().map(|b| b.1.as_str()).collect();
    let all = texts.join("\n");
    assert_eq!(kinds[0], BlockKind::Title);
    assert_eq!(texts.iter().filter(|t| t.contains("Council approves budget")).count(), 1, "the headline once");
    for kept in [
        "The city council approved a budget of 412 million dollars",
        "“This is a budget that keeps every branch library open,” said the mayor",
        "What changes for residents",
        "Bus fares stay at two dollars",
        "We were told there was no money",
        "Libraries · +3%",
        "وقال أحد السكان إن الميزانية عادلة",
        "The budget takes effect on July 1.",
    ] {
        assert!(all.contains(kept), "kept: {kept}");
    }
    for dropped in [
        "window.tracking",
        "color: red",
        "Sport",
        "Share on X",
        "Mayor threatens veto",
        "Continue reading on page 2",
        "Most read",
        "Leave a Reply",
        "Your email address",
        "All rights reserved",
    ] {
        assert!(!all.contains(dropped), "dropped: {dropped}");
    }
    assert!(
        kinds.contains(&BlockKind::Heading)
            && kinds.contains(&BlockKind::ListItem)
            && kinds.contains(&BlockKind::Quote)
    );
}

#[test]
fn a_page_with_no_structure_still_gives_its_text() {
    let (blocks, meta) = blocks_of("<html><head><title>Notes</title></head><body>Just a line of text, nothing more, with commas, and words.</body></html>");
    assert_eq!(meta.title.as_deref(), Some("Notes"));
    assert!(blocks.iter().any(|b| b.1 == "Just a line of text, nothing more, with commas, and words."));
}

#[test]
fn json_ld_headline_and_author_win() {
    let html = r#"<html><head><title>Home</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rates held at 4%","author":[{"@type":"Person","name":"A. Writer"},{"@type":"Person","name":"B. Writer"}],"datePublished":"2026-01-02"}</script></head>
      <body><article><p>The central bank held rates at four per cent on Tuesday, as expected by most economists, citing sticky inflation.</p></article></body></html>"#;
    let (_, meta) = blocks_of(html);
    assert_eq!(meta.title.as_deref(), Some("Rates held at 4%"));
    assert_eq!(meta.byline.as_deref(), Some("A. Writer, B. Writer"));
    assert_eq!(meta.published.as_deref(), Some("2026-01-02"));
}
