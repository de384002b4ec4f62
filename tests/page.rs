//! The exported page: a golden file, hostile text that must come out inert, byte-identical
//! output, and reading the page back.

use std::fs;
use std::path::Path;

use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::article::Article;
use newsmark::export::page::ARTICLE_DATA_ID;
use newsmark::import;
use newsmark::session::Session;
use newsmark::text::CpSpan;
use serde_json::Value;

const DEMO: &str = include_str!("../www/demo/us-china-ai-talks.txt");

fn time(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn tag(session: &mut Session, phrase: &str, tag: Tag, n: u8, note: &str) {
    let text = session.article().text();
    let at = text.cp_of_byte(text.as_str().find(phrase).unwrap_or_else(|| panic!("{phrase:?}"))).unwrap();
    let span = CpSpan::new(at, at + phrase.chars().count()).unwrap();
    let id = session.tag(span, tag, AnnotationId::from_random([n; 16]), time("2026-11-26T10:00:00.000Z")).unwrap().id;
    if !note.is_empty() {
        session.edit(&id, None, Some(note), time(&format!("2026-11-2{}T12:00:00.000Z", n % 8 + 1))).unwrap();
    }
}

/// The demo with annotations of every kind: a note, overlapping passages, one across two
/// paragraphs, one in the headline.
fn demo_session() -> Session {
    let mut s = Session::new(Article::from_plain_text(DEMO));
    tag(&mut s, "AI talks needed as arms race fears rise", Tag::Claim, 1, "");
    tag(
        &mut s,
        "both sides fear the technology could evolve into a new arena of confrontation",
        Tag::Claim,
        2,
        "Which officials say so?",
    );
    tag(&mut s, "the technology could evolve", Tag::Opinion, 3, "");
    tag(
        &mut s,
        "White House accusations that Beijing has carried out industrial-scale efforts",
        Tag::Accusation,
        4,
        "Evidence: none cited.",
    );
    tag(&mut s, "with words. not just capabilities.\n\nU.S.-China AI talks", Tag::Opinion, 5, "");
    s
}

/// Every `<` opens one of the tags the page is made of.
fn assert_only_our_tags(html: &str) {
    const ALLOWED: &[&str] = &[
        "!doctype", "html", "head", "meta", "title", "style", "script", "body", "header", "main", "article", "p", "h1",
        "h2", "h3", "mark", "a", "section", "ol", "ul", "li", "span", "q", "bdi", "time", "strong", "footer",
    ];
    for piece in html.split('<').skip(1) {
        let name: String =
            piece.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
        assert!(
            ALLOWED.contains(&name.to_ascii_lowercase().as_str()),
            "unexpected tag <{name} in …{}",
            &piece[..piece.len().min(60)]
        );
    }
}

fn data_blocks(html: &str) -> (Value, Value) {
    let grab = |marker: &str| {
        let open = html.find(marker).unwrap();
        let start = open + html[open..].find('>').unwrap() + 1;
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str::<Value>(&html[start..end]).unwrap()
    };
    (grab("application/ld+json"), grab(&format!("id=\"{ARTICLE_DATA_ID}\"")))
}

#[test]
fn golden_demo_page() {
    let html = demo_session().export_page();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/page/demo.annotated.html");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&golden, &html).unwrap();
    }
    let expected = fs::read_to_string(&golden).expect("golden file (UPDATE_GOLDEN=1 cargo test --test page writes it)");
    assert!(
        html == expected,
        "the page differs from {}; rerun with UPDATE_GOLDEN=1 after checking it",
        golden.display()
    );
    assert_only_our_tags(&html);
    assert_eq!(html.matches("<script").count(), 2, "two data blocks, no script");
}

#[test]
fn same_inputs_give_the_same_bytes() {
    assert_eq!(demo_session().export_page(), demo_session().export_page());
}

#[test]
fn hostile_text_and_notes_come_out_inert() {
    let hostile = [
        "</script><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "]]> and <!-- a comment -->",
        "\"double\" and 'single' quotes & ampersands",
        "right\u{202e}to-left override",
    ];
    let text =
        format!("A title\n\n{}", hostile.iter().map(|h| format!("Before {h} after.")).collect::<Vec<_>>().join("\n\n"));
    let mut s = Session::new(Article::from_plain_text(&text));
    let big_note = "x<y>&\"".repeat(100_000 / 6);
    for (i, h) in hostile.iter().enumerate() {
        let note = if i == 0 { big_note.as_str() } else { h };
        tag(&mut s, h, Tag::OURS[i % 3].clone(), i as u8 + 1, note);
    }
    let html = s.export_page();
    assert_only_our_tags(&html);
    assert_eq!(html.matches("<script").count(), 2);
    assert!(!html.contains("<img") && !html.contains("<!-- a comment"));
    // The data blocks read back to the very same text and notes.
    let (collection, article) = data_blocks(&html);
    let notes: Vec<&str> = collection["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a["body"].as_array().unwrap().iter().find(|b| b["purpose"] == "commenting").unwrap()["value"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(notes[0], big_note);
    assert_eq!(&notes[1..], &hostile[1..]);
    let blocks: Vec<&str> = article["blocks"].as_array().unwrap().iter().map(|b| b["text"].as_str().unwrap()).collect();
    assert_eq!(blocks.join("\n\n"), s.article().text().as_str());
}

#[test]
fn a_page_reads_back_as_the_same_article_and_annotations() {
    let original = demo_session();
    let html = original.export_page();
    let page = import::read_page(&html, &time("2026-11-27T00:00:00Z")).unwrap();
    assert!(page.annotations.problems.is_empty(), "{:?}", page.annotations.problems);
    let article = page.article.to_article();
    assert_eq!(article.text().as_str(), original.article().text().as_str());
    assert_eq!(article.blocks(), original.article().blocks());
    let mut reopened = Session::new(article);
    reopened.enqueue(page.annotations.annotations);
    reopened.place_all();
    assert_eq!(reopened.report().exact, original.store().len());
    assert_eq!(reopened.store(), original.store());
}

#[test]
fn other_pages_are_refused_with_a_message() {
    let problem = import::read_page("<html><body>hello</body></html>", &time("2026-11-27T00:00:00Z")).err().unwrap();
    assert!(problem.message.contains("only pages exported by newsmark"), "{problem}");
}

#[test]
fn csv_and_jsonl() {
    let s = demo_session();
    let csv = s.export_csv();
    let mut lines = csv.split("\r\n");
    assert_eq!(lines.next(), Some("tag,quote,note,start,end,created"));
    assert!(csv.contains(
        "claim,both sides fear the technology could evolve into a new arena of confrontation,Which officials say so?,"
    ));
    assert!(
        csv.contains("opinion,\"with words. not just capabilities.\n\nU.S.-China AI talks\","),
        "a quote with line breaks is quoted"
    );
    let line: Value = serde_json::from_str(s.export_jsonl().trim_end()).unwrap();
    assert_eq!(line["text"], s.article().text().as_str());
    let chars: Vec<char> = s.article().text().as_str().chars().collect();
    for label in line["label"].as_array().unwrap() {
        let (start, end) = (label[0].as_u64().unwrap() as usize, label[1].as_u64().unwrap() as usize);
        let quote: String = chars[start..end].iter().collect();
        assert!(s.store().iter().any(|a| a.quote == quote && a.tag.as_str() == label[2]), "{label}");
    }
}

#[test]
fn with_a_source_the_page_links_to_the_live_passages() {
    use newsmark::article::{Block, BlockKind};
    let article = Article::from_blocks(
        vec![
            Block { kind: BlockKind::Title, text: "Council votes".into() },
            Block {
                kind: BlockKind::Paragraph,
                text: "The mayor said the budget is balanced. Critics disagree.".into(),
            },
        ],
        Some("https://example.org/news/council?id=7#top".into()),
    );
    let mut s = Session::new(article);
    tag(&mut s, "the budget is balanced", Tag::Claim, 1, "Is it?");
    let html = s.export_page();
    assert!(html.contains("Source: <a href=\"https://example.org/news/council?id=7#top\" rel=\"noopener noreferrer\">"));
    assert!(
        html.contains("href=\"https://example.org/news/council?id=7#:~:text=The%20mayor%20said-,the%20budget%20is%20balanced,-.%20Critics%20disagree.\""),
        "{html}"
    );
    let (collection, _) = data_blocks(&html);
    assert_eq!(collection["first"]["items"][0]["target"]["source"], "https://example.org/news/council?id=7#top");
}

/// A page shaped like an export whose article data names a `javascript:` source (hand-made:
/// newsmark never writes one): the page opens without the link, says so, and nothing written
/// from it afterwards carries the script.
#[test]
fn a_crafted_page_cannot_bring_a_script_link_in() {
    let html = demo_session().export_page();
    let (_, article) = data_blocks(&html);
    for url in [
        "javascript:alert(document.domain)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https:alert(1)",
        "//evil.example/x",
        "https://ok.example/a b",
    ] {
        let mut crafted = article.clone();
        crafted["source_url"] = Value::String(url.into());
        let open = html.find(&format!("id=\"{ARTICLE_DATA_ID}\">")).unwrap() + ARTICLE_DATA_ID.len() + 6;
        let close = open + html[open..].find("</script>").unwrap();
        let data = newsmark::export::page::json_for_script(&serde_json::to_string(&crafted).unwrap());
        let page = format!("{}{data}{}", &html[..open], &html[close..]);
        let read = import::read_page(&page, &time("2026-11-27T00:00:00Z")).unwrap();
        assert_eq!(read.article.source_url, None, "{url:?}");
        let problem = read.annotations.mended.iter().find(|p| p.path == "article.source_url").expect("a message");
        assert!(problem.message.contains("not a web address"), "{problem}");
        let mut reopened = Session::new(read.article.to_article());
        reopened.enqueue(read.annotations.annotations);
        reopened.place_all();
        for out in [reopened.export_page(), reopened.export_w3c()] {
            assert!(!out.to_ascii_lowercase().contains("script:"), "{url:?} got out");
            assert!(!out.contains("data:text"), "{url:?} got out");
        }
    }
    // An article made in the core from any source keeps only web addresses.
    let article = Article::from_blocks(Vec::new(), Some("javascript:alert(1)".into()));
    assert_eq!(article.source_url(), None);
    assert_eq!(newsmark::article::web_url(" HTTPS://example.org/x "), Some("HTTPS://example.org/x"));
}
