//! A page as the app hands it over: `tree_from_json` on the flat JSON event array, then
//! `extract`. Most inputs are a structured event sequence (real tag names, the attributes the
//! extractor reads, text, runs of nesting past `MAX_DEPTH`) serialized to that JSON, so deep
//! trees and odd nestings are reached; some are raw strings given to `tree_from_json` as they are,
//! and some raw markup given to `prepare_markup` (the worker's pass before the browser parses).
#![no_main]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use newsmark::article::html::{extract, prepare_markup, tree_from_json, Element, Node, MAX_DEPTH};
use newsmark::saved::ArticleSourceV1;

const TAGS: &[&str] = &[
    "p",
    "div",
    "article",
    "section",
    "main",
    "body",
    "head",
    "title",
    "meta",
    "link",
    "script",
    "style",
    "noscript",
    "template",
    "noembed",
    "noframes",
    "svg",
    "math",
    "h1",
    "h2",
    "h3",
    "li",
    "ul",
    "ol",
    "a",
    "img",
    "br",
    "span",
    "blockquote",
    "pre",
    "td",
    "tr",
    "table",
    "figure",
    "figcaption",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "button",
    "iframe",
    "dl",
    "dt",
    "dd",
    "em",
    "strong",
    "time",
    "address",
    "hr",
    "html",
];
const ATTRS: &[&str] = &[
    "class",
    "id",
    "href",
    "src",
    "rel",
    "property",
    "name",
    "itemprop",
    "content",
    "type",
    "hidden",
    "aria-hidden",
    "style",
    "role",
    "datetime",
    "lang",
    "CLASS",
    "alt",
];
const VALUES: &[&str] = &[
    "article",
    "content",
    "story",
    "entry-content",
    "post",
    "main",
    "body",
    "comment",
    "sidebar",
    "related",
    "share",
    "footer",
    "header",
    "-ad-",
    "banner",
    "hidden",
    "byline",
    "author",
    "og:title",
    "og:url",
    "og:site_name",
    "article:published_time",
    "author",
    "canonical",
    "https://example.org/news/1",
    "javascript:alert(1)",
    "application/ld+json",
    "true",
    "display: none",
    "dialog",
    "navigation",
    "caption",
    "",
];
const JSON_LD: &[&str] = &[
    r#"{"@type":"NewsArticle","headline":"A headline","author":{"name":"A. Writer"},"datePublished":"2026-01-02"}"#,
    r#"{"@graph":[{"@type":["Article"],"name":"G","author":[{"name":"x"},{"name":"y"}]}]}"#,
    r#"[{"@type":"Report","headline":7}]"#,
];

#[derive(Arbitrary, Debug)]
enum Pick {
    Known(u8),
    Own(String),
}

impl Pick {
    fn get(&self, list: &[&str]) -> String {
        match self {
            Pick::Known(i) => list[*i as usize % list.len()].to_string(),
            Pick::Own(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Event {
    Open {
        tag: Pick,
        attrs: Vec<(Pick, Pick)>,
    },
    Close,
    Text(String),
    /// A sentence long enough to be scored as a paragraph.
    Prose(u8),
    JsonLd(u8),
    /// `count` opens of one tag in a row: past the depth limit in one step.
    Nest {
        tag: Pick,
        count: u16,
    },
    /// A raw entry in the array, valid or not (an unpaired 0, a number, an object).
    Raw(String),
}

const PROSE: &[&str] = &[
    "The council voted on Tuesday, after a long debate, to approve the budget, which critics said was unbalanced.",
    "Officials, speaking on condition of anonymity, said the talks would resume next week, if both sides agreed.",
    "Leave a reply",
    "Share this article on social media, and subscribe to our newsletter, for more.",
    "東京都の会議は、火曜日に予算を承認した。",
];

fn open_json(tag: &str, attrs: &[(String, String)]) -> serde_json::Value {
    let attrs: Vec<serde_json::Value> = attrs.iter().map(|(k, v)| serde_json::json!([k, v])).collect();
    serde_json::json!({ "t": tag, "a": attrs })
}

/// The events as the flat JSON array, balanced unless a raw entry says otherwise.
fn to_json(events: &[Event]) -> String {
    let mut out: Vec<String> = vec![open_json("html", &[]).to_string()];
    let mut open = 1usize;
    for event in events {
        match event {
            Event::Open { tag, attrs } => {
                let attrs: Vec<(String, String)> =
                    attrs.iter().take(6).map(|(k, v)| (k.get(ATTRS), v.get(VALUES))).collect();
                out.push(open_json(&tag.get(TAGS), &attrs).to_string());
                open += 1;
            }
            Event::Close if open > 1 => {
                out.push("0".into());
                open -= 1;
            }
            Event::Close => {}
            Event::Text(t) => out.push(serde_json::Value::String(t.clone()).to_string()),
            Event::Prose(i) => out.push(serde_json::Value::String(PROSE[*i as usize % PROSE.len()].into()).to_string()),
            Event::JsonLd(i) => {
                out.push(open_json("script", &[("type".into(), "application/ld+json".into())]).to_string());
                out.push(serde_json::Value::String(JSON_LD[*i as usize % JSON_LD.len()].into()).to_string());
                out.push("0".into());
            }
            Event::Nest { tag, count } => {
                let count = *count as usize % (2 * MAX_DEPTH + 64);
                let tag = open_json(&tag.get(TAGS), &[]).to_string();
                for _ in 0..count {
                    out.push(tag.clone());
                }
                open += count;
            }
            Event::Raw(raw) => out.push(raw.clone()),
        }
    }
    out.extend(std::iter::repeat_n("0".to_string(), open));
    format!("[{}]", out.join(","))
}

fn depth(e: &Element) -> usize {
    // Iterative: a tree from a bug could be deep.
    let mut deepest = 0;
    let mut stack = vec![(e, 1usize)];
    while let Some((e, d)) = stack.pop() {
        deepest = deepest.max(d);
        for c in &e.children {
            if let Node::Element(c) = c {
                stack.push((c, d + 1));
            }
        }
    }
    deepest
}

fn run(json: &str) {
    let Ok(root) = tree_from_json(json) else { return };
    assert!(depth(&root) <= MAX_DEPTH + 16 + 1, "tree deeper than the limit");
    let (article, _meta) = extract(&root);
    common::check_article(&article);
    // What the app keeps of it reads back as the very same article.
    let source = ArticleSourceV1::of(&article);
    let back = ArticleSourceV1::parse(&source.to_json()).expect("own article JSON reads back");
    assert_eq!(back, source);
    assert_eq!(back.to_article().text().as_str(), article.text().as_str());
}

/// The markup pass the worker runs before the browser parses a page: never panics, and what
/// it gives back needs no second pass (flat enough, no handlers left).
fn prepare(html: &str) {
    let prepared = prepare_markup(html);
    if let Some(out) = prepared.html {
        let again = prepare_markup(&out);
        assert!(again.depth <= MAX_DEPTH, "prepared markup {} deep", again.depth);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode % 4 == 0 {
        run(&common::text_of(rest));
        return;
    }
    if mode % 4 == 1 {
        prepare(&common::text_of(rest));
        return;
    }
    let u = Unstructured::new(rest);
    let Ok(events) = Vec::<Event>::arbitrary_take_rest(u) else { return };
    common::show(&events);
    run(&to_json(&events));
});
