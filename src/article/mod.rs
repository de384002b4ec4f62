//! An article: its blocks (kicker, title, standfirst, paragraphs…) and the canonical text they
//! make, which every offset in newsmark counts in.
//!
//! The canonical text is the blocks' texts joined by [`BLOCK_SEPARATOR`]. Each block's text is
//! the source's words with runs of whitespace made single spaces, exactly what the page shows,
//! so a DOM text node and its block never disagree.

use serde::{Deserialize, Serialize};

use crate::text::{CpSpan, Text};

pub mod html;
pub mod language;
pub mod markdown;
pub mod sketch;

/// Between two blocks in the canonical text.
pub const BLOCK_SEPARATOR: &str = "\n\n";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// The section label above a headline ("Business").
    Kicker,
    Title,
    /// The summary under the headline.
    Standfirst,
    Paragraph,
    /// A heading inside the article.
    Heading,
    /// A block quotation.
    Quote,
    /// One item of a list.
    ListItem,
    /// The keyword line some sites print after the article.
    Keywords,
}

impl BlockKind {
    pub const ALL: [BlockKind; 8] = [
        BlockKind::Kicker,
        BlockKind::Title,
        BlockKind::Standfirst,
        BlockKind::Paragraph,
        BlockKind::Heading,
        BlockKind::Quote,
        BlockKind::ListItem,
        BlockKind::Keywords,
    ];

    /// Its name as the page and the saved files have it (`paragraph`, `listitem`…).
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Kicker => "kicker",
            BlockKind::Title => "title",
            BlockKind::Standfirst => "standfirst",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Heading => "heading",
            BlockKind::Quote => "quote",
            BlockKind::ListItem => "listitem",
            BlockKind::Keywords => "keywords",
        }
    }

    /// The kind of that name, if any.
    pub fn from_name(name: &str) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// A block's place in the canonical text, in code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockSpan {
    pub index: usize,
    pub kind: BlockKind,
    pub span: CpSpan,
}

#[derive(Clone, Debug)]
pub struct Article {
    blocks: Vec<Block>,
    spans: Vec<BlockSpan>,
    text: Text,
    source_url: Option<String>,
    byline: Option<String>,
    published: Option<String>,
    /// The language it is written in (a BCP 47 tag), where known.
    lang: Option<String>,
}

/// The address as newsmark keeps it, if it is a web address: `http:` or `https:` (any case)
/// with a host, and no space or control character anywhere (browsers drop tabs and line
/// breaks inside a URL, so `java\tscript:` would run as `javascript:`). Everything else
/// (`javascript:`, `data:`, `vbscript:`, `file:`, relative paths) is `None`.
pub fn web_url(url: &str) -> Option<&str> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    let (scheme, rest) = url.split_once(':')?;
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let host = rest.strip_prefix("//")?;
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (web && clean && !host.is_empty() && !host.starts_with('/') && url.len() <= 4096).then_some(url)
}

impl Article {
    /// An article from its blocks (empty ones dropped). A `source_url` that is not a web
    /// address (see [`web_url`]) is dropped: no path brings a `javascript:` link into an export.
    pub fn from_blocks(blocks: Vec<Block>, source_url: Option<String>) -> Article {
        let source_url = source_url.as_deref().and_then(web_url).map(str::to_string);
        let blocks: Vec<Block> = blocks.into_iter().filter(|b| !b.text.is_empty()).collect();
        let mut string = String::new();
        let mut spans = Vec::with_capacity(blocks.len());
        let mut at_cp = 0;
        for (index, block) in blocks.iter().enumerate() {
            if index > 0 {
                string.push_str(BLOCK_SEPARATOR);
                at_cp += BLOCK_SEPARATOR.chars().count();
            }
            string.push_str(&block.text);
            let len = block.text.chars().count();
            let span = CpSpan::new(at_cp, at_cp + len).unwrap_or(CpSpan::new(at_cp, at_cp).unwrap());
            spans.push(BlockSpan { index, kind: block.kind, span });
            at_cp += len;
        }
        Article { blocks, spans, text: Text::new(string), source_url, byline: None, published: None, lang: None }
    }

    /// Reads plain text: blocks by blank lines, a kicker and title from the first short lines,
    /// and the comment-form leftovers that pages leave after an article dropped.
    pub fn from_plain_text(source: &str) -> Article {
        Article::from_blocks(plain::blocks(source), None)
    }

    /// Takes a canonical text as it is: blocks split at [`BLOCK_SEPARATOR`], all paragraphs,
    /// nothing normalised.
    pub fn from_canonical(text: &str) -> Article {
        let blocks = text.split(BLOCK_SEPARATOR).map(|t| Block { kind: BlockKind::Paragraph, text: t.to_string() });
        Article::from_blocks(blocks.collect(), None)
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    pub fn block_spans(&self) -> &[BlockSpan] {
        &self.spans
    }

    pub fn text(&self) -> &Text {
        &self.text
    }

    /// Adds who wrote the article and when it was published, where the source says.
    pub fn with_byline(mut self, byline: Option<String>, published: Option<String>) -> Article {
        self.byline = byline;
        self.published = published;
        self
    }

    pub fn byline(&self) -> Option<&str> {
        self.byline.as_deref()
    }

    /// Adds the language it is written in: a BCP 47 tag, as [`language::tag`] or
    /// [`language::detect`] give it (what comes from a file is checked where it is read).
    pub fn with_lang(mut self, lang: Option<&str>) -> Article {
        self.lang = lang.map(str::to_string);
        self
    }

    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    pub fn published(&self) -> Option<&str> {
        self.published.as_deref()
    }

    pub fn source_url(&self) -> Option<&str> {
        self.source_url.as_deref()
    }

    pub fn title(&self) -> Option<&str> {
        let title = self.blocks.iter().find(|b| b.kind == BlockKind::Title);
        title.map(|b| b.text.as_str())
    }

    /// A file-name stem from the title: words joined by `-`, at most 60 characters, ASCII letters
    /// lowercased (other scripts stay as written: Unicode case tables would add 6 KB to the Wasm).
    pub fn slug(&self) -> String {
        let mut slug = String::new();
        for word in self.title().unwrap_or("").split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            let hyphen = usize::from(!slug.is_empty());
            if slug.chars().count() + hyphen + word.chars().count() > 60 {
                break;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        if slug.is_empty() {
            format!("article-{}", &self.fingerprint()[..8])
        } else {
            slug
        }
    }

    /// 64-bit FNV-1a of the canonical text, in hex: the article's identity in storage.
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", fnv1a(self.text.as_str()))
    }

    /// The article's name in a reader's library: its source URL where known (an edited version
    /// at the same address is the same article), else the fingerprint of its text.
    pub fn library_name(&self) -> String {
        match &self.source_url {
            Some(url) => format!("url:{url}"),
            None => format!("article:{}", self.fingerprint()),
        }
    }

    /// The IRI annotations target: the source URL where known, else a URN of the fingerprint.
    pub fn iri(&self) -> String {
        match &self.source_url {
            Some(url) => url.clone(),
            None => format!("urn:newsmark:article:{}", self.fingerprint()),
        }
    }
}

/// 64-bit FNV-1a: a fast, stable hash, for fingerprints and for ordering ids.
pub(crate) fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

mod plain {
    use super::{Block, BlockKind};

    /// Lines a comment form leaves behind on a saved page, lowercase.
    const LEFTOVER_OPENERS: &[&str] =
        &["leave a reply", "leave a comment", "post a comment", "add a comment", "comments are closed"];
    const LEFTOVER_LINES: &[&str] = &[
        "leave a reply",
        "leave a comment",
        "your email address will not be published",
        "required fields are marked",
        "captcha",
        "secret link",
        "cancel reply",
        "post comment",
        "save my name, email",
        "you must be logged in to post a comment",
    ];
    /// A comment form's lines are short; a block longer than this is article text.
    const LEFTOVER_MAX_CHARS: usize = 200;

    pub(super) fn blocks(source: &str) -> Vec<Block> {
        let source = source.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n");
        // Paragraphs are separated by blank lines, and a line of only spaces or tabs is blank.
        let mut texts: Vec<String> = Vec::new();
        let mut paragraph: Vec<&str> = Vec::new();
        for line in source.split('\n').chain([""]) {
            if line.trim().is_empty() {
                if !paragraph.is_empty() {
                    texts.push(paragraph.join(" "));
                    paragraph.clear();
                }
            } else {
                paragraph.extend(line.split_whitespace());
            }
        }
        drop_leftovers(&mut texts);
        classify(texts)
    }

    fn is_leftover(text: &str) -> bool {
        // ASCII lowercasing: the phrases are English, and Unicode case tables cost Wasm size.
        let lower = text.to_ascii_lowercase();
        text.chars().count() <= LEFTOVER_MAX_CHARS && LEFTOVER_LINES.iter().any(|l| lower.contains(l))
    }

    fn drop_leftovers(texts: &mut Vec<String>) {
        // From a comment-form heading on, when everything after it is short.
        let opener = texts.iter().enumerate().skip(1).find(|(_, t)| {
            let lower = t.to_ascii_lowercase();
            LEFTOVER_OPENERS.iter().any(|o| lower.starts_with(o)) && t.chars().count() <= 40
        });
        if let Some((at, _)) = opener {
            if texts[at..].iter().all(|t| t.chars().count() <= LEFTOVER_MAX_CHARS) {
                texts.truncate(at);
            }
        }
        while texts.len() > 1 && texts.last().is_some_and(|t| is_leftover(t)) {
            texts.pop();
        }
    }

    fn ends_sentence(text: &str) -> bool {
        text.trim_end_matches(['"', '”', '’', '\'', ')']).ends_with(['.', '!', '?', '…', ':'])
    }

    fn words(text: &str) -> usize {
        text.split_whitespace().count()
    }

    fn classify(texts: Vec<String>) -> Vec<Block> {
        let mut kinds = vec![BlockKind::Paragraph; texts.len()];
        let mut next = 0;
        let is_heading = |t: &str| t.chars().count() <= 200 && !ends_sentence(t);
        if texts.len() >= 2
            && words(&texts[0]) <= 3
            && texts[0].chars().count() <= 30
            && is_heading(&texts[0])
            && is_heading(&texts[1])
        {
            kinds[0] = BlockKind::Kicker;
            next = 1;
        }
        if texts.len() > next && is_heading(&texts[next]) {
            kinds[next] = BlockKind::Title;
            next += 1;
            // A single short sentence before longer paragraphs reads as a standfirst.
            let standfirst = texts.get(next).is_some_and(|t| t.chars().count() <= 300)
                && texts.get(next + 1).is_some_and(|t| t.chars().count() > texts[next].chars().count());
            if standfirst {
                kinds[next] = BlockKind::Standfirst;
                next += 1;
            }
        }
        let body = texts.len() - next;
        if let Some(last) = texts.last() {
            if body >= 4 && !ends_sentence(last) && words(last) <= 30 && kinds[texts.len() - 1] == BlockKind::Paragraph
            {
                kinds[texts.len() - 1] = BlockKind::Keywords;
            }
        }
        texts.into_iter().zip(kinds).map(|(text, kind)| Block { kind, text }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../www/demo/us-china-ai-talks.txt");

    #[test]
    fn demo_article_reads_as_written() {
        let article = Article::from_plain_text(DEMO);
        let kinds: Vec<BlockKind> = article.blocks().iter().map(|b| b.kind).collect();
        assert_eq!(kinds[..3], [BlockKind::Kicker, BlockKind::Title, BlockKind::Standfirst]);
        assert_eq!(kinds.last(), Some(&BlockKind::Keywords));
        assert_eq!(article.blocks()[0].text, "Business");
        assert_eq!(article.title(), Some("U.S.-China AI talks needed as arms race fears rise"));
        let text = article.text().as_str();
        // The author's punctuation stays; the comment form does not.
        assert!(
            text.contains("direct geopolitical conflict.. That tension is exactly why the U.S.. and China. despite")
        );
        for leftover in ["Leave a Reply", "Your email address", "Captcha", "Secret Link"] {
            assert!(!text.contains(leftover), "{leftover} dropped");
        }
        assert!(text.ends_with("AI communication channel"));
        assert_eq!(article.blocks().len(), 17, "kicker, title, standfirst, 13 paragraphs, keywords");
        assert_eq!(article.slug(), "u-s-china-ai-talks-needed-as-arms-race-fears-rise");
    }

    #[test]
    fn block_spans_cover_their_text() {
        let article = Article::from_plain_text("Title here\n\nFirst 👋 para.\nwrapped   line.\n\n\n\nSecond.");
        for span in article.block_spans() {
            assert_eq!(article.text().slice(span.span), Some(article.blocks()[span.index].text.as_str()));
        }
        assert_eq!(article.blocks()[1].text, "First 👋 para. wrapped line.");
    }

    #[test]
    fn lines_of_spaces_and_any_line_endings_separate_paragraphs() {
        let crlf =
            "Title here\r\n\r\nFirst paragraph,\r\nwrapped.\r\n  \t \r\nSecond paragraph.\rOld Mac line.\r\rThird.";
        let texts: Vec<String> = Article::from_plain_text(crlf).blocks().iter().map(|b| b.text.clone()).collect();
        assert_eq!(texts, ["Title here", "First paragraph, wrapped.", "Second paragraph. Old Mac line.", "Third."]);
    }

    #[test]
    fn text_without_title_is_paragraphs() {
        let article = Article::from_plain_text("One sentence here.\n\nAnother one.");
        assert!(article.blocks().iter().all(|b| b.kind == BlockKind::Paragraph));
        assert!(article.slug().starts_with("article-"));
    }

    #[test]
    fn leftovers_inside_an_article_stay() {
        let long = "Leave a reply, she said, and walked away from the meeting that had gone on for far too long, because no one in the room could agree on what the committee was for or who should lead it next, and the questions kept coming.";
        let article = Article::from_plain_text(&format!("Title\n\n{long}\n\nEnd."));
        assert!(article.text().as_str().contains(long));
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn block_kind_names_are_the_saved_ones() {
        for kind in BlockKind::ALL {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.name()));
            assert_eq!(BlockKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(BlockKind::from_name("nonsense"), None);
    }
}
