//! Annotations as tables: CSV for spreadsheets (RFC 4180) and doccano's JSONL span format for
//! people who train models. Offsets are code points of the canonical text.

use serde::Serialize;

use crate::annotation::Annotation;
use crate::article::Article;

/// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180 §2.6–2.7).
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// `tag,quote,note,start,end,created`, one row per annotation, CRLF line ends.
pub fn to_csv<'a>(annotations: impl IntoIterator<Item = &'a Annotation>) -> String {
    let mut out = String::from("tag,quote,note,start,end,created\r\n");
    for a in annotations {
        let row = [
            field(a.tag.as_str()),
            field(&a.quote),
            field(&a.note),
            a.span.start_cp().to_string(),
            a.span.end_cp().to_string(),
            field(a.created.as_str()),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[derive(Serialize)]
struct Doccano<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
}

/// One line of doccano's span format: `{"text": …, "label": [[start, end, "claim"], …]}`.
pub fn to_jsonl<'a>(article: &'a Article, annotations: impl IntoIterator<Item = &'a Annotation>) -> String {
    let label = annotations.into_iter().map(|a| (a.span.start_cp(), a.span.end_cp(), a.tag.as_str())).collect();
    let line = serde_json::to_string(&Doccano { text: article.text().as_str(), label }).unwrap_or_default();
    line + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
