//! An article open for annotating: the article, its placed annotations, the ones that could not
//! be placed (orphaned or ambiguous: kept, shown and saved again, never dropped), and the
//! annotations waiting to be anchored after an import or a change of the article's text.
//!
//! Anchoring runs in steps of bounded work ([`Session::place_step`]) so the page stays
//! responsive however many annotations arrive.

use std::collections::VecDeque;
use std::fmt;

use crate::anchor::{self, Query, State};
use crate::annotation::{Annotation, AnnotationId, Change, Store, StoreError, Tag, Timestamp, Touched};
use crate::article::{fnv1a, Article};
use crate::export;
use crate::order;
use crate::saved::{self, AnnotationV1, ArticleV1};
use crate::text::{CpSpan, SpanError};

mod states;

pub use states::{from_saved, saved_incoming};
use states::{saved_placed, twins, IdSet};

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
    /// The annotation, placed on `span` whose text is `quote`, with the context around it.
    fn place(
        self,
        span: CpSpan,
        quote: String,
        context: (String, String),
        modified: Timestamp,
        review: bool,
    ) -> Annotation {
        Annotation {
            id: self.id,
            span,
            quote,
            prefix: context.0,
            suffix: context.1,
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
/// What placing one annotation costs besides its search (its context, its saved state), in
/// work units: an import of 10,000 exactly placed is still placed in slices.
const PLACE_WORK: usize = 4_000;

/// What tagging a selection did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tagged {
    pub id: AnnotationId,
    /// False when an annotation already covered exactly that passage: it is left as it was
    /// (never silently retagged) and its id is returned, for the page to select it.
    pub new: bool,
}

/// How an annotation was before a reader's change: `None` when it did not exist. A list of
/// these is what undoing the change puts back.
pub type Before = (AnnotationId, Option<AnnotationV1>);

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
    /// Annotations changed since [`Session::take_changed`], to be saved (repeats allowed).
    changed: Vec<AnnotationId>,
    /// How the annotations a reader's change touched were before it, since
    /// [`Session::take_befores`]: one entry per annotation, its state before the first touch.
    befores: Vec<Before>,
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
            changed: Vec::new(),
            befores: Vec::new(),
        }
    }

    pub fn article(&self) -> &Article {
        &self.article
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Which placed annotations changed since last asked (see [`Touched`]).
    pub fn take_touched(&mut self) -> Touched {
        self.store.take_touched()
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

    /// Tags a selection: the span is snapped to whole words first, and the annotation keeps
    /// the context around it. Tagging exactly the passage of an existing annotation changes
    /// nothing: that annotation's id comes back with `new: false`.
    ///
    /// # Errors
    /// `Span` when the selection is out of range or holds no words.
    pub fn tag(
        &mut self,
        selection: CpSpan,
        tag: Tag,
        id: AnnotationId,
        now: Timestamp,
    ) -> Result<Tagged, SessionError> {
        let span = self.article.text().snap_to_words(selection)?;
        if let Some(twin) = self.store.on(span) {
            return Ok(Tagged { id: twin.id.clone(), new: false });
        }
        let quote = self.article.text().slice(span).ok_or(SpanError::NoWords)?.to_string();
        let (prefix, suffix) = self.context_of(span);
        self.touch(&id);
        self.store.apply(Change::Add(Annotation {
            id: id.clone(),
            span,
            quote,
            prefix,
            suffix,
            tag,
            extra_tags: Vec::new(),
            note: String::new(),
            created: now.clone(),
            modified: now,
            review: false,
        }))?;
        Ok(Tagged { id, new: true })
    }

    /// The 32 code points before and after a span, kept with an annotation to find it again
    /// (not widened to be unique, which scans the text: see [`anchor::context`]).
    fn context_of(&self, span: CpSpan) -> (String, String) {
        anchor::context(self.article.text(), span).unwrap_or_default()
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
            self.touch(id);
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
            self.touch(id);
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
            self.touch(id);
            self.unplaced.remove(at);
            return Ok(());
        }
        if self.store.get(id).is_none() {
            return Err(StoreError::UnknownId(id.clone()).into());
        }
        self.touch(id);
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
        let context = self.context_of(span);
        self.touch(id);
        let incoming = self.unplaced.remove(at).annotation;
        self.store.apply(Change::Add(incoming.place(span, quote, context, now, false)))?;
        Ok(())
    }

    /// Queues annotations to be anchored by [`Session::place_step`]; ids already present are
    /// counted as duplicates and skipped. Returns the ids queued.
    pub fn enqueue(&mut self, incoming: Vec<Incoming>) -> Vec<AnnotationId> {
        let mut ids: Vec<AnnotationId> = self
            .store
            .iter()
            .map(|a| a.id.clone())
            .chain(self.unplaced.iter().map(|u| u.annotation.id.clone()))
            .chain(self.queue.iter().map(|q| q.id.clone()))
            .collect();
        let known = ids.len();
        ids.extend(incoming.iter().map(|a| a.id.clone()));
        let twin = twins(&ids, known);
        let mut fresh: Vec<Incoming> = Vec::with_capacity(incoming.len());
        for (annotation, twin) in incoming.into_iter().zip(twin) {
            if twin {
                self.report.duplicates += 1;
            } else {
                fresh.push(annotation);
            }
        }
        let queued = fresh.iter().map(|a| a.id.clone()).collect();
        self.queue.extend(fresh);
        let mut queue: Vec<Incoming> = self.queue.drain(..).collect();
        order::sort_by_key(&mut queue, |a| a.position.map_or(u64::MAX, |p| p.start_cp() as u64));
        self.queue = queue.into();
        self.shift = 0;
        queued
    }

    /// Anchors queued annotations until about `budget` work units are spent (at least one
    /// annotation per call). Returns whether the queue is empty.
    pub fn place_step(&mut self, budget: usize) -> bool {
        let mut spent = 0;
        let mut placed = Vec::new();
        while let Some(incoming) = self.queue.pop_front() {
            let expected = incoming
                .position
                .map(|p| p.start_cp().saturating_add_signed(self.shift).min(self.article.text().len_cp()));
            let found = anchor::anchor(self.article.text(), &incoming.query(), expected);
            spent += found.work + incoming.exact.len() + PLACE_WORK;
            self.report.count(found.state);
            placed.extend(self.settle(incoming, found));
            if spent >= budget {
                break;
            }
        }
        self.add_placed(placed);
        self.queue.is_empty()
    }

    /// Places, without a search, the waiting annotations whose text is still the same at their
    /// position (see [`anchor::at_position`]): what an import of an export made on this text
    /// is. The others keep waiting, in their order. Returns how many are left.
    pub fn place_at_positions(&mut self) -> usize {
        let mut placed = Vec::new();
        let mut left = std::collections::VecDeque::with_capacity(self.queue.len());
        while let Some(incoming) = self.queue.pop_front() {
            match anchor::at_position(self.article.text(), &incoming.query()) {
                Some(span) => {
                    self.report.count(anchor::State::Exact);
                    let found = anchor::Anchor { state: anchor::State::Exact, span: Some(span), score: 1.0, work: 0 };
                    placed.extend(self.settle(incoming, found));
                }
                None => left.push_back(incoming),
            }
        }
        self.queue = left;
        self.add_placed(placed);
        self.queue.len()
    }

    /// Puts placed annotations into the store at once (one sort, not one shift of the list per
    /// annotation); an id already there (another tab's, restored meanwhile) is reported, not
    /// doubled.
    fn add_placed(&mut self, placed: Vec<Annotation>) {
        if placed.is_empty() {
            return;
        }
        let ids: Vec<AnnotationId> = self.store.iter().map(|a| a.id.clone()).collect();
        let known = IdSet::of(&ids);
        let (fresh, twice): (Vec<Annotation>, Vec<Annotation>) =
            placed.into_iter().partition(|a| known.find(&ids, &a.id).is_none());
        for a in twice {
            let message = StoreError::DuplicateId(a.id).to_string();
            self.report.problems.push(Problem { path: String::new(), message });
        }
        self.store.add_many(fresh);
    }

    /// Places everything queued, however long it takes.
    pub fn place_all(&mut self) {
        while !self.place_step(usize::MAX) {}
    }

    /// Keeps what anchoring found: the annotation placed (returned, for the store) or unplaced.
    fn settle(&mut self, incoming: Incoming, found: anchor::Anchor) -> Option<Annotation> {
        self.changed.push(incoming.id.clone());
        let Some(span) = found.span.filter(|_| found.state.is_placed()) else {
            self.unplaced.push(Unplaced { annotation: incoming, state: found.state });
            return None;
        };
        if let Some(old) = incoming.position {
            // Positions come from files: an absurd one must not overflow the shift.
            self.shift = isize::try_from(span.start_cp())
                .unwrap_or(isize::MAX)
                .saturating_sub(isize::try_from(old.start_cp()).unwrap_or(isize::MAX));
        }
        let quote = self.article.text().slice(span).unwrap_or_default().to_string();
        // Where it is exactly where it was, the context it came with still holds.
        let context = match (&incoming.prefix, &incoming.suffix) {
            (Some(p), Some(s)) if incoming.position == Some(span) => (p.clone(), s.clone()),
            _ => self.context_of(span),
        };
        let (modified, review) = (incoming.modified.clone(), incoming.review || found.state == State::Fuzzy);
        Some(incoming.place(span, quote, context, modified, review))
    }

    /// Everything this session holds, in the current saved format: placed annotations with the
    /// context to find them again, unplaced and queued ones as they came, damaged ones verbatim.
    pub fn to_saved_json(&self) -> String {
        let placed = self.store.iter().map(saved_placed);
        let mut annotations: Vec<AnnotationV1> = placed.collect();
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
        Ok(self.restore_entries(saved.annotations.into_iter().map(|a| (a, same_text)).collect()))
    }

    /// Restores saved annotations, each with whether it was saved on this very text: such an
    /// annotation goes back where it was when its position still holds its quote; the others
    /// are queued for anchoring (run [`Session::place_step`]). Entries with damaged fields are
    /// reported (their path is their index here) and kept verbatim.
    pub fn restore_entries(&mut self, entries: Vec<(AnnotationV1, bool)>) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut incoming = Vec::new();
        // Placed in one go (one sort), however many.
        let mut placed: Vec<Annotation> = Vec::new();
        for (i, (entry, same_text)) in entries.into_iter().enumerate() {
            match from_saved(&entry) {
                Ok((annotation, Some(state))) => self.unplaced.push(Unplaced { annotation, state }),
                Ok((annotation, None)) => {
                    // The text is the one it was saved on: a position that still holds its
                    // quote is taken as it is; only a mismatch (which would be a bug) goes
                    // through anchoring.
                    let fits = annotation
                        .position
                        .filter(|&p| same_text && self.article.text().slice(p) == Some(annotation.exact.as_str()));
                    match fits {
                        Some(span) => placed.push(self.placed_at(annotation, span)),
                        None => incoming.push(annotation),
                    }
                }
                Err(message) => {
                    problems.push(Problem { path: format!("annotations[{i}]"), message });
                    self.damaged.push(entry);
                }
            }
        }
        // An id already here, or twice in the save, is placed once.
        let mut ids: Vec<AnnotationId> = self.store.iter().map(|a| a.id.clone()).collect();
        let known = ids.len();
        ids.extend(placed.iter().map(|a| a.id.clone()));
        let mut twin = twins(&ids, known).into_iter();
        placed.retain(|_| !twin.next().unwrap_or(false));
        // Restoring is not a change: nothing here is touched, or marked to be saved.
        self.store.add_many(placed);
        self.enqueue(incoming);
        problems
    }

    /// Queues annotations given in the saved format (as the import module hands them over): a
    /// reader's import, so each one queued is a change to save, and did not exist before it.
    /// Returns how many were queued or counted as duplicates.
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
        for id in self.enqueue(incoming) {
            self.befores.push((id.clone(), None));
            self.changed.push(id);
        }
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
        // Only those still waiting: one undone, deleted or changed by another tab meanwhile
        // has left the queue, and stays as it is now.
        let mut waiting: Vec<(u64, &AnnotationId)> = self.queue.iter().map(|q| (fnv1a(q.id.as_str()), &q.id)).collect();
        order::sort_by_key(&mut waiting, |w| w.0);
        let is_waiting = |id: &str| {
            let h = fnv1a(id);
            waiting[waiting.partition_point(|w| w.0 < h)..].iter().take_while(|w| w.0 == h).any(|w| w.1.as_str() == id)
        };
        let entries: Vec<AnnotationV1> = saved.annotations.into_iter().filter(|a| is_waiting(&a.id)).collect();
        let ids: Vec<AnnotationId> = entries.iter().filter_map(|a| AnnotationId::parse(&a.id).ok()).collect();
        let mut gone: Vec<(u64, AnnotationId)> = ids.iter().map(|id| (fnv1a(id.as_str()), id.clone())).collect();
        order::sort_by_key(&mut gone, |g| g.0);
        self.queue.retain(|q| {
            let h = fnv1a(q.id.as_str());
            !gone[gone.partition_point(|g| g.0 < h)..].iter().take_while(|g| g.0 == h).any(|g| g.1 == q.id)
        });
        let problems = self.restore_entries(entries.into_iter().map(|a| (a, true)).collect());
        // Their new places are changes to save.
        self.changed.extend(ids);
        Ok(problems)
    }

    /// The W3C AnnotationCollection of every annotation of this article: the placed ones, and
    /// the orphaned, ambiguous and waiting ones with the selectors they came with and their
    /// state, so that moving to another browser by export loses none.
    pub fn export_w3c(&self) -> String {
        let others: Vec<AnnotationV1> = self
            .unplaced
            .iter()
            .map(|u| saved_incoming(&u.annotation, Some(u.state)))
            .chain(self.queue.iter().map(|q| saved_incoming(q, None)))
            .collect();
        export::w3c::to_json(&self.article, self.store.iter(), &others)
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
