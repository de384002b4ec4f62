//! One annotation's state as it is saved (placed, unplaced, or waiting to be anchored): taken
//! from the session ([`Session::snapshot`]) and put back into it ([`Session::put`]), one at a
//! time or many in passes that stay linear; and the changes a reader's action makes, with how
//! each annotation was before it (what undo puts back).

use super::{Before, Incoming, Session, Unplaced};
use crate::anchor::State;
use crate::annotation::{Annotation, AnnotationId, Tag, Timestamp};
use crate::article::fnv1a;
use crate::order;
use crate::saved::AnnotationV1;
use crate::text::CpSpan;

impl Session {
    /// The annotations changed since the last call, each once: what must be saved.
    pub fn take_changed(&mut self) -> Vec<AnnotationId> {
        let mut ids = std::mem::take(&mut self.changed);
        order::sort_by_key(&mut ids, |id| fnv1a(id.as_str()));
        ids.dedup();
        ids
    }

    /// How the annotations that the reader's changes touched were before them, since the last
    /// call: what undoing those changes puts back.
    pub fn take_befores(&mut self) -> Vec<Before> {
        std::mem::take(&mut self.befores)
    }

    /// Notes that a reader's change is about to alter `id`, keeping its state before the first
    /// touch.
    pub(super) fn touch(&mut self, id: &AnnotationId) {
        if !self.befores.iter().any(|(b, _)| b == id) {
            let before = self.snapshot(id);
            self.befores.push((id.clone(), before));
        }
        self.changed.push(id.clone());
    }

    /// An annotation as it would be saved: placed (with its position and stored context),
    /// unplaced (with its state) or waiting to be anchored; `None` when there is none.
    pub fn snapshot(&self, id: &AnnotationId) -> Option<AnnotationV1> {
        if let Some(a) = self.store.get(id) {
            return Some(saved_placed(a));
        }
        if let Some(u) = self.unplaced.iter().find(|u| &u.annotation.id == id) {
            return Some(saved_incoming(&u.annotation, Some(u.state)));
        }
        self.queue.iter().find(|q| &q.id == id).map(|q| saved_incoming(q, None))
    }

    /// Sets an annotation to a saved state, or removes it (`None`), wherever it is: what undo,
    /// redo and a change made in another tab do. A state whose position still holds its quote
    /// in this text is placed there; an unplaced one stays unplaced; any other waits to be
    /// anchored. `by_reader`: an undo or redo (touched and saved) rather than a change that
    /// is already stored.
    ///
    /// # Errors
    /// The state's id, times or span are not readable; nothing changes then.
    pub fn put(&mut self, id: &AnnotationId, state: Option<&AnnotationV1>, by_reader: bool) -> Result<(), String> {
        self.put_many(&[(id.clone(), state.cloned())], by_reader)
    }

    /// How many annotations are as [`Session::snapshot`] gives them, in one pass however many:
    /// what a save of many changes, or the undo of a whole import, needs.
    pub fn snapshots(&self, ids: &[AnnotationId]) -> Vec<Option<AnnotationV1>> {
        // The placed by the store's index; the waiting in one pass over them (when any wait).
        let mut out: Vec<Option<AnnotationV1>> = ids.iter().map(|id| self.store.get(id).map(saved_placed)).collect();
        if self.unplaced.is_empty() && self.queue.is_empty() {
            return out;
        }
        let wanted = IdSet::of(ids);
        for u in &self.unplaced {
            if let Some(i) = wanted.find(ids, &u.annotation.id) {
                out[i] = Some(saved_incoming(&u.annotation, Some(u.state)));
            }
        }
        for q in &self.queue {
            if let Some(i) = wanted.find(ids, &q.id) {
                out[i] = Some(saved_incoming(q, None));
            }
        }
        out
    }

    /// Sets many annotations to saved states at once (see [`Session::put`]), in passes that do
    /// not grow with the product of their number and the article's: undoing an import of
    /// thousands takes about as long as making it.
    ///
    /// # Errors
    /// A state is not readable; nothing changes then.
    pub fn put_many(&mut self, states: &[Before], by_reader: bool) -> Result<(), String> {
        // An id twice (a damaged step): its first state, the one from before, counts.
        let all: Vec<AnnotationId> = states.iter().map(|(id, _)| id.clone()).collect();
        let mut twin = twins(&all, 0).into_iter();
        let states: Vec<&Before> = states.iter().filter(|_| !twin.next().unwrap_or(false)).collect();
        let incoming = states
            .iter()
            .map(|(_, state)| state.as_ref().map(from_saved).transpose())
            .collect::<Result<Vec<_>, String>>()?;
        let ids: Vec<AnnotationId> = states.iter().map(|(id, _)| id.clone()).collect();
        if by_reader {
            let befores = self.snapshots(&ids);
            self.befores.extend(ids.iter().cloned().zip(befores));
            self.changed.extend(ids.iter().cloned());
        }
        let set = IdSet::of(&ids);
        self.store.retain(|a| set.find(&ids, &a.id).is_none());
        self.unplaced.retain(|u| set.find(&ids, &u.annotation.id).is_none());
        self.queue.retain(|q| set.find(&ids, &q.id).is_none());
        let mut placed = Vec::new();
        for (incoming, unplaced) in incoming.into_iter().flatten() {
            if let Some(state) = unplaced {
                self.unplaced.push(Unplaced { annotation: incoming, state });
                continue;
            }
            match incoming.position.filter(|&p| self.article.text().slice(p) == Some(incoming.exact.as_str())) {
                Some(span) => placed.push(self.placed_at(incoming, span)),
                None => self.queue.push_back(incoming),
            }
        }
        self.store.add_many(placed);
        Ok(())
    }

    /// An incoming annotation placed where its position says (its text there is its quote),
    /// with the context it came with, or described now when it came without.
    pub(super) fn placed_at(&self, incoming: Incoming, span: CpSpan) -> Annotation {
        let context = match (&incoming.prefix, &incoming.suffix) {
            (Some(p), Some(s)) => (p.clone(), s.clone()),
            _ => self.context_of(span),
        };
        let quote = incoming.exact.clone();
        let (modified, review) = (incoming.modified.clone(), incoming.review);
        incoming.place(span, quote, context, modified, review)
    }
}

/// For each of `ids[known..]`, whether an id before it (among the `known` ones, or earlier in
/// the rest) is the same. Ids are compared through a hash ordered with the shared sort, so a
/// file of thousands is checked in n log n (an ordered-set type would cost 6 KB of Wasm).
pub(super) fn twins(ids: &[AnnotationId], known: usize) -> Vec<bool> {
    let hash = |i: usize| fnv1a(ids[i].as_str());
    let mut by_hash: Vec<usize> = (0..ids.len()).collect();
    order::sort_by_key(&mut by_hash, |&i| hash(i));
    let mut twin = vec![false; ids.len()];
    for (n, &i) in by_hash.iter().enumerate() {
        // Equal hashes keep their order (the sort is stable): every earlier one came first.
        let earlier = by_hash[..n].iter().rev().take_while(|&&j| hash(j) == hash(i));
        twin[i] = earlier.clone().any(|&j| ids[j] == ids[i]);
    }
    twin.split_off(known)
}

/// A set of annotation ids looked up by hash: `(hash, index into the ids)`, sorted.
pub(super) struct IdSet(Vec<(u64, usize)>);

impl IdSet {
    pub(super) fn of(ids: &[AnnotationId]) -> IdSet {
        let mut set: Vec<(u64, usize)> = ids.iter().enumerate().map(|(i, id)| (fnv1a(id.as_str()), i)).collect();
        order::sort_by_key(&mut set, |e| e.0);
        IdSet(set)
    }

    /// Where `id` is in `ids` (the list the set was made of).
    pub(super) fn find(&self, ids: &[AnnotationId], id: &AnnotationId) -> Option<usize> {
        // A few ids are compared at once: cheaper than hashing each one looked for.
        if ids.len() <= 8 {
            return ids.iter().position(|i| i == id);
        }
        let h = fnv1a(id.as_str());
        let from = self.0.partition_point(|e| e.0 < h);
        self.0[from..].iter().take_while(|e| e.0 == h).map(|e| e.1).find(|&i| &ids[i] == id)
    }
}

/// A placed annotation as it is saved: its quote, the context stored with it, its position.
pub(super) fn saved_placed(a: &Annotation) -> AnnotationV1 {
    AnnotationV1 {
        id: a.id.to_string(),
        start_cp: Some(a.span.start_cp()),
        end_cp: Some(a.span.end_cp()),
        quote: a.quote.clone(),
        prefix: Some(a.prefix.clone()),
        suffix: Some(a.suffix.clone()),
        tag: a.tag.as_str().to_string(),
        extra_tags: a.extra_tags.clone(),
        note: a.note.clone(),
        created: a.created.as_str().to_string(),
        modified: a.modified.as_str().to_string(),
        review: a.review,
        unplaced: None,
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
pub fn from_saved(entry: &AnnotationV1) -> Result<(Incoming, Option<State>), String> {
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
