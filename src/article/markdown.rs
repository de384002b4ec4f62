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
    let mut hidden = None;
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
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            // Raw HTML is never markup here, nor shown as markup: its text is kept, its tags and
            // what scripts and styles hold are not.
            Event::Html(t) | Event::InlineHtml(t) => raw_html_text(&t, &mut text, &mut hidden),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    finish(&mut blocks, &mut text, kind);
    Article::from_blocks(blocks, None)
}

/// Elements of raw HTML whose content is not text a reader sees.
const UNSEEN: &[&str] = &["script", "style", "template", "noscript", "iframe", "object", "textarea", "svg", "math"];

/// The text of a piece of raw HTML in Markdown, without its tags; `hidden` is the element of
/// [`UNSEEN`] the text is in (raw HTML comes in pieces: a tag may open in one and close in a
/// later one).
fn raw_html_text(html: &str, text: &mut String, hidden: &mut Option<&'static str>) {
    let mut rest = html;
    while !rest.is_empty() {
        let (before, after) = rest.split_once('<').unwrap_or((rest, ""));
        if hidden.is_none() {
            text.push_str(before);
        }
        if after.is_empty() && !rest.contains('<') {
            break;
        }
        let (tag, next) = after.split_once('>').unwrap_or((after, ""));
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (tag.starts_with('/'), *hidden) {
            (true, Some(open)) if open == name => *hidden = None,
            (false, None) => *hidden = UNSEEN.iter().find(|u| **u == name).copied().filter(|_| !tag.ends_with('/')),
            _ => {}
        }
        rest = next;
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
