//! Reading other tools' annotation files, in the module fetched only when a reader imports one.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{error, now, to_js};
use crate::import;
use crate::saved::{self, ArticleV1};
use crate::session::saved_incoming;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Read {
    /// How many entries the file offered.
    offered: usize,
    /// How many were read.
    read: usize,
    /// What was wrong with the others, each with its path in the file.
    problems: Vec<String>,
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
    let annotations = imported.annotations.iter().map(|a| saved_incoming(a, None)).collect();
    let saved = ArticleV1 { version: saved::VERSION, article: String::new(), annotations };
    Ok(to_js(&Read {
        offered: imported.offered,
        read: imported.annotations.len(),
        problems: imported.problems.iter().map(ToString::to_string).collect(),
        annotations: saved::to_json(&saved),
    }))
}
