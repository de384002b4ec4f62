//! An article open for annotating: the article, its annotations, and the saved annotations that
//! could not be placed in it (kept, shown and saved again, never dropped).

use std::fmt;

use crate::annotation::{Annotation, AnnotationId, Change, Store, StoreError, Tag, Timestamp};
use crate::article::Article;
use crate::export;
use crate::saved::{self, AnnotationV1, ArticleV1};
use crate::text::{CpSpan, SpanError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    Span(SpanError),
    Store(StoreError),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Span(e) => e.fmt(f),
            SessionError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SessionError {}

impl From<SpanError> for SessionError {
    fn from(e: SpanError) -> Self {
        SessionError::Span(e)
    }
}

impl From<StoreError> for SessionError {
    fn from(e: StoreError) -> Self {
        SessionError::Store(e)
    }
}

/// A saved annotation that could not be restored, and why. `path` names it in the saved data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

pub struct Session {
    article: Article,
    store: Store,
    /// Saved annotations this article could not take; saved again as they came.
    unplaced: Vec<AnnotationV1>,
}

impl Session {
    pub fn new(article: Article) -> Session {
        Session {
            article,
            store: Store::default(),
            unplaced: Vec::new(),
        }
    }

    pub fn article(&self) -> &Article {
        &self.article
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn unplaced(&self) -> &[AnnotationV1] {
        &self.unplaced
    }

    /// Tags a selection: the span is snapped to whole words first. Tagging exactly the passage of
    /// an existing annotation retags it instead of adding a twin. Returns the annotation's id.
    ///
    /// # Errors
    /// `Span` when the selection is out of range or holds no words.
    pub fn tag(
        &mut self,
        selection: CpSpan,
        tag: Tag,
        id: AnnotationId,
        now: Timestamp,
    ) -> Result<AnnotationId, SessionError> {
        let span = self.article.text().snap_to_words(selection)?;
        let twin = self
            .store
            .iter()
            .find(|a| a.span == span)
            .map(|a| (a.id.clone(), a.note.clone()));
        if let Some((id, note)) = twin {
            self.store.apply(Change::Edit {
                id: id.clone(),
                tag,
                note,
                modified: now,
            })?;
            return Ok(id);
        }
        let quote = self
            .article
            .text()
            .slice(span)
            .ok_or(SpanError::NoWords)?
            .to_string();
        let annotation = Annotation {
            id: id.clone(),
            span,
            quote,
            tag,
            note: String::new(),
            created: now.clone(),
            modified: now,
        };
        self.store.apply(Change::Add(annotation))?;
        Ok(id)
    }

    /// Changes an annotation's tag and note; `None` keeps the current value. Unchanged values
    /// leave `modified` alone.
    ///
    /// # Errors
    /// `Store(UnknownId)` when no annotation has the id.
    pub fn edit(
        &mut self,
        id: &AnnotationId,
        tag: Option<Tag>,
        note: Option<&str>,
        now: Timestamp,
    ) -> Result<(), SessionError> {
        let current = self
            .store
            .get(id)
            .ok_or_else(|| StoreError::UnknownId(id.clone()))?;
        let tag = tag.unwrap_or(current.tag);
        let note = note.map_or_else(|| current.note.clone(), str::to_string);
        if tag != current.tag || note != current.note {
            self.store.apply(Change::Edit {
                id: id.clone(),
                tag,
                note,
                modified: now,
            })?;
        }
        Ok(())
    }

    /// # Errors
    /// `Store(UnknownId)` when no annotation has the id.
    pub fn remove(&mut self, id: &AnnotationId) -> Result<(), SessionError> {
        self.store.apply(Change::Remove(id.clone()))?;
        Ok(())
    }

    /// The annotations and the unplaced ones, in the current saved format.
    pub fn to_saved_json(&self) -> String {
        let mut annotations: Vec<AnnotationV1> = self.store.iter().map(to_saved).collect();
        annotations.extend(self.unplaced.iter().cloned());
        saved::to_json(&ArticleV1 {
            version: saved::VERSION,
            article: self.article.fingerprint(),
            annotations,
        })
    }

    /// Restores saved annotations. Each one that does not fit this article (its quote is not at
    /// its position, or a field is invalid) is kept aside as unplaced and reported.
    ///
    /// # Errors
    /// The whole save is unreadable; nothing changes then.
    pub fn restore(&mut self, json: &str) -> Result<Vec<Problem>, String> {
        let saved = saved::parse(json)?;
        let mut problems = Vec::new();
        for (i, entry) in saved.annotations.into_iter().enumerate() {
            let path = format!("annotations[{i}]");
            match self.place(&entry) {
                Ok(annotation) => {
                    if let Err(e) = self.store.apply(Change::Add(annotation)) {
                        problems.push(Problem {
                            path,
                            message: e.to_string(),
                        });
                    }
                }
                Err(message) => {
                    problems.push(Problem { path, message });
                    self.unplaced.push(entry);
                }
            }
        }
        Ok(problems)
    }

    fn place(&self, entry: &AnnotationV1) -> Result<Annotation, String> {
        let id = AnnotationId::parse(&entry.id)?;
        let tag = Tag::parse(&entry.tag)
            .ok_or_else(|| format!("tag {:?} is not claim, accusation or opinion", entry.tag))?;
        let span = CpSpan::new(entry.start_cp, entry.end_cp)
            .ok_or_else(|| format!("start {} is after end {}", entry.start_cp, entry.end_cp))?;
        match self.article.text().slice(span) {
            Some(text) if text == entry.quote && !span.is_empty() => {}
            _ => {
                return Err(format!(
                    "the quote {:?} is no longer at {span} in this article",
                    entry.quote
                ))
            }
        }
        Ok(Annotation {
            id,
            span,
            quote: entry.quote.clone(),
            tag,
            note: entry.note.clone(),
            created: Timestamp::parse(&entry.created)?,
            modified: Timestamp::parse(&entry.modified)?,
        })
    }

    /// The W3C AnnotationCollection of this article's annotations.
    pub fn export_w3c(&self) -> String {
        export::w3c::to_json(&self.article, self.store.iter())
    }
}

fn to_saved(a: &Annotation) -> AnnotationV1 {
    AnnotationV1 {
        id: a.id.to_string(),
        start_cp: a.span.start_cp(),
        end_cp: a.span.end_cp(),
        quote: a.quote.clone(),
        tag: a.tag.as_str().to_string(),
        note: a.note.clone(),
        created: a.created.as_str().to_string(),
        modified: a.modified.as_str().to_string(),
    }
}
