//! An article open for annotating, with everything that keeps the reader's work: the
//! [`Session`] (the article and its annotations), the [`Library`] it is saved in, the revision
//! of each annotation as stored (so two tabs merge instead of overwriting each other) and the
//! undo log (saved with the article, so undo works after a reload).
//!
//! Every change goes through here: applied to the session, recorded as a step (what undoing it
//! puts back), then saved annotation by annotation. Only what changed is written, and from the
//! selectors stored with each annotation: a keystroke in a note costs the same with one
//! annotation or a thousand.

use crate::annotation::{AnnotationId, Tag, Timestamp};
use crate::article::{fnv1a, Article};
use crate::library::records::{HistoryV2, StateV2, StepV2, VERSION};
use crate::library::{merge, Fault, Library, Record, Storage, Write, WriteError, Written};
use crate::order;
use crate::saved::{AnnotationV1, ArticleSourceV1};
use crate::session::{Before, Session, SessionError, Tagged};
use crate::text::CpSpan;

/// The undo log keeps at least this many steps.
pub const HISTORY_STEPS: usize = 200;

/// One step of the undo log: what undoing it (or, on the redo side, redoing it) puts back.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    /// Its name in storage: this tab's name and a counter, so two tabs never write one step.
    name: String,
    label: String,
    /// Typing on in this annotation's note joins this step.
    burst: Option<AnnotationId>,
    states: Vec<Before>,
}

#[derive(Debug, Default)]
struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Steps to write, by name; steps to remove from storage.
    unwritten: Vec<String>,
    dropped: Vec<String>,
    /// Whether the log's head must be written.
    dirty: bool,
    counter: u64,
    /// A note is being typed: the last step is its burst.
    burst_open: bool,
    /// The head this tab last wrote (or read), to tell when another tab wrote since.
    written: Option<(Vec<String>, Vec<String>)>,
}

/// The revision of each annotation as this tab last read or wrote it, found by binary search
/// over id hashes (a map type would cost the app's Wasm kilobytes).
#[derive(Debug, Default)]
struct Revisions {
    /// `(hash of the id, id, revision, the state as stored then)`, sorted by the hash.
    entries: Vec<(u64, AnnotationId, u64, Option<AnnotationV1>)>,
}

impl Revisions {
    fn find(&self, id: &AnnotationId) -> Option<usize> {
        let h = fnv1a(id.as_str());
        let from = self.entries.partition_point(|e| e.0 < h);
        self.entries[from..].iter().take_while(|e| e.0 == h).position(|e| &e.1 == id).map(|at| from + at)
    }

    /// 0 for an annotation never stored.
    fn get(&self, id: &AnnotationId) -> u64 {
        self.find(id).map_or(0, |at| self.entries[at].2)
    }

    /// The annotation as stored at that revision: what both tabs last agreed on.
    fn base(&self, id: &AnnotationId) -> Option<&AnnotationV1> {
        self.find(id).and_then(|at| self.entries[at].3.as_ref())
    }

    /// Sets many at once: one sort, not one shift of the table per annotation.
    fn set_all(&mut self, revisions: Vec<(AnnotationId, u64, Option<AnnotationV1>)>) {
        let mut fresh = Vec::new();
        for (id, revision, state) in revisions {
            match self.find(&id) {
                Some(at) => (self.entries[at].2, self.entries[at].3) = (revision, state),
                None => fresh.push((fnv1a(id.as_str()), id, revision, state)),
            }
        }
        if fresh.len() <= 16 {
            // A few (a tag, an edit): each put in its place, after its equal hashes.
            for entry in fresh {
                let at = self.entries.partition_point(|e| e.0 <= entry.0);
                self.entries.insert(at, entry);
            }
        } else {
            self.entries.extend(fresh);
            order::sort_by_key(&mut self.entries, |e| e.0);
        }
    }

    fn insert(&mut self, id: AnnotationId, revision: u64, state: Option<AnnotationV1>) {
        self.set_all(vec![(id, revision, state)]);
    }
}

/// Why a change was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The article is open read-only; the reason says why.
    ReadOnly(String),
    Session(SessionError),
    /// A saved state could not be read back (undo of a damaged step).
    Damaged(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::ReadOnly(why) => f.write_str(why),
            Refused::Session(e) => e.fmt(f),
            Refused::Damaged(why) => f.write_str(why),
        }
    }
}

impl From<SessionError> for Refused {
    fn from(e: SessionError) -> Self {
        Refused::Session(e)
    }
}

/// What another tab's change came to in this one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Synced {
    /// The open article's annotations changed: redraw them.
    pub annotations: bool,
    /// The library's list changed.
    pub library: bool,
    /// Annotations changed in both tabs, each saying which change was kept.
    pub conflicts: Vec<String>,
}

pub struct Workspace<S: Storage> {
    library: Library<S>,
    /// The article's library name.
    key: String,
    session: Session,
    /// The fingerprint of the article's text: what the stored positions count in.
    text: String,
    /// The revision of each annotation as this tab last read or wrote it.
    revisions: Revisions,
    /// Changed and not yet written, with when each change was made: between two tabs' changes
    /// of one annotation, the later is kept.
    unsaved: Vec<(AnnotationId, Timestamp)>,
    /// `unsaved` holds each id once, oldest change first (as [`Workspace::flush_some`] leaves
    /// it), so the next slice of a long write takes its part without sorting them all again.
    deduped: bool,
    /// How many annotations a change writes at once; the rest wait for [`Workspace::flush_some`]
    /// (so the page can write an import of 10,000 in slices that each take little time).
    write_limit: usize,
    /// The last write stopped at its limit, changes left.
    cut_short: bool,
    /// The annotation whose note is being typed (its change waits for a pause in the typing).
    typing: Option<AnnotationId>,
    history: History,
    tab: String,
    read_only: Option<String>,
    /// Why the last save failed; `None` once a save went through.
    save_fault: Option<Fault>,
    /// Why the undo log could not be saved (the annotations were).
    history_error: Option<String>,
    /// What opening found wrong, for the page to show once.
    problems: Vec<String>,
    /// Changes made in two tabs at once, and which was kept, since last taken.
    conflicts: Vec<String>,
    /// An undo log is stored but was not read (see [`Workspace::read`]).
    unread_history: bool,
}

impl<S: Storage> Workspace<S> {
    /// Opens `article` under its library name `key` and restores what is stored for it: its
    /// annotations (placed where they were when the text is the same, else waiting to be
    /// anchored) and its undo log. `source`: the article's text to keep in the library (none
    /// for the demo, which ships with the app). `tab` names this tab's undo steps in storage.
    pub fn open(
        store: S,
        key: &str,
        article: Article,
        source: Option<&ArticleSourceV1>,
        tab: &str,
        now: &Timestamp,
    ) -> Workspace<S> {
        let title = article.title().map(str::to_string);
        let mut workspace = Workspace::read(store, key, article, tab, true);
        if workspace.read_only.is_none() {
            if let Err(e) = workspace.library.keep(key, title.as_deref(), source, now.as_str()) {
                workspace.problems.insert(
                    0,
                    format!(
                        "this article cannot be kept in this browser ({e}): export its annotations before you leave"
                    ),
                );
            }
        }
        workspace
    }

    /// Restores what is stored for `article` as [`Workspace::open`] does, without writing
    /// anything: for a first screen that only shows it (the library learns of the article
    /// when it is opened to be edited). Without `history`, the undo log is not read, only
    /// looked for: [`Workspace::undo_label`] is then `""` when there is one.
    pub fn read(store: S, key: &str, article: Article, tab: &str, history: bool) -> Workspace<S> {
        let library = Library::open(store);
        let mut problems = Vec::new();
        let text = article.fingerprint();
        let mut read_only = None;
        if let Err(e) = library.index() {
            read_only = Some(format!(
                "{e}: newsmark opens it read-only, so nothing of it is overwritten; update newsmark to edit"
            ));
        }
        let loaded = library.load(key);
        if let Some(v) = loaded.newer() {
            read_only = Some(format!(
                "some annotations of this article were saved by a newer newsmark (version {v}; this one reads up to {VERSION}): it is open read-only, so they are not overwritten; update newsmark to edit it"
            ));
        }
        for u in
            loaded.unreadable.iter().filter(|u| matches!(u.error, crate::library::records::RecordError::Damaged(_)))
        {
            problems.push(format!("a stored annotation ({}) {}; it is kept aside, not lost", u.key, u.error));
        }
        let mut session = Session::new(article);
        let mut revisions = Revisions::default();
        let mut entries = Vec::new();
        let mut known = Vec::with_capacity(loaded.annotations.len());
        for stored in loaded.annotations {
            known.push((stored.id.clone(), stored.revision, stored.state.clone()));
            if let Some(state) = stored.state {
                entries.push((state, stored.text == text));
            }
        }
        revisions.set_all(known);
        problems.extend(session.restore_entries(entries).iter().map(|p| format!("a saved annotation {p}")));
        let unread_history = !history && library.has_history(key);
        let history = if history { load_history(&library, key) } else { History::default() };
        Workspace {
            library,
            key: key.to_string(),
            session,
            text,
            revisions,
            unsaved: Vec::new(),
            deduped: true,
            write_limit: usize::MAX,
            cut_short: false,
            typing: None,
            history,
            tab: tab.to_string(),
            read_only,
            save_fault: None,
            history_error: None,
            problems,
            conflicts: Vec::new(),
            unread_history,
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The library the workspace saves in (what it keeps besides the article: preferences).
    pub fn library(&self) -> &Library<S> {
        &self.library
    }

    /// For anchoring: the session's queue is placed in steps by the caller.
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Why the last save failed, if it did.
    pub fn save_fault(&self) -> Option<&Fault> {
        self.save_fault.as_ref()
    }

    /// Why the undo log could not be saved, if so (the annotations were).
    pub fn history_error(&self) -> Option<&str> {
        self.history_error.as_deref()
    }

    /// Whether changes to annotations wait to be written (a note being typed, a failed save).
    pub fn unsaved(&self) -> bool {
        !self.unsaved.is_empty()
    }

    /// The last write stopped at its limit with changes left (not a note waiting for a pause in
    /// the typing, nor a failed write, which waits for the next change): call
    /// [`Workspace::flush_some`] again.
    pub fn more_to_write(&self) -> bool {
        self.cut_short && self.unsaved() && self.save_fault.is_none()
    }

    /// Makes each change write at most `records` annotations (at least one); the rest are
    /// written by [`Workspace::flush_some`] calls. Unlimited unless set.
    pub fn set_write_limit(&mut self, records: usize) {
        self.write_limit = records.max(1);
    }

    pub fn take_problems(&mut self) -> Vec<String> {
        std::mem::take(&mut self.problems)
    }

    pub fn take_conflicts(&mut self) -> Vec<String> {
        std::mem::take(&mut self.conflicts)
    }

    fn writable(&self) -> Result<(), Refused> {
        self.read_only.as_ref().map_or(Ok(()), |why| Err(Refused::ReadOnly(why.clone())))
    }

    /// Tags a selection (see [`Session::tag`]): a new annotation is one undo step.
    ///
    /// # Errors
    /// Read-only, or the selection cannot be tagged.
    pub fn tag(&mut self, selection: CpSpan, tag: Tag, id: AnnotationId, now: &Timestamp) -> Result<Tagged, Refused> {
        self.writable()?;
        let tagged = self.session.tag(selection, tag, id, now.clone())?;
        self.commit("tag", None, now, true);
        Ok(tagged)
    }

    /// Tags many passages at once (accepting suggestions), as one undo step. A passage that
    /// cannot be tagged is skipped; how many were tagged anew is returned.
    ///
    /// # Errors
    /// Read-only.
    pub fn tag_all(
        &mut self,
        passages: &[(CpSpan, Tag)],
        mut ids: impl FnMut() -> AnnotationId,
        now: &Timestamp,
    ) -> Result<usize, Refused> {
        self.writable()?;
        let mut made = 0;
        for (span, tag) in passages {
            if let Ok(tagged) = self.session.tag(*span, tag.clone(), ids(), now.clone()) {
                made += usize::from(tagged.new);
            }
        }
        self.commit("accept suggestions", None, now, true);
        Ok(made)
    }

    /// Changes an annotation's tag and/or note. A note alone is typed a key at a time: with
    /// `defer` it is not written yet (call [`Workspace::flush`] when the typing pauses), and
    /// the whole burst is one undo step.
    ///
    /// # Errors
    /// Read-only, or no annotation has the id.
    pub fn edit(
        &mut self,
        id: &AnnotationId,
        tag: Option<Tag>,
        note: Option<&str>,
        now: &Timestamp,
        defer: bool,
    ) -> Result<(), Refused> {
        self.writable()?;
        let burst = (tag.is_none() && note.is_some()).then(|| id.clone());
        self.session.edit(id, tag, note, now.clone())?;
        let label = if burst.is_some() { "note" } else { "retag" };
        self.typing = burst.clone().filter(|_| defer);
        self.commit(label, burst, now, !defer);
        Ok(())
    }

    /// Ends a burst of typing in a note: the next keystroke starts a new undo step.
    pub fn end_burst(&mut self) {
        self.history.burst_open = false;
    }

    /// # Errors
    /// Read-only, or no annotation has the id.
    pub fn remove(&mut self, id: &AnnotationId, now: &Timestamp) -> Result<(), Refused> {
        self.writable()?;
        self.session.remove(id)?;
        self.commit("delete", None, now, true);
        Ok(())
    }

    /// Accepts where approximate matching placed one annotation, or all (`None`).
    ///
    /// # Errors
    /// Read-only.
    pub fn accept_review(&mut self, id: Option<&AnnotationId>, now: &Timestamp) -> Result<usize, Refused> {
        self.writable()?;
        let n = self.session.accept_review(id);
        self.commit(if id.is_some() { "accept" } else { "accept all" }, None, now, true);
        Ok(n)
    }

    /// # Errors
    /// Read-only, no unplaced annotation has the id, or the selection cannot be tagged.
    pub fn reattach(&mut self, id: &AnnotationId, selection: CpSpan, now: &Timestamp) -> Result<(), Refused> {
        self.writable()?;
        self.session.reattach(id, selection, now.clone())?;
        self.commit("attach", None, now, true);
        Ok(())
    }

    /// Queues annotations given in the saved format (an import, a carry-over) for anchoring:
    /// the whole file is one undo step. Returns how many were queued.
    ///
    /// # Errors
    /// Read-only, or the JSON is not in the saved format.
    pub fn enqueue(&mut self, saved_json: &str, now: &Timestamp) -> Result<usize, Refused> {
        self.writable()?;
        let n = self.session.enqueue_saved(saved_json).map_err(Refused::Damaged)?;
        self.commit("import", None, now, true);
        Ok(n)
    }

    /// Places the waiting annotations still found at their positions, without the matcher (see
    /// [`Session::place_at_positions`]), and saves them; returns how many still wait. Like
    /// [`Workspace::adopt`], it completes the step that queued them.
    pub fn place_at_positions(&mut self, now: &Timestamp) -> usize {
        let left = self.session.place_at_positions();
        self.save_placed(now);
        left
    }

    /// Takes in what anchoring found for the waiting annotations (see [`Session::adopt`]) and
    /// saves their places. Not an undo step of its own: it completes the one that queued them.
    ///
    /// # Errors
    /// The JSON is not a save of this text.
    pub fn adopt(&mut self, saved_json: &str, now: &Timestamp) -> Result<(), Refused> {
        self.session.adopt(saved_json).map_err(Refused::Damaged)?;
        self.save_placed(now);
        Ok(())
    }

    /// Saves where waiting annotations were placed: part of the step that queued them, so no
    /// undo step of its own.
    fn save_placed(&mut self, now: &Timestamp) {
        self.session.take_befores();
        self.mark_unsaved(now);
        if self.read_only.is_none() {
            self.flush_some(self.write_limit);
        }
    }

    /// What the session changed waits to be written, as changed at `now`.
    fn mark_unsaved(&mut self, now: &Timestamp) {
        let changed = self.session.take_changed();
        self.deduped &= changed.is_empty();
        self.unsaved.extend(changed.into_iter().map(|id| (id, now.clone())));
    }

    /// Records the reader's change as an undo step (joining a note's burst) and saves it,
    /// unless `persist` is false.
    fn commit(&mut self, label: &str, burst: Option<AnnotationId>, now: &Timestamp, persist: bool) {
        let befores = self.session.take_befores();
        self.mark_unsaved(now);
        if !befores.is_empty() {
            let joins = burst.is_some()
                && self.history.burst_open
                && self.history.undo.last().is_some_and(|s| s.burst == burst);
            if !joins {
                self.push_step(label, burst.clone(), befores);
            }
            self.drop_redo();
        }
        self.history.burst_open = burst.is_some();
        if persist {
            self.flush_some(self.write_limit);
        }
    }

    fn push_step(&mut self, label: &str, burst: Option<AnnotationId>, states: Vec<Before>) {
        let name = self.next_step_name();
        self.history.unwritten.push(name.clone());
        self.history.undo.push(Step { name, label: label.to_string(), burst, states });
        self.history.dirty = true;
        while self.history.undo.len() > HISTORY_STEPS {
            let oldest = self.history.undo.remove(0);
            self.history.dropped.push(oldest.name);
        }
    }

    fn drop_redo(&mut self) {
        let redo = std::mem::take(&mut self.history.redo);
        if !redo.is_empty() {
            self.history.dirty = true;
        }
        self.history.dropped.extend(redo.into_iter().map(|s| s.name));
    }

    fn next_step_name(&mut self) -> String {
        self.history.counter = self.history.counter.saturating_add(1);
        format!("{}-{}", self.tab, self.history.counter)
    }

    /// What Undo would undo, and what Redo would redo: "tag", "note", "delete", …
    /// What Undo would undo; `""` when an undo log is stored but was not read.
    pub fn undo_label(&self) -> Option<&str> {
        if self.unread_history {
            return Some("");
        }
        self.history.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo.last().map(|s| s.label.as_str())
    }

    /// Undoes the last step: every annotation it touched goes back to how it was. Returns its
    /// label, or `None` when there is nothing to undo.
    ///
    /// # Errors
    /// Read-only, or the step holds a state that cannot be read (the step is dropped).
    pub fn undo(&mut self, now: &Timestamp) -> Result<Option<String>, Refused> {
        self.replay(false, now)
    }

    /// Redoes the last undone step.
    ///
    /// # Errors
    /// Read-only, or the step holds a state that cannot be read (the step is dropped).
    pub fn redo(&mut self, now: &Timestamp) -> Result<Option<String>, Refused> {
        self.replay(true, now)
    }

    /// Takes the last step of one side of the log, puts back its states, and hands the step that
    /// would put back what they replaced to the other side.
    fn replay(&mut self, redo: bool, now: &Timestamp) -> Result<Option<String>, Refused> {
        self.writable()?;
        let from = if redo { &mut self.history.redo } else { &mut self.history.undo };
        let Some(step) = from.pop() else { return Ok(None) };
        let back = self.swap(step, now)?;
        let label = back.label.clone();
        let to = if redo { &mut self.history.undo } else { &mut self.history.redo };
        to.push(back);
        self.flush_some(self.write_limit);
        Ok(Some(label))
    }

    /// Puts back the states a step holds; returns the step that puts back what they replaced.
    fn swap(&mut self, step: Step, now: &Timestamp) -> Result<Step, Refused> {
        self.history.burst_open = false;
        self.history.dirty = true;
        self.history.dropped.push(step.name.clone());
        self.session.take_befores();
        // All or nothing: a state that cannot be read changes nothing.
        self.session
            .put_many(&step.states, true)
            .map_err(|e| Refused::Damaged(format!("that step cannot be undone: {e}")))?;
        let states = self.session.take_befores();
        self.mark_unsaved(now);
        let name = self.next_step_name();
        self.history.unwritten.push(name.clone());
        Ok(Step { name, label: step.label, burst: None, states })
    }

    /// Writes every change not yet written: each changed annotation (merged with what another
    /// tab may have written meanwhile), then the undo log. A refused write keeps what is stored
    /// as it was and the change in memory, and is tried again at the next flush.
    pub fn flush(&mut self) {
        self.typing = None;
        self.flush_some(usize::MAX);
    }

    /// Writes the next slice of what a big change left (as [`Workspace::flush_some`]), but not
    /// a note still being typed: that waits for the pause. Returns whether all else is written.
    pub fn flush_slice(&mut self, records: usize) -> bool {
        let Some(typing) = self.typing.clone() else { return self.flush_some(records) };
        let (held, rest): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.unsaved).into_iter().partition(|(u, _)| u == &typing);
        self.unsaved = rest;
        let done = self.flush_some(records);
        self.deduped &= held.len() <= 1;
        self.unsaved.extend(held);
        done
    }

    /// Writes at most `records` of the changed annotations (as [`Workspace::flush`] does);
    /// the undo log once they are all written. Returns whether everything is written.
    pub fn flush_some(&mut self, records: usize) -> bool {
        if self.read_only.is_some() {
            return true;
        }
        self.dedup_unsaved();
        // The latest changes first (a tag made while an import is being written is written at
        // once); what waits keeps its order.
        let mut left = std::mem::take(&mut self.unsaved);
        let mut latest = left.split_off(left.len() - records.min(left.len()));
        latest.reverse();
        self.cut_short = !left.is_empty();
        let ids: Vec<AnnotationId> = latest.iter().map(|(id, _)| id.clone()).collect();
        let mut failed = None;
        let states = self.session.snapshots(&ids);
        let mut written = Vec::new();
        for ((id, at), state) in latest.into_iter().zip(states) {
            if failed.is_some() {
                left.push((id, at));
                continue;
            }
            let known = self.revisions.get(&id);
            let write = Write {
                id: &id,
                state: state.as_ref(),
                known,
                base: self.revisions.base(&id),
                changed_at: at.as_str(),
            };
            match self.library.write_annotation(&self.key, &self.text, write) {
                Ok(Written::Ours(revision)) => written.push((id, revision, state)),
                Ok(Written::Merged(revision, merged)) => {
                    let _ = self.session.put(&id, Some(&merged), false);
                    self.conflicts.push(both_kept_message(&merged));
                    written.push((id, revision, Some(*merged)));
                }
                Ok(Written::Theirs(stored)) => {
                    let _ = self.session.put(&id, stored.state.as_ref(), false);
                    self.conflicts.push(conflict_message(stored.state.as_ref(), true));
                    self.revisions.insert(id, stored.revision, stored.state);
                }
                // That record is left alone (it says why); the others are written.
                Err(WriteError::Unreadable(e)) => {
                    let quote = state.map_or_else(String::new, |a| format!(" “{}”", shorten(&a.quote)));
                    self.conflicts
                        .push(format!("the annotation{quote} could not be saved: {}", WriteError::Unreadable(e)));
                }
                Err(WriteError::Store(fault)) => {
                    failed = Some(fault);
                    left.push((id, at));
                }
            }
        }
        self.revisions.set_all(written);
        self.unsaved = left;
        self.deduped = true;
        self.save_fault = failed;
        if self.save_fault.is_none() && self.unsaved.is_empty() && self.history.dirty {
            self.write_history_or_shorten();
        }
        self.unsaved.is_empty()
    }

    /// Leaves each id once in `unsaved`, with its latest change, in the order of those changes.
    fn dedup_unsaved(&mut self) {
        if self.deduped {
            return;
        }
        let mut pending: Vec<(usize, AnnotationId, Timestamp)> =
            std::mem::take(&mut self.unsaved).into_iter().enumerate().map(|(i, (id, at))| (i, id, at)).collect();
        // Equal hashes keep their order: the last is latest.
        order::sort_by_key(&mut pending, |(_, id, _)| fnv1a(id.as_str()));
        let mut latest: Vec<(usize, AnnotationId, Timestamp)> = Vec::with_capacity(pending.len());
        for (i, id, at) in pending {
            match latest
                .iter_mut()
                .rev()
                .take_while(|(_, l, _)| fnv1a(l.as_str()) == fnv1a(id.as_str()))
                .find(|(_, l, _)| l == &id)
            {
                Some(entry) => (entry.0, entry.2) = (i, at),
                None => latest.push((i, id, at)),
            }
        }
        order::sort_by_key(&mut latest, |(i, _, _)| *i as u64);
        self.unsaved = latest.into_iter().map(|(_, id, at)| (id, at)).collect();
        self.deduped = true;
    }

    /// Writes the undo log; when storage is full, drops its older half and tries once more (the
    /// annotations matter more than the means to undo their oldest changes).
    fn write_history_or_shorten(&mut self) {
        self.history_error = match self.write_history() {
            Err(WriteError::Store(Fault::Full)) if self.history.undo.len() > 1 => {
                let older: Vec<Step> = self.history.undo.drain(..self.history.undo.len() / 2).collect();
                self.history.dropped.extend(older.into_iter().map(|s| s.name));
                self.history.dirty = true;
                self.write_history().err()
            }
            result => result.err(),
        }
        .map(|e| format!("the undo log could not be saved ({e}); your annotations are saved"));
    }

    fn write_history(&mut self) -> Result<(), WriteError> {
        // Another tab wrote the log since this one did: its head lists other steps, and a tab
        // opened since may have removed this one's as unlisted; those are written again.
        let stored = self.library.history_head(&self.key).map_err(WriteError::Unreadable)?;
        let names = |undo: &[Step], redo: &[Step]| -> (Vec<String>, Vec<String>) {
            (undo.iter().map(|s| s.name.clone()).collect(), redo.iter().map(|s| s.name.clone()).collect())
        };
        if stored.as_ref().map(|h| (h.undo.clone(), h.redo.clone())) != self.history.written {
            let (undo, redo) = names(&self.history.undo, &self.history.redo);
            let all: Vec<String> = undo.into_iter().chain(redo).collect();
            let missing = self.library.missing_steps(&self.key, &all);
            self.history.unwritten.extend(missing);
        }
        let h = &self.history;
        let steps: Vec<&Step> = h.undo.iter().chain(&h.redo).collect();
        let records: Vec<(String, StepV2)> = h
            .unwritten
            .iter()
            .filter_map(|name| steps.iter().find(|s| &s.name == name))
            .map(|s| (s.name.clone(), step_record(s)))
            .collect();
        let changed: Vec<(&str, &StepV2)> = records.iter().map(|(n, s)| (n.as_str(), s)).collect();
        let (undo, redo) = names(&h.undo, &h.redo);
        let head = HistoryV2 { version: VERSION, revision: 0, next: h.counter, undo: undo.clone(), redo: redo.clone() };
        let dropped: Vec<String> = h.dropped.clone();
        self.library.write_history(&self.key, &head, &changed, &dropped)?;
        self.history.written = Some((undo, redo));
        self.history.unwritten.clear();
        self.history.dropped.clear();
        self.history.dirty = false;
        Ok(())
    }

    /// Takes in a change another tab made to storage (the browser's `storage` event names the
    /// key): an annotation of this article is read again and shown as the other tab left it.
    /// A change this tab had not yet written to the same annotation gives way to it, and says
    /// so.
    pub fn sync(&mut self, storage_key: &str) -> Synced {
        let mut synced = Synced::default();
        match Record::of(storage_key) {
            Record::Annotation { article, id } if article == self.key => {
                let Ok(Some(stored)) = self.library.annotation(&article, &id) else { return synced };
                let known = self.revisions.get(&stored.id);
                if stored.revision <= known {
                    return synced;
                }
                let ours = self.unsaved.iter().rev().find(|(u, _)| u == &stored.id).map(|(_, at)| at.clone());
                if let Some(ours) = ours {
                    // Both tabs changed it: the later change is kept, as when writing, and what
                    // only the earlier one changed too.
                    let ours_later = ours.as_str() > stored.written.as_str();
                    let mine = self.session.snapshot(&stored.id);
                    let merged = match (&mine, &stored.state) {
                        (Some(mine), Some(theirs)) => {
                            let (later, earlier) = if ours_later { (mine, theirs) } else { (theirs, mine) };
                            merge(self.revisions.base(&stored.id), later, earlier)
                        }
                        _ => None,
                    };
                    if let Some(merged) = merged {
                        // Written at the next flush, over the revision seen here.
                        let _ = self.session.put(&stored.id, Some(&merged), false);
                        self.conflicts.push(both_kept_message(&merged));
                        self.revisions.insert(stored.id, stored.revision, stored.state);
                        synced.annotations = true;
                        synced.conflicts = self.take_conflicts();
                        return synced;
                    }
                    if ours_later {
                        // This tab's change is written over theirs at the next flush.
                        self.conflicts.push(conflict_message(stored.state.as_ref(), false));
                        self.revisions.insert(stored.id, stored.revision, stored.state);
                        synced.conflicts = self.take_conflicts();
                        return synced;
                    }
                    self.unsaved.retain(|(u, _)| u != &stored.id);
                    self.conflicts.push(conflict_message(stored.state.as_ref(), true));
                }
                let placed = self.session.put(&stored.id, stored.state.as_ref(), false);
                if placed.is_ok() {
                    self.revisions.insert(stored.id, stored.revision, stored.state);
                    synced.annotations = true;
                }
            }
            Record::Index | Record::Text { .. } => synced.library = true,
            _ => {}
        }
        synced.conflicts = self.take_conflicts();
        synced
    }
}

/// What to say when both tabs changed different parts of one annotation.
fn both_kept_message(merged: &AnnotationV1) -> String {
    format!("“{}” was changed in another tab too; both changes are kept", shorten(&merged.quote))
}

/// What to say when both tabs changed one annotation: `theirs` (as the other tab left it) was
/// kept, or this tab's later change was.
fn conflict_message(their_state: Option<&AnnotationV1>, theirs: bool) -> String {
    match (their_state, theirs) {
        (Some(a), true) => format!(
            "“{}” was changed in another tab too; the later change, from the other tab, is kept",
            shorten(&a.quote)
        ),
        (Some(a), false) => format!(
            "“{}” was changed in another tab too; your change here is later, and is kept",
            shorten(&a.quote)
        ),
        (None, false) => "an annotation you changed here was deleted in another tab; your later change keeps it".into(),
        (None, true) => {
            "an annotation you changed was deleted in another tab, later; it stays deleted (Undo in that tab brings it back)"
                .into()
        }
    }
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

fn step_record(step: &Step) -> StepV2 {
    StepV2 {
        version: VERSION,
        label: step.label.clone(),
        burst: step.burst.as_ref().map(ToString::to_string),
        states: step
            .states
            .iter()
            .map(|(id, state)| StateV2 { id: id.to_string(), annotation: state.clone() })
            .collect(),
    }
}

fn load_history<S: Storage>(library: &Library<S>, key: &str) -> History {
    let (head, steps) = library.history(key);
    let step_of = |name: &String| -> Option<Step> {
        let (_, record) = steps.iter().find(|(n, _)| n == name)?;
        let states = record
            .states
            .iter()
            .map(|s| Some((AnnotationId::parse(&s.id).ok()?, s.annotation.clone())))
            .collect::<Option<Vec<Before>>>()?;
        let burst = record.burst.as_deref().and_then(|b| AnnotationId::parse(b).ok());
        Some(Step { name: name.clone(), label: record.label.clone(), burst, states })
    };
    library.remove_unlisted_steps(key, &head);
    let history = History {
        undo: head.undo.iter().filter_map(step_of).collect(),
        redo: head.redo.iter().filter_map(step_of).collect(),
        counter: head.next.max(head.revision),
        ..History::default()
    };
    History { written: Some((head.undo, head.redo)), ..history }
}
