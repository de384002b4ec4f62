//! A web page -> its article, the way reader modes do it (Mozilla Readability is the reference):
//! paragraphs are scored on their length and commas, the scores flow to their ancestors, class
//! and id names hint up or down, link-dense containers (navigation, related links) lose; the
//! best container and its worthy siblings are the article. Then it is rebuilt as text blocks:
//! nothing of the page is kept as HTML.
//!
//! The page comes in as a [`Node`] tree: the browser's `DOMParser` builds it in the app (and
//! hands it over as [`tree_from_json`] reads it), an HTML parser crate in the evaluation tool.
//! Nothing here parses HTML.

mod depth;
mod furniture;
mod metadata;
mod tree;

pub use depth::{prepare_markup, Prepared};
pub use metadata::{metadata, Doubt, Metadata};
use tree::TEXT_BLOCKS;
pub use tree::{tree_from_json, Element, Node, MAX_DEPTH};

use super::{Article, Block, BlockKind};

/// Elements that never hold article text.
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "iframe", "button", "input", "select", "textarea", "svg", "canvas", "nav", "aside",
    "footer", "template", "object", "embed", "link", "meta", "head", "dialog", "menu",
    // Shown only by browsers without plugins or frames (none today): raw markup as text.
    "noembed", "noframes", "datalist", "rp",
];
/// Class and id words of page furniture (Readability's "unlikely candidates").
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "share",
    "newsletter",
    "promo",
    "subscribe",
    "signup",
    "outbrain",
    "taboola",
    "cookie",
    "masthead",
    // Rails of other stories: carousels, trending and most-read lists, teasers.
    "swiper",
    "carousel",
    "trending",
    "most-read",
    "mostread",
    "most-popular",
    "teaser",
];
/// Class and id words of boxes inside an article that are not its text: about who wrote it,
/// share counts and syndication, picture viewers and slides, consent prompts, time stamps, tag
/// lists, attachments, embedded players, sub-navigation (a list much like trafilatura's).
const IN_ARTICLE_FURNITURE: &[&str] = &[
    "author",
    "user-info",
    "user-profile",
    "viral",
    "syndication",
    "lightbox",
    "consent",
    "timestamp",
    "side-stories",
    "tag-list",
    "attachment",
    "infoline",
    "-tags-",
    "embed",
    "slide",
    "navbox",
    "subnav",
];
/// Words that save an element from [`UNLIKELY`].
const MAYBE: &[&str] = &["and", "article", "body", "column", "content", "main", "shadow", "story", "entry", "post"];
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "hid",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "foot",
    "footer",
    "footnote",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "byline",
    "author",
    "dateline",
    "caption",
];

/// The page flattened: element `i`'s parent and children are indices into the same vectors.
struct Page<'a> {
    elements: Vec<&'a Element>,
    parent: Vec<Option<usize>>,
    dropped: Vec<bool>,
    /// Whether class and id names of furniture ([`UNLIKELY`]) leave an element out.
    strict: bool,
}

fn words_of(element: &Element) -> String {
    format!("{} {}", element.attr("class").unwrap_or(""), element.attr("id").unwrap_or("")).to_ascii_lowercase()
}

/// Class and id names as words: split at anything not a letter or digit and where a lowercase
/// letter meets a capital ("pageRow" is "page", "row"), lowercased, each marked off by `-`
/// ("-page-builder-page-row-"), so a name is matched at the start of a word, not inside one
/// ("pager" does not match "pageRow").
fn name_words(element: &Element) -> String {
    words_of_names([element.attr("class"), element.attr("id")].into_iter().flatten())
}

/// [`name_words`] of the given names.
fn words_of_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("-");
    for value in names {
        let mut last_lower = false;
        for c in value.chars() {
            if !c.is_alphanumeric() {
                if !out.ends_with('-') {
                    out.push('-');
                }
                last_lower = false;
                continue;
            }
            if c.is_uppercase() && last_lower && !out.ends_with('-') {
                out.push('-');
            }
            last_lower = c.is_lowercase();
            out.extend(c.to_lowercase());
        }
        if !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

/// Whether marked-off words (see [`name_words`]) hold one of `needles` at the start of a word;
/// a needle written with dashes ("-ad-") is a whole word.
fn names_any(words: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| {
        if n.starts_with('-') && n.ends_with('-') {
            words.contains(n)
        } else {
            let mut at = 0;
            while let Some(i) = words[at..].find(n) {
                let start = at + i;
                if start > 0 && words.as_bytes()[start - 1] == b'-' {
                    return true;
                }
                at = start + 1;
            }
            false
        }
    })
}

/// Whether lowercased names may hold one of `needles` as [`names_any`] matches them: a quick
/// test, as substrings, before the names are split into words.
fn might_name(lower: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| lower.contains(n.trim_matches('-')))
}

fn has_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| haystack.contains(n))
}

/// Whether the extractor leaves an element out whatever its content: a tag that never holds
/// article text, or hidden.
pub(super) fn is_dropped(e: &Element) -> bool {
    DROP_TAGS.contains(&e.tag.as_str()) || is_hidden(e)
}

fn is_hidden(e: &Element) -> bool {
    e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("style").is_some_and(|s| s.replace(' ', "").contains("display:none"))
        || matches!(
            e.attr("role"),
            Some("navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "alert")
        )
}

impl<'a> Page<'a> {
    fn new(root: &'a Element, strict: bool) -> Page<'a> {
        let mut page = Page { elements: Vec::new(), parent: Vec::new(), dropped: Vec::new(), strict };
        page.add(root, None, false);
        page
    }

    fn add(&mut self, e: &'a Element, parent: Option<usize>, dropped: bool) {
        let at = self.elements.len();
        let tag = e.tag.as_str();
        let words = words_of(e);
        let unlikely = self.strict
            && might_name(&words, UNLIKELY)
            && names_any(&name_words(e), UNLIKELY)
            && !has_any(&words, MAYBE)
            && !matches!(tag, "body" | "article" | "main" | "a" | "html" | "table" | "tbody" | "tr" | "td");
        let drop = dropped || DROP_TAGS.contains(&tag) || is_hidden(e) || unlikely;
        self.elements.push(e);
        self.parent.push(parent);
        self.dropped.push(drop);
        for child in &e.children {
            if let Node::Element(c) = child {
                self.add(c, Some(at), drop);
            }
        }
    }
}

/// The text of an element, whitespace collapsed, without dropped descendants.
fn text_of(e: &Element) -> String {
    let mut out = String::new();
    collect_text(e, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect_text(e: &Element, out: &mut String) {
    collect_text_in(e, out, false);
}

/// Class and id words of a card shown on hover: a person's picture and their other stories
/// beside their name, a definition beside a word.
const POPUP: &[&str] = &["tooltip", "popover", "popup", "hovercard", "rollover"];

/// Whether an element is named as (part of) a card shown on hover. A link is what is hovered,
/// never the card.
fn is_popup(e: &Element) -> bool {
    e.tag != "a"
        && [e.attr("class"), e.attr("id")].into_iter().flatten().any(|n| {
            let n = n.as_bytes();
            POPUP.iter().any(|p| n.windows(p.len()).any(|w| w.eq_ignore_ascii_case(p.as_bytes())))
        })
        && names_any(&name_words(e), POPUP)
}

fn holds_popup(e: &Element) -> bool {
    e.children.iter().any(|c| matches!(c, Node::Element(x) if is_popup(x) || holds_popup(x)))
}

/// Whether a child is read inside a hover card (`Some(true)`), outside one (`Some(false)`), or
/// is the card itself and left out (`None`), as [`collect_text_in`] says.
fn popup_within(child: &Element, in_popup: bool) -> Option<bool> {
    let popup = is_popup(child);
    if popup && in_popup && !holds_popup(child) {
        None
    } else {
        Some(in_popup || popup)
    }
}

/// [`collect_text`], `in_popup` when inside an element named as a hover card: the innermost
/// such element inside another is the card itself (the outer one holds the word hovered too)
/// and is left out; a lone one is kept, as it may be the word itself.
fn collect_text_in(e: &Element, out: &mut String, in_popup: bool) {
    if DROP_TAGS.contains(&e.tag.as_str()) || is_hidden(e) || is_dateline(e) {
        return;
    }
    for child in &e.children {
        match child {
            Node::Text(t) => out.push_str(t),
            Node::Element(c) if c.tag == "br" => out.push(' '),
            Node::Element(c) => {
                let Some(within) = popup_within(c, in_popup) else { continue };
                let block = is_block_tag(&c.tag);
                if block {
                    out.push(' ');
                }
                collect_text_in(c, out, within);
                if block {
                    out.push(' ');
                }
            }
        }
    }
}

/// Whether an element is the dateline the page marks in its first paragraph ("WASHINGTON —"):
/// kept out of the text, shown with the byline.
fn is_dateline(e: &Element) -> bool {
    e.attr("class").is_some_and(|c| c.to_ascii_lowercase().contains("dateline"))
}

/// The text of the first dateline the page marks, without the dash or colon after it.
fn dateline(e: &Element) -> Option<String> {
    if is_dateline(e) && !is_dropped(e) {
        let mut out = String::new();
        for child in &e.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(c) => collect_text(c, &mut out),
            }
        }
        let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = text.trim_end_matches(|c: char| matches!(c, '—' | '–' | '-' | ':' | ',') || c.is_whitespace());
        return (!text.is_empty() && text.chars().count() <= 60).then(|| text.to_string());
    }
    e.children.iter().find_map(|c| match c {
        Node::Element(x) if !is_dropped(x) => dateline(x),
        _ => None,
    })
}

/// Text lengths of every element, computed once bottom-up: densities are read, not recounted,
/// so extraction stays linear in the page's size.
#[derive(Clone, Copy, Default)]
struct Lengths {
    /// Visible characters (whitespace runs count once), dropped elements left out.
    text: usize,
    /// Of which inside links.
    links: usize,
}

struct Cache(std::collections::HashMap<*const Element, Lengths>);

impl Cache {
    fn new(root: &Element) -> Cache {
        let mut cache = Cache(std::collections::HashMap::new());
        cache.fill(root, false, false);
        cache
    }

    /// `in_popup` as for [`collect_text_in`], whose text this counts.
    fn fill(&mut self, e: &Element, in_link: bool, in_popup: bool) -> Lengths {
        let mut total = Lengths::default();
        if DROP_TAGS.contains(&e.tag.as_str()) || is_hidden(e) {
            self.0.insert(e, total);
            return total;
        }
        let in_link = in_link || e.tag == "a";
        for child in &e.children {
            match child {
                Node::Text(t) => {
                    let n = visible_len(t);
                    total.text += n;
                    if in_link {
                        total.links += n;
                    }
                }
                Node::Element(c) => {
                    let Some(within) = popup_within(c, in_popup) else { continue };
                    let l = self.fill(c, in_link, within);
                    total.text += l.text;
                    total.links += l.links;
                }
            }
        }
        self.0.insert(e, total);
        total
    }

    fn get(&self, e: &Element) -> Lengths {
        self.0.get(&(e as *const Element)).copied().unwrap_or_default()
    }

    fn link_density(&self, e: &Element) -> f64 {
        let l = self.get(e);
        if l.text == 0 {
            0.0
        } else {
            l.links as f64 / l.text as f64
        }
    }
}

/// Characters as they show: a run of whitespace counts as one.
fn visible_len(text: &str) -> usize {
    let mut n = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                n += 1;
            }
            space = true;
        } else {
            n += 1;
            space = false;
        }
    }
    n
}

fn class_weight(e: &Element) -> f64 {
    let mut weight = 0.0;
    for value in [e.attr("class"), e.attr("id")].into_iter().flatten() {
        let lower = value.to_ascii_lowercase();
        if might_name(&lower, NEGATIVE) && names_any(&words_of_names([value]), NEGATIVE) {
            weight -= 25.0;
        }
        if has_any(&lower, POSITIVE) {
            weight += 25.0;
        }
    }
    weight
}

pub(super) fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "figure"
            | "figcaption"
            | "dl"
            | "dt"
            | "dd"
            | "hr"
            | "address"
            | "center"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "form"
    )
}

/// The characters of body text below which a reading is tried again with weaker rules.
const ENOUGH: usize = 500;
/// The share of a block's text in links above which it is a link to elsewhere, not text.
const LEAD_ELSEWHERE: f64 = 0.8;
/// The characters of body text below which no reading is taken for the article.
const TOO_LITTLE: usize = 150;

fn length(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| b.text.chars().count()).sum()
}

/// Extracts the article of a page: its metadata and its body as blocks, headed by the title.
pub fn extract(root: &Element) -> (Article, Metadata) {
    let meta = metadata(root);
    let cache = Cache::new(root);
    // Furniture's class names leave out what they name; when that leaves too little (a wrapper
    // of the whole page named "page-ad-margins" or "header-style-2"), the page is read again
    // without that rule, as Readability retries, and the longer reading kept.
    let mut body = Vec::new();
    for strict in [true, false] {
        let page = Page::new(root, strict);
        let mut reading = Vec::new();
        for at in named_body(&page, &cache, choose(&page, &cache)) {
            emit(page.elements[at], &mut reading, 0, &cache, true);
        }
        if length(&reading) > length(&body) {
            body = reading;
        }
        if length(&body) >= ENOUGH {
            break;
        }
    }
    // Still too little to be an article: the page's whole readable text, said to be in doubt.
    let mut meta = meta;
    // The page's own structured data may carry the text its markup does not show.
    if length(&body) < TOO_LITTLE {
        if let Some(text) = meta.body.as_deref().filter(|t| t.chars().count() >= TOO_LITTLE && !t.contains('<')) {
            body = text
                .split('\n')
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .map(|text| Block { kind: BlockKind::Paragraph, text })
                .collect();
        }
    }
    if length(&body) < TOO_LITTLE {
        let mut bodies = Vec::new();
        metadata::find_all(root, "body", &mut bodies);
        if let Some(whole) = bodies.first() {
            let mut all = Vec::new();
            emit(whole, &mut all, 0, &cache, false);
            if length(&all) > length(&body) {
                body = all;
                meta.doubt = Some(Doubt::TooLittle);
            }
        }
    }
    let mut blocks = Vec::new();
    if let Some(title) = &meta.title {
        blocks.push(Block { kind: BlockKind::Title, text: title.clone() });
    }
    blocks.append(&mut body);
    // The headline repeated as the body's first heading.
    if blocks.len() > 1 && blocks[0].kind == BlockKind::Title && same_words(&blocks[1].text, &blocks[0].text) {
        blocks.remove(1);
    }
    // Who wrote it, and where from when the page marks a dateline: shown apart from the text.
    let byline = match (meta.byline.clone(), dateline(root)) {
        (Some(by), Some(place)) => Some(format!("{by} · {place}")),
        (by, place) => by.or(place),
    };
    let article = Article::from_blocks(blocks, meta.url.clone()).with_byline(byline, meta.published.clone());
    // The language the page declares, else the one its text is in.
    let lang = meta.lang.clone().or_else(|| super::language::detect(article.text().as_str()).map(str::to_string));
    let article = article.with_lang(lang.as_deref());
    (article, meta)
}

/// Whether a heading says what the headline says (the same words, or nearly: a site's
/// headline and its title differ by a name, a quote mark).
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    shared * 10 >= a.len().max(b.len()) * 8
}

/// Class and id names publishers give the element holding an article's text.
const BODY_NAMES: &[&str] = &[
    "article-body",
    "articlebody",
    "article-content",
    "article-text",
    "articletext",
    "article__body",
    "article__content",
    "entry-content",
    "post-content",
    "post-body",
    "post-entry",
    "post-text",
    "story-body",
    "story-content",
    "storycontent",
    "body-text",
    "field-body",
    "content-body",
];

fn is_named_body(e: &Element) -> bool {
    if e.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody")) {
        return true;
    }
    if !matches!(e.tag.as_str(), "div" | "section" | "article" | "main") {
        return false;
    }
    [e.attr("class"), e.attr("id")].into_iter().flatten().any(|n| {
        let lower = n.to_ascii_lowercase().replace('_', "-");
        BODY_NAMES.iter().any(|b| lower.contains(b))
    })
}

/// The chosen container checked against the element the publisher names as the article's
/// body (`itemprop="articleBody"`, `class="entry-content"`…), which trafilatura looks for
/// first: when the first such element with text enough is (or lies inside) one of the
/// containers chosen and holds at least half their text, it is the article, and the rest (a
/// paragraph about the company, a box of shares or offers no class name gives away) is not.
/// (Widening to a named body around what was chosen read worse: such bodies hold their
/// furniture too.)
fn named_body(page: &Page, cache: &Cache, chosen: Vec<usize>) -> Vec<usize> {
    let Some(body) = (0..page.elements.len())
        .find(|&i| !page.dropped[i] && is_named_body(page.elements[i]) && cache.get(page.elements[i]).text >= ENOUGH)
    else {
        return chosen;
    };
    let chosen_len: usize = chosen.iter().map(|&i| cache.get(page.elements[i]).text).sum();
    let mut at = Some(body);
    while let Some(a) = at {
        if chosen.contains(&a) {
            return if cache.get(page.elements[body]).text * 2 >= chosen_len { vec![body] } else { chosen };
        }
        at = page.parent[a];
    }
    chosen
}

/// The article's containers, in page order: the best-scoring one and the siblings worth
/// keeping beside it.
fn choose(page: &Page, cache: &Cache) -> Vec<usize> {
    let n = page.elements.len();
    let mut score = vec![0.0f64; n];
    let mut scored = vec![false; n];
    for i in 0..n {
        let e = page.elements[i];
        if page.dropped[i] || !matches!(e.tag.as_str(), "p" | "pre" | "td" | "blockquote" | "div" | "section") {
            continue;
        }
        // A div or section counts as a paragraph only when it holds text of its own.
        if matches!(e.tag.as_str(), "div" | "section")
            && e.children.iter().any(|c| matches!(c, Node::Element(x) if is_block_tag(&x.tag)))
        {
            continue;
        }
        let text = text_of(e);
        let len = text.chars().count();
        if len < 25 {
            continue;
        }
        let commas = text.matches([',', '，', '、', '،']).count() as f64;
        let points = 1.0 + commas + (len as f64 / 100.0).min(3.0);
        let mut ancestor = page.parent[i];
        let mut level = 0;
        while let Some(a) = ancestor {
            if level >= 5 {
                break;
            }
            if !scored[a] {
                scored[a] = true;
                score[a] = base_score(page.elements[a]);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            score[a] += points / divider;
            ancestor = page.parent[a];
            level += 1;
        }
    }
    let mut best: Option<(usize, f64)> = None;
    for i in 0..n {
        if !scored[i] || page.dropped[i] {
            continue;
        }
        let s = score[i] * (1.0 - cache.link_density(page.elements[i]));
        score[i] = s;
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    let Some((mut top, mut top_score)) = best else {
        // Nothing scored: the whole body.
        return (0..n).find(|&i| page.elements[i].tag == "body").into_iter().collect();
    };
    let ancestors = |i: usize| {
        let mut out = Vec::new();
        let mut at = page.parent[i];
        while let Some(a) = at {
            out.push(a);
            at = page.parent[a];
        }
        out
    };
    // An article split in several containers (text, image, text…) has several good
    // candidates: their common ancestor is the article (three of the best five, as Readability).
    let mut ranked: Vec<usize> = (0..n).filter(|&i| scored[i] && !page.dropped[i]).collect();
    ranked.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let alternatives: Vec<Vec<usize>> =
        ranked.iter().skip(1).take(4).filter(|&&i| score[i] >= top_score * 0.75).map(|&i| ancestors(i)).collect();
    if alternatives.len() >= 3 {
        for a in ancestors(top) {
            if page.elements[a].tag == "body" {
                break;
            }
            if alternatives.iter().filter(|list| list.contains(&a)).count() >= 3 {
                top = a;
                top_score = if scored[a] { score[a] } else { top_score };
                break;
            }
        }
    }
    // A parent that scores better than the candidate is the better candidate.
    let mut last = top_score;
    let mut at = page.parent[top];
    while let Some(p) = at {
        if page.elements[p].tag == "body" {
            break;
        }
        if scored[p] {
            if score[p] < top_score / 3.0 {
                break;
            }
            if score[p] > last {
                top = p;
                top_score = score[p];
                break;
            }
            last = score[p];
        }
        at = page.parent[p];
    }
    // A lone child stands for its parent.
    while let Some(p) = page.parent[top] {
        let only_child = page.elements[p].children.iter().filter(|c| matches!(c, Node::Element(_))).count() == 1;
        if !only_child || matches!(page.elements[p].tag.as_str(), "body" | "html") {
            break;
        }
        top = p;
    }
    // Siblings of the best container that look like more of the same article.
    let Some(parent) = page.parent[top] else { return vec![top] };
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = page.elements[top].attr("class");
    let siblings: Vec<usize> = (0..n).filter(|&i| page.parent[i] == Some(parent) && !page.dropped[i]).collect();
    siblings
        .into_iter()
        .filter(|&i| {
            if i == top {
                return true;
            }
            let e = page.elements[i];
            let bonus = if top_class.is_some() && e.attr("class") == top_class { top_score * 0.2 } else { 0.0 };
            if scored[i] && score[i] + bonus >= threshold {
                return true;
            }
            if e.tag == "p" {
                let text = text_of(e);
                let len = text.chars().count();
                let density = cache.link_density(e);
                return (len > 80 && density < 0.25) || (len > 0 && len <= 80 && density == 0.0 && text.ends_with('.'));
            }
            false
        })
        .collect()
}

fn base_score(e: &Element) -> f64 {
    let tag_score = match e.tag.as_str() {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    tag_score + class_weight(e)
}

/// Whether a container inside the article is furniture after all: link lists, share bars,
/// small boxes with a negative name (Readability's "clean conditionally").
fn is_furniture(e: &Element, cache: &Cache) -> bool {
    if !matches!(e.tag.as_str(), "div" | "section" | "ul" | "ol" | "table" | "header" | "figure") {
        return false;
    }
    let weight = class_weight(e);
    let density = cache.link_density(e);
    let len = cache.get(e).text;
    // A list of where to buy what the article describes belongs to it.
    if matches!(e.tag.as_str(), "ul" | "ol") && len <= OFFER_LENGTH && is_offer(&text_of(e)) {
        return false;
    }
    // Commas only matter below ten: count them without building the text when it is long.
    let commas = if len > 5_000 { 10 } else { text_of(e).matches(',').count() };
    if weight < 0.0 && commas < 10 {
        return true;
    }
    if commas >= 10 {
        return false;
    }
    (density > 0.2 && weight < 25.0 && len < 1000) || density > 0.5
}

/// The longest an offer to buy runs, in characters.
const OFFER_LENGTH: usize = 120;

/// Whether a link is to buy what the article is about ("Get it on Amazon for $39.99", "See it
/// now: Amazon"): the article's own offer, not a story elsewhere.
fn is_offer(text: &str) -> bool {
    let lower = text.to_lowercase();
    let priced = text.char_indices().any(|(i, c)| {
        matches!(c, '$' | '£' | '€' | '¥' | '₹') && text[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
    });
    text.chars().count() <= OFFER_LENGTH
        && (priced || ["see it", "get it", "buy it", "buy now", "shop now"].iter().any(|c| lower.starts_with(c)))
}

/// Whether a block's text is kept: not empty, and (reading strictly) not furniture by its words.
fn worth_keeping(text: &str, strict: bool) -> bool {
    !text.is_empty() && (!strict || !furniture::is_furniture_line(text))
}

/// Rebuilds an element as text blocks.
fn emit(e: &Element, blocks: &mut Vec<Block>, depth: usize, cache: &Cache, strict: bool) {
    let tag = e.tag.as_str();
    if DROP_TAGS.contains(&tag) || is_hidden(e) || depth > MAX_DEPTH + TEXT_BLOCKS.1 {
        return;
    }
    let words = words_of(e);
    // A form is furniture (a search box, a sign-up) unless it holds the page, as a whole-page
    // ASP.NET form does.
    if tag == "form" && cache.get(e).text < 500 {
        return;
    }
    // (A name matched inside a word is first told cheaply, as a substring.)
    if strict
        && depth > 0
        && has_any(&words, UNLIKELY)
        && names_any(&name_words(e), UNLIKELY)
        && !has_any(&words, MAYBE)
    {
        return;
    }
    if strict && depth > 0 && is_furniture(e, cache) {
        return;
    }
    // A block that is all link (a teaser, "Read more: …") leads elsewhere.
    if strict
        && depth > 0
        && matches!(tag, "p" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dd" | "dt")
        && cache.link_density(e) > LEAD_ELSEWHERE
        && !is_offer(&text_of(e))
    {
        return;
    }
    // Boxes about the article, not of it: who wrote it, its tags, a player.
    if strict
        && depth > 0
        && matches!(tag, "div" | "section" | "p" | "span")
        && might_name(&words, IN_ARTICLE_FURNITURE)
        && names_any(&name_words(e), IN_ARTICLE_FURNITURE)
    {
        return;
    }
    // A picture's caption and credit describe the picture, not the story.
    if strict && (tag == "figcaption" || (depth > 0 && has_any(&words, &["caption", "credit"]))) {
        return;
    }
    // Bylines and datelines are metadata, shown apart from the text.
    if depth > 0
        && matches!(tag, "p" | "div" | "span" | "address")
        && has_any(&words, &["byline", "dateline", "author-name"])
    {
        return;
    }
    let push = |blocks: &mut Vec<Block>, kind, text: String| {
        if worth_keeping(&text, strict) {
            blocks.push(Block { kind, text });
        }
    };
    match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => push(blocks, BlockKind::Heading, text_of(e)),
        "p" | "pre" | "figcaption" | "dt" | "dd" | "address" => push(blocks, BlockKind::Paragraph, text_of(e)),
        "li" => {
            if e.children
                .iter()
                .any(|c| matches!(c, Node::Element(x) if matches!(x.tag.as_str(), "p" | "ul" | "ol" | "div")))
            {
                emit_children(e, blocks, depth, cache, strict);
            } else {
                push(blocks, BlockKind::ListItem, text_of(e));
            }
        }
        "blockquote" => {
            let mut inner = Vec::new();
            emit_children(e, &mut inner, depth, cache, strict);
            for mut b in inner {
                if b.kind == BlockKind::Paragraph {
                    b.kind = BlockKind::Quote;
                }
                blocks.push(b);
            }
        }
        "tr" => {
            let cells: Vec<String> = e
                .children
                .iter()
                .filter_map(|c| match c {
                    Node::Element(x) if matches!(x.tag.as_str(), "td" | "th") => Some(text_of(x)),
                    _ => None,
                })
                .filter(|t| !t.is_empty())
                .collect();
            // A row is data, kept whatever its words (a row of figures is no date line).
            let row = cells.join(" · ");
            if !row.is_empty() {
                blocks.push(Block { kind: BlockKind::Paragraph, text: row });
            }
        }
        _ => emit_children(e, blocks, depth, cache, strict),
    }
}

/// The children of a container: block children as blocks, runs of inline content as paragraphs.
fn emit_children(e: &Element, blocks: &mut Vec<Block>, depth: usize, cache: &Cache, strict: bool) {
    let mut run = String::new();
    let flush = |run: &mut String, blocks: &mut Vec<Block>| {
        let text = run.split_whitespace().collect::<Vec<_>>().join(" ");
        if worth_keeping(&text, strict) {
            blocks.push(Block { kind: BlockKind::Paragraph, text });
        }
        run.clear();
    };
    // Two line breaks in a row end a paragraph, as Readability reads them.
    let mut breaks = 0;
    for child in &e.children {
        match child {
            Node::Text(t) if t.trim().is_empty() => {
                run.push(' ');
                continue;
            }
            Node::Element(c) if c.tag == "br" => {
                breaks += 1;
                if breaks == 2 {
                    flush(&mut run, blocks);
                } else {
                    run.push(' ');
                }
                continue;
            }
            _ => {}
        }
        breaks = 0;
        match child {
            Node::Text(t) => run.push_str(t),
            Node::Element(c) if is_block_tag(&c.tag) => {
                flush(&mut run, blocks);
                emit(c, blocks, depth + 1, cache, strict);
            }
            Node::Element(c) => {
                if !(DROP_TAGS.contains(&c.tag.as_str()) || is_hidden(c)) {
                    let mut inline = String::new();
                    collect_text(c, &mut inline);
                    run.push_str(&inline);
                }
            }
        }
    }
    flush(&mut run, blocks);
}

#[cfg(test)]
mod names_tests {
    use super::{names_any, words_of_names};

    #[test]
    fn furniture_names_match_at_the_start_of_a_word_only() {
        let words = |names: &[&str]| words_of_names(names.iter().copied());
        assert_eq!(words(&["PageBuilder-pageRow", "main_content"]), "-page-builder-page-row-main-content-");
        assert!(!names_any(&words(&["PageBuilder-pageRow"]), &["pager"]));
        assert!(names_any(&words(&["site-pager"]), &["pager"]));
        assert!(names_any(&words(&["commentsList"]), &["comment"]));
        assert!(names_any(&words(&["left-sidebar"]), &["sidebar"]));
        assert!(names_any(&words(&["ad-slot"]), &["-ad-"]));
        assert!(!names_any(&words(&["header-ad"]), &["-ad-slot-"]));
        assert!(!names_any(&words(&["shadow", "loader"]), &["-ad-"]), "a word holding `ad` is not an ad");
    }
}
