//! Reading other tools' annotation files, in the module fetched only when a reader imports one.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::{error, now, to_js};
use crate::article::html;
use crate::article::sketch::{self, Candidate, Sketch};
use crate::article::{markdown, Article, BlockKind};
use crate::import;
use crate::saved::{self, ArticleSourceV1, ArticleV1};
use crate::session::{saved_incoming, Session};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Read {
    /// How many entries the file offered.
    offered: usize,
    /// How many were read.
    read: usize,
    /// What was wrong with the others, each with its path in the file.
    problems: Vec<String>,
    /// What was changed in entries that were read, each with its path.
    mended: Vec<String>,
    /// The annotations read, in the saved format, for the app module's `enqueue`.
    annotations: String,
}

/// Reads a W3C or Hypothesis JSON file: `{offered, read, problems, annotations}`.
///
/// # Errors
/// When the file as a whole cannot be read (not JSON, not annotations).
#[wasm_bindgen]
pub fn read_annotations(json: &str) -> Result<JsValue, JsError> {
    let imported = import::parse(json, &now()).map_err(error)?;
    Ok(to_js(&read_of(imported)))
}

fn read_of(imported: import::Imported) -> Read {
    let annotations = imported.annotations.iter().map(|a| saved_incoming(a, None)).collect();
    let saved = ArticleV1 { version: saved::VERSION, article: String::new(), annotations };
    Read {
        offered: imported.offered,
        read: imported.annotations.len(),
        problems: imported.problems.iter().map(ToString::to_string).collect(),
        mended: imported.mended.iter().map(ToString::to_string).collect(),
        annotations: saved::to_json(&saved),
    }
}

fn session_of(article_json: &str, saved_json: &str) -> Result<Session, JsError> {
    let article = ArticleSourceV1::parse(article_json).map_err(error)?.to_article();
    let mut session = Session::new(article);
    session.restore(saved_json).map_err(error)?;
    Ok(session)
}

/// The annotated article as one static HTML page, from the app's `article_source()` and
/// `saved_json()`.
#[wasm_bindgen]
pub fn export_page(article_json: &str, saved_json: &str) -> Result<String, JsError> {
    Ok(session_of(article_json, saved_json)?.export_page())
}

/// Every annotation, the unplaced too, as a W3C AnnotationCollection (JSON-LD), from the app's
/// `article_source()` and `saved_json()`.
#[wasm_bindgen]
pub fn export_w3c(article_json: &str, saved_json: &str) -> Result<String, JsError> {
    Ok(session_of(article_json, saved_json)?.export_w3c())
}

/// The annotations as CSV: tag, quote, note, start, end, created.
#[wasm_bindgen]
pub fn export_csv(article_json: &str, saved_json: &str) -> Result<String, JsError> {
    Ok(session_of(article_json, saved_json)?.export_csv())
}

/// The article and its annotations as one line of doccano's JSONL.
#[wasm_bindgen]
pub fn export_jsonl(article_json: &str, saved_json: &str) -> Result<String, JsError> {
    Ok(session_of(article_json, saved_json)?.export_jsonl())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageRead {
    /// The article, for the app's `open_source`.
    article: String,
    annotations: Read,
}

/// Reads a page newsmark exported: `{article, annotations: {offered, read, problems, annotations}}`.
///
/// # Errors
/// When the page is not one newsmark exported.
#[wasm_bindgen]
pub fn read_page(html: &str) -> Result<JsValue, JsError> {
    let page = import::read_page(html, &now()).map_err(error)?;
    Ok(to_js(&PageRead { article: page.article.to_json(), annotations: read_of(page.annotations) }))
}

/// A page's markup as the browser should parse it (see [`html::prepare_markup`]), from its
/// UTF-8 bytes: `{depth, bytes}`, `bytes` (the markup changed, as UTF-8) absent when nothing
/// needed to change, and `depth` how deep it nested (the tags past 256 levels are taken out).
/// Bytes in and out, so that a page of megabytes crosses to and from the worker as transferred
/// buffers rather than copied strings.
///
/// # Errors
/// When the bytes are not UTF-8.
#[wasm_bindgen]
pub fn prepare_markup(bytes: &[u8]) -> Result<JsValue, JsError> {
    let html = std::str::from_utf8(bytes).map_err(|e| error(format!("the page's markup is not UTF-8 here: {e}")))?;
    let html::Prepared { depth, html } = html::prepare_markup(html);
    let out = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(key), value);
    set("depth", &JsValue::from(u32::try_from(depth).unwrap_or(u32::MAX))).map_err(|_| error("no result"))?;
    if let Some(html) = html {
        set("bytes", &js_sys::Uint8Array::from(html.as_bytes()).into()).map_err(|_| error("no result"))?;
    }
    Ok(out.into())
}

/// An article from a file's text, as `ArticleSourceV1` JSON for the app's `open_source`:
/// `kind` is `text`, `markdown`, or `html` (then `source` is the page's DOM as the flat JSON
/// that [`html::tree_from_json`] reads, which the page builds with the browser's own parser).
///
/// # Errors
/// When the source holds no article text, or the tree is malformed.
#[wasm_bindgen]
pub fn article_from(kind: &str, source: &str) -> Result<String, JsError> {
    let mut doubt = None;
    let article = match kind {
        "text" => Article::from_plain_text(source),
        "markdown" => markdown::to_article(source),
        "html" => {
            let root = html::tree_from_json(source).map_err(|e| error(format!("the page could not be read: {e}")))?;
            let (article, meta) = html::extract(&root);
            doubt = meta.doubt;
            article
        }
        other => return Err(error(format!("{other:?} is not a kind of article newsmark reads"))),
    };
    // Its language, told from its text (a page's extraction tells it already, or takes the
    // page's declaration).
    let article = if kind == "html" {
        article
    } else {
        let told = crate::article::language::detect(article.text().as_str());
        article.with_lang(told)
    };
    // A page whose reading gives a title and nothing under it has no article to annotate.
    let body = article.blocks().iter().any(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Kicker));
    if article.text().len_cp() == 0 || (kind == "html" && !body) {
        return Err(error("no article text was found in it"));
    }
    // Why it may not be the article, beside it (a file never keeps it: readers ignore the key).
    let mut json = ArticleSourceV1::of(&article).to_json();
    if let (Some(doubt), Some(end)) = (doubt, json.rfind('}')) {
        json.insert_str(end, &format!(",\"doubt\":{}", serde_json::to_string(doubt.message()).unwrap_or_default()));
    }
    Ok(json)
}

/// The sketch of an article's wording (`ArticleSourceV1` JSON), as a library index keeps it.
///
/// # Errors
/// When the JSON is not such an article.
#[wasm_bindgen]
pub fn sketch_of(article_json: &str) -> Result<String, JsError> {
    let article = ArticleSourceV1::parse(article_json).map_err(error)?.to_article();
    Ok(Sketch::of(article.text().as_str()).to_hex())
}

#[derive(Deserialize)]
struct CandidateJson {
    title: Option<String>,
    sketch: String,
}

#[derive(Serialize)]
struct Edited {
    index: usize,
    resemblance: f64,
}

/// Which of the reader's annotated articles (`[{title, sketch}]` JSON) a newly opened one
/// (its title and sketch) is an edited version of: `{index, resemblance}`, or null. A
/// candidate whose sketch cannot be read is left out (the index is a cache: it is rebuilt).
///
/// # Errors
/// When the candidates are not such a list, or the new sketch cannot be read.
#[wasm_bindgen]
pub fn edited_from(title: Option<String>, sketch_hex: &str, candidates_json: &str) -> Result<JsValue, JsError> {
    let new = Sketch::from_hex(sketch_hex).map_err(error)?;
    let read: Vec<CandidateJson> = serde_json::from_str(candidates_json).map_err(error)?;
    let sketches: Vec<Sketch> =
        read.iter().map(|c| Sketch::from_hex(&c.sketch).unwrap_or_else(|_| Sketch::of(""))).collect();
    let candidates: Vec<Candidate> =
        read.iter().zip(&sketches).map(|(c, sketch)| Candidate { title: c.title.as_deref(), sketch }).collect();
    Ok(match sketch::edited_from(title.as_deref(), &new, &candidates) {
        Some((index, resemblance)) => to_js(&Edited { index, resemblance }),
        None => JsValue::NULL,
    })
}
