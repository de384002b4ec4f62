//! Markdown -> article blocks: headings, paragraphs, block quotes, list items, code blocks as
//! paragraphs. CommonMark parsing is pulldown-cmark's; no HTML in the source is kept (it is
//! text to a reader of the article, and never markup to newsmark).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Article, Block, BlockKind};

pub fn to_article(source: &str) -> Article {
    let mut blocks: Vec<Block> = Vec::new();
    let mut text = String::new();
    let mut kind = BlockKind::Paragraph;
    let mut quote_depth = 0;
    let mut list_depth = 0;
    let mut raw = RawHtml::default();
    let mut seen_title = false;
    let finish = |blocks: &mut Vec<Block>, text: &mut String, kind: BlockKind| {
        let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            blocks.push(Block { kind, text: t });
        }
        text.clear();
    };
    for event in Parser::new(source) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                finish(&mut blocks, &mut text, kind);
                kind = if seen_title { BlockKind::Heading } else { BlockKind::Title };
                seen_title = true;
            }
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_)) if list_depth == 0 => {
                finish(&mut blocks, &mut text, kind);
                kind = if quote_depth > 0 { BlockKind::Quote } else { BlockKind::Paragraph };
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth -= 1,
            Event::Start(Tag::List(_)) => {
                finish(&mut blocks, &mut text, kind);
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth -= 1,
            Event::Start(Tag::Item) => {
                finish(&mut blocks, &mut text, kind);
                kind = BlockKind::ListItem;
            }
            Event::End(TagEnd::Item) => {
                finish(&mut blocks, &mut text, kind);
                kind = BlockKind::Paragraph;
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock) if list_depth == 0 => {
                finish(&mut blocks, &mut text, kind);
                kind = BlockKind::Paragraph;
            }
            Event::Text(t) | Event::Code(t) if raw.shows_text() => text.push_str(&t),
            // Raw HTML is never markup here, nor shown as markup: its text is kept, its tags,
            // comments and what scripts and styles hold are not.
            Event::Html(t) | Event::InlineHtml(t) => raw.read(&t, &mut text),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    finish(&mut blocks, &mut text, kind);
    Article::from_blocks(blocks, None)
}

/// Elements of raw HTML whose content is not text a reader sees.
const UNSEEN: &[&str] = &["script", "style", "template", "noscript", "iframe", "object", "textarea", "svg", "math"];

/// Where raw HTML in Markdown is read: it comes in pieces (an HTML block a line at a time, an
/// inline tag apart from the text after it), so a tag, a comment or an unseen element may
/// span several.
#[derive(Default)]
struct RawHtml {
    /// Inside a tag (`<…>`) or a comment (`<!-- … -->`).
    in_tag: bool,
    in_comment: bool,
    /// The tag read so far.
    tag: String,
    /// The element of [`UNSEEN`] the text is in.
    hidden: Option<&'static str>,
}

impl RawHtml {
    /// Text a reader would see: not inside a tag, a comment or an unseen element.
    fn shows_text(&self) -> bool {
        !self.in_tag && !self.in_comment && self.hidden.is_none()
    }

    /// Reads a piece of raw HTML, keeping only its text.
    fn read(&mut self, html: &str, text: &mut String) {
        let mut chars = html.chars().peekable();
        while let Some(c) = chars.next() {
            if self.in_comment {
                self.tag.push(c);
                if self.tag.ends_with("-->") {
                    self.in_comment = false;
                    self.tag.clear();
                }
            } else if self.in_tag {
                if c == '>' {
                    self.in_tag = false;
                    self.close_tag();
                } else {
                    self.tag.push(c);
                    if self.tag == "!--" {
                        (self.in_tag, self.in_comment) = (false, true);
                        self.tag.clear();
                    }
                }
            } else if c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!')) {
                self.in_tag = true;
                self.tag.clear();
            } else if self.hidden.is_none() {
                text.push(c);
            }
        }
    }

    fn close_tag(&mut self) {
        let tag = std::mem::take(&mut self.tag);
        let end = tag.starts_with('/');
        let name = tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect::<String>();
        let name = name.to_ascii_lowercase();
        match self.hidden {
            Some(open) if end && open == name => self.hidden = None,
            None if !end && !tag.ends_with('/') => self.hidden = UNSEEN.iter().find(|u| **u == name).copied(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_gives_its_text_and_nothing_else() {
        let md = "# Storm\n\nThe port <b>closed</b> on Monday. <img src=x onerror=\"alert(1)\">\n\n\
                  <div class=\"x\">Officials <i>said</i> so.</div>\n\n<script>alert(2)</script>\n\n\
                  <style>p { color: red }</style>\n\nIt reopens [soon](javascript:alert(3)).\n";
        let text = to_article(md).text().as_str().to_string();
        assert!(text.contains("The port closed on Monday."), "{text}");
        assert!(text.contains("Officials said so."), "{text}");
        assert!(text.contains("It reopens soon."), "{text}");
        for gone in ["<", "alert", "color", "javascript"] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
        // Tags and comments across lines and pieces, a script inline (a review found these).
        for (md, shown) in [
            ("Before\n\n<!--\nnote\n-->\n\nAfter", "Before\n\nAfter"),
            ("Before\n\n<div>\n<img\nsrc=x\nonerror=alert(1)>\n</div>\n\nAfter", "Before\n\nAfter"),
            ("A <!-- x > y --> b", "A b"),
            ("Hello <script>alert(2)</script> world", "Hello world"),
        ] {
            assert_eq!(to_article(&format!("# T\n\n{md}")).text().as_str(), format!("T\n\n{shown}"), "{md:?}");
        }
    }

    #[test]
    fn hostile_nesting_reads_without_trouble() {
        let quotes = format!("# Deep\n\n{} a quoted line at the bottom", ">".repeat(50_000));
        assert!(to_article(&quotes).text().as_str().contains("a quoted line at the bottom"));
        let lists: String = (0..2_000).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect();
        assert!(to_article(&format!("# Deep lists\n\n{lists}")).text().as_str().contains("item 0"));
        let emphasis = format!("# Stars\n\n{}text{}", "*".repeat(20_000), "*".repeat(20_000));
        assert!(to_article(&emphasis).text().as_str().contains("text"));
    }

    #[test]
    fn markdown_becomes_blocks() {
        let article = to_article(
            "# Rates held\n\nThe bank *held* rates, as [expected](http://x).\nSecond line.\n\n## Why\n\n> Inflation is sticky, said the governor.\n\n- first point\n- second `point`\n\n<script>alert(1)</script>\n",
        );
        let blocks: Vec<(BlockKind, &str)> = article.blocks().iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            blocks,
            [
                (BlockKind::Title, "Rates held"),
                (BlockKind::Paragraph, "The bank held rates, as expected. Second line."),
                (BlockKind::Heading, "Why"),
                (BlockKind::Quote, "Inflation is sticky, said the governor."),
                (BlockKind::ListItem, "first point"),
                (BlockKind::ListItem, "second point"),
            ]
        );
    }
}
