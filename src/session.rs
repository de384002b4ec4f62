//! An article open for annotating: the article, its placed annotations, the ones that could not
//! be placed (orphaned or ambiguous: kept, shown and saved again, never dropped), and the
//! annotations waiting to be anchored after an import or a change of the article's text.
//!
//! Anchoring runs in steps of bounded work ([`Session::place_step`]) so the page stays
//! responsive however many annotations arrive.

use std::collections::VecDeque;
use std::fmt;

use crate::anchor::{self, Query, State};
use crate::annotation::{Annotation, AnnotationId, Change, Store, StoreError, Tag, Timestamp};
use crate::article::{fnv1a, Article};
use crate::export;
use crate::order;
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

/// Something wrong with one entry of a file, and where: `path` names it in the file, e.g.
/// `first.items[3].target.selector`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// An annotation arriving from a save or an import, before it has a place in this article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    pub id: AnnotationId,
    pub exact: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// Where it was, in code points of the text its selectors were made on.
    pub position: Option<CpSpan>,
    pub tag: Tag,
    pub extra_tags: Vec<String>,
    pub note: String,
    pub created: Timestamp,
    pub modified: Timestamp,
    pub review: bool,
}

impl Incoming {
    /// The annotation, placed on `span` whose text is `quote`.
    fn place(self, span: CpSpan, quote: String, modified: Timestamp, review: bool) -> Annotation {
        Annotation {
            id: self.id,
            span,
            quote,
            tag: self.tag,
            extra_tags: self.extra_tags,
            note: self.note,
            created: self.created,
            modified,
            review,
        }
    }

    fn query(&self) -> Query<'_> {
        Query {
            exact: &self.exact,
            prefix: self.prefix.as_deref(),
            suffix: self.suffix.as_deref(),
            position: self.position,
        }
    }
}

/// An annotation with no place in the article, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    pub annotation: Incoming,
    /// [`State::Orphan`] or [`State::Ambiguous`].
    pub state: State,
}

/// What anchoring a batch came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub exact: usize,
    pub moved: usize,
    pub fuzzy: usize,
    pub ambiguous: usize,
    pub orphan: usize,
    /// Annotations already present (same id), not added twice.
    pub duplicates: usize,
    /// Entries that could not be read at all.
    pub problems: Vec<Problem>,
}

impl Report {
    fn count(&mut self, state: State) {
        match state {
            State::Exact => self.exact += 1,
            State::Moved => self.moved += 1,
            State::Fuzzy => self.fuzzy += 1,
            State::Ambiguous => self.ambiguous += 1,
            State::Orphan => self.orphan += 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Report::default()
    }
}

/// Work units one [`Session::place_step`] may spend by default: about 10 ms in Chromium's Wasm.
pub const STEP_WORK: usize = 2_000_000;

pub struct Session {
    article: Article,
    store: Store,
    unplaced: Vec<Unplaced>,
    /// Saved entries too damaged to read (a bad id or time): saved again as they came.
    damaged: Vec<AnnotationV1>,
    /// Waiting to be anchored, in order of their old position.
    queue: VecDeque<Incoming>,
    /// How far the last placed annotation moved (code points): where to look for the next.
    shift: isize,
    report: Report,
}

impl Session {
    pub fn new(article: Article) -> Session {
        Session {
            article,
            store: Store::default(),
            unplaced: Vec::new(),
            damaged: Vec::new(),
            queue: VecDeque::new(),
            shift: 0,
            report: Report::default(),
        }
    }

    pub fn article(&self) -> &Article {
        &self.article
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn unplaced(&self) -> &[Unplaced] {
        &self.unplaced
    }

    /// What anchoring has found since the report was last taken.
    pub fn report(&self) -> &Report {
        &self.report
    }

    pub fn take_report(&mut self) -> Report {
        std::mem::take(&mut self.report)
    }

    /// Annotations still waiting to be anchored.
    pub fn pending(&self) -> usize {
        self.queue.len()
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
        let twin = self.store.iter().find(|a| a.span == span).map(|a| a.id.clone());
        if let Some(id) = twin {
            self.edit(&id, Some(tag), None, now)?;
            return Ok(id);
        }
        let quote = self.article.text().slice(span).ok_or(SpanError::NoWords)?.to_string();
        self.store.apply(Change::Add(Annotation {
            id: id.clone(),
            span,
            quote,
            tag,
            extra_tags: Vec::new(),
            note: String::new(),
            created: now.clone(),
            modified: now,
            review: false,
        }))?;
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
        let current = self.store.get(id).ok_or_else(|| StoreError::UnknownId(id.clone()))?;
        let tag = tag.unwrap_or_else(|| current.tag.clone());
        let note = note.map_or_else(|| current.note.clone(), str::to_string);
        if tag != current.tag || note != current.note {
            let review = current.review;
            self.store.apply(Change::Edit { id: id.clone(), tag, note, review, modified: now })?;
        }
        Ok(())
    }

    /// Accepts the place approximate matching found: one annotation, or all when `id` is `None`.
    /// Returns how many were accepted.
    pub fn accept_review(&mut self, id: Option<&AnnotationId>) -> usize {
        let ids: Vec<AnnotationId> =
            self.store.iter().filter(|a| a.review && id.is_none_or(|id| &a.id == id)).map(|a| a.id.clone()).collect();
        for id in &ids {
            if let Some(a) = self.store.get(id) {
                let edit = Change::Edit {
                    id: id.clone(),
                    tag: a.tag.clone(),
                    note: a.note.clone(),
                    review: false,
                    modified: a.modified.clone(),
                };
                // The id was just read from the store, so the edit applies.
                let _ = self.store.apply(edit);
            }
        }
        ids.len()
    }

    /// Removes an annotation, placed or not.
    ///
    /// # Errors
    /// `Store(UnknownId)` when no annotation has the id.
    pub fn remove(&mut self, id: &AnnotationId) -> Result<(), SessionError> {
        if let Some(at) = self.unplaced.iter().position(|u| &u.annotation.id == id) {
            self.unplaced.remove(at);
            return Ok(());
        }
        self.store.apply(Change::Remove(id.clone()))?;
        Ok(())
    }

    /// Gives an orphaned or ambiguous annotation the passage the reader selected (snapped to
    /// words); its quote becomes that passage's text.
    ///
    /// # Errors
    /// `Store(UnknownId)` when no unplaced annotation has the id; `Span` for a bad selection.
    pub fn reattach(&mut self, id: &AnnotationId, selection: CpSpan, now: Timestamp) -> Result<(), SessionError> {
        let at = self
            .unplaced
            .iter()
            .position(|u| &u.annotation.id == id)
            .ok_or_else(|| StoreError::UnknownId(id.clone()))?;
        let span = self.article.text().snap_to_words(selection)?;
        let quote = self.article.text().slice(span).ok_or(SpanError::NoWords)?.to_string();
        let incoming = self.unplaced.remove(at).annotation;
        self.store.apply(Change::Add(incoming.place(span, quote, now, false)))?;
        Ok(())
    }

    /// Queues annotations to be anchored by [`Session::place_step`]; ids already present are
    /// counted as duplicates and skipped.
    pub fn enqueue(&mut self, incoming: Vec<Incoming>) {
        // Ids are compared through a hash ordered with the shared sort, so a file of thousands
        // is checked in n log n (and without an ordered-set type: it would cost 6 KB of Wasm).
        let key = |id: &AnnotationId| fnv1a(id.as_str());
        let mut known: Vec<(u64, &AnnotationId)> = self
            .store
            .iter()
            .map(|a| &a.id)
            .chain(self.unplaced.iter().map(|u| &u.annotation.id))
            .chain(self.queue.iter().map(|q| &q.id))
            .map(|id| (key(id), id))
            .collect();
        order::sort_by_key(&mut known, |k| k.0);
        let is_known = |id: &AnnotationId| {
            let h = key(id);
            known[known.partition_point(|k| k.0 < h)..].iter().take_while(|k| k.0 == h).any(|k| k.1 == id)
        };
        // Within the batch: the first of equal ids stays.
        let mut by_key: Vec<usize> = (0..incoming.len()).collect();
        order::sort_by_key(&mut by_key, |&i| key(&incoming[i].id));
        let mut twin = vec![false; incoming.len()];
        for (n, &i) in by_key.iter().enumerate() {
            let h = key(&incoming[i].id);
            let earlier = by_key[..n].iter().rev().take_while(|&&j| key(&incoming[j].id) == h);
            twin[i] = earlier.clone().any(|&j| incoming[j].id == incoming[i].id) || is_known(&incoming[i].id);
        }
        let mut fresh: Vec<Incoming> = Vec::with_capacity(incoming.len());
        for (annotation, twin) in incoming.into_iter().zip(twin) {
            if twin {
                self.report.duplicates += 1;
            } else {
                fresh.push(annotation);
            }
        }
        self.queue.extend(fresh);
        let mut queue: Vec<Incoming> = self.queue.drain(..).collect();
        order::sort_by_key(&mut queue, |a| a.position.map_or(u64::MAX, |p| p.start_cp() as u64));
        self.queue = queue.into();
        self.shift = 0;
    }

    /// Anchors queued annotations until about `budget` work units are spent (at least one
    /// annotation per call). Returns whether the queue is empty.
    pub fn place_step(&mut self, budget: usize) -> bool {
        let mut spent = 0;
        while let Some(incoming) = self.queue.pop_front() {
            let expected = incoming
                .position
                .map(|p| p.start_cp().saturating_add_signed(self.shift).min(self.article.text().len_cp()));
            let found = anchor::anchor(self.article.text(), &incoming.query(), expected);
            spent += found.work + incoming.exact.len();
            self.report.count(found.state);
            self.settle(incoming, found);
            if spent >= budget {
                break;
            }
        }
        self.queue.is_empty()
    }

    /// Places everything queued, however long it takes.
    pub fn place_all(&mut self) {
        while !self.place_step(usize::MAX) {}
    }

    fn settle(&mut self, incoming: Incoming, found: anchor::Anchor) {
        let Some(span) = found.span.filter(|_| found.state.is_placed()) else {
            self.unplaced.push(Unplaced { annotation: incoming, state: found.state });
            return;
        };
        if let Some(old) = incoming.position {
            self.shift = span.start_cp() as isize - old.start_cp() as isize;
        }
        let quote = self.article.text().slice(span).unwrap_or_default().to_string();
        let (modified, review) = (incoming.modified.clone(), incoming.review || found.state == State::Fuzzy);
        let annotation = incoming.place(span, quote, modified, review);
        if let Err(e) = self.store.apply(Change::Add(annotation)) {
            self.report.problems.push(Problem { path: String::new(), message: e.to_string() });
        }
    }

    /// Everything this session holds, in the current saved format: placed annotations with the
    /// context to find them again, unplaced and queued ones as they came, damaged ones verbatim.
    pub fn to_saved_json(&self) -> String {
        let text = self.article.text();
        // A placed annotation is saved as what would find it again: its quote, its context now,
        // its position; the same record an incoming one has.
        let placed = self.store.iter().map(|a| {
            let context = anchor::describe(text, a.span).map(|d| d.quote);
            Incoming {
                id: a.id.clone(),
                exact: a.quote.clone(),
                prefix: context.as_ref().map(|c| c.prefix.clone()),
                suffix: context.map(|c| c.suffix),
                position: Some(a.span),
                tag: a.tag.clone(),
                extra_tags: a.extra_tags.clone(),
                note: a.note.clone(),
                created: a.created.clone(),
                modified: a.modified.clone(),
                review: a.review,
            }
        });
        let mut annotations: Vec<AnnotationV1> = placed.map(|incoming| saved_incoming(&incoming, None)).collect();
        annotations.extend(self.unplaced.iter().map(|u| saved_incoming(&u.annotation, Some(u.state))));
        annotations.extend(self.queue.iter().map(|q| saved_incoming(q, None)));
        annotations.extend(self.damaged.iter().cloned());
        saved::to_json(&ArticleV1 { version: saved::VERSION, article: self.article.fingerprint(), annotations })
    }

    /// Restores saved annotations. When the article's text is the one they were saved on, each
    /// goes back where it was; otherwise all are queued for anchoring (run
    /// [`Session::place_step`]). Entries with damaged fields are reported and kept verbatim.
    ///
    /// # Errors
    /// The whole save is unreadable; nothing changes then.
    pub fn restore(&mut self, json: &str) -> Result<Vec<Problem>, String> {
        let saved = saved::parse(json)?;
        let same_text = saved.article == self.article.fingerprint();
        let mut problems = Vec::new();
        let mut incoming = Vec::new();
        for (i, entry) in saved.annotations.into_iter().enumerate() {
            match from_saved(&entry) {
                Ok((annotation, None)) => incoming.push(annotation),
                Ok((annotation, Some(state))) => self.unplaced.push(Unplaced { annotation, state }),
                Err(message) => {
                    problems.push(Problem { path: format!("annotations[{i}]"), message });
                    self.damaged.push(entry);
                }
            }
        }
        if same_text {
            // The text is the one they were saved on: a position that still holds its quote is
            // taken as it is; only a mismatch (which would be a bug) goes through anchoring.
            for annotation in std::mem::take(&mut incoming) {
                let fits =
                    annotation.position.filter(|&p| self.article.text().slice(p) == Some(annotation.exact.as_str()));
                match fits {
                    Some(span) => self.settle(
                        annotation,
                        anchor::Anchor { state: State::Exact, span: Some(span), score: 1.0, work: 0 },
                    ),
                    None => incoming.push(annotation),
                }
            }
        }
        self.enqueue(incoming);
        Ok(problems)
    }

    /// Queues annotations given in the saved format (as the import module hands them over);
    /// returns how many were queued or counted as duplicates.
    ///
    /// # Errors
    /// The JSON is not in the saved format.
    pub fn enqueue_saved(&mut self, json: &str) -> Result<usize, String> {
        let saved = saved::parse(json)?;
        let mut incoming = Vec::new();
        for (i, entry) in saved.annotations.iter().enumerate() {
            match from_saved(entry) {
                Ok((annotation, _)) => incoming.push(annotation),
                Err(message) => self.report.problems.push(Problem { path: format!("annotations[{i}]"), message }),
            }
        }
        let count = incoming.len();
        self.enqueue(incoming);
        Ok(count)
    }

    /// The annotations waiting to be anchored, in the saved format.
    pub fn pending_json(&self) -> String {
        let annotations = self.queue.iter().map(|q| saved_incoming(q, None)).collect();
        saved::to_json(&ArticleV1 { version: saved::VERSION, article: self.article.fingerprint(), annotations })
    }

    /// Takes in what anchoring elsewhere found for this article's waiting annotations: a save of
    /// the same text, its annotations placed or marked orphaned or ambiguous. The waiting
    /// annotations it names leave the queue.
    ///
    /// # Errors
    /// The JSON is not a save of this article's text; nothing changes then.
    pub fn adopt(&mut self, json: &str) -> Result<Vec<Problem>, String> {
        let saved = saved::parse(json)?;
        if saved.article != self.article.fingerprint() {
            return Err("these annotations were anchored on another text".into());
        }
        let ids: Vec<&str> = saved.annotations.iter().map(|a| a.id.as_str()).collect();
        self.queue.retain(|q| !ids.contains(&q.id.as_str()));
        self.restore(json)
    }

    /// The W3C AnnotationCollection of this article's placed annotations.
    pub fn export_w3c(&self) -> String {
        export::w3c::to_json(&self.article, self.store.iter())
    }

    /// The annotated article as one static HTML page.
    pub fn export_page(&self) -> String {
        export::page::to_html(&self.article, self.store.iter())
    }

    pub fn export_csv(&self) -> String {
        export::table::to_csv(self.store.iter())
    }

    pub fn export_jsonl(&self) -> String {
        export::table::to_jsonl(&self.article, self.store.iter())
    }
}

pub fn saved_incoming(a: &Incoming, state: Option<State>) -> AnnotationV1 {
    AnnotationV1 {
        id: a.id.to_string(),
        start_cp: a.position.map(CpSpan::start_cp),
        end_cp: a.position.map(CpSpan::end_cp),
        quote: a.exact.clone(),
        prefix: a.prefix.clone(),
        suffix: a.suffix.clone(),
        tag: a.tag.as_str().to_string(),
        extra_tags: a.extra_tags.clone(),
        note: a.note.clone(),
        created: a.created.as_str().to_string(),
        modified: a.modified.as_str().to_string(),
        review: a.review,
        unplaced: state.map(|s| s.as_str().to_string()),
    }
}

/// A saved entry as an incoming annotation, with its unplaced state if it had one.
fn from_saved(entry: &AnnotationV1) -> Result<(Incoming, Option<State>), String> {
    let position = match (entry.start_cp, entry.end_cp) {
        (Some(start), Some(end)) => {
            Some(CpSpan::new(start, end).ok_or_else(|| format!("start {start} is after end {end}"))?)
        }
        _ => None,
    };
    if entry.quote.is_empty() {
        return Err("the quote is empty".into());
    }
    let state = match entry.unplaced.as_deref() {
        None => None,
        Some("ambiguous") => Some(State::Ambiguous),
        Some(_) => Some(State::Orphan),
    };
    let incoming = Incoming {
        id: AnnotationId::parse(&entry.id)?,
        exact: entry.quote.clone(),
        prefix: entry.prefix.clone(),
        suffix: entry.suffix.clone(),
        position,
        tag: Tag::from_name(&entry.tag),
        extra_tags: entry.extra_tags.clone(),
        note: entry.note.clone(),
        created: Timestamp::parse(&entry.created)?,
        modified: Timestamp::parse(&entry.modified)?,
        review: entry.review,
    };
    Ok((incoming, state))
}
