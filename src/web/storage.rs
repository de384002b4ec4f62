//! The library's store in the browser: localStorage (through gloo-storage) when the browser
//! lets this page keep anything, else the page's memory, so the app still works, only forgets
//! when the tab closes (and the page says so).

use std::cell::RefCell;

use gloo_storage::Storage as _;
use wasm_bindgen::{JsCast, JsValue};

use crate::library::{Fault, Storage};

/// Where this page keeps what the library stores.
#[derive(Clone)]
pub(super) enum Browser {
    Local(web_sys::Storage),
    /// A JS `Map` held by the page itself (`globalThis.newsmarkMemory`), not by this module:
    /// when the module is loaded afresh after a trap, what was kept is still there.
    Memory(js_sys::Map),
}

fn page_memory() -> js_sys::Map {
    let (global, name) = (js_sys::global(), JsValue::from_str("newsmarkMemory"));
    match js_sys::Reflect::get(&global, &name) {
        Ok(map) if map.is_instance_of::<js_sys::Map>() => map.unchecked_into(),
        _ => {
            let map = js_sys::Map::new();
            let _ = js_sys::Reflect::set(&global, &name, &map);
            map
        }
    }
}

thread_local! {
    /// Decided once per page: whether localStorage works here, and why not.
    static CHOSEN: RefCell<Option<(Browser, Option<String>)>> = const { RefCell::new(None) };
}

/// The store, and why it is memory when it is.
pub(super) fn store() -> (Browser, Option<String>) {
    CHOSEN.with(|chosen| chosen.borrow_mut().get_or_insert_with(probe).clone())
}

/// Tries localStorage the way the page will use it. gloo's `LocalStorage::raw()` throws where
/// storage is off (the `localStorage` getter itself throws a `SecurityError` in some privacy
/// settings and sandboxed frames), so web-sys asks first.
fn probe() -> (Browser, Option<String>) {
    let memory = |why: String| (Browser::Memory(page_memory()), Some(why));
    let Some(window) = web_sys::window() else { return memory("there is no window".into()) };
    match window.local_storage() {
        Ok(Some(_)) => {}
        Ok(None) => return memory("this browser has no localStorage here".into()),
        Err(e) => return memory(describe(&e)),
    }
    let storage = gloo_storage::LocalStorage::raw();
    const PROBE: &str = "newsmark:probe";
    match storage.set_item(PROBE, "1") {
        Ok(()) => {
            let _ = storage.remove_item(PROBE);
            (Browser::Local(storage), None)
        }
        // Full already: reading works, and every save will say it is full.
        Err(e) if fault(&e) == Fault::Full => (Browser::Local(storage), None),
        Err(e) => memory(describe(&e)),
    }
}

fn describe(e: &JsValue) -> String {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) => format!("{}: {}", d.name(), d.message()),
        None => js_sys::Error::from(e.clone()).message().into(),
    }
}

/// A refusal as the library understands it. Quota errors have several names and codes across
/// browsers: `QuotaExceededError` (code 22), Safari's legacy code 22, Firefox's
/// `NS_ERROR_DOM_QUOTA_REACHED` (code 1014).
fn fault(e: &JsValue) -> Fault {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        let (name, code) = (d.name(), d.code());
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" || code == 22 || code == 1014 {
            return Fault::Full;
        }
        if name == "SecurityError" {
            return Fault::Unavailable(describe(e));
        }
    }
    Fault::Refused(describe(e))
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    // localStorage's setItem and getItem with the value as a JS string: written and read back
    // and compared in the page, not copied into Wasm again.
    #[wasm_bindgen(js_name = Storage)]
    type StorageJs;
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item_js(this: &StorageJs, key: &str, value: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_js(this: &StorageJs, key: &str) -> Result<JsValue, JsValue>;
}

impl Storage for Browser {
    fn set_and_check(&self, key: &str, value: &str) -> Result<bool, Fault> {
        let value = JsValue::from_str(value);
        match self {
            Browser::Local(s) => {
                let s: &StorageJs = s.unchecked_ref();
                s.set_item_js(key, &value).map_err(|e| fault(&e))?;
                Ok(s.get_item_js(key).map_err(|e| fault(&e))? == value)
            }
            Browser::Memory(m) => {
                let key = JsValue::from_str(key);
                m.set(&key, &value);
                Ok(m.get(&key) == value)
            }
        }
    }

    fn get(&self, key: &str) -> Result<Option<String>, Fault> {
        match self {
            Browser::Local(s) => s.get_item(key).map_err(|e| fault(&e)),
            Browser::Memory(m) => Ok(m.get(&key.into()).as_string()),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), Fault> {
        match self {
            Browser::Local(s) => s.set_item(key, value).map_err(|e| fault(&e)),
            Browser::Memory(m) => {
                m.set(&key.into(), &value.into());
                Ok(())
            }
        }
    }

    fn remove(&self, key: &str) -> Result<(), Fault> {
        match self {
            Browser::Local(s) => s.remove_item(key).map_err(|e| fault(&e)),
            Browser::Memory(m) => {
                m.delete(&key.into());
                Ok(())
            }
        }
    }

    fn keys(&self) -> Result<Vec<String>, Fault> {
        match self {
            Browser::Local(s) => {
                let n = s.length().map_err(|e| fault(&e))?;
                Ok((0..n).filter_map(|i| s.key(i).ok().flatten()).collect())
            }
            Browser::Memory(m) => Ok(js_sys::Array::from(&m.keys()).iter().filter_map(|k| k.as_string()).collect()),
        }
    }
}
