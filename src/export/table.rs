//! Annotations as tables: CSV for spreadsheets (RFC 4180) and doccano's JSONL span format for
//! people who train models. Offsets are code points of the canonical text.

use serde::Serialize;

use crate::annotation::Annotation;
use crate::article::Article;

/// What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180 §2.6–2.7).
/// A field that a spreadsheet would run as a formula (quotes and notes come from anyone's
/// article and file) is prefixed with `'`, which makes it text, as OWASP advises.
fn field(value: &str) -> String {
    let mended;
    let value = if value.starts_with(FORMULA_START) {
        mended = format!("'{value}");
        mended.as_str()
    } else {
        value
    };
    // `;` and tabs too: spreadsheets set to split on them would start a new cell there.
    if value.contains([',', '"', '\n', '\r', ';', '\t']) {
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

    #[test]
    fn csv_never_starts_a_formula() {
        assert_eq!(field("=HYPERLINK(\"http://x\",\"click\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"");
        assert_eq!(field("+SUM(1+1)*cmd|' /C calc'!A0"), "'+SUM(1+1)*cmd|' /C calc'!A0");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\t=1"), "\"'\t=1\"");
        assert_eq!(field("x;=HYPERLINK(1)"), "\"x;=HYPERLINK(1)\"");
        assert_eq!(field("\r=1"), "\"'\r=1\"");
        assert_eq!(field("a = b"), "a = b");
        assert_eq!(field(""), "");
    }
}
