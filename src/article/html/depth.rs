//! Runaway nesting, found before a browser parses a page: Chromium's parser takes 30 s for a
//! page of 100,000 nested `<div>`s (it is quadratic past the 512 levels it keeps), and its
//! `DOMParser` cannot be cut into slices. So the page's markup is scanned first (linear, no
//! tree built) and, when it nests deeper than [`MAX_DEPTH`], the tags past that depth are taken
//! out and their text kept: the browser then parses a page it reads in milliseconds.
//!
//! A scan, not a parser: it follows tags, comments and raw-text elements the way the HTML
//! tokenizer does, and counts only what nests (void elements, self-closed tags and elements
//! whose end tag is optional do not). A page within the limit is never changed.

use super::MAX_DEPTH;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];
/// Elements the parser closes by itself (a run of `<p>`s does not nest).
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rtc", "rp", "thead", "tbody", "tfoot",
    "colgroup", "caption", "head", "body", "html",
];
/// Elements whose content is text up to their end tag, markup or not.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];

/// A page's markup, flattened if need be: how deep it nests, and the markup with the tags past
/// [`MAX_DEPTH`] taken out (`None` when it nests no deeper, and nothing is changed).
pub fn flatten_deep(html: &str) -> (usize, Option<String>) {
    let depth = scan(html, None);
    if depth <= MAX_DEPTH {
        return (depth, None);
    }
    let mut out = String::with_capacity(html.len());
    scan(html, Some(&mut out));
    (depth, Some(out))
}

enum Tag<'a> {
    Start {
        name: &'a str,
        closed: bool,
    },
    End {
        name: &'a str,
    },
    /// A comment, doctype or processing instruction.
    Other,
}

/// Walks the markup; with `out`, copies it without the tags nested past [`MAX_DEPTH`].
/// Returns the deepest nesting seen.
fn scan(html: &str, mut out: Option<&mut String>) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut at, mut copied) = (0usize, 0usize, 0usize, 0usize);
    // Copies what lies before `from`, then skips to `to`.
    let skip = |out: &mut Option<&mut String>, copied: &mut usize, from: usize, to: usize| {
        if let Some(out) = out.as_deref_mut() {
            out.push_str(&html[*copied..from]);
        }
        *copied = to;
    };
    while let Some(found) = memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let Some((tag, end)) = read_tag(html, start) else {
            at = start + 1;
            continue;
        };
        at = end;
        match tag {
            Tag::Start { name, closed } => {
                if RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
                    if !closed {
                        at = raw_text_end(html, end, name);
                    }
                } else if !closed && !is_one_of(name, VOID) && !is_one_of(name, OPTIONAL_END) {
                    depth += 1;
                    deepest = deepest.max(depth);
                    if depth > MAX_DEPTH {
                        skip(&mut out, &mut copied, start, end);
                    }
                }
            }
            Tag::End { name } => {
                if !is_one_of(name, VOID) && !is_one_of(name, OPTIONAL_END) {
                    if depth > MAX_DEPTH {
                        skip(&mut out, &mut copied, start, end);
                    }
                    depth = depth.saturating_sub(1);
                }
            }
            Tag::Other => {}
        }
    }
    if let Some(out) = out {
        out.push_str(&html[copied..]);
    }
    deepest
}

fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// The tag at `start` (a `<`) and where it ends, or `None` when the `<` opens no tag (it is
/// text then), or the tag is never closed.
fn read_tag(html: &str, start: usize) -> Option<(Tag<'_>, usize)> {
    let bytes = html.as_bytes();
    let rest = &html[start..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        let end = comment.find("-->").map_or(html.len(), |i| start + 4 + i + 3);
        return Some((Tag::Other, end));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        let end = memchr(b'>', &bytes[start..]).map_or(html.len(), |i| start + i + 1);
        return Some((Tag::Other, end));
    }
    let is_end = rest.starts_with("</");
    let name_from = start + if is_end { 2 } else { 1 };
    if !bytes.get(name_from).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len =
        bytes[name_from..].iter().take_while(|b| !b.is_ascii_whitespace() && **b != b'/' && **b != b'>').count();
    let name = &html[name_from..name_from + name_len];
    // To the `>` that ends the tag, past quoted attribute values.
    let mut i = name_from + name_len;
    let mut quote = None;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(bytes[i]),
            (None, b'>') => {
                let closed = !is_end && i > name_from && bytes[i - 1] == b'/';
                let tag = if is_end { Tag::End { name } } else { Tag::Start { name, closed } };
                return Some((tag, i + 1));
            }
            (None, _) => {}
        }
        i += 1;
    }
    None
}

/// Where the raw text of the element `name` (opened just before `from`) ends: at its end tag,
/// or the end of the page.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    if name.eq_ignore_ascii_case("plaintext") {
        return html.len();
    }
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = memchr(b'<', &bytes[at..]) {
        let tag = at + i;
        let close = bytes.get(tag + 1) == Some(&b'/')
            && html.get(tag + 2..tag + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name));
        if close {
            return tag;
        }
        at = tag + 1;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_within_the_limit_are_left_alone() {
        let page =
            "<!doctype html><html><head><title>a <b> c</title><script>if (a < b) { x = '<div>' }</script></head>\
                    <body><div class=\"x>y\"><p>One<p>Two<br><img src=x><svg><path d='M0'/></svg></div></body></html>";
        assert_eq!(flatten_deep(page), (2, None), "the div and the svg");
        let runs = format!("<body>{}</body>", "<p>para".repeat(10_000));
        assert_eq!(flatten_deep(&runs).1, None, "paragraphs do not nest");
    }

    #[test]
    fn deep_pages_lose_the_tags_past_the_limit_and_keep_their_text() {
        let page = format!("<body>{}<p>The text</p>{}</body>", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let (depth, flat) = flatten_deep(&page);
        assert_eq!(depth, 100_000);
        let flat = flat.expect("flattened");
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("<p>The text</p>"));
        assert_eq!(flatten_deep(&flat).0, MAX_DEPTH);
        // Never closed, and nested formatting: the same.
        let open = format!("<body>{}text", "<b>".repeat(50_000));
        assert_eq!(flatten_deep(&open).1.expect("flattened").matches("<b>").count(), MAX_DEPTH);
    }

    #[test]
    fn odd_markup_is_text_and_never_panics() {
        for page in ["<", "<<<", "</", "<a", "<a href='", "<!--", "<!", "a < b > c", "<é>", "</3>", "<div\u{e9}>"] {
            let _ = flatten_deep(page);
            let deep = format!("{}{page}", "<i>".repeat(300));
            let flat = flatten_deep(&deep).1.expect("flattened");
            // What is not a whole tag is text, kept; a tag this deep is taken out.
            let whole_tag = page.starts_with("<div");
            assert_eq!(flat.ends_with(page), !whole_tag, "{page:?}");
        }
    }
}
