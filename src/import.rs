//! Reading annotations from files: W3C Web Annotations (a single Annotation, an array, an
//! AnnotationPage, an AnnotationCollection with its first page embedded) and Hypothesis's
//! export JSON (and its API's search results).
//!
//! Bulk reading in the rust-analyzer way: every valid annotation comes back, and every invalid
//! one becomes a [`Problem`] naming where it is (`first.items[3].target.selector`) and what is
//! wrong, so one bad entry never sinks a file.

use serde_json::{Map, Value};

use crate::annotation::{AnnotationId, Tag, Timestamp};
use crate::export::w3c::CONTEXT;
use crate::saved::ArticleSourceV1;
use crate::session::{Incoming, Problem};
use crate::text::CpSpan;

/// What a file held: the annotations read, and the problems with the rest.
#[derive(Debug, Default)]
pub struct Imported {
    pub annotations: Vec<Incoming>,
    pub problems: Vec<Problem>,
    /// What was changed in entries that were read (a broken character replaced), each with
    /// the entry's path.
    pub mended: Vec<Problem>,
    /// How many entries the file offered, readable or not.
    pub offered: usize,
}

/// Reads a file's JSON. `now` dates annotations that carry no time of their own.
///
/// # Errors
/// A problem for the whole file: not JSON, or not a shape newsmark reads. Nothing was read then.
pub fn parse(json: &str, now: &Timestamp) -> Result<Imported, Problem> {
    let whole = |message: String| Problem { path: String::new(), message };
    let (json, mends, marked) = mend_surrogates(json);
    let mut doc: Value = serde_json::from_str(&json).map_err(|e| whole(format!("the file is not valid JSON: {e}")))?;
    let mut out = Imported::default();
    if mends > 0 && !marked {
        out.mended.push(whole(format!("{mends} {MENDED_MESSAGE}")));
    } else if mends > 0 {
        // Which entries held a mended character (marked with MENDED), then the mark becomes
        // U+FFFD everywhere.
        if let Ok(entries) = entries(&doc) {
            for (path, value, _) in entries {
                if holds(value, MENDED) {
                    out.mended.push(problem(&path, "", MENDED_MESSAGE));
                }
            }
        }
        replace_in_strings(&mut doc, MENDED, '\u{FFFD}');
        if out.mended.is_empty() {
            out.mended.push(whole(format!("{mends} {MENDED_MESSAGE}")));
        }
    }
    let entries = entries(&doc).map_err(whole)?;
    out.offered = entries.len();
    for (path, value, flavour) in entries {
        let read = match flavour {
            Flavour::W3c => w3c(value, &path, now),
            Flavour::Hypothesis => hypothesis(value, &path, now),
        };
        match read {
            Ok(annotation) => out.annotations.push(annotation),
            Err(problem) => out.problems.push(problem),
        }
    }
    Ok(out)
}

/// The entries a file's document offers, each with its path in the file.
fn entries(doc: &Value) -> Result<Vec<(String, &Value, Flavour)>, String> {
    match doc {
        Value::Array(items) => Ok(items.iter().enumerate().map(|(i, v)| (format!("[{i}]"), v, Flavour::W3c)).collect()),
        Value::Object(_) => entries_of(doc),
        _ => Err(NOT_ANNOTATIONS.into()),
    }
}

/// Marks a mended character while the file is read: a noncharacter (U+FDD0), which no text
/// should hold. A file that holds one already is mended without saying where.
const MENDED: char = '\u{FDD0}';
const MENDED_MESSAGE: &str =
    "a broken character (half of a UTF-16 surrogate pair, which no text can hold) was replaced with \u{FFFD}";

/// Replaces each `\uXXXX` escape of a lone UTF-16 surrogate (valid JSON grammar, which
/// JavaScript's `JSON.stringify` writes, but no character) so that the rest of the file can be
/// read: with [`MENDED`], or U+FFFD where the file already holds that mark. Counts them, and
/// says whether [`MENDED`] marks them.
fn mend_surrogates(json: &str) -> (std::borrow::Cow<'_, str>, usize, bool) {
    let hex_at = |at: usize| json.get(at..at + 4).and_then(|h| u16::from_str_radix(h, 16).ok());
    let escape_at =
        |at: usize| (json.as_bytes().get(at..at + 2) == Some(b"\\u".as_slice())).then(|| hex_at(at + 2)).flatten();
    // The mark must be new to the file: not there as itself nor as an escape (looked for once,
    // at the first mend).
    let mut mark = None;
    let new_mark = || {
        let escaped = json.to_ascii_lowercase().contains("\\ufdd0");
        if json.contains(MENDED) || escaped {
            '\u{FFFD}'
        } else {
            MENDED
        }
    };
    let mut out = String::new();
    let mut copied = 0;
    let mut mends = 0;
    let bytes = json.as_bytes();
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'\\') {
        let escape = at + found;
        let Some(unit) = escape_at(escape) else {
            // `\\`, `\"`, … (or a malformed escape, which the parser reports)
            at = (escape + 2).min(json.len());
            continue;
        };
        let high = (0xD800..0xDC00).contains(&unit);
        let paired = high && escape_at(escape + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if paired {
            at = escape + 12;
        } else if (0xD800..0xE000).contains(&unit) {
            out.push_str(&json[copied..escape]);
            out.push(*mark.get_or_insert_with(new_mark));
            mends += 1;
            at = escape + 6;
            copied = at;
        } else {
            at = escape + 6;
        }
        at = at.min(json.len());
    }
    if mends == 0 {
        return (std::borrow::Cow::Borrowed(json), 0, false);
    }
    out.push_str(&json[copied..]);
    (std::borrow::Cow::Owned(out), mends, mark == Some(MENDED))
}

/// Whether any string in `value` (keys too) holds `c`.
fn holds(value: &Value, c: char) -> bool {
    match value {
        Value::String(s) => s.contains(c),
        Value::Array(items) => items.iter().any(|v| holds(v, c)),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains(c) || holds(v, c)),
        _ => false,
    }
}

fn replace_in_strings(value: &mut Value, from: char, to: char) {
    let swap = |s: &str| s.replace(from, to.encode_utf8(&mut [0; 4]));
    match value {
        Value::String(s) if s.contains(from) => *s = swap(s),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_in_strings(v, from, to)),
        Value::Object(map) => {
            let old = std::mem::take(map);
            *map = old
                .into_iter()
                .map(|(k, mut v)| {
                    replace_in_strings(&mut v, from, to);
                    (if k.contains(from) { swap(&k) } else { k }, v)
                })
                .collect();
        }
        _ => {}
    }
}

/// An annotated page newsmark exported: the article it carries and its annotations.
pub struct Page {
    pub article: ArticleSourceV1,
    pub annotations: Imported,
}

/// The text of the first `<script>` data block whose opening tag contains `marker`.
fn data_block<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let tag_end = open + rest[open..].find('>')?;
        let tag = &rest[open..tag_end];
        let body_start = tag_end + 1;
        let body_end = body_start + rest[body_start..].find("</script>")?;
        if tag.contains(marker) {
            return Some(&rest[body_start..body_end]);
        }
        rest = &rest[body_end..];
    }
    None
}

/// Reads a page exported by newsmark: the article it carries and its annotations.
///
/// # Errors
/// When the page is not one newsmark exported, or its data is damaged.
pub fn read_page(html: &str, now: &Timestamp) -> Result<Page, Problem> {
    let whole = |message: String| Problem { path: String::new(), message };
    let article = data_block(html, &format!("id=\"{}\"", crate::export::page::ARTICLE_DATA_ID)).ok_or_else(|| {
        whole("this page carries no newsmark article: only pages exported by newsmark can be opened".into())
    })?;
    let mut article = ArticleSourceV1::parse(article.trim()).map_err(whole)?;
    let mut annotations = match data_block(html, "application/ld+json") {
        Some(json) => parse(json.trim(), now)?,
        None => Imported::default(),
    };
    // A language that is no language tag is dropped (the article opens without it).
    article.lang = article.lang.as_deref().and_then(crate::article::language::tag);
    if let Some(url) = article.source_url.take() {
        match crate::article::web_url(&url) {
            Some(web) => article.source_url = Some(web.to_string()),
            None => annotations.mended.push(Problem {
                path: "article.source_url".into(),
                message: format!(
                    "{:?} is not a web address (only http: and https: are kept): the article opens without its \
                     source link",
                    shorten(&url)
                ),
            }),
        }
    }
    Ok(Page { article, annotations })
}

/// A value from a file as a message quotes it: at most 80 characters.
fn shorten(value: &str) -> String {
    match value.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}

const NOT_ANNOTATIONS: &str = "this is not a Web Annotation file: expected an Annotation, an array of them, an \
     AnnotationPage, an AnnotationCollection, or a Hypothesis export";

#[derive(Clone, Copy)]
enum Flavour {
    W3c,
    Hypothesis,
}

fn types(value: &Value) -> Vec<&str> {
    match value.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn entries_of(doc: &Value) -> Result<Vec<(String, &Value, Flavour)>, String> {
    let Some(map) = doc.as_object() else { return Err(NOT_ANNOTATIONS.into()) };
    let kinds = types(doc);
    if kinds.contains(&"AnnotationCollection") {
        check_context(map, "")?;
        return match map.get("first") {
            None => Ok(Vec::new()),
            Some(Value::Object(page)) => match page.get("items") {
                Some(items) => list(items, "first.items", Flavour::W3c),
                None => Err("first.items is missing: the collection's first page holds no annotations".into()),
            },
            Some(Value::String(iri)) => Err(format!(
                "first is a link ({iri}), not an embedded page: newsmark imports collections whose first page is \
                 in the file"
            )),
            Some(_) => Err("first must be an AnnotationPage object".into()),
        };
    }
    if kinds.contains(&"AnnotationPage") {
        check_context(map, "")?;
        return match map.get("items") {
            Some(items) => list(items, "items", Flavour::W3c),
            None => Err("items is missing: the page holds no annotations".into()),
        };
    }
    if let Some(items) =
        map.get("annotations").filter(|_| map.contains_key("export_date") || map.contains_key("client_version"))
    {
        return list(items, "annotations", Flavour::Hypothesis);
    }
    if let Some(items) = map.get("rows").filter(|_| map.contains_key("total")) {
        return list(items, "rows", Flavour::Hypothesis);
    }
    if map.contains_key("target") || kinds.contains(&"Annotation") || map.contains_key("@context") {
        // A single annotation: its path is empty.
        return Ok(vec![(String::new(), doc, Flavour::W3c)]);
    }
    Err(NOT_ANNOTATIONS.into())
}

/// The entries of an array at `path`, each with its own path.
fn list<'a>(items: &'a Value, path: &str, flavour: Flavour) -> Result<Vec<(String, &'a Value, Flavour)>, String> {
    let items = items.as_array().ok_or_else(|| format!("{path} must be an array"))?;
    Ok(items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v, flavour)).collect())
}

fn check_context(map: &Map<String, Value>, path: &str) -> Result<(), String> {
    let ok = match map.get("@context") {
        Some(Value::String(c)) => c == CONTEXT,
        Some(Value::Array(cs)) => cs.iter().any(|c| c.as_str() == Some(CONTEXT)),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{}@context must be (or include) \"{CONTEXT}\"", dotted(path)))
    }
}

fn dotted(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    }
}

fn problem(path: &str, field: &str, message: impl Into<String>) -> Problem {
    let path = match (path.is_empty(), field.is_empty()) {
        (true, _) => field.to_string(),
        (false, true) => path.to_string(),
        (false, false) => format!("{path}.{field}"),
    };
    Problem { path, message: message.into() }
}

/// The parts every flavour shares once read.
struct Parts {
    exact: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    position: Option<CpSpan>,
}

/// Reads the selectors of one target: TextQuoteSelector and TextPositionSelector, alone or in
/// an array; others (RangeSelector, CssSelector…) are passed over.
fn selectors(target: &Value, path: &str) -> Result<Parts, Problem> {
    let mut parts = Parts { exact: None, prefix: None, suffix: None, position: None };
    let Some(selector) = target.get("selector") else {
        return Ok(parts);
    };
    let list: Vec<(String, &Value)> = match selector {
        Value::Array(items) => items.iter().enumerate().map(|(i, s)| (format!("{path}.selector[{i}]"), s)).collect(),
        single => vec![(format!("{path}.selector"), single)],
    };
    for (at, s) in list {
        let kinds = types(s);
        if kinds.contains(&"TextQuoteSelector") {
            let exact = s.get("exact").and_then(Value::as_str).filter(|e| !e.is_empty());
            let exact = exact.ok_or_else(|| problem(&at, "", "TextQuoteSelector.exact must be a non-empty string"))?;
            for (key, slot) in [("prefix", &mut parts.prefix), ("suffix", &mut parts.suffix)] {
                match s.get(key) {
                    None => {}
                    Some(Value::String(v)) => *slot = Some(v.clone()),
                    Some(_) => return Err(problem(&at, "", format!("TextQuoteSelector.{key} must be a string"))),
                }
            }
            parts.exact = Some(exact.to_string());
        } else if kinds.contains(&"TextPositionSelector") {
            let number = |key: &str| {
                s.get(key)
                    .and_then(Value::as_u64)
                    // Past what this machine counts (a 32-bit Wasm): the end of the range, which
                    // no text reaches, so the quote places it.
                    .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
                    .ok_or_else(|| {
                        problem(&at, "", format!("TextPositionSelector.{key} must be a non-negative integer"))
                    })
            };
            let (start, end) = (number("start")?, number("end")?);
            let span = CpSpan::new(start, end)
                .ok_or_else(|| problem(&at, "", format!("TextPositionSelector.start {start} is after end {end}")))?;
            parts.position = Some(span);
        } else if kinds.is_empty() {
            return Err(problem(&at, "", "a selector must have a type"));
        }
    }
    Ok(parts)
}

fn w3c(value: &Value, path: &str, now: &Timestamp) -> Result<Incoming, Problem> {
    let map = value.as_object().ok_or_else(|| problem(path, "", "an annotation must be a JSON object"))?;
    if path.is_empty() {
        check_context(map, "").map_err(|m| problem("", "", m))?;
    }
    if !types(value).contains(&"Annotation") {
        return Err(problem(path, "type", "must be \"Annotation\""));
    }
    let id = match map.get("id") {
        Some(Value::String(id)) => AnnotationId::parse(id).map_err(|m| problem(path, "id", m))?,
        Some(_) => return Err(problem(path, "id", "must be a string")),
        None => return Err(problem(path, "id", "is missing: every annotation needs an IRI to be told apart")),
    };
    let target = match map.get("target") {
        None => return Err(problem(path, "target", "is missing")),
        Some(Value::Array(targets)) => targets
            .first()
            .map(|t| (t, format!("{}target[0]", dotted(path))))
            .ok_or_else(|| problem(path, "target", "is empty"))?,
        Some(t) => (t, format!("{}target", dotted(path))),
    };
    let parts = match target.0 {
        Value::Object(_) => selectors(target.0, &target.1)?,
        Value::String(_) => Parts { exact: None, prefix: None, suffix: None, position: None },
        _ => return Err(problem(&target.1, "", "must be an IRI or an object")),
    };
    let (tags, mut notes) = bodies(map, path)?;
    if let Some(Value::String(v)) = map.get("bodyValue") {
        notes.push(v.clone());
    } else if map.get("bodyValue").is_some() {
        return Err(problem(path, "bodyValue", "must be a string"));
    }
    finish(id, parts, tags, notes, times(map, path, "created", "modified", now)?, &target.1)
}

/// Tags and notes from `body`: TextualBody with the purpose `tagging` is a tag; one with
/// `commenting`, `describing` or no purpose is a note. Other bodies are passed over.
fn bodies(map: &Map<String, Value>, path: &str) -> Result<(Vec<String>, Vec<String>), Problem> {
    let (mut tags, mut notes) = (Vec::new(), Vec::new());
    let list: Vec<(String, &Value)> = match map.get("body") {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            items.iter().enumerate().map(|(i, b)| (format!("{}body[{i}]", dotted(path)), b)).collect()
        }
        Some(b) => vec![(format!("{}body", dotted(path)), b)],
    };
    for (at, body) in list {
        let Value::Object(b) = body else {
            if body.is_string() {
                continue; // a body by IRI: nothing newsmark can show
            }
            return Err(problem(&at, "", "a body must be an IRI or an object"));
        };
        let textual = types(body).contains(&"TextualBody") || (b.contains_key("value") && !b.contains_key("type"));
        if !textual {
            continue;
        }
        let value = b.get("value").and_then(Value::as_str).ok_or_else(|| problem(&at, "value", "must be a string"))?;
        let purposes: Vec<&str> = match b.get("purpose") {
            Some(Value::String(p)) => vec![p.as_str()],
            Some(Value::Array(ps)) => ps.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if purposes.contains(&"tagging") || purposes.contains(&"classifying") {
            tags.push(value.to_string());
        } else {
            notes.push(value.to_string());
        }
    }
    Ok((tags, notes))
}

fn times(
    map: &Map<String, Value>,
    path: &str,
    created_key: &str,
    modified_key: &str,
    now: &Timestamp,
) -> Result<(Timestamp, Timestamp), Problem> {
    let read = |key: &str| match map.get(key) {
        None => Ok(None),
        Some(Value::String(t)) => Timestamp::parse_utc(t).map(Some).map_err(|m| problem(path, key, m)),
        Some(_) => Err(problem(path, key, "must be a date-time string")),
    };
    let created = read(created_key)?.unwrap_or_else(|| now.clone());
    let modified = read(modified_key)?.unwrap_or_else(|| created.clone());
    Ok((created, modified))
}

fn finish(
    id: AnnotationId,
    parts: Parts,
    tags: Vec<String>,
    notes: Vec<String>,
    (created, modified): (Timestamp, Timestamp),
    target_path: &str,
) -> Result<Incoming, Problem> {
    let exact = parts.exact.ok_or_else(|| {
        problem(
            target_path,
            "",
            "has no TextQuoteSelector: newsmark anchors annotations by their quote, and a position alone cannot be \
             checked",
        )
    })?;
    // Our tag where one of the annotation's tags is ours; every other tag is kept as it was.
    let mut tags: Vec<String> = tags.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
    let ours = tags.iter().position(|t| Tag::parse(t).is_some());
    let tag = match ours {
        Some(at) => Tag::from_name(&tags.remove(at)),
        None if !tags.is_empty() => Tag::Other(tags.remove(0)),
        None => Tag::Other(String::new()),
    };
    Ok(Incoming {
        id,
        exact,
        prefix: parts.prefix,
        suffix: parts.suffix,
        position: parts.position,
        tag,
        extra_tags: tags,
        note: notes.join("\n\n"),
        created,
        modified,
        review: false,
    })
}

/// One annotation of Hypothesis's export (`annotations[i]`) or API (`rows[i]`): `text` is the
/// note, `tags` the tags, `target[0].selector` as in W3C.
fn hypothesis(value: &Value, path: &str, now: &Timestamp) -> Result<Incoming, Problem> {
    let map = value.as_object().ok_or_else(|| problem(path, "", "an annotation must be a JSON object"))?;
    let raw_id = map.get("id").and_then(Value::as_str).filter(|s| !s.is_empty());
    let raw_id = raw_id.ok_or_else(|| problem(path, "id", "must be a non-empty string"))?;
    // Hypothesis ids are bare; its annotations live at https://hypothes.is/a/<id>.
    let iri = map
        .get("links")
        .and_then(|l| l.get("html"))
        .and_then(Value::as_str)
        .map_or_else(|| format!("https://hypothes.is/a/{raw_id}"), str::to_string);
    let id = AnnotationId::parse(&iri).map_err(|m| problem(path, "id", m))?;
    let target = map.get("target").and_then(Value::as_array).and_then(|t| t.first());
    let target = target.ok_or_else(|| problem(path, "target", "must be a non-empty array"))?;
    let target_path = format!("{}target[0]", dotted(path));
    let parts = selectors(target, &target_path)?;
    let tags = match map.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(_) => return Err(problem(path, "tags", "must be an array of strings")),
    };
    let notes = map.get("text").and_then(Value::as_str).filter(|t| !t.trim().is_empty()).map(str::to_string);
    finish(id, parts, tags, notes.into_iter().collect(), times(map, path, "created", "updated", now)?, &target_path)
}
