//! What a page says about its article besides the body: title, byline, date and URL, from
//! JSON-LD, `<meta>` tags, `<link rel=canonical>` and the `<title>`, in Readability's order of
//! trust.

use super::{text_of, Element, Node};

/// What the page says about the article besides its body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// Why what was found may not be the article, if it may not.
    pub doubt: Option<Doubt>,
    /// The article's text as its JSON-LD gives it (`articleBody`), if it does.
    pub body: Option<String>,
    /// The language the page declares (`<html lang>`, `og:locale`), if it is a language tag.
    pub lang: Option<String>,
}

/// Why a page's reading may not be its article (the page's whole readable text is given then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doubt {
    /// No part of the page held enough text to be an article.
    TooLittle,
}

impl Doubt {
    /// What the reader is told, after "This may not be the article: ".
    pub fn message(self) -> &'static str {
        match self {
            Doubt::TooLittle => "no part of the page holds enough text to be one, so all of its readable text is shown",
        }
    }
}

pub(super) fn find_all<'a>(e: &'a Element, tag: &str, out: &mut Vec<&'a Element>) {
    if e.tag == tag {
        out.push(e);
    }
    for child in &e.children {
        if let Node::Element(c) = child {
            find_all(c, tag, out);
        }
    }
}

fn meta_content<'a>(metas: &[&'a Element], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|key| {
        metas
            .iter()
            .find(|m| {
                m.attr("property")
                    .or(m.attr("name"))
                    .or(m.attr("itemprop"))
                    .is_some_and(|p| p.eq_ignore_ascii_case(key))
            })
            .and_then(|m| m.attr("content"))
            .map(str::trim)
            .filter(|c| !c.is_empty())
    })
}

/// Title, byline, date and URL, from JSON-LD, `<meta>` tags and the `<title>`, in
/// Readability's order of trust.
pub fn metadata(root: &Element) -> Metadata {
    let mut metas = Vec::new();
    find_all(root, "meta", &mut metas);
    let mut scripts = Vec::new();
    find_all(root, "script", &mut scripts);
    let ld = scripts
        .iter()
        .filter(|s| s.attr("type").is_some_and(|t| t.contains("ld+json")))
        .find_map(|s| json_ld(&text_raw(s)));
    let title = ld
        .as_ref()
        .and_then(|l| l.0.clone())
        .or_else(|| {
            meta_content(&metas, &["dc:title", "dcterm:title", "og:title", "weibo:article:title", "twitter:title"])
                .map(str::to_string)
        })
        .or_else(|| title_tag(root))
        .or_else(|| {
            // A fragment (a paste) has no <title>: its first headline is the title.
            let mut h1s = Vec::new();
            find_all(root, "h1", &mut h1s);
            h1s.first().map(|h| text_of(h)).filter(|t| !t.is_empty())
        });
    let byline = ld.as_ref().and_then(|l| l.1.clone()).or_else(|| {
        meta_content(&metas, &["dc:creator", "dcterm:creator", "author", "article:author"]).map(str::to_string)
    });
    let published = ld
        .as_ref()
        .and_then(|l| l.2.clone())
        .or_else(|| meta_content(&metas, &["article:published_time", "datePublished", "date"]).map(str::to_string));
    let mut links = Vec::new();
    find_all(root, "link", &mut links);
    let url = links
        .iter()
        .find(|l| l.attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")))
        .and_then(|l| l.attr("href"))
        .or_else(|| meta_content(&metas, &["og:url"]))
        .and_then(crate::article::web_url)
        .map(str::to_string);
    let clean = |s: String| Some(s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty());
    let site = meta_content(&metas, &["og:site_name"]).map(str::to_lowercase);
    let byline = byline.and_then(clean);
    let title = title
        .and_then(clean)
        .map(|t| without_site_name(&t, site.as_deref()))
        .map(|t| without_author(&t, byline.as_deref()));
    let body = ld.as_ref().and_then(|l| l.3.clone()).filter(|b| !b.trim().is_empty());
    let html_lang = (root.tag == "html").then(|| root.attr("lang")).flatten();
    let lang = html_lang
        .or_else(|| meta_content(&metas, &["og:locale", "language", "content-language"]))
        .and_then(crate::article::language::tag);
    Metadata { title, byline, published, url, doubt: None, body, lang }
}

/// "Headline | Eleanor Ainge Roy" -> "Headline", when the part after the last separator is the
/// article's author.
fn without_author(title: &str, byline: Option<&str>) -> String {
    let Some(byline) = byline else { return title.to_string() };
    let byline = byline.trim_start_matches("By ").trim_start_matches("by ").to_lowercase();
    for separator in [" | ", " - ", " – ", " — "] {
        if let Some(at) = title.rfind(separator) {
            let tail = title[at + separator.len()..].trim().to_lowercase();
            if !tail.is_empty() && at > 0 && (byline == tail || byline.starts_with(&tail) || tail.starts_with(&byline))
            {
                return title[..at].trim().to_string();
            }
        }
    }
    title.to_string()
}

/// "Headline | Site" -> "Headline", when the part after the last separator is the site's name.
fn without_site_name(title: &str, site: Option<&str>) -> String {
    let Some(site) = site else { return title.to_string() };
    for separator in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some(at) = title.rfind(separator) {
            let tail = title[at + separator.len()..].trim().to_lowercase();
            if !tail.is_empty() && (site.starts_with(&tail) || tail.starts_with(site)) {
                return title[..at].trim().to_string();
            }
        }
    }
    title.to_string()
}

fn text_raw(e: &Element) -> String {
    e.children.iter().filter_map(|c| if let Node::Text(t) = c { Some(t.as_str()) } else { None }).collect()
}

/// Headline, author name, date and body text from an article's JSON-LD.
#[allow(clippy::type_complexity)]
fn json_ld(text: &str) -> Option<(Option<String>, Option<String>, Option<String>, Option<String>)> {
    let value: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
    let candidates: Vec<&serde_json::Value> = match &value {
        serde_json::Value::Array(items) => items.iter().collect(),
        v => match v.get("@graph").and_then(|g| g.as_array()) {
            Some(graph) => graph.iter().collect(),
            None => vec![v],
        },
    };
    let article = candidates.into_iter().find(|v| {
        let t = v.get("@type");
        let kinds: Vec<&str> = match t {
            Some(serde_json::Value::String(s)) => vec![s.as_str()],
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|x| x.as_str()).collect(),
            _ => Vec::new(),
        };
        kinds.iter().any(|k| k.ends_with("Article") || *k == "BlogPosting" || *k == "Report")
    })?;
    let string = |key: &str| article.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let title = string("headline").or_else(|| string("name"));
    let author = match article.get("author") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Object(o)) => o.get("name").and_then(|n| n.as_str()).map(str::to_string),
        Some(serde_json::Value::Array(a)) => {
            let names: Vec<&str> = a.iter().filter_map(|x| x.get("name").and_then(|n| n.as_str())).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    };
    Some((title, author, string("datePublished"), string("articleBody")))
}

/// The `<title>`, without the site name it usually carries ("Headline | Site").
fn title_tag(root: &Element) -> Option<String> {
    let mut titles = Vec::new();
    find_all(root, "title", &mut titles);
    let title = text_of(titles.first()?);
    if title.is_empty() {
        return None;
    }
    for separator in [" | ", " - ", " – ", " — ", " :: ", " / ", " » "] {
        if let Some(at) = title.rfind(separator) {
            let head = &title[..at];
            if head.split_whitespace().count() >= 3 {
                return Some(head.trim().to_string());
            }
        }
    }
    Some(title)
}
