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

/// What a browser never shows is never article text: `noembed` and `noframes` hold raw markup
/// as text, `noscript` and `template` never render with scripts on.
#[test]
fn text_browsers_never_show_stays_out() {
    let page = "<html><body><article><h1>Storm closes port</h1>\
        <p>The port closed on Monday after the storm damaged two cranes, officials said.</p>\
        <noembed><p>&lt;img src=x onerror=alert(1)&gt; noembed text</p></noembed>\
        <noframes><p>&lt;script&gt;alert(2)&lt;/script&gt; noframes text</p></noframes>\
        <noscript><p>noscript text</p></noscript><template><p>template text</p></template>\
        <p>It is expected to reopen on Thursday, when the wind drops.</p></article></body></html>";
    let (blocks, _) = blocks_of(page);
    let text: Vec<&str> = blocks.iter().map(|(_, t)| t.as_str()).collect();
    assert!(text.iter().any(|t| t.contains("reopen on Thursday")), "{text:?}");
    for hidden in ["noembed", "noframes", "noscript text", "template text", "alert"] {
        assert!(!text.iter().any(|t| t.contains(hidden)), "{hidden}: {text:?}");
    }
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

/// The tree as the app hands it over: flat, in document order (see `tree_from_json`).
mod tree_json {
    use newsmark::article::html::{extract, tree_from_json, Node, MAX_DEPTH};

    fn depth(node: &newsmark::article::html::Element) -> usize {
        1 + node
            .children
            .iter()
            .filter_map(|c| if let Node::Element(e) = c { Some(depth(e)) } else { None })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn a_flat_tree_reads_back_as_the_page() {
        let json = r#"[{"t":"html"},{"t":"body"},{"t":"article","a":[["class","story"]]},{"t":"h1"},"Flat pages",0,
            {"t":"p"},"First paragraph of the flat page, long enough, with commas, to be read as text.",0,
            {"t":"p"},"Second paragraph, also long enough, with commas, to be read as article text.",0,0,0,0]"#;
        let root = tree_from_json(json).expect("reads");
        assert_eq!(root.tag, "html");
        let Node::Element(body) = &root.children[0] else { panic!("body") };
        let Node::Element(article) = &body.children[0] else { panic!("article") };
        assert_eq!(article.attr("class"), Some("story"));
        let (read, _) = extract(&root);
        assert!(read.text().as_str().contains("Second paragraph, also long enough"));
    }

    #[test]
    fn pages_nested_deep_are_read_to_a_bounded_depth_with_all_their_text() {
        // The old nested JSON failed past about 64 levels (serde_json's nesting limit), and
        // extraction stopped at 64 levels below the article's container.
        for levels in [10, 120, MAX_DEPTH, 5_000] {
            let mut json = String::from(r#"[{"t":"html"},{"t":"body"},"#);
            json.push_str(&r#"{"t":"div"},"#.repeat(levels));
            for i in 0..6 {
                json.push_str(&format!(r#"{{"t":"p"}},"Paragraph {i} of the deepest story, long enough, with commas, clauses, and words to be read as article text.",0,"#));
            }
            json.push_str(&"0,".repeat(levels));
            json.push_str("0,0]");
            let root = tree_from_json(&json).expect("reads");
            // html, body, the divs up to the limit, then the paragraphs, kept a little further.
            assert_eq!(depth(&root), (levels + 2).min(MAX_DEPTH) + 1, "{levels} levels");
            let (read, _) = extract(&root);
            assert_eq!(read.blocks().len(), 6, "{levels} levels: {:?}", read.text().as_str());
        }
    }

    #[test]
    fn past_the_depth_limit_words_stay_apart_and_furniture_stays_out() {
        let mut json = String::from(r#"[{"t":"html"},{"t":"body"},"#);
        json.push_str(&r#"{"t":"div"},"#.repeat(300));
        json.push_str(
            r#"{"t":"nav"},{"t":"a"},"SITE NAVIGATION MENU",0,0,{"t":"div","a":[["hidden",""]]},"HIDDEN TEXT",0,"#,
        );
        for i in 0..6 {
            json.push_str(&format!(r#"{{"t":"div"}},"Block {i} of the deep story, long enough, with commas, clauses, and words to read as article text.",0,"#));
        }
        json.push_str(r#""line one",{"t":"br"},0,"line two","#);
        json.push_str(&"0,".repeat(300));
        json.push_str("0,0]");
        let (read, _) = extract(&tree_from_json(&json).expect("reads"));
        let text = read.text().as_str();
        assert!(text.contains("article text. Block 1 of the deep story"), "{text}");
        assert!(text.contains("line one line two"), "{text}");
        for gone in ["SITE NAVIGATION", "HIDDEN TEXT"] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
    }

    #[test]
    fn malformed_trees_are_refused_with_a_message() {
        for (json, says) in [
            (r#"{"t":"html"}"#, "an array"),
            (r#"[{"t":"html"},"text"]"#, "not closed"),
            (r#"[{"t":"html"},0,0]"#, "follow the root"),
            (r#"["text"]"#, "outside the root"),
            (r#"[0]"#, "closes no element"),
            (r#"[{"t":"html"},7]"#, "not a closing 0"),
            (r#"[{"a":[]},0]"#, "missing field"),
            (r#"[{"t":"html"},0] trailing"#, "trailing"),
        ] {
            let error = tree_from_json(json).expect_err(json);
            assert!(error.contains(says), "{json}: {error}");
        }
    }
}

/// Paragraphs of an article written for these tests, long enough to be one.
const STORY: &str = "<p>The harbour authority said on Tuesday that the new breakwater, begun in 2019, would be finished by the end of the summer, two years later than planned.</p>
<p>Engineers blamed the delay on storms that destroyed part of the works twice, and on a shortage of the granite blocks the design calls for, which now come from a quarry abroad.</p>
<p>Fishermen, who had asked for the breakwater for a decade, said the delay had cost them a second winter of damaged boats, and asked the authority to pay for repairs.</p>
<p>The authority said it would study the request, but that its budget for the year, already stretched by the works, left little room for anything else.</p>";

fn body_of(blocks: &[(BlockKind, String)]) -> String {
    blocks.iter().filter(|b| b.0 != BlockKind::Title).map(|b| b.1.as_str()).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_wrapper_named_like_furniture_does_not_hide_the_article() {
    // The whole page sits in elements whose class names furniture ("page-ad-margins",
    // "header-style-2"): the page is read again without that rule.
    for wrapper in ["page-ad-margins", "wrapper header-style-header-2", "pagebuilder-pagerow"] {
        let page = format!(
            "<html><head><title>Breakwater late</title></head><body><div class=\"{wrapper}\"><div class=\"story\">{STORY}</div><nav><a href=/>Home</a></nav></div></body></html>"
        );
        let (blocks, meta) = blocks_of(&page);
        let body = body_of(&blocks);
        assert!(body.contains("granite blocks") && body.contains("little room"), "{wrapper}: {body}");
        assert!(!body.contains("Home"), "{wrapper}: the navigation stays out");
        assert_eq!(meta.doubt, None, "{wrapper}");
    }
}

#[test]
fn a_form_around_the_whole_page_is_read_and_a_small_form_is_not() {
    // ASP.NET pages wrap everything in one <form>.
    let page = format!(
        "<html><head><title>Breakwater late</title></head><body><form id=\"aspnetForm\" method=\"post\"><div class=\"article\">{STORY}</div></form></body></html>"
    );
    let body = body_of(&blocks_of(&page).0);
    assert!(body.contains("harbour authority") && body.contains("little room"), "{body}");
    // A form of a few words in the article (a sign-up box) is furniture.
    let page = format!(
        "<html><head><title>Breakwater late</title></head><body><div class=\"article\">{STORY}<form action=/join><p>Get the harbour news every morning</p><input name=email></form></div></body></html>"
    );
    let body = body_of(&blocks_of(&page).0);
    assert!(body.contains("little room") && !body.contains("every morning"), "{body}");
}

#[test]
fn an_article_only_its_structured_data_holds_is_read_from_it() {
    // The markup shows a teaser (the text is drawn by a script); the JSON-LD has the text.
    let text = "The harbour authority said on Tuesday that the new breakwater would be finished by the end of the summer.\nEngineers blamed the delay on storms that destroyed part of the works twice.";
    let ld = serde_json::json!({ "@type": "NewsArticle", "headline": "Breakwater late", "articleBody": text });
    let page = format!("<html><head><script type=\"application/ld+json\">{ld}</script></head><body><div id=app><p>Loading…</p></div></body></html>");
    let (blocks, meta) = blocks_of(&page);
    assert_eq!(
        blocks.iter().filter(|b| b.0 == BlockKind::Paragraph).map(|b| b.1.as_str()).collect::<Vec<_>>(),
        text.split('\n').collect::<Vec<_>>()
    );
    assert_eq!(meta.doubt, None);
}

#[test]
fn a_page_with_too_little_to_be_an_article_gives_its_whole_text_in_doubt() {
    use newsmark::article::html::Doubt;
    let page = "<html><head><title>Shop</title></head><body><div class=\"header\"><h2>Our shop</h2></div><p>Open daily.</p><div class=\"footer-note\">Call us on 555 0100.</div></body></html>";
    let (blocks, meta) = blocks_of(page);
    let body = body_of(&blocks);
    assert_eq!(meta.doubt, Some(Doubt::TooLittle));
    assert!(body.contains("Open daily.") && body.contains("Call us"), "{body}");
}

/// The four ways a trial of real pages showed furniture as the article, one fixture each: what
/// must be read, and what must not.
const FAILURE_CLASSES: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "a footer the only other candidate",
        include_str!("fixtures/pages/footer-only.html"),
        &["raise household rates by eight percent", "families on fixed incomes"],
        &["Terms of Service", "All rights reserved", "200 Main Street"],
    ),
    (
        "a cookie banner",
        include_str!("fixtures/pages/cookie-banner.html"),
        &["We set out at dawn", "too steep to reach from the trail"],
        &["uses cookies", "Popular posts"],
    ),
    (
        "a company's address block",
        include_str!("fixtures/pages/address-block.html"),
        &["ordered two battery-powered boats", "regional fund for cleaner transport"],
        &["Pier 4, Harbour Road", "VAT number"],
    ),
    (
        "an article split by advertisements",
        include_str!("fixtures/pages/split-by-ads.html"),
        &["opened its second branch on Saturday", "queue stretched past the bakery", "stretched but not broken"],
        &["Advertisement", "Council backs library budget"],
    ),
];

#[test]
fn furniture_never_stands_for_the_article() {
    for (name, page, kept, gone) in FAILURE_CLASSES {
        let (blocks, meta) = blocks_of(page);
        let body = body_of(&blocks);
        for k in *kept {
            assert!(body.contains(k), "{name}: {k:?} is missing from\n{body}");
        }
        for g in *gone {
            assert!(!body.contains(g), "{name}: {g:?} is in\n{body}");
        }
        assert_eq!(meta.doubt, None, "{name}");
    }
}

#[test]
fn captions_credits_counters_ads_and_date_lines_stay_out_and_table_rows_stay_in() {
    let page = format!(
        "<html><head><title>Breakwater late</title></head><body><div class=\"article\">
        <figure><img src=a.jpg><figcaption>The breakwater in March. Photo: Harbour Authority</figcaption></figure>
        <p>Updated 9:14 am GMT, Tuesday, November 19, 2019</p>
        <p>By Dana Whitfield - 11/19/19</p>
        {STORY}
        <p>ADVERTISEMENT</p><p>1 of 6</p><p>© Harbour Authority</p>
        <p class=\"image-credit\">Harbour Authority</p>
        <h3><a href=/more>Harbour tolls to rise next year</a></h3>
        <p>Continue Reading Below</p>
        <table><tr><td>2019</td><td>12 boats</td><td>3 storms</td></tr></table>
        </div></body></html>"
    );
    let body = body_of(&blocks_of(&page).0);
    assert!(body.contains("granite blocks") && body.contains("little room"), "{body}");
    for gone in [
        "Photo:",
        "Updated 9:14",
        "By Dana",
        "ADVERTISEMENT",
        "1 of 6",
        "©",
        "image-credit",
        "Harbour tolls",
        "Continue Reading",
    ] {
        assert!(!body.contains(gone), "{gone:?} is in\n{body}");
    }
    assert!(body.contains("2019 · 12 boats · 3 storms"), "{body}");
}

#[test]
fn hover_cards_author_boxes_and_offers_stay_out_and_two_breaks_end_a_paragraph() {
    // A name in the text that shows a card of the person's stories on hover; a box about the
    // author under the story; a subscription offer; a run of text cut by two line breaks.
    let page = format!(
        "<html><head><title>Breakwater late</title></head><body><div class=\"article\">
        <p>The works were approved by <span class=\"rollover-people\"><a class=\"rollover-people-link\" href=/p/1>Mara Quist</a><span class=\"rollover-people-block\"><span class=\"rollover-block\"><img src=q.jpg><a href=/s/1>Quist backs new ferry</a> <a href=/s/2>Harbour board meets</a></span></span></span> (Harbour Board) in spring.</p>
        {STORY}
        <p>Get Harbour Monthly delivered to your door every month. 12 issues for £11.99. <a href=/offer>Click here</a> for more information.</p>
        <div>The tide tables are printed weekly.<br><br>Harbour Monthly is published by the Harbour Trust.</div>
        <div class=\"post-author\"><h5><a href=/author/dana>Dana Whitfield</a></h5><p>Dana is a coastal reporter living in Port Town with her husband, two sons, and a cat, who has covered the harbour, its board, its tolls, its storms, its ferries, its fishermen and its works for twelve years.</p></div>
        </div></body></html>"
    );
    let blocks = blocks_of(&page).0;
    let body = body_of(&blocks);
    assert!(body.contains("The works were approved by Mara Quist (Harbour Board) in spring."), "{body}");
    assert!(body.contains("granite blocks") && body.contains("little room"), "{body}");
    for gone in ["Quist backs", "Harbour board meets", "12 issues", "coastal reporter"] {
        assert!(!body.contains(gone), "{gone:?} is in\n{body}");
    }
    assert!(blocks.iter().any(|b| b.1 == "The tide tables are printed weekly."), "{blocks:?}");
}

#[test]
fn where_to_buy_what_the_article_describes_is_kept_and_teasers_are_not() {
    let page = format!(
        "<html><head><title>Breakwater late</title></head><body><div class=\"article\">{STORY}
        <h2>Tide clock for $24.99</h2><p>A brass clock that shows the harbour's tides at a glance, handy for anyone who moors there.</p>
        <ul><li><a href=/buy/1>Get it on Amazon for $24.99</a></li></ul>
        <p><a href=/buy/2>See it now: Harbour Shop</a></p>
        <ul><li><a href=/s/1>Harbour tolls to rise next year</a></li><li><a href=/s/2>Ferry timetable changes</a></li></ul>
        </div></body></html>"
    );
    let body = body_of(&blocks_of(&page).0);
    assert!(body.contains("Get it on Amazon for $24.99") && body.contains("See it now: Harbour Shop"), "{body}");
    assert!(!body.contains("Harbour tolls") && !body.contains("Ferry timetable"), "{body}");
}

#[test]
fn the_body_the_publisher_names_is_the_article_within_what_scores_best() {
    // The best-scoring container holds the article's named body and, beside it, a long plain
    // paragraph about the company that no class name gives away.
    let page = format!(
        "<html><head><title>Breakwater late</title></head><body><div class=\"wrap\">
        <div class=\"article-body\">{STORY}</div>
        <p>Harbour Works Ltd is a leading provider of coastal engineering, with offices in four countries, a fleet of twelve vessels, and a staff of four hundred, serving ports, councils, and private clients since 1952.</p>
        </div></body></html>"
    );
    let body = body_of(&blocks_of(&page).0);
    assert!(body.contains("harbour authority") && body.contains("little room"), "{body}");
    assert!(!body.contains("leading provider"), "{body}");
}

#[test]
fn the_headline_loses_its_author_as_it_loses_the_site_name() {
    let page = "<html><head><title>Ardern announces gun buyback | Eleanor Ainge Roy | World news | The Guardian</title>\
        <meta property=\"og:title\" content=\"Ardern announces gun buyback | Eleanor Ainge Roy\">\
        <meta name=\"author\" content=\"Eleanor Ainge Roy\"></head><body><p>The prime minister announced on Thursday a buyback of the weapons the new law bans, to be paid for by the state, and said owners would have six months to hand them in.</p></body></html>";
    let (_, meta) = blocks_of(page);
    assert_eq!(meta.title.as_deref(), Some("Ardern announces gun buyback"));
    assert_eq!(meta.byline.as_deref(), Some("Eleanor Ainge Roy"));
}

#[test]
fn the_article_s_language_is_what_the_page_declares_else_what_its_text_is_in() {
    let of = |page: &str| {
        let root = to_node(Html::parse_document(page).root_element());
        extract(&root).0.lang().map(str::to_string)
    };
    let french = "<p>Le conseil a annoncé lundi que le nouveau budget, qui a été approuvé après un long débat, permettra de garder toutes les bibliothèques ouvertes et que le prix des billets de bus ne changera pas cette année.</p>";
    assert_eq!(of(&format!("<html lang=\"fr-CA\"><body>{french}</body></html>")).as_deref(), Some("fr-CA"));
    assert_eq!(
        of(&format!("<html><head><meta property=\"og:locale\" content=\"fr_FR\"></head><body>{french}</body></html>"))
            .as_deref(),
        Some("fr-FR")
    );
    assert_eq!(of(&format!("<html><body>{french}</body></html>")).as_deref(), Some("fr"), "told from the text");
    assert_eq!(
        of(&format!("<html lang=\"not a language\"><body>{french}</body></html>")).as_deref(),
        Some("fr"),
        "a declaration that is no language tag is not taken"
    );
}

#[test]
fn a_dateline_the_page_marks_is_kept_out_of_the_first_paragraph_and_shown_with_the_byline() {
    let page = format!(
        "<html><head><title>Breakwater late</title><meta name=\"author\" content=\"Dana Whitfield\"></head><body><div class=\"article\">\
         <p><span class=\"dateline\">PORT TOWN —</span> The harbour authority said on Tuesday that the new breakwater would be finished by the end of the summer, two years later than planned.</p>{STORY}</div></body></html>"
    );
    let root = to_node(Html::parse_document(&page).root_element());
    let (article, _) = extract(&root);
    let first = article.blocks().iter().find(|b| b.kind == BlockKind::Paragraph).map(|b| b.text.as_str());
    assert_eq!(first.map(|t| t.starts_with("The harbour authority said on Tuesday")), Some(true), "{first:?}");
    assert_eq!(article.byline(), Some("Dana Whitfield · PORT TOWN"));
}
