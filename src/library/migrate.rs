//! Version 1's data (before the library owned storage: one record per article with all its
//! annotations, the library as a JSON list, the article texts) turned into this version's
//! records.

use super::records::{self, AnnotationRecordV2, EntryV2, TextV2, VERSION};
use super::{annotation_key, Library, Storage, DAMAGED, INDEX, TEXT};
use crate::saved::{self, ArticleSourceV1};

/// Version 1's keys.
const V1_LIBRARY: &str = "newsmark:library";
const V1_CURRENT: &str = "newsmark:current";
const V1_SOURCE: &str = "newsmark:source:";
const V1_ARTICLE: &str = "newsmark:article:";

/// An entry of version 1's library list, as the page wrote it.
#[derive(serde::Deserialize)]
struct EntryV1 {
    key: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    opened: Option<String>,
    #[serde(default)]
    sketch: Option<String>,
}

/// Whether a key is version 1's (its copies of unreadable saves aside: they are only moved).
pub(super) fn is_v1(key: &str) -> bool {
    key == V1_LIBRARY || key == V1_CURRENT || key.starts_with(V1_SOURCE) || key.starts_with(V1_ARTICLE)
}

/// Turns version 1's data (one record per article holding all its annotations, the library as
/// a JSON list, the article texts) into version 2's records. Each old record is removed as soon
/// as all of it is written and read back, so a failure (a full storage) leaves the rest as it
/// was, to be tried again; a record of version 2 already there is newer and is kept; one that
/// cannot be read is kept aside. Returns what could not be carried over, and why.
pub(super) fn migrate<S: Storage>(library: &Library<S>, now: &str) -> Vec<String> {
    let store = &library.store;
    let Ok(keys) = store.keys() else { return Vec::new() };
    let mut problems = Vec::new();
    // A newer newsmark's index is never written over: nothing is carried over then.
    let mut index = match library.index() {
        Ok(index) => index,
        Err(e) => return vec![format!("{e}: version 1's data is left as it is")],
    };
    let old_entries: Vec<EntryV1> = store
        .get(V1_LIBRARY)
        .ok()
        .flatten()
        .and_then(|raw| serde_json::from_str::<Vec<EntryV1>>(&raw).ok())
        .unwrap_or_default();
    let mut add = |entry: EntryV2| {
        if !index.entries.iter().any(|e| e.key == entry.key) {
            index.entries.push(entry);
        }
    };
    for old in old_entries {
        add(EntryV2 {
            key: old.key,
            title: old.title,
            name: old.name,
            opened: old.opened,
            sketch: old.sketch,
            deleted: None,
        });
    }
    // Aside, then gone from its old place: the copy is safe under its new name.
    let set_aside = |key: &str, raw: &str| {
        library.keep_aside(key, raw);
        if matches!(store.get(&format!("{DAMAGED}{key}")), Ok(Some(_))) {
            let _ = store.remove(key);
        }
    };
    for key in &keys {
        let Some(raw) = store.get(key).ok().flatten() else { continue };
        if let Some(article) = key.strip_prefix(V1_SOURCE) {
            match ArticleSourceV1::parse(&raw) {
                Ok(source) => {
                    let record = TextV2 { version: VERSION, revision: 1, source };
                    let text_key = format!("{TEXT}{article}");
                    let newer_there = matches!(store.get(&text_key), Ok(Some(_)));
                    if newer_there || library.put(&text_key, &records::write(&record)).is_ok() {
                        let _ = store.remove(key);
                    } else {
                        problems
                            .push(format!("the stored text of {article} could not be carried over yet; it is kept"));
                    }
                }
                Err(e) => {
                    set_aside(key, &raw);
                    problems.push(format!("the stored text of {article}: {e}; kept aside"));
                }
            }
        } else if let Some(article) = key.strip_prefix(V1_ARTICLE) {
            if article.contains(":unreadable:") {
                // Version 1's own copies of unreadable saves.
                set_aside(key, &raw);
                continue;
            }
            match saved::parse(&raw) {
                Ok(old) => {
                    let mut all_written = true;
                    for a in old.annotations {
                        let k = annotation_key(article, &a.id);
                        if matches!(store.get(&k), Ok(Some(_))) {
                            continue;
                        }
                        let record = AnnotationRecordV2 {
                            version: VERSION,
                            revision: 1,
                            text: old.article.clone(),
                            written: now.to_string(),
                            annotation: Some(a),
                        };
                        all_written &= library.put(&k, &records::write(&record)).is_ok();
                    }
                    if all_written {
                        let _ = store.remove(key);
                    } else {
                        problems.push(format!("the annotations of {article} could not all be carried over yet; the old record is kept and tried again"));
                    }
                    add(EntryV2 { key: article.to_string(), ..EntryV2::default() });
                }
                Err(e) => {
                    set_aside(key, &raw);
                    problems.push(format!("the saved annotations of {article}: {e}; kept aside"));
                }
            }
        }
    }
    if index.current.is_none() {
        index.current = store.get(V1_CURRENT).ok().flatten();
    }
    index.revision = index.revision.saturating_add(1);
    if library.put(INDEX, &records::write(&index)).is_err() {
        problems.push("the library could not be written: the old list is kept and tried again".into());
        return problems;
    }
    for key in [V1_LIBRARY, V1_CURRENT] {
        let _ = store.remove(key);
    }
    problems
}
