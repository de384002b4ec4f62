//! The records the library stores, versioned and kept apart from the live model, so that
//! changing the model can never silently break what a reader saved. Every record carries the
//! schema version it was written in and a revision, raised by one at every write: two tabs
//! tell by it whether the other wrote since they last read.
//!
//! Version 1 (before the library owned storage) kept one record per article with all its
//! annotations; [`super::migrate`] turns it into these.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::saved::{AnnotationV1, ArticleSourceV1};

/// The version this build writes. Newer records are read-only: opened, never overwritten.
pub const VERSION: u32 = 2;

/// The library: which articles there are, which one was open last, the theme chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexV2 {
    pub version: u32,
    pub revision: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    pub entries: Vec<EntryV2>,
    /// The theme the reader chose with the button (`light` or `dark`; none: the system's),
    /// kept across visits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

/// One article of the library; `key` is its library name (URL, fingerprint, or the demo's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryV2 {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The name the reader gave it, shown instead of the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When it was last opened (`xsd:dateTime`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<String>,
    /// A sketch of its wording (see `article::sketch`), a cache for recognising edited versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sketch: Option<String>,
    /// When the reader deleted it: it is kept, with its annotations, until deleted for good.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<String>,
}

/// The suggestions the reader rejected for one article, by id (see `suggest::Suggestion::id`),
/// oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedV2 {
    pub version: u32,
    pub ids: Vec<String>,
}

/// An article's text, enough to rebuild the very same canonical text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextV2 {
    pub version: u32,
    pub revision: u64,
    pub source: ArticleSourceV1,
}

/// One annotation of one article, or the tombstone of a deleted one (`annotation: None`), so a
/// tab that still holds it learns that it is gone rather than writing it back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotationRecordV2 {
    pub version: u32,
    pub revision: u64,
    /// The fingerprint of the text its position counts in.
    pub text: String,
    /// When the change it holds was made: between two tabs' changes of one annotation, the
    /// later wins.
    pub written: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<AnnotationV1>,
}

/// An article's undo log: the names of its steps, oldest first (see [`StepV2`]), as the tab
/// that wrote it last left it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryV2 {
    pub version: u32,
    pub revision: u64,
    /// The counter that names the steps (`<tab>-<counter>`), so a reloaded tab names new ones
    /// apart from the old.
    #[serde(default)]
    pub next: u64,
    pub undo: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redo: Vec<String>,
}

/// One step of the undo log: what undoing (or redoing) it puts back, annotation by annotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepV2 {
    pub version: u32,
    /// What the reader did, for the buttons' names: "tag", "note", "delete", …
    pub label: String,
    /// The annotation whose note a burst of typing is changing: typing on in it joins this
    /// step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<String>,
    pub states: Vec<StateV2>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateV2 {
    pub id: String,
    /// `None`: the annotation did not exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<AnnotationV1>,
}

/// Why a record could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// Not JSON, no version, or fields of the wrong shape (serde_json's words, with the path).
    Damaged(String),
    /// Written by a newer newsmark: kept as it is, never overwritten.
    Newer(u32),
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Damaged(why) => write!(f, "is damaged ({why})"),
            RecordError::Newer(v) => {
                write!(f, "was written by a newer newsmark (version {v}; this one reads up to {VERSION})")
            }
        }
    }
}

#[derive(Deserialize)]
struct Envelope {
    version: u32,
}

/// Reads a record of this version; an older one is [`RecordError::Damaged`] (version 1 never
/// had records of these kinds: its data is migrated, not read here).
///
/// # Errors
/// What is wrong with it.
pub fn read<T: DeserializeOwned>(json: &str) -> Result<T, RecordError> {
    let envelope: Envelope = serde_json::from_str(json).map_err(|e| RecordError::Damaged(e.to_string()))?;
    if envelope.version > VERSION {
        return Err(RecordError::Newer(envelope.version));
    }
    if envelope.version < VERSION {
        return Err(RecordError::Damaged(format!("version {} has no record of this kind", envelope.version)));
    }
    serde_json::from_str(json).map_err(|e| RecordError::Damaged(e.to_string()))
}

/// Whether an annotation record holds an annotation (not a tombstone), reading no more of it
/// than that.
///
/// # Errors
/// It is damaged or a newer version's.
pub fn skim(json: &str) -> Result<bool, RecordError> {
    #[derive(Deserialize)]
    struct Skim {
        version: u32,
        #[serde(default)]
        annotation: Option<serde::de::IgnoredAny>,
    }
    let skim: Skim = serde_json::from_str(json).map_err(|e| RecordError::Damaged(e.to_string()))?;
    match skim.version {
        VERSION => Ok(skim.annotation.is_some()),
        v if v > VERSION => Err(RecordError::Newer(v)),
        v => Err(RecordError::Damaged(format!("version {v} has no record of this kind"))),
    }
}

/// # Panics
/// Never: the records hold only strings, numbers and lists.
pub fn write<T: Serialize>(record: &T) -> String {
    serde_json::to_string(record).unwrap_or_default()
}
