//! The only browser-aware code. Four Wasm modules are built from it:
//! - the app (default features), fetched at the first sign of use: the `#[wasm_bindgen]` handle
//!   the page holds ([`app`]), over a workspace; the clock, random ids, the `storage` event, and
//!   the store: localStorage or, where it is off, the page's memory ([`storage`]);
//! - the view (`--features view`), loaded with the page: the same handle without its changes,
//!   which shows the first screen and writes nothing;
//! - intake (`--features intake`), fetched on first use: reading other tools' annotation files
//!   and the exports ([`intake`]), anchoring ([`anchorer`], which the benchmark uses too), and
//!   the library dialog's calls and the migration ([`library`], through the store the app
//!   module lends the page);
//! - suggest (`--features suggest`), fetched when the reader first asks for suggestions: the
//!   rule engine over the article on screen ([`suggester`]).
//!
//! Both convert between the page's units (UTF-16 offsets, strings) and the core's, then
//! delegate; they decide nothing themselves. They hand data to each other as JSON in the saved
//! format ([`crate::saved`]).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::annotation::Timestamp;
use crate::session::Report;

#[cfg(feature = "intake")]
mod anchorer;
#[cfg(not(any(feature = "intake", feature = "suggest")))]
mod app;
#[cfg(feature = "intake")]
mod intake;
#[cfg(feature = "intake")]
mod library;
#[cfg(not(any(feature = "intake", feature = "suggest")))]
mod storage;
#[cfg(feature = "suggest")]
mod suggester;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "suggest", allow(dead_code))]
struct ReportView {
    exact: usize,
    moved: usize,
    fuzzy: usize,
    ambiguous: usize,
    orphan: usize,
    duplicates: usize,
    problems: Vec<String>,
}

impl From<Report> for ReportView {
    fn from(r: Report) -> Self {
        ReportView {
            exact: r.exact,
            moved: r.moved,
            fuzzy: r.fuzzy,
            ambiguous: r.ambiguous,
            orphan: r.orphan,
            duplicates: r.duplicates,
            problems: r.problems.iter().map(ToString::to_string).collect(),
        }
    }
}

#[cfg_attr(feature = "suggest", allow(dead_code))]
fn error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[cfg_attr(feature = "suggest", allow(dead_code))]
fn now() -> Timestamp {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    // The browser's toISOString is always `YYYY-MM-DDTHH:MM:SS.sssZ`.
    Timestamp::parse(&iso).unwrap_or_else(|_| Timestamp::parse("1970-01-01T00:00:00Z").expect("valid literal"))
}

/// A view for the page, as a plain JS object (through JSON: smaller Wasm than
/// serde-wasm-bindgen, and JSON.parse is fast).
#[cfg_attr(feature = "suggest", allow(dead_code))]
fn to_js(value: &impl Serialize) -> JsValue {
    let json = serde_json::to_string(value).unwrap_or_default();
    js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL)
}
