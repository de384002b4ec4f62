//! The annotated article as one static HTML page: highlights baked in as `<mark>` elements,
//! numbered notes linked both ways, a legend and a summary by tag. It works without JavaScript,
//! from `file://`, makes no network request, and a Content-Security-Policy forbids scripts.
//!
//! It also carries, as data blocks, the W3C AnnotationCollection (`application/ld+json`) and the
//! article itself ([`ArticleSourceV1`]), so opening the file in newsmark restores both exactly.
//! The same inputs give the same bytes: nothing here reads the clock.

use std::fmt::Write;

use crate::anchor::describe;
use crate::annotation::{Annotation, Tag};
use crate::article::{Article, BlockKind};
use crate::export::w3c;
use crate::saved::ArticleSourceV1;
use crate::text::CpSpan;

/// The id of the data block holding the article, for readers of the page.
pub const ARTICLE_DATA_ID: &str = "newsmark-article";

const STYLE: &str = include_str!("page.css");

/// Text as HTML text: `&`, `<`, `>` escaped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Text as a double-quoted attribute value.
pub fn escape_attr(text: &str) -> String {
    escape_text(text).replace('"', "&quot;").replace('\'', "&#39;")
}

/// JSON made safe inside a `<script>` data block: no `<`, `>` or `&` can end the block or open a
/// comment, and the line separators JavaScript once rejected are escaped. All are valid JSON
/// escapes, and outside strings JSON holds none of these characters.
pub fn json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn class_of(tag: &Tag) -> &'static str {
    match tag {
        Tag::Claim => "claim",
        Tag::Accusation => "accusation",
        Tag::Opinion => "opinion",
        Tag::Other(_) => "other",
    }
}

fn label_of(tag: &Tag) -> String {
    match tag {
        Tag::Claim => "Claim".into(),
        Tag::Accusation => "Accusation".into(),
        Tag::Opinion => "Opinion".into(),
        Tag::Other(name) if name.is_empty() => "Untagged".into(),
        Tag::Other(name) => name.clone(),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A WICG text fragment (`#:~:text=prefix-,start,end,-suffix`) pointing at the passage in the
/// live page: a few words of the quote's start and end, and of its context.
/// <https://wicg.github.io/scroll-to-text-fragment/>
pub fn text_fragment(quote: &str, prefix: &str, suffix: &str) -> String {
    // Characters the fragment syntax gives meaning to, and everything outside unreserved ASCII,
    // are percent-encoded.
    fn encode(text: &str) -> String {
        let mut out = String::new();
        for byte in text.as_bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'~' | b'!' | b'*' | b'(' | b')' | b'\'' => {
                    out.push(*byte as char)
                }
                _ => {
                    let _ = write!(out, "%{byte:02X}");
                }
            }
        }
        out
    }
    let words: Vec<&str> = quote.split_whitespace().collect();
    let last_words = |text: &str, n: usize| {
        let w: Vec<&str> = text.split_whitespace().collect();
        w[w.len().saturating_sub(n)..].join(" ")
    };
    let first_words = |text: &str, n: usize| text.split_whitespace().take(n).collect::<Vec<_>>().join(" ");
    let mut directive = String::from("#:~:text=");
    let before = last_words(prefix, 3);
    if !before.is_empty() {
        let _ = write!(directive, "{}-,", encode(&before));
    }
    if words.len() > 8 {
        let _ = write!(directive, "{},{}", encode(&words[..4].join(" ")), encode(&words[words.len() - 4..].join(" ")));
    } else {
        directive.push_str(&encode(&words.join(" ")));
    }
    let after = first_words(suffix, 3);
    if !after.is_empty() {
        let _ = write!(directive, ",-{}", encode(&after));
    }
    directive
}

/// One annotation as the page shows it: its number, where it is, what it says.
struct Entry<'a> {
    n: usize,
    annotation: &'a Annotation,
}

/// The annotated article as a complete HTML document.
pub fn to_html<'a>(article: &Article, annotations: impl IntoIterator<Item = &'a Annotation>) -> String {
    let entries: Vec<Entry> = annotations
        .into_iter()
        .filter(|a| article.text().slice(a.span).is_some())
        .enumerate()
        .map(|(i, annotation)| Entry { n: i + 1, annotation })
        .collect();
    let title = article.title().unwrap_or("Untitled article");
    let mut out = String::with_capacity(article.text().as_str().len() * 2 + 8192);
    head(&mut out, article, title, &entries);
    out.push_str("<body>\n");
    bar(&mut out, article, &entries);
    // The article in its own language (the page around it is newsmark's, in English).
    match article.lang() {
        Some(lang) => {
            let _ = write!(
                out,
                "<main class=\"nm-page\">\n<article class=\"nm-article\" lang=\"{}\">\n",
                escape_attr(lang)
            );
        }
        None => out.push_str("<main class=\"nm-page\">\n<article class=\"nm-article\">\n"),
    }
    body(&mut out, article, &entries);
    out.push_str("</article>\n");
    notes(&mut out, article, &entries);
    summary(&mut out, &entries);
    out.push_str("</main>\n<footer class=\"nm-footer\"><p>Made with newsmark ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str(". Open this file in newsmark to keep annotating it.</p></footer>\n</body>\n</html>\n");
    out
}

fn head(out: &mut String, article: &Article, title: &str, entries: &[Entry]) {
    let collection = w3c::to_json(article, entries.iter().map(|e| e.annotation), &[]);
    let source = ArticleSourceV1::of(article).to_json();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"newsmark {}\">\n<title>{} · annotated</title>\n<style>\n{}</style>\n\
         <script type=\"application/ld+json\">\n{}\n</script>\n\
         <script type=\"application/json\" id=\"{ARTICLE_DATA_ID}\">{}</script>\n</head>\n",
        env!("CARGO_PKG_VERSION"),
        escape_text(title),
        STYLE,
        json_for_script(&collection),
        json_for_script(&source),
    );
}

/// What share of the text a tag's annotations cover, as the legend says it: "12%", or "<1%"
/// for a sliver.
pub fn share(covered: usize, text: usize) -> String {
    match covered.saturating_mul(100).checked_div(text) {
        _ if covered == 0 => "0%".to_string(),
        Some(0) | None => "<1%".to_string(),
        Some(percent) => format!("{percent}%"),
    }
}

fn bar(out: &mut String, article: &Article, entries: &[Entry]) {
    out.push_str("<header class=\"nm-bar\">\n<p class=\"nm-brand\">Annotated with <strong>newsmark</strong>");
    // The date of the last change to an annotation: stable for the same annotations.
    if let Some(latest) = entries.iter().map(|e| e.annotation.modified.as_str()).max() {
        let _ = write!(out, " · <time datetime=\"{0}\">{0}</time>", escape_attr(&latest[..10]));
    }
    out.push_str("</p>\n<ul class=\"nm-legend\" aria-label=\"Annotations by tag\">\n");
    // The placed annotations as a store, to say what share of the text each tag covers.
    let mut placed = crate::annotation::Store::default();
    placed.add_many(entries.iter().map(|e| e.annotation.clone()).collect());
    let text = article.text().len_cp();
    for tag in Tag::OURS {
        let count = entries.iter().filter(|e| e.annotation.tag == tag).count();
        let _ = writeln!(
            out,
            "<li><mark class=\"nm-{0}\">{1}s</mark> <span class=\"nm-count\">{2}</span> <span class=\"nm-share\">{3} of the text</span></li>",
            class_of(&tag),
            label_of(&tag),
            count,
            share(placed.covered(&tag), text)
        );
    }
    let others = entries.iter().filter(|e| matches!(e.annotation.tag, Tag::Other(_))).count();
    if others > 0 {
        let _ = writeln!(
            out,
            "<li><mark class=\"nm-other\">Other tags</mark> <span class=\"nm-count\">{others}</span></li>"
        );
    }
    out.push_str("</ul>\n</header>\n");
}

fn body(out: &mut String, article: &Article, entries: &[Entry]) {
    let mut seen = vec![false; entries.len()];
    let mut in_header = true;
    out.push_str("<header class=\"nm-head\">\n");
    for span in article.block_spans() {
        let header_kind = matches!(span.kind, BlockKind::Kicker | BlockKind::Title | BlockKind::Standfirst);
        if in_header && !header_kind {
            in_header = false;
            out.push_str("</header>\n");
            byline(out, article);
            if let Some(url) = article.source_url() {
                let _ = writeln!(
                    out,
                    "<p class=\"nm-source\">Source: <a href=\"{0}\" rel=\"noopener noreferrer\">{1}</a></p>",
                    escape_attr(url),
                    escape_text(url)
                );
            }
        }
        let (element, class) = match span.kind {
            BlockKind::Kicker => ("p", "kicker"),
            BlockKind::Title => ("h1", "title"),
            BlockKind::Standfirst => ("p", "standfirst"),
            BlockKind::Paragraph => ("p", "paragraph"),
            BlockKind::Heading => ("h2", "heading"),
            BlockKind::Quote => ("blockquote", "quote"),
            BlockKind::ListItem => ("p", "listitem"),
            BlockKind::Keywords => ("p", "keywords"),
        };
        let _ = write!(out, "<{element} class=\"nm-{class}\" dir=\"auto\">");
        block(out, article, span.span, entries, &mut seen);
        let _ = writeln!(out, "</{element}>");
    }
    if in_header {
        out.push_str("</header>\n");
        byline(out, article);
    }
}

fn byline(out: &mut String, article: &Article) {
    let parts: Vec<String> = [article.byline(), article.published()].into_iter().flatten().map(escape_text).collect();
    if !parts.is_empty() {
        let _ = writeln!(out, "<p class=\"nm-byline\">{}</p>", parts.join(" · "));
    }
}

/// One block's text with the marks of the annotations that cover it. Overlapping annotations
/// split into segments, each wrapped in one `<mark>` per annotation covering it, outermost
/// first; every segment names its annotation (`data-annotation`), the first carries its id.
fn block(out: &mut String, article: &Article, block: CpSpan, entries: &[Entry], seen: &mut [bool]) {
    let text = article.text();
    let clip = |a: &Annotation| {
        let start = a.span.start_cp().max(block.start_cp());
        let end = a.span.end_cp().min(block.end_cp());
        (start < end).then_some((start, end))
    };
    let mut cuts: Vec<usize> = vec![block.start_cp(), block.end_cp()];
    for e in entries {
        if let Some((start, end)) = clip(e.annotation) {
            cuts.push(start);
            cuts.push(end);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let segment = CpSpan::new(from, to).and_then(|s| text.slice(s)).unwrap_or("");
        let covering: Vec<usize> = (0..entries.len())
            .filter(|&i| clip(entries[i].annotation).is_some_and(|(s, e)| s <= from && to <= e))
            .collect();
        for &i in &covering {
            let e = &entries[i];
            let tag = &e.annotation.tag;
            let _ = write!(out, "<mark class=\"nm-{}\" data-annotation=\"{}\"", class_of(tag), e.n);
            if !seen[i] {
                seen[i] = true;
                let _ = write!(out, " id=\"a{}\"", e.n);
            }
            let _ = write!(out, " title=\"{} {}\">", escape_attr(&label_of(tag)), e.n);
        }
        out.push_str(&escape_text(segment));
        for _ in &covering {
            out.push_str("</mark>");
        }
        // After an annotation's last segment, the link to its note: empty, its number drawn by
        // CSS, so each mark's text stays exactly its quote.
        for &i in &covering {
            let e = &entries[i];
            if e.annotation.span.end_cp() == to && !e.annotation.note.is_empty() {
                let _ = write!(
                    out,
                    "<a class=\"nm-ref\" href=\"#note-{0}\" id=\"ref-{0}\" data-n=\"{0}\" aria-label=\"Note {0}\"></a>",
                    e.n
                );
            }
        }
    }
}

fn notes(out: &mut String, article: &Article, entries: &[Entry]) {
    let noted: Vec<&Entry> = entries.iter().filter(|e| !e.annotation.note.is_empty()).collect();
    if noted.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"nm-notes\" aria-labelledby=\"nm-notes-title\">\n<h2 id=\"nm-notes-title\">Notes</h2>\n<ol>\n",
    );
    for e in noted {
        let a = e.annotation;
        let _ = write!(
            out,
            "<li id=\"note-{0}\" value=\"{0}\"><a class=\"nm-back\" href=\"#ref-{0}\" aria-label=\"Back to annotation {0} in the text\">↩</a> \
             <span class=\"nm-chip nm-{1}\">{2}</span> <q dir=\"auto\">{3}</q>",
            e.n,
            class_of(&a.tag),
            escape_text(&label_of(&a.tag)),
            escape_text(&shorten(&a.quote, 160)),
        );
        live_link(out, article, a);
        let _ = writeln!(out, "<p class=\"nm-note\" dir=\"auto\"><bdi>{}</bdi></p></li>", escape_text(&a.note));
    }
    out.push_str("</ol>\n</section>\n");
}

/// With a source URL, a link to the passage in the live page.
fn live_link(out: &mut String, article: &Article, a: &Annotation) {
    let Some(url) = article.source_url() else { return };
    let Some(d) = describe(article.text(), a.span) else { return };
    let base = url.split('#').next().unwrap_or(url);
    let href = format!("{base}{}", text_fragment(&d.quote.exact, &d.quote.prefix, &d.quote.suffix));
    let _ = write!(
        out,
        " <a class=\"nm-live\" href=\"{}\" rel=\"noopener noreferrer\">in the original</a>",
        escape_attr(&href)
    );
}

fn summary(out: &mut String, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    out.push_str("<section class=\"nm-summary\" aria-labelledby=\"nm-summary-title\">\n<h2 id=\"nm-summary-title\">Summary</h2>\n");
    let mut groups: Vec<(String, &'static str, Vec<&Entry>)> = Vec::new();
    for e in entries {
        let label = label_of(&e.annotation.tag);
        match groups.iter_mut().find(|g| g.0 == label) {
            Some(group) => group.2.push(e),
            None => groups.push((label, class_of(&e.annotation.tag), vec![e])),
        }
    }
    // Our tags first, in their order, then the others as they come.
    let rank = |label: &str| Tag::OURS.iter().position(|t| label_of(t) == label).unwrap_or(Tag::OURS.len());
    groups.sort_by_key(|g| rank(&g.0));
    for (label, class, group) in groups {
        let _ = writeln!(
            out,
            "<h3><span class=\"nm-chip nm-{class}\">{}</span> {}</h3>\n<ol>",
            escape_text(&label),
            group.len()
        );
        for e in group {
            let _ = write!(
                out,
                "<li value=\"{0}\"><a href=\"#a{0}\" dir=\"auto\">{1}</a>",
                e.n,
                escape_text(&shorten(&e.annotation.quote, 200))
            );
            if !e.annotation.note.is_empty() {
                let _ = write!(out, " <a class=\"nm-see\" href=\"#note-{0}\">note {0}</a>", e.n);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_text("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(escape_attr("\"x\" 'y'"), "&quot;x&quot; &#39;y&#39;");
        assert_eq!(
            json_for_script("{\"q\":\"</script><!--&\u{2028}\"}"),
            "{\"q\":\"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\"}"
        );
    }

    #[test]
    fn text_fragments() {
        assert_eq!(
            text_fragment("the plan works", "The minister said ", ". Critics disagree."),
            "#:~:text=The%20minister%20said-,the%20plan%20works,-.%20Critics%20disagree."
        );
        assert_eq!(
            text_fragment("one two three four five six seven eight nine ten", "", ""),
            "#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"
        );
        assert_eq!(text_fragment("a-b, c&d", "x", "y"), "#:~:text=x-,a%2Db%2C%20c%26d,-y");
    }
}
