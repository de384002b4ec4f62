//! Every byte newsmark keeps in the browser: the index of articles, each article's text, its
//! annotations (one record each, so a keystroke writes one small record and two tabs merge by
//! annotation) and its undo log. The page never names a storage key or reads a record: it asks
//! this module to list, open, rename and delete.
//!
//! Keys (`<article>` is the article's library name; ids and step names hold no space, so the
//! last space separates them):
//! - `newsmark:index`: [`records::IndexV2`]
//! - `newsmark:text:<article>`: [`records::TextV2`]
//! - `newsmark:ann:<article> <annotation id>`: [`records::AnnotationRecordV2`]
//! - `newsmark:history:<article>` and `newsmark:step:<article> <step>`: the undo log
//! - `newsmark:damaged:<key>`: a record that could not be read, kept aside, never overwritten
//!
//! Writes cannot lose work: a record is written whole (a refused write leaves the old value),
//! read back and compared; an article enters the index only once its text is stored; a record
//! that cannot be read, or that a newer newsmark wrote, is never written over.

mod migrate;
pub mod records;
pub mod store;

use crate::annotation::AnnotationId;
use crate::article::fnv1a;
use crate::order;
use crate::saved::{self, AnnotationV1, ArticleSourceV1};
use records::{AnnotationRecordV2, EntryV2, HistoryV2, IndexV2, RecordError, RejectedV2, StepV2, TextV2, VERSION};
pub use store::{Fault, Memory, Storage};

const INDEX: &str = "newsmark:index";
const TEXT: &str = "newsmark:text:";
const ANNOTATION: &str = "newsmark:ann:";
const HISTORY: &str = "newsmark:history:";
const STEP: &str = "newsmark:step:";
const DAMAGED: &str = "newsmark:damaged:";
/// The suggestions the reader rejected for an article (a [`RejectedV2`]).
const REJECTED: &str = "newsmark:rejected:";

/// The most rejected suggestions remembered per article (ids of 16 characters: the index stays
/// a record of some 40 KB at most).
pub const MAX_REJECTED: usize = 2000;

/// What a storage key holds, for a tab told that another tab changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Index,
    Text { article: String },
    Annotation { article: String, id: String },
    History { article: String },
    Other,
}

impl Record {
    pub fn of(key: &str) -> Record {
        let split = |rest: &str| rest.rsplit_once(' ').map(|(a, b)| (a.to_string(), b.to_string()));
        if key == INDEX {
            Record::Index
        } else if let Some(article) = key.strip_prefix(TEXT) {
            Record::Text { article: article.to_string() }
        } else if let Some((article, id)) = key.strip_prefix(ANNOTATION).and_then(split) {
            Record::Annotation { article, id }
        } else if let Some(article) = key.strip_prefix(HISTORY) {
            Record::History { article: article.to_string() }
        } else {
            Record::Other
        }
    }
}

/// Two tabs changed one annotation since `base` (its state when both last agreed): the later
/// change is kept, and so is any part of it (tag, further tags, note, review) that only the
/// earlier change touched, so a note typed in one tab and a retag in the other both stay.
/// `None` when nothing of the earlier change would survive (the later simply wins).
pub fn merge(base: Option<&AnnotationV1>, later: &AnnotationV1, earlier: &AnnotationV1) -> Option<AnnotationV1> {
    let base = base?;
    let mut merged = later.clone();
    let mut kept = false;
    if later.tag == base.tag && earlier.tag != base.tag {
        merged.tag.clone_from(&earlier.tag);
        kept = true;
    }
    if later.extra_tags == base.extra_tags && earlier.extra_tags != base.extra_tags {
        merged.extra_tags.clone_from(&earlier.extra_tags);
        kept = true;
    }
    if later.note == base.note && earlier.note != base.note {
        merged.note.clone_from(&earlier.note);
        kept = true;
    }
    if later.review == base.review && earlier.review != base.review {
        merged.review = earlier.review;
        kept = true;
    }
    kept.then_some(merged)
}

/// An `xsd:dateTime` as a number that sorts like it (its digits, to the second).
fn time_key(time: &str) -> u64 {
    time.bytes().filter(u8::is_ascii_digit).take(14).fold(0, |n, d| n * 10 + u64::from(d - b'0'))
}

fn annotation_key(article: &str, id: &str) -> String {
    format!("{ANNOTATION}{article} {id}")
}

fn step_key(article: &str, step: &str) -> String {
    format!("{STEP}{article} {step}")
}

/// One annotation as stored: its revision, the text its position counts in, and its state
/// (`None`: deleted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub id: AnnotationId,
    pub revision: u64,
    pub text: String,
    pub written: String,
    pub state: Option<AnnotationV1>,
}

/// A record that could not be read: where it is and why. It stays where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub key: String,
    pub error: RecordError,
}

/// An article's annotations as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub annotations: Vec<Stored>,
    pub unreadable: Vec<Unreadable>,
}

impl Loaded {
    /// Why the article must open read-only: a record of it was written by a newer newsmark.
    pub fn newer(&self) -> Option<u32> {
        self.unreadable.iter().find_map(|u| match u.error {
            RecordError::Newer(v) => Some(v),
            RecordError::Damaged(_) => None,
        })
    }
}

/// Why an annotation could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The store refused (the stored record is intact): try again later.
    Store(Fault),
    /// The stored record cannot be read or is a newer version's: it is not written over.
    Unreadable(RecordError),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Store(fault) => fault.fmt(f),
            WriteError::Unreadable(e) => write!(f, "its stored record {e}, so it is left as it is"),
        }
    }
}

/// An annotation's change to write (see [`Library::write_annotation`]).
#[derive(Clone, Copy, Debug)]
pub struct Write<'a> {
    pub id: &'a AnnotationId,
    /// `None`: deleted.
    pub state: Option<&'a AnnotationV1>,
    /// The revision this tab last read or wrote of it, and the state then.
    pub known: u64,
    pub base: Option<&'a AnnotationV1>,
    /// When the change was made (`xsd:dateTime`).
    pub changed_at: &'a str,
}

/// What writing an annotation came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// Stored, at this revision.
    Ours(u64),
    /// Another tab had changed other parts of it: both changes are kept, in the state given,
    /// stored at this revision.
    Merged(u64, Box<AnnotationV1>),
    /// Another tab wrote it later than this change: its version is kept, and given here.
    Theirs(Box<Stored>),
}

/// An article of the library as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub entry: EntryV2,
    /// Annotations stored for it (tombstones not counted).
    pub annotations: usize,
    /// Its text is stored (the demo's never is: it ships with the app).
    pub has_text: bool,
    /// Records of it that could not be read, kept aside.
    pub unreadable: usize,
}

/// The library over a store. It caches nothing: every call reads what is stored, so what
/// another tab wrote is seen at once.
pub struct Library<S> {
    store: S,
}

impl<S: Storage> Library<S> {
    /// The library over a store. An earlier version's data is not read: see
    /// [`Library::needs_migration`].
    pub fn open(store: S) -> Library<S> {
        Library { store }
    }

    /// Whether the store holds version 1's data not yet carried over: run
    /// [`Library::migrate`] before opening anything.
    pub fn needs_migration(&self) -> bool {
        self.store.keys().unwrap_or_default().iter().any(|k| migrate::is_v1(k))
    }

    /// Turns version 1's data into records. Returns what could not be carried over (nothing of
    /// it is lost: see [`migrate::migrate`]); what is left is tried again the next time.
    pub fn migrate(&self, now: &str) -> Vec<String> {
        if self.needs_migration() {
            migrate::migrate(self, now)
        } else {
            Vec::new()
        }
    }

    /// Writes a whole value and reads it back.
    ///
    /// # Errors
    /// The store refused, or gave back something else.
    fn put(&self, key: &str, value: &str) -> Result<(), Fault> {
        if self.store.set_and_check(key, value)? {
            Ok(())
        } else {
            Err(Fault::Refused("what was written did not read back the same".into()))
        }
    }

    /// Copies a record that cannot be read aside (once), so it is never lost to a later write.
    fn keep_aside(&self, key: &str, raw: &str) {
        let aside = format!("{DAMAGED}{key}");
        if matches!(self.store.get(&aside), Ok(None)) {
            let _ = self.put(&aside, raw);
        }
    }

    /// The index. One that cannot be read is kept aside and rebuilt from the stored texts; one
    /// from a newer newsmark is returned as an error (and never written over).
    ///
    /// # Errors
    /// The index is a newer version's, or the store cannot be read.
    pub fn index(&self) -> Result<IndexV2, String> {
        let raw = self.store.get(INDEX).map_err(|f| f.to_string())?;
        let Some(raw) = raw else { return Ok(IndexV2 { version: VERSION, ..IndexV2::default() }) };
        match records::read::<IndexV2>(&raw) {
            Ok(index) => Ok(index),
            Err(RecordError::Newer(v)) => Err(format!("the library {}", RecordError::Newer(v))),
            Err(RecordError::Damaged(_)) => {
                self.keep_aside(INDEX, &raw);
                Ok(self.rebuilt_index())
            }
        }
    }

    /// An index listing every article whose text or annotations are stored.
    fn rebuilt_index(&self) -> IndexV2 {
        let mut keys: Vec<String> = self
            .store
            .keys()
            .unwrap_or_default()
            .iter()
            .filter_map(|k| match Record::of(k) {
                Record::Text { article } | Record::Annotation { article, .. } => Some(article),
                _ => None,
            })
            .collect();
        order::sort_by_key(&mut keys, |k| fnv1a(k));
        keys.dedup();
        let entries = keys
            .into_iter()
            .map(|key| {
                let title = self.source(&key).ok().flatten().and_then(|s| s.to_article().title().map(str::to_string));
                EntryV2 { key, title, ..EntryV2::default() }
            })
            .collect();
        IndexV2 { version: VERSION, revision: 0, current: None, entries, theme: None }
    }

    /// Changes the index: read, change, write with the next revision.
    fn update_index(&self, change: impl FnOnce(&mut IndexV2)) -> Result<(), String> {
        let mut index = self.index()?;
        change(&mut index);
        index.version = VERSION;
        index.revision = index.revision.saturating_add(1);
        self.put(INDEX, &records::write(&index)).map_err(|f| f.to_string())
    }

    /// The articles of the library, most recently opened first, with what is stored of each.
    pub fn list(&self) -> Vec<Listed> {
        let Ok(index) = self.index() else { return Vec::new() };
        let mut listed: Vec<Listed> = index
            .entries
            .into_iter()
            .map(|entry| Listed { entry, annotations: 0, has_text: false, unreadable: 0 })
            .collect();
        let mut keys: Vec<(u64, usize)> = listed.iter().enumerate().map(|(i, l)| (fnv1a(&l.entry.key), i)).collect();
        order::sort_by_key(&mut keys, |k| k.0);
        let at = |article: &str| {
            let h = fnv1a(article);
            keys[keys.partition_point(|k| k.0 < h)..]
                .iter()
                .take_while(|k| k.0 == h)
                .map(|k| k.1)
                .find(|&i| listed[i].entry.key == article)
        };
        // One pass over the store; a record is only skimmed (is it a tombstone?), not read.
        let mut counts: Vec<(usize, bool, bool)> = Vec::new();
        let mut unreadable = Vec::new();
        for k in self.store.keys().unwrap_or_default() {
            match Record::of(&k) {
                Record::Text { article } => counts.extend(at(&article).map(|i| (i, true, false))),
                Record::Annotation { article, .. } => {
                    let Some(i) = at(&article) else { continue };
                    match self.store.get(&k).ok().flatten().map(|raw| records::skim(&raw)) {
                        Some(Ok(live)) => counts.push((i, false, live)),
                        Some(Err(_)) => unreadable.push(i),
                        None => {}
                    }
                }
                _ => {}
            }
        }
        for (i, text, live) in counts {
            listed[i].has_text |= text;
            listed[i].annotations += usize::from(live);
        }
        for i in unreadable {
            listed[i].unreadable += 1;
        }
        order::sort_by_key(&mut listed, |l| u64::MAX - l.entry.opened.as_deref().map_or(0, time_key));
        listed
    }

    /// The article open last, if any.
    pub fn current(&self) -> Option<String> {
        self.index().ok()?.current
    }

    /// Keeps an article in the library and makes it the current one: its text first (when
    /// given: the demo's ships with the app), then its entry, so the index never lists an
    /// article whose text is not stored.
    ///
    /// # Errors
    /// The store refused; the library is as it was.
    pub fn keep(
        &self,
        key: &str,
        title: Option<&str>,
        source: Option<&ArticleSourceV1>,
        now: &str,
    ) -> Result<(), String> {
        if let Some(source) = source {
            let text_key = format!("{TEXT}{key}");
            let revision = self.text_revision(&text_key)?.saturating_add(1);
            let record = TextV2 { version: VERSION, revision, source: source.clone() };
            self.put(&text_key, &records::write(&record)).map_err(|f| f.to_string())?;
        }
        self.update_index(|index| {
            let at = index.entries.iter().position(|e| e.key == key);
            let mut entry = at.map(|at| index.entries.remove(at)).unwrap_or_default();
            entry.key = key.to_string();
            entry.title = title.map(str::to_string).or(entry.title);
            entry.opened = Some(now.to_string());
            entry.deleted = None;
            index.entries.insert(0, entry);
            index.current = Some(key.to_string());
        })
    }

    /// The stored text's revision (0: none). A damaged one is kept aside first.
    ///
    /// # Errors
    /// The stored text is a newer version's: it is not written over.
    fn text_revision(&self, text_key: &str) -> Result<u64, String> {
        let Some(raw) = self.store.get(text_key).ok().flatten() else { return Ok(0) };
        match records::read::<TextV2>(&raw) {
            Ok(text) => Ok(text.revision),
            Err(RecordError::Newer(v)) => Err(format!("its stored text {}", RecordError::Newer(v))),
            Err(RecordError::Damaged(_)) => {
                self.keep_aside(text_key, &raw);
                Ok(0)
            }
        }
    }

    /// An article's stored text.
    ///
    /// # Errors
    /// Its record cannot be read (it is kept aside).
    pub fn source(&self, key: &str) -> Result<Option<ArticleSourceV1>, String> {
        let text_key = format!("{TEXT}{key}");
        let Some(raw) = self.store.get(&text_key).map_err(|f| f.to_string())? else { return Ok(None) };
        match records::read::<TextV2>(&raw) {
            Ok(text) => Ok(Some(text.source)),
            Err(e) => {
                if matches!(e, RecordError::Damaged(_)) {
                    self.keep_aside(&text_key, &raw);
                }
                Err(format!("the article's text {e}"))
            }
        }
    }

    /// Renames an article (an empty name goes back to its title).
    ///
    /// # Errors
    /// The store refused.
    pub fn rename(&self, key: &str, name: &str) -> Result<(), String> {
        let name = name.trim();
        self.update_index(|index| {
            for e in index.entries.iter_mut().filter(|e| e.key == key) {
                e.name = (!name.is_empty()).then(|| name.to_string());
            }
        })
    }

    /// Deletes an article: it leaves the list but is kept, with everything of it, until
    /// [`Library::purge`], so the deletion can be undone.
    ///
    /// # Errors
    /// The store refused.
    pub fn delete(&self, key: &str, now: &str) -> Result<(), String> {
        self.update_index(|index| {
            for e in index.entries.iter_mut().filter(|e| e.key == key) {
                e.deleted = Some(now.to_string());
            }
            if index.current.as_deref() == Some(key) {
                index.current = None;
            }
        })
    }

    /// Undoes [`Library::delete`].
    ///
    /// # Errors
    /// The store refused.
    pub fn undelete(&self, key: &str) -> Result<(), String> {
        self.update_index(|index| {
            for e in index.entries.iter_mut().filter(|e| e.key == key) {
                e.deleted = None;
            }
        })
    }

    /// Removes a deleted article for good: its entry, text, annotations and undo log. Records
    /// that could not be read stay (aside), as everywhere.
    ///
    /// # Errors
    /// The store refused; what was not removed stays listed as deleted.
    pub fn purge(&self, key: &str) -> Result<(), String> {
        let keys = self.store.keys().map_err(|f| f.to_string())?;
        let own = |k: &str| match Record::of(k) {
            Record::Text { article } | Record::Annotation { article, .. } | Record::History { article } => {
                article == key
            }
            _ => {
                k.strip_prefix(STEP).and_then(|r| r.rsplit_once(' ')).is_some_and(|(a, _)| a == key)
                    || k.strip_prefix(REJECTED) == Some(key)
            }
        };
        for k in keys.iter().filter(|k| own(k)) {
            self.store.remove(k).map_err(|f| f.to_string())?;
        }
        self.update_index(|index| index.entries.retain(|e| e.key != key))
    }

    /// Remembers the sketch of an article's wording (a cache: a refusal is not an error).
    pub fn set_sketch(&self, key: &str, sketch: &str) {
        let _ = self.update_index(|index| {
            for e in index.entries.iter_mut().filter(|e| e.key == key) {
                e.sketch = Some(sketch.to_string());
            }
        });
    }

    /// The ids of the suggestions the reader rejected for an article, oldest first (none when
    /// its record cannot be read: the suggestions then show again, nothing is lost).
    pub fn rejected(&self, key: &str) -> Vec<String> {
        let raw = self.store.get(&format!("{REJECTED}{key}")).ok().flatten();
        raw.and_then(|raw| records::read::<RejectedV2>(&raw).ok()).map(|r| r.ids).unwrap_or_default()
    }

    /// Remembers that the reader rejected a suggestion (`id`) for an article, or with `None`
    /// forgets every rejection, so the suggestions come back. At most [`MAX_REJECTED`] are kept,
    /// the oldest forgotten first.
    ///
    /// # Errors
    /// The store refused (what was remembered before stays).
    pub fn set_rejected(&self, key: &str, id: Option<&str>) -> Result<(), String> {
        let record = format!("{REJECTED}{key}");
        let Some(id) = id else { return self.store.remove(&record).map_err(|f| f.to_string()) };
        let mut ids = self.rejected(key);
        if ids.iter().any(|r| r == id) {
            return Ok(());
        }
        ids.push(id.to_string());
        let over = ids.len().saturating_sub(MAX_REJECTED);
        ids.drain(..over);
        self.put(&record, &records::write(&RejectedV2 { version: VERSION, ids })).map_err(|f| f.to_string())
    }

    /// Every annotation stored for an article, and the records of it that cannot be read.
    pub fn load(&self, key: &str) -> Loaded {
        let prefix = format!("{ANNOTATION}{key} ");
        let mut loaded = Loaded::default();
        let mut keys: Vec<String> =
            self.store.keys().unwrap_or_default().into_iter().filter(|k| k.starts_with(&prefix)).collect();
        order::sort_by_key(&mut keys, |k| fnv1a(k));
        for k in keys {
            match self.read_at(&k) {
                Ok(Some(stored)) => loaded.annotations.push(stored),
                Ok(None) => {}
                Err(error) => loaded.unreadable.push(Unreadable { key: k, error }),
            }
        }
        loaded
    }

    /// One annotation as stored.
    ///
    /// # Errors
    /// Its record cannot be read (a damaged one is kept aside).
    pub fn annotation(&self, article: &str, id: &str) -> Result<Option<Stored>, RecordError> {
        self.read_at(&annotation_key(article, id))
    }

    fn read_at(&self, key: &str) -> Result<Option<Stored>, RecordError> {
        let raw = self.store.get(key).map_err(|f| RecordError::Damaged(f.to_string()))?;
        let Some(raw) = raw else { return Ok(None) };
        let id = key.rsplit_once(' ').map_or("", |(_, id)| id);
        let read = records::read::<AnnotationRecordV2>(&raw).and_then(|r| {
            let id = AnnotationId::parse(id).map_err(RecordError::Damaged)?;
            Ok(Stored { id, revision: r.revision, text: r.text, written: r.written, state: r.annotation })
        });
        if let Err(RecordError::Damaged(_)) = read {
            self.keep_aside(key, &raw);
        }
        read.map(Some)
    }

    /// Writes an annotation's state (`None`: deleted, a tombstone) on the text `text`, as
    /// changed at `changed_at`. `known` is the revision this tab last read or wrote of it, and
    /// `base` its state then: when another tab has written since, the later change wins (then
    /// the content, so both tabs choose alike), except that a part of the annotation only the
    /// earlier change touched keeps that change (see [`merge`]).
    ///
    /// # Errors
    /// The store refused (the stored record is intact), or the stored record cannot be read
    /// (and so is not written over).
    pub fn write_annotation(&self, article: &str, text: &str, write: Write<'_>) -> Result<Written, WriteError> {
        let Write { id, state, known, base, changed_at } = write;
        let stored = self.annotation(article, id.as_str()).map_err(WriteError::Unreadable)?;
        let mut revision = known.saturating_add(1);
        let mut merged = None;
        if let Some(stored) = stored {
            if stored.revision > known {
                let theirs = (stored.written.as_str(), stored.state.as_ref().map(saved::annotation_json));
                let ours = (changed_at, state.map(saved::annotation_json));
                let ours_later = ours > theirs;
                if let (Some(mine), Some(other)) = (state, stored.state.as_ref()) {
                    let (later, earlier) = if ours_later { (mine, other) } else { (other, mine) };
                    merged = merge(base, later, earlier);
                }
                if merged.is_none() && !ours_later {
                    return Ok(Written::Theirs(Box::new(stored)));
                }
            }
            revision = revision.max(stored.revision.saturating_add(1));
        }
        let state = merged.as_ref().or(state);
        let record = AnnotationRecordV2 {
            version: VERSION,
            revision,
            text: text.to_string(),
            written: changed_at.to_string(),
            annotation: state.cloned(),
        };
        self.put(&annotation_key(article, id.as_str()), &records::write(&record)).map_err(WriteError::Store)?;
        Ok(match merged {
            Some(merged) => Written::Merged(revision, Box::new(merged)),
            None => Written::Ours(revision),
        })
    }

    /// An article's undo log: its steps' names and the steps, oldest first. Steps that cannot
    /// be read are left out (the log is a convenience; the annotations are what is kept).
    pub fn history(&self, article: &str) -> (HistoryV2, Vec<(String, StepV2)>) {
        let head = self.history_head(article).ok().flatten().unwrap_or_default();
        let steps = head
            .undo
            .iter()
            .chain(&head.redo)
            .filter_map(|name| {
                let raw = self.store.get(&step_key(article, name)).ok().flatten()?;
                Some((name.clone(), records::read::<StepV2>(&raw).ok()?))
            })
            .collect();
        (head, steps)
    }

    /// The undo log's head as stored; a damaged one is kept aside (and read as none).
    ///
    /// # Errors
    /// It was written by a newer newsmark.
    /// The theme the reader chose (`light` or `dark`), none when they did not (or the index
    /// cannot be read: the page then follows the system).
    pub fn theme(&self) -> Option<String> {
        self.index().ok()?.theme.filter(|t| t == "light" || t == "dark")
    }

    /// Keeps the theme chosen (`light`, `dark`, or none to follow the system), in the index.
    ///
    /// # Errors
    /// Storage refused it, or the index cannot be read or is a newer version's: it is left as
    /// it is.
    pub fn set_theme(&self, theme: Option<&str>) -> Result<(), String> {
        let theme = theme.filter(|t| *t == "light" || *t == "dark").map(str::to_string);
        self.update_index(|index| index.theme = theme)
    }

    /// Whether an article has an undo log stored, without reading it.
    pub fn has_history(&self, article: &str) -> bool {
        matches!(self.store.get(&format!("{HISTORY}{article}")), Ok(Some(_)))
    }

    pub fn history_head(&self, article: &str) -> Result<Option<HistoryV2>, RecordError> {
        let key = format!("{HISTORY}{article}");
        let Some(raw) = self.store.get(&key).ok().flatten() else { return Ok(None) };
        match records::read::<HistoryV2>(&raw) {
            Ok(head) => Ok(Some(head)),
            Err(RecordError::Newer(v)) => Err(RecordError::Newer(v)),
            Err(RecordError::Damaged(_)) => {
                self.keep_aside(&key, &raw);
                Ok(None)
            }
        }
    }

    /// Removes the steps the log dropped, writes the steps that changed, then the log's head
    /// (at the revision after the stored one). A newer version's head is not written over.
    ///
    /// # Errors
    /// The store refused, or the stored head is a newer version's.
    pub fn write_history(
        &self,
        article: &str,
        head: &HistoryV2,
        changed: &[(&str, &StepV2)],
        dropped: &[String],
    ) -> Result<(), WriteError> {
        let stored = self.history_head(article).map_err(WriteError::Unreadable)?;
        // Dropped steps go first, so a full storage has their room for the new ones (a head
        // that still names one just skips it when read).
        for name in dropped {
            let _ = self.store.remove(&step_key(article, name));
        }
        for (name, step) in changed {
            self.put(&step_key(article, name), &records::write(*step)).map_err(WriteError::Store)?;
        }
        let head = HistoryV2 { revision: stored.map_or(0, |h| h.revision).saturating_add(1), ..head.clone() };
        self.put(&format!("{HISTORY}{article}"), &records::write(&head)).map_err(WriteError::Store)
    }

    /// Which of the named steps of an article's undo log are not stored.
    pub fn missing_steps(&self, article: &str, names: &[String]) -> Vec<String> {
        names.iter().filter(|n| matches!(self.store.get(&step_key(article, n)), Ok(None))).cloned().collect()
    }

    /// Removes the steps of an article's undo log that its head does not list: left by a tab
    /// whose log another tab's replaced.
    pub fn remove_unlisted_steps(&self, article: &str, head: &HistoryV2) {
        let prefix = format!("{STEP}{article} ");
        for k in self.store.keys().unwrap_or_default() {
            let Some(name) = k.strip_prefix(&prefix) else { continue };
            if !head.undo.iter().chain(&head.redo).any(|n| n == name) {
                let _ = self.store.remove(&k);
            }
        }
    }

    /// The raw text of every record kept aside as unreadable: `(key, text)`, to offer as a
    /// download.
    pub fn damaged(&self) -> Vec<(String, String)> {
        let mut keys: Vec<String> =
            self.store.keys().unwrap_or_default().into_iter().filter(|k| k.starts_with(DAMAGED)).collect();
        order::sort_by_key(&mut keys, |k| fnv1a(k));
        keys.into_iter()
            .filter_map(|k| {
                let raw = self.store.get(&k).ok().flatten()?;
                Some((k[DAMAGED.len()..].to_string(), raw))
            })
            .collect()
    }
}
