//! localStorage: one entry per article, `newsmark:article:<name>`, holding the saved format of
//! [`crate::saved`] (which records the text's fingerprint, so an edited article is noticed and
//! its annotations anchored again). Unreadable entries are copied aside before anything
//! overwrites them, so a reader's work is never lost to a bug or a damaged file.

use crate::session::Session;

/// The storage key of an article's annotations; `name` is its file name or URL.
pub(super) fn key(name: &str) -> String {
    format!("{PREFIX}{name}")
}

/// The name a storage key was made from.
pub(super) fn name(key: &str) -> &str {
    key.strip_prefix(PREFIX).unwrap_or(key)
}

const PREFIX: &str = "newsmark:article:";

fn local_storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        _ => Err("this browser does not allow localStorage here".to_string()),
    }
}

/// Restores the annotations saved under `key` into the session; returns what went wrong.
pub(super) fn restore(key: &str, session: &mut Session) -> Vec<String> {
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(e) => return vec![format!("annotations cannot be saved: {e}")],
    };
    let Ok(Some(json)) = storage.get_item(key) else { return Vec::new() };
    match session.restore(&json) {
        Ok(problems) => problems.iter().map(|p| format!("saved {p}")).collect(),
        Err(e) => {
            let aside = format!("{key}:unreadable:{}", js_sys::Date::now() as u64);
            let kept = storage.set_item(&aside, &json).is_ok();
            let where_ = if kept {
                format!("a copy is kept in localStorage under {aside}")
            } else {
                "it could not be copied aside".into()
            };
            vec![format!("{e}; {where_}")]
        }
    }
}

/// Saves the session's annotations under `key`.
///
/// # Errors
/// A message when the browser refuses, for example when storage is full.
pub(super) fn save(key: &str, session: &Session) -> Result<(), String> {
    let storage = local_storage()?;
    storage
        .set_item(key, &session.to_saved_json())
        .map_err(|e| format!("your change is shown but not saved: {}", describe_js_error(&e)))
}

fn describe_js_error(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(e.clone()).message().into()
}
