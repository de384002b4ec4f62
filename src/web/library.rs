//! The library dialog's calls and the migration of an earlier version's data, in the module
//! fetched on first use (they are not needed to show and annotate an article). They reach the
//! page's one store through the app module (`store_get`, `store_set`, …), which the page lends
//! as an object: both modules see the same data, in memory too when storage is off.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{error, now};
use crate::article::Article;
use crate::library::{Fault, Library, Storage};
use crate::saved::{self, ArticleSourceV1, ArticleV1};
use crate::session::Session;

/// The page's store, through the app module's functions: `{get, set, remove, keys, memoryOnly}`.
struct Bridge(js_sys::Object);

fn store_of(store: &JsValue) -> js_sys::Object {
    store.clone().unchecked_into()
}

impl Bridge {
    fn call(&self, name: &str, args: &[&JsValue]) -> Result<JsValue, Fault> {
        let f: js_sys::Function = js_sys::Reflect::get(&self.0, &name.into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| Fault::Unavailable(format!("the page lends no {name}")))?;
        let array: js_sys::Array = args.iter().collect();
        f.apply(&JsValue::NULL, &array).map_err(|e| Fault::Refused(js_sys::Error::from(e).message().into()))
    }

    fn memory_only(&self) -> Option<String> {
        self.call("memoryOnly", &[]).ok().and_then(|v| v.as_string())
    }
}

impl Storage for Bridge {
    fn get(&self, key: &str) -> Result<Option<String>, Fault> {
        Ok(self.call("get", &[&key.into()])?.as_string())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), Fault> {
        match self.call("set", &[&key.into(), &value.into()])?.as_string().as_deref() {
            Some("") => Ok(()),
            Some("full") => Err(Fault::Full),
            other => Err(Fault::Refused(other.unwrap_or("no answer").to_string())),
        }
    }

    fn remove(&self, key: &str) -> Result<(), Fault> {
        self.call("remove", &[&key.into()]).map(|_| ())
    }

    fn keys(&self) -> Result<Vec<String>, Fault> {
        let keys = self.call("keys", &[])?;
        Ok(js_sys::Array::from(&keys).iter().filter_map(|k| k.as_string()).collect())
    }
}

fn library(store: JsValue) -> Library<Bridge> {
    Library::open(Bridge(store_of(&store)))
}

fn to_value(value: &impl Serialize) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// Turns an earlier version's data into this version's records; returns what could not be
/// carried over (kept aside, not lost).
#[wasm_bindgen]
pub fn library_migrate(store: JsValue) -> Vec<String> {
    library(store).migrate(now().as_str())
}

/// The fingerprint of an article given as `ArticleSourceV1` JSON: whether it is the one open.
///
/// # Errors
/// When the JSON is not such an article.
#[wasm_bindgen]
pub fn source_fingerprint(article_json: &str) -> Result<String, JsError> {
    Ok(ArticleSourceV1::parse(article_json).map_err(error)?.to_article().fingerprint())
}

/// An article of the library as the page lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryView {
    key: String,
    title: Option<String>,
    name: Option<String>,
    opened: Option<String>,
    deleted: Option<String>,
    sketch: Option<String>,
    annotations: usize,
    has_text: bool,
    unreadable: usize,
}

/// The library: `{entries, current, damaged: [{key, text}], memoryOnly}`; entries most
/// recently opened first, the deleted ones (kept until deleted for good) among them.
#[wasm_bindgen]
pub fn library_list(store: JsValue) -> JsValue {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct View {
        entries: Vec<EntryView>,
        current: Option<String>,
        damaged: Vec<Damaged>,
        memory_only: Option<String>,
        problem: Option<String>,
    }
    #[derive(Serialize)]
    struct Damaged {
        key: String,
        text: String,
    }
    let memory_only = Bridge(store_of(&store)).memory_only();
    let library = library(store);
    let entries = library
        .list()
        .into_iter()
        .map(|l| EntryView {
            key: l.entry.key,
            title: l.entry.title,
            name: l.entry.name,
            opened: l.entry.opened,
            deleted: l.entry.deleted,
            sketch: l.entry.sketch,
            annotations: l.annotations,
            has_text: l.has_text,
            unreadable: l.unreadable,
        })
        .collect();
    let damaged = library.damaged().into_iter().map(|(key, text)| Damaged { key, text }).collect();
    let view = View { entries, current: library.current(), damaged, memory_only, problem: library.index().err() };
    to_value(&view)
}

/// Renames an article of the library (an empty name goes back to its title).
///
/// # Errors
/// The browser refused to store it.
#[wasm_bindgen]
pub fn library_rename(store: JsValue, key: &str, name: &str) -> Result<(), JsError> {
    library(store).rename(key, name).map_err(error)
}

/// Deletes an article: kept until deleted for good, so it can be undone.
///
/// # Errors
/// The browser refused to store it.
#[wasm_bindgen]
pub fn library_delete(store: JsValue, key: &str) -> Result<(), JsError> {
    library(store).delete(key, now().as_str()).map_err(error)
}

/// Undoes `library_delete`.
///
/// # Errors
/// The browser refused to store it.
#[wasm_bindgen]
pub fn library_undelete(store: JsValue, key: &str) -> Result<(), JsError> {
    library(store).undelete(key).map_err(error)
}

/// Removes a deleted article and everything of it for good.
///
/// # Errors
/// The browser refused.
#[wasm_bindgen]
pub fn library_purge(store: JsValue, key: &str) -> Result<(), JsError> {
    library(store).purge(key).map_err(error)
}

/// Remembers the sketch of an article's wording (a cache).
#[wasm_bindgen]
pub fn library_set_sketch(store: JsValue, key: &str, sketch: &str) {
    library(store).set_sketch(key, sketch);
}

/// An article's stored text as `ArticleSourceV1` JSON, if it is stored.
#[wasm_bindgen]
pub fn library_source(store: JsValue, key: &str) -> Option<String> {
    library(store).source(key).ok().flatten().map(|s| s.to_json())
}

/// An article's stored annotations in the saved format (for carrying them over to an edited
/// version, which anchors them again).
#[wasm_bindgen]
pub fn library_saved_json(store: JsValue, key: &str) -> String {
    let annotations = library(store).load(key).annotations.into_iter().filter_map(|s| s.state).collect();
    saved::to_json(&ArticleV1 { version: saved::VERSION, article: String::new(), annotations })
}

/// An article's annotations, placed or not, as a W3C AnnotationCollection that Import reads
/// back: what the library offers before an article is deleted.
#[wasm_bindgen]
pub fn library_export(store: JsValue, key: &str) -> String {
    let library = library(store);
    let article = library.source(key).ok().flatten().map_or_else(|| Article::from_canonical(""), |s| s.to_article());
    let fingerprint = article.fingerprint();
    let mut session = Session::new(article);
    let entries =
        library.load(key).annotations.into_iter().filter_map(|s| Some((s.state?, s.text == fingerprint))).collect();
    session.restore_entries(entries);
    session.export_w3c()
}
