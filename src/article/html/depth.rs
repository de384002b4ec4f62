//! A page's markup, made safe and quick to parse before a browser parses it.
//!
//! Runaway nesting: Chromium's parser takes 30 s for a page of 100,000 nested `<div>`s (it is
//! quadratic past the 512 levels it keeps), and its `DOMParser` cannot be cut into slices. So
//! the markup is scanned first (linear, no tree built) and, when it nests deeper than
//! [`MAX_DEPTH`], the tags past that depth are taken out and their text kept.
//!
//! Inline script: the browser parses a page inertly (no script runs, nothing loads), but it
//! still weighs each `on…` handler attribute and `<base>` against the app's
//! Content-Security-Policy and reports a violation for each. They are taken out too, so the
//! markup the browser sees carries none (and nothing the extractor reads is lost).
//!
//! A scan, not a parser: it follows tags, attributes, comments and raw-text elements the way
//! the HTML tokenizer does, and counts only what nests (void elements, self-closed tags and
//! elements whose end tag is optional do not). A page with none of this is never changed.

use memchr::memchr;

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
/// (Not `noscript`: the page is parsed with scripting off, where its content is markup.)
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// A page's markup as the browser should parse it.
#[derive(Debug, PartialEq, Eq)]
pub struct Prepared {
    /// How deep it nests (the tags past [`MAX_DEPTH`] are taken out when deeper).
    pub depth: usize,
    /// The markup changed: flattened, or handler attributes and `<base>` taken out. `None`
    /// when nothing needed to change.
    pub html: Option<String>,
}

/// Scans a page's markup and, if need be, flattens it and takes out its handler attributes and
/// `<base>` (see the module's documentation).
pub fn prepare_markup(html: &str) -> Prepared {
    let mut out = String::new();
    let (depth, changed) = scan(html, &mut out);
    Prepared { depth, html: changed.then_some(out) }
}

enum Tag<'a> {
    /// `handlers`: the byte ranges of its `on…` attributes.
    Start {
        name: &'a str,
        closed: bool,
        handlers: Vec<(usize, usize)>,
    },
    End {
        name: &'a str,
    },
    /// A comment, doctype or processing instruction.
    Other,
}

/// Walks the markup, copying it into `out` without the tags nested past [`MAX_DEPTH`], their
/// handler attributes and `<base>`. Returns the deepest nesting seen and whether anything was
/// left out (`out` is only filled then).
///
/// The open elements are kept as the parser keeps them: a trailing `/` closes an element only
/// inside `svg` and `math` (elsewhere the browser ignores it), an end tag closes the nearest
/// open element of its name (one that matches nothing is ignored, as the browser does), and
/// raw text exists only outside `svg` and `math`. Counting too much only flattens a page that
/// needed none; counting too little would let a deep page through, so it errs the first way.
fn scan(html: &str, out: &mut String) -> (usize, bool) {
    let bytes = html.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    let (mut foreign, mut deepest, mut at) = (0usize, 0usize, 0usize);
    // Up to where the markup is copied into `out` (or would have been).
    let mut copied = 0usize;
    let leave_out = |out: &mut String, copied: &mut usize, from: usize, to: usize| {
        if *copied == 0 && from > 0 {
            out.reserve(html.len());
        }
        out.push_str(&html[*copied..from]);
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
            Tag::Start { name, closed, handlers } => {
                let kind = Kind::of(name);
                let raw = foreign == 0 && kind == Kind::RawText;
                let closes_itself = (closed && (foreign > 0 || is_foreign(name))) || kind == Kind::Void;
                let nests = !closes_itself && !raw && kind != Kind::OptionalEnd;
                if nests {
                    open.push(name);
                    foreign += usize::from(is_foreign(name));
                    deepest = deepest.max(open.len());
                }
                if (nests && open.len() > MAX_DEPTH) || name.eq_ignore_ascii_case("base") {
                    leave_out(out, &mut copied, start, end);
                } else {
                    for (from, to) in handlers {
                        leave_out(out, &mut copied, from, to);
                    }
                }
                if raw && !closed {
                    at = raw_text_end(html, end, name);
                }
            }
            Tag::End { name } => {
                // The nearest open element of that name, looked for among the last few.
                let Some(from_top) = open.iter().rev().take(64).position(|o| o.eq_ignore_ascii_case(name)) else {
                    continue;
                };
                let index = open.len() - 1 - from_top;
                if index >= MAX_DEPTH {
                    leave_out(out, &mut copied, start, end);
                }
                foreign -= open.drain(index..).filter(|o| is_foreign(o)).count();
            }
            Tag::Other => {}
        }
    }
    let changed = copied > 0;
    if changed {
        out.push_str(&html[copied..]);
    }
    (deepest, changed)
}

/// Elements whose content the parser reads as foreign (SVG, MathML): no raw text inside, and
/// a trailing `/` closes.
fn is_foreign(name: &str) -> bool {
    name.eq_ignore_ascii_case("svg") || name.eq_ignore_ascii_case("math")
}

/// What the scan needs to know of an element by its name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Void,
    OptionalEnd,
    RawText,
    Other,
}

impl Kind {
    /// Looked up once per tag: its name lowercased into a small buffer and matched against the
    /// three lists (a page has hundreds of thousands of tags).
    fn of(name: &str) -> Kind {
        let bytes = name.as_bytes();
        if bytes.len() > 16 {
            return Kind::Other;
        }
        let mut lower = [0u8; 16];
        for (l, b) in lower.iter_mut().zip(bytes) {
            *l = b.to_ascii_lowercase();
        }
        let lower = std::str::from_utf8(&lower[..bytes.len()]).unwrap_or("");
        if VOID.contains(&lower) {
            Kind::Void
        } else if OPTIONAL_END.contains(&lower) {
            Kind::OptionalEnd
        } else if RAW_TEXT.contains(&lower) {
            Kind::RawText
        } else {
            Kind::Other
        }
    }
}

/// The tag at `start` (a `<`) and where it ends, or `None` when the `<` opens no tag (it is
/// text then), or the tag is never closed.
fn read_tag(html: &str, start: usize) -> Option<(Tag<'_>, usize)> {
    let bytes = html.as_bytes();
    let rest = &html[start..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        // `<!-->` and `<!--->` are whole comments; one ends at `-->` or `--!>`.
        let end = if comment.starts_with('>') {
            start + 5
        } else if comment.starts_with("->") {
            start + 6
        } else {
            // The first `-->`, unless a `--!>` comes before it (looked for only up to there: to
            // the page's end for each comment would be quadratic).
            let plain = memchr::memmem::find(comment.as_bytes(), b"-->");
            let within = &comment.as_bytes()[..plain.unwrap_or(comment.len())];
            match (memchr::memmem::find(within, b"--!>"), plain) {
                (Some(i), _) => start + 4 + i + 4,
                (None, Some(i)) => start + 4 + i + 3,
                (None, None) => html.len(),
            }
        };
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
    // Its attributes, to the `>` that ends the tag: `name`, `name=value`, `name="value"`.
    let mut handlers = Vec::new();
    let mut i = name_from + name_len;
    loop {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            // The page ends inside the tag: the browser drops the rest, so does the scan (and
            // never reads it again from the next `<`, which would be quadratic).
            None => return Some((Tag::Other, html.len())),
            Some(b'>') => break,
            Some(_) => {}
        }
        let attr = i;
        i += 1; // an attribute's name may begin with `=` or a quote
        while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'=')) {
            i += 1;
        }
        let attr_name = &bytes[attr..i];
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => match memchr(q, &bytes[i + 1..]) {
                    Some(end) => i = i + 1 + end + 1,
                    None => return Some((Tag::Other, html.len())),
                },
                _ => {
                    while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>') {
                        i += 1;
                    }
                }
            }
        }
        if !is_end && attr_name.len() > 2 && attr_name[..2].eq_ignore_ascii_case(b"on") {
            handlers.push((attr, i));
        }
    }
    let closed = !is_end && bytes[i - 1] == b'/';
    let tag = if is_end { Tag::End { name } } else { Tag::Start { name, closed, handlers } };
    Some((tag, i + 1))
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
        let after = bytes.get(tag + 2 + name.len());
        let close = bytes.get(tag + 1) == Some(&b'/')
            && html.get(tag + 2..tag + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name))
            && after.is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'));
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

    fn prepared(html: &str) -> (usize, Option<String>) {
        let p = prepare_markup(html);
        (p.depth, p.html)
    }

    #[test]
    fn pages_within_the_limit_and_without_handlers_are_left_alone() {
        let page =
            "<!doctype html><html><head><title>a <b> c</title><script>if (a < b) { x = '<div>' }</script></head>\
                    <body><div class=\"x>y\" data-on=1><p>One<p>Two<br><img src=x alt='on'><svg><path d='M0'/></svg>\
                    </div></body></html>";
        assert_eq!(prepared(page), (2, None), "the div and the svg");
        let runs = format!("<body>{}</body>", "<p>para".repeat(10_000));
        assert_eq!(prepared(&runs).1, None, "paragraphs do not nest");
    }

    #[test]
    fn comments_are_scanned_once_each() {
        // Each comment used to be searched for a `--!>` to the page's end: 200,000 comments
        // would have taken hours; linear, a few milliseconds. (`--!>` still ends one.)
        let page = format!("<body>{}<div>The text</div></body>", "<!-- a note -->".repeat(200_000));
        let started = std::time::Instant::now();
        assert_eq!(prepared(&page).0, 1);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(prepared("<body><!-- x --!><div>t</div></body>").0, 1, "a `--!>` ends a comment too");
        assert_eq!(prepared("<body><!-- x --!> --><div><div>t</div></div></body>").0, 2);
    }

    #[test]
    fn deep_pages_lose_the_tags_past_the_limit_and_keep_their_text() {
        let page = format!("<body>{}<p>The text</p>{}</body>", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let (depth, flat) = prepared(&page);
        assert_eq!(depth, 100_000);
        let flat = flat.expect("flattened");
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("<p>The text</p>"));
        assert_eq!(prepared(&flat), (MAX_DEPTH, None));
        // Never closed, and nested formatting: the same.
        let open = format!("<body>{}text", "<b>".repeat(50_000));
        assert_eq!(prepared(&open).1.expect("flattened").matches("<b>").count(), MAX_DEPTH);
    }

    #[test]
    fn handlers_and_base_are_taken_out_and_the_rest_kept() {
        let page = "<base href=\"http://evil.example/\"><body onload=\"x()\"><p ONCLICK='y(\">\")' class=a>T</p>\
                    <img src=x onerror=z()><svg/onload=q()><a href=\"#\" title=\"onclick=no\">L</a></body>";
        let (_, out) = prepared(page);
        assert_eq!(
            out.as_deref(),
            Some("<body ><p  class=a>T</p><img src=x ><svg/><a href=\"#\" title=\"onclick=no\">L</a></body>")
        );
    }

    /// Shapes that once got past the count or the handler removal (a review found them).
    #[test]
    fn nesting_and_handlers_are_found_as_the_parser_would() {
        let deep = |unit: &str| prepared(&format!("<body>{}x", unit.repeat(1000))).0;
        assert_eq!(deep("<div/>"), 1000, "a trailing / does not close a div");
        assert_eq!(deep("<div x=/>"), 1000);
        assert_eq!(deep("<div></b>"), 1000, "a stray end tag closes nothing");
        assert_eq!(deep("<svg/>"), 0, "in SVG it does");
        assert_eq!(deep("<div></div>"), 1);
        for (page, kept) in [
            ("<!--><img src=x onerror=a()>", "<!--><img src=x >"),
            ("<!-- --!><img src=x onerror=a()>-->", "<!-- --!><img src=x >-->"),
            ("<noscript><img src=x onerror=a()></noscript>", "<noscript><img src=x ></noscript>"),
            ("<svg><style><img onerror=a()></style></svg>", "<svg><style><img ></style></svg>"),
            (
                "<title></titlex><img onerror=a()></title><img onerror=b()>",
                "<title></titlex><img onerror=a()></title><img >",
            ),
        ] {
            assert_eq!(prepared(page).1.as_deref(), Some(kept), "{page}");
        }
    }

    /// A page that ends inside a tag, a hundred thousand times over, is read once, not once
    /// per `<`.
    #[test]
    fn unterminated_tags_are_linear() {
        let page = "<a ".repeat(400_000);
        let started = std::time::Instant::now();
        let _ = prepare_markup(&page);
        let _ = prepare_markup(&"<a href='x".repeat(100_000));
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    }

    #[test]
    fn odd_markup_is_text_and_never_panics() {
        let odd =
            ["<", "<<<", "</", "<a", "<a href='", "<!--", "<!", "a < b > c", "<é>", "</3>", "<a =x>", "<div\u{e9}>"];
        for page in odd {
            let _ = prepare_markup(page);
            let deep = format!("{}{page}", "<i>".repeat(300));
            let flat = prepared(&deep).1.expect("flattened");
            // What is not a whole tag is text, kept; a tag this deep is taken out.
            let whole_tag = page.starts_with("<div") || page == "<a =x>";
            assert_eq!(flat.ends_with(page), !whole_tag, "{page:?}");
        }
    }
}
