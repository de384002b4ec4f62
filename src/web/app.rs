//! The handle the page holds: an article open in the page with its annotations. Big data (the
//! text, the annotations) stays here; the page receives small views.
//!
//! Built twice: as the app module, and (`--features view`) as the first screen's module, which
//! shows the article open last with its annotations and changes nothing: a subset, so what only
//! changes use is unused there.
#![cfg_attr(feature = "view", allow(dead_code, unused_imports, unused_variables))]

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::storage::{self, Browser};
use super::{error, now, to_js, ReportView};
use crate::annotation::{Annotation, AnnotationId, Tag};
use crate::article::{Article, BlockKind};
use crate::library::{Fault, Library, Storage};
use crate::saved::ArticleSourceV1;
use crate::text::{CpSpan, Text};
use crate::workspace::{Refused, Synced, Workspace};

#[wasm_bindgen]
pub struct Newsmark {
    workspace: Rc<RefCell<Workspace<Browser>>>,
    /// Another tab's changes, taken in as they are stored; removed with the handle. None in the
    /// first screen's module, which only shows: the page opens the article in the app module
    /// at the first sign of use (another tab's change is one).
    _listener: Option<EventListener>,
}

/// What another tab's change came to here, for the page's `on_change`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SyncView {
    annotations: bool,
    library: bool,
    conflicts: Vec<String>,
}

/// How many annotations one call writes at most (each is read, written and read back): an
/// import of 10,000 is written a slice at a time, the page answering in between.
const WRITE_SLICE: usize = 400;

/// The state of saving, for the bar: kept, not kept and why, or read-only.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SaveView<'a> {
    /// Why nothing outlives the tab (storage is off here), if so.
    memory_only: Option<String>,
    read_only: Option<&'a str>,
    /// Why the last save failed, if it did.
    save_error: Option<String>,
    /// Why the undo log could not be saved (the annotations were), if so.
    history_error: Option<&'a str>,
    /// `full`: the last save failed for want of space.
    full: bool,
    unsaved: bool,
    /// What a big change left to write: the page calls `flush_step` again.
    more: bool,
    undo: Option<&'a str>,
    redo: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArticleView<'a> {
    title: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<&'a str>,
    lang: Option<&'a str>,
    slug: String,
    blocks: Vec<BlockView<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BlockView<'a> {
    kind: BlockKind,
    text: &'a str,
    start_u16: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AnnotationView<'a> {
    id: &'a str,
    tag: &'a str,
    extra_tags: &'a [String],
    note: &'a str,
    quote: &'a str,
    start_u16: usize,
    end_u16: usize,
    review: bool,
    /// When it was made (RFC 3339, UTC): the list's order by time.
    created: &'a str,
    /// Its place in text order, in a list of changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<usize>,
}

impl<'a> AnnotationView<'a> {
    fn of(a: &'a Annotation, text: &Text) -> AnnotationView<'a> {
        AnnotationView {
            id: a.id.as_str(),
            tag: a.tag.as_str(),
            extra_tags: &a.extra_tags,
            note: &a.note,
            quote: &a.quote,
            start_u16: text.u16_of_cp(a.span.start_cp()).unwrap_or(0),
            end_u16: text.u16_of_cp(a.span.end_cp()).unwrap_or(0),
            review: a.review,
            created: a.created.as_str(),
            at: None,
        }
    }
}

/// The legend's figures (see [`Newsmark::tally`]).
#[derive(Serialize, Default)]
struct Tally {
    counts: [usize; 3],
    review: usize,
    shares: Vec<String>,
}

/// What placing at positions left to anchor, with the saving state.
#[derive(Serialize)]
struct Placed<'a> {
    left: usize,
    #[serde(flatten)]
    save: SaveView<'a>,
}

#[derive(Serialize)]
struct ChangesView<'a> {
    all: bool,
    changed: Vec<AnnotationView<'a>>,
    removed: Vec<&'a str>,
    unplaced: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UnplacedView<'a> {
    id: &'a str,
    tag: &'a str,
    note: &'a str,
    quote: &'a str,
    state: &'a str,
}

/// The result of a change: the annotation it touched (`new: false` when tagging found one
/// already covering the passage), what another tab's change overrode, and the saving state.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Changed<'a> {
    id: Option<String>,
    new: bool,
    /// What Undo or Redo undid or redid: "tag", "note", "delete", …
    label: Option<String>,
    /// How many passages a change tagged anew, where it tagged many (`tag_all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    made: Option<usize>,
    conflicts: Vec<String>,
    #[serde(flatten)]
    save: SaveView<'a>,
}

#[wasm_bindgen]
impl Newsmark {
    /// Opens plain text as an article under `key` (its library name; the demo's path) and
    /// restores what is stored for it. `on_change` is called with `{annotations, library,
    /// conflicts}` when another tab changes what is stored. When the text differs from the one
    /// the annotations were saved on, they wait to be anchored (`pending`).
    #[wasm_bindgen(constructor)]
    pub fn open_text(source: &str, key: &str, on_change: js_sys::Function) -> Newsmark {
        Newsmark::open(key, Article::from_plain_text(source), None, on_change)
    }

    /// Opens an article of the library from its stored text.
    ///
    /// # Errors
    /// When its text is not stored (or cannot be read): the message says what is kept of it.
    pub fn open_key(key: &str, on_change: js_sys::Function) -> Result<Newsmark, JsError> {
        let library = library();
        let source = library.source(key).map_err(error)?;
        let Some(source) = source else {
            return Err(error("the text of this article is no longer stored in this browser; its annotations are kept: open its file or page again to see them, or download them from the library"));
        };
        Ok(Newsmark::open(key, source.to_article(), None, on_change))
    }

    /// The first screen's module only reads what is stored (the app module, loaded at the first
    /// sign of use, opens the article again to edit it).
    #[cfg(feature = "view")]
    fn open(key: &str, article: Article, _source: Option<&ArticleSourceV1>, _on_change: js_sys::Function) -> Newsmark {
        // The undo log is read by the app module: here it is only looked for, so that Undo is
        // offered (what it undoes is said once the app module has read it).
        let workspace = Workspace::read(storage::store().0, key, article, &tab(), false);
        Newsmark { workspace: Rc::new(RefCell::new(workspace)), _listener: None }
    }

    #[cfg(not(feature = "view"))]
    fn open(key: &str, article: Article, source: Option<&ArticleSourceV1>, on_change: js_sys::Function) -> Newsmark {
        let (store, _) = storage::store();
        let mut workspace = Workspace::open(store, key, article, source, &tab(), &now());
        workspace.set_write_limit(WRITE_SLICE);
        let workspace = Rc::new(RefCell::new(workspace));
        let weak = Rc::downgrade(&workspace);
        let window = web_sys::window().expect_throw("the app runs in a window");
        let listener = EventListener::new(&window, "storage", move |event| {
            let Some(workspace) = weak.upgrade() else { return };
            let key = event.dyn_ref::<web_sys::StorageEvent>().and_then(web_sys::StorageEvent::key);
            let synced = match (key, workspace.try_borrow_mut()) {
                (Some(key), Ok(mut ws)) => ws.sync(&key),
                // Storage cleared in another tab, or a call is under way: reread the list.
                _ => Synced { library: true, ..Synced::default() },
            };
            if synced.annotations || synced.library || !synced.conflicts.is_empty() {
                let view =
                    SyncView { annotations: synced.annotations, library: synced.library, conflicts: synced.conflicts };
                let _ = on_change.call1(&JsValue::NULL, &to_value(&view));
            }
        });
        Newsmark { workspace, _listener: Some(listener) }
    }

    /// The name its annotations are kept under in the library.
    pub fn name(&self) -> String {
        self.workspace.borrow().key().to_string()
    }

    /// The fingerprint of the article's text: the same text, the same fingerprint.
    pub fn fingerprint(&self) -> String {
        self.workspace.borrow().session().article().fingerprint()
    }

    /// Title, byline, date, slug and blocks (kind, text, UTF-16 start in the canonical text).
    pub fn article(&self) -> JsValue {
        let ws = self.workspace.borrow();
        let article = ws.session().article();
        let text = article.text();
        let blocks = article
            .block_spans()
            .iter()
            .map(|span| BlockView {
                kind: span.kind,
                text: &article.blocks()[span.index].text,
                start_u16: text.u16_of_cp(span.span.start_cp()).unwrap_or(0),
            })
            .collect();
        to_js(&ArticleView {
            title: article.title(),
            byline: article.byline(),
            lang: article.lang(),
            published: article.published(),
            slug: article.slug(),
            blocks,
        })
    }

    /// The placed annotations in text order, with UTF-16 offsets for drawing them. A big view:
    /// it goes through JSON (measured smaller and faster than serde-wasm-bindgen for it).
    pub fn annotations(&self) -> JsValue {
        let ws = self.workspace.borrow();
        let text = ws.session().article().text();
        let views: Vec<AnnotationView> = ws.session().store().iter().map(|a| AnnotationView::of(a, text)).collect();
        to_js(&views)
    }

    /// Orphaned and ambiguous annotations: kept, shown, never dropped.
    pub fn unplaced(&self) -> JsValue {
        let ws = self.workspace.borrow();
        let views: Vec<UnplacedView> = ws
            .session()
            .unplaced()
            .iter()
            .map(|u| UnplacedView {
                id: u.annotation.id.as_str(),
                tag: u.annotation.tag.as_str(),
                note: &u.annotation.note,
                quote: &u.annotation.exact,
                state: u.state.as_str(),
            })
            .collect();
        to_js(&views)
    }

    /// What opening found wrong (unreadable records, an article too big to keep), once.
    pub fn restore_problems(&self) -> Vec<String> {
        self.workspace.borrow_mut().take_problems()
    }

    /// Saving: memory only, read-only, the last save's error, what Undo and Redo would do.
    pub fn save_state(&self) -> JsValue {
        let ws = self.workspace.borrow();
        to_value(&save_view(&ws))
    }

    /// How many annotations wait to be anchored.
    pub fn pending(&self) -> usize {
        self.workspace.borrow().session().pending()
    }

    /// The passage a selection snaps to, `[startU16, endU16]`, or an error saying why the
    /// selection cannot be tagged.
    pub fn snap(&self, start_u16: usize, end_u16: usize) -> Result<Vec<usize>, JsError> {
        let ws = self.workspace.borrow();
        let text = ws.session().article().text();
        let span = text.snap_to_words(text.span_of_u16(start_u16, end_u16).map_err(error)?).map_err(error)?;
        Ok(vec![text.u16_of_cp(span.start_cp()).unwrap_or(0), text.u16_of_cp(span.end_cp()).unwrap_or(0)])
    }

    /// The theme the reader chose and newsmark keeps (`light`, `dark`), none to follow the
    /// system's.
    pub fn theme(&self) -> Option<String> {
        self.workspace.borrow().library().theme()
    }

    /// What the legend says of the annotations: how many of each of newsmark's tags (in the
    /// order of [`Tag::OURS`]) and the share of the text each covers ("12%"), and how many
    /// are to review.
    pub fn tally(&self) -> JsValue {
        let ws = self.workspace.borrow();
        let store = ws.session().store();
        let text = ws.session().article().text().len_cp();
        let mut tally = Tally::default();
        for a in store.iter() {
            if let Some(i) = Tag::OURS.iter().position(|t| t == &a.tag) {
                tally.counts[i] += 1;
            }
            tally.review += usize::from(a.review);
        }
        tally.shares = Tag::OURS.iter().map(|t| crate::export::page::share(store.covered(t), text)).collect();
        to_js(&tally)
    }

    /// The ids of the annotations at a UTF-16 offset, the shortest first, for clicks on
    /// highlights (a click again on the same text selects the next).
    pub fn annotations_at(&self, offset_u16: usize) -> Vec<String> {
        let ws = self.workspace.borrow();
        let Ok(cp) = ws.session().article().text().cp_of_u16(offset_u16) else { return Vec::new() };
        ws.session().store().all_at(cp).iter().map(|a| a.id.to_string()).collect()
    }
}

/// Changes, opening a file's article, and what the exports and the intake module's matcher
/// read: in the app module only (the first screen's module shows an article, and changes
/// nothing).
#[cfg(not(feature = "view"))]
#[wasm_bindgen]
impl Newsmark {
    /// What changed since the last call, for drawing it alone: `{all}` (draw the whole list
    /// again: many changed), else `{changed, removed, unplaced}`: the annotations added or
    /// changed with their place `at` in text order, the ids removed, and how many are unplaced.
    pub fn take_changes(&mut self) -> JsValue {
        let mut ws = self.workspace.borrow_mut();
        let touched = ws.session_mut().take_touched();
        let session = ws.session();
        let (store, text) = (session.store(), session.article().text());
        let mut ids = touched.ids;
        ids.sort_unstable();
        ids.dedup();
        let mut changed = Vec::new();
        let mut removed = Vec::new();
        for id in &ids {
            match store.find(id) {
                Some((at, a)) => changed.push(AnnotationView { at: Some(at), ..AnnotationView::of(a, text) }),
                None => removed.push(id.as_str()),
            }
        }
        changed.sort_unstable_by_key(|c| c.at);
        to_js(&ChangesView { all: touched.all, changed, removed, unplaced: session.unplaced().len() })
    }

    /// Opens an article given as `ArticleSourceV1` JSON (as `article_source` gives it, or as an
    /// exported page carries it) and keeps it in the library, under its library name when
    /// `key` is empty.
    ///
    /// # Errors
    /// When the JSON is not such an article.
    pub fn open_source(article_json: &str, key: &str, on_change: js_sys::Function) -> Result<Newsmark, JsError> {
        let source = ArticleSourceV1::parse(article_json).map_err(error)?;
        let article = source.to_article();
        let name = if key.is_empty() { article.library_name() } else { key.to_string() };
        Ok(Newsmark::open(&name, article, Some(&source), on_change))
    }

    /// The article as `ArticleSourceV1` JSON: what an exported page carries.
    pub fn article_source(&self) -> String {
        ArticleSourceV1::of(self.workspace.borrow().session().article()).to_json()
    }

    /// Everything of this article's annotations, in the saved format (for the exports).
    pub fn saved_json(&self) -> String {
        self.workspace.borrow().session().to_saved_json()
    }

    /// The annotations waiting to be anchored, in the saved format, for the intake module's
    /// `Anchorer` (the matcher lives there: most page loads never need it).
    pub fn pending_json(&self) -> String {
        self.workspace.borrow().session().pending_json()
    }

    /// The article's canonical text, for the `Anchorer`.
    pub fn canonical_text(&self) -> String {
        self.workspace.borrow().session().article().text().as_str().to_string()
    }

    /// Places the waiting annotations still found at their positions (no matcher needed) and
    /// saves them; the result's `left` says how many still wait for the intake module's.
    pub fn place_at_positions(&mut self) -> JsValue {
        let mut ws = self.workspace.borrow_mut();
        let left = ws.place_at_positions(&now());
        let state = save_view(&ws);
        to_value(&Placed { left, save: state })
    }

    /// Takes back what the `Anchorer` found (its saved JSON for this same text): the waiting
    /// annotations it holds are placed or kept as orphans, and saved.
    ///
    /// # Errors
    /// When the JSON is not in the saved format; nothing changes then.
    pub fn adopt(&mut self, saved_json: &str) -> Result<JsValue, JsError> {
        self.change(|ws| ws.adopt(saved_json, &now()).map(|()| Outcome::default()))
    }

    /// What anchoring found since the last call: counts by state, duplicates, problems.
    pub fn take_report(&mut self) -> JsValue {
        to_js(&ReportView::from(self.workspace.borrow_mut().session_mut().take_report()))
    }

    /// Queues annotations read by the intake module (the saved format) for anchoring, as one
    /// undoable step; call `place_step` until it returns true. Returns how many were queued.
    ///
    /// # Errors
    /// When the JSON is not in the saved format, or the article is read-only.
    pub fn enqueue(&mut self, saved_json: &str) -> Result<usize, JsError> {
        self.workspace.borrow_mut().enqueue(saved_json, &now()).map_err(error)
    }

    /// Tags the selection (UTF-16 offsets in the canonical text), snapped to whole words. When
    /// an annotation already covers exactly that passage, nothing changes and `new` is false.
    pub fn tag_selection(&mut self, start_u16: usize, end_u16: usize, tag: &str) -> Result<JsValue, JsError> {
        let tag = parse_tag(tag)?;
        let selection =
            self.workspace.borrow().session().article().text().span_of_u16(start_u16, end_u16).map_err(error)?;
        self.change(|ws| {
            let tagged = ws.tag(selection, tag, new_id(), &now())?;
            Ok(Outcome { existing: !tagged.new, ..Outcome::about(tagged.id) })
        })
    }

    /// Tags every passage (`spans_u16`: start and end of each, in pairs) with `tag`, as one undo
    /// step: accepting all the suggestions of a tag. `made` in the result says how many were
    /// tagged anew.
    pub fn tag_all(&mut self, spans_u16: Vec<usize>, tag: &str) -> Result<JsValue, JsError> {
        let tag = parse_tag(tag)?;
        let passages: Vec<(CpSpan, Tag)> = {
            let ws = self.workspace.borrow();
            let text = ws.session().article().text();
            spans_u16
                .chunks_exact(2)
                .filter_map(|p| text.span_of_u16(p[0], p[1]).ok())
                .map(|s| (s, tag.clone()))
                .collect()
        };
        let mut made = 0;
        let result = self.change(|ws| {
            made = ws.tag_all(&passages, new_id, &now())?;
            Ok(Outcome::default())
        })?;
        js_sys::Reflect::set(&result, &"made".into(), &JsValue::from(made as u32))
            .map_err(|_| JsError::new("no result"))?;
        Ok(result)
    }

    /// Changes an annotation's tag and/or note (`undefined` keeps it). A note alone is not
    /// written at once: call `flush` when the typing pauses (or the page is left).
    pub fn edit(&mut self, id: &str, tag: Option<String>, note: Option<String>) -> Result<JsValue, JsError> {
        let id = parse_id(id)?;
        let tag = tag.as_deref().map(parse_tag).transpose()?;
        let defer = tag.is_none();
        self.change(|ws| ws.edit(&id, tag, note.as_deref(), &now(), defer).map(|()| Outcome::about(id.clone())))
    }

    /// Writes the next slice of what a big change left to write (see `WRITE_SLICE`); the
    /// result's `more` says whether to call again.
    pub fn flush_step(&mut self) -> JsValue {
        let mut ws = self.workspace.borrow_mut();
        ws.flush_slice(WRITE_SLICE);
        to_value(&save_view(&ws))
    }

    /// Writes what waits to be written (a note being typed); ends its typing burst when `end`.
    pub fn flush(&mut self, end: bool) -> JsValue {
        let mut ws = self.workspace.borrow_mut();
        if end {
            ws.end_burst();
        }
        ws.flush();
        to_value(&save_view(&ws))
    }

    /// Accepts where approximate matching placed one annotation, or all with `undefined`.
    pub fn accept_review(&mut self, id: Option<String>) -> Result<JsValue, JsError> {
        let id = id.as_deref().map(parse_id).transpose()?;
        self.change(|ws| {
            ws.accept_review(id.as_ref(), &now())?;
            Ok(Outcome { id: id.clone(), ..Outcome::default() })
        })
    }

    /// Gives an orphaned or ambiguous annotation the selected passage.
    pub fn reattach(&mut self, id: &str, start_u16: usize, end_u16: usize) -> Result<JsValue, JsError> {
        let id = parse_id(id)?;
        let selection =
            self.workspace.borrow().session().article().text().span_of_u16(start_u16, end_u16).map_err(error)?;
        self.change(|ws| ws.reattach(&id, selection, &now()).map(|()| Outcome::about(id.clone())))
    }

    /// Deletes an annotation, placed or not (undoable).
    /// The ids of the suggestions the reader rejected for this article.
    pub fn rejected_suggestions(&self) -> Vec<String> {
        let ws = self.workspace.borrow();
        ws.library().rejected(ws.key())
    }

    /// Remembers a rejected suggestion for this article, or with none forgets them all.
    ///
    /// # Errors
    /// Storage refused it, or the library's index cannot be read (left as it is).
    pub fn reject_suggestion(&self, id: Option<String>) -> Result<(), JsError> {
        let ws = self.workspace.borrow();
        ws.library().set_rejected(ws.key(), id.as_deref()).map_err(error)
    }

    /// Keeps the theme the reader chose (`light`, `dark`; none: follow the system).
    ///
    /// # Errors
    /// Storage refused it, or the stored preferences cannot be read (left as they are).
    pub fn set_theme(&self, theme: Option<String>) -> Result<(), JsError> {
        self.workspace.borrow().library().set_theme(theme.as_deref()).map_err(error)
    }

    pub fn remove(&mut self, id: &str) -> Result<JsValue, JsError> {
        let id = parse_id(id)?;
        self.change(|ws| ws.remove(&id, &now()).map(|()| Outcome::default()))
    }

    /// Undoes the last change; `label` says what it was (none: nothing to undo).
    pub fn undo(&mut self) -> Result<JsValue, JsError> {
        self.replay(false)
    }

    /// Redoes the last undone change; `label` says what it was (none: nothing to redo).
    pub fn redo(&mut self) -> Result<JsValue, JsError> {
        self.replay(true)
    }

    fn replay(&mut self, redo: bool) -> Result<JsValue, JsError> {
        self.change(|ws| {
            let label = if redo { ws.redo(&now()) } else { ws.undo(&now()) }?;
            Ok(Outcome { label, ..Outcome::default() })
        })
    }

    /// Traps, as a bug in the core would: for the browser test of the page's recovery (the page
    /// lends it only to automated browsers).
    #[doc(hidden)]
    pub fn trap_for_tests(&mut self) {
        // Inside a change, as a real bug would be: the handle stays borrowed.
        let _ws = self.workspace.borrow_mut();
        std::process::abort()
    }

    /// Runs a change and reports it with the saving state.
    fn change(
        &mut self,
        run: impl FnOnce(&mut Workspace<Browser>) -> Result<Outcome, Refused>,
    ) -> Result<JsValue, JsError> {
        let mut ws = self.workspace.borrow_mut();
        let outcome = run(&mut ws).map_err(error)?;
        Ok(changed(&mut ws, outcome))
    }
}

/// What a change came to, before the saving state is added to it.
#[derive(Default)]
struct Outcome {
    /// The annotation it touched, for the page to select.
    id: Option<AnnotationId>,
    /// Tagging found an annotation already covering the passage.
    existing: bool,
    /// What Undo or Redo undid or redid.
    label: Option<String>,
    /// How many passages were tagged anew, by a change that tags many.
    made: Option<usize>,
}

impl Outcome {
    fn about(id: AnnotationId) -> Outcome {
        Outcome { id: Some(id), ..Outcome::default() }
    }
}

/// A change's result for the page. Not inlined into each change: one copy of the view's
/// serializer serves them all (it is kilobytes of Wasm).
#[inline(never)]
fn changed(ws: &mut Workspace<Browser>, outcome: Outcome) -> JsValue {
    let changed = Changed {
        id: outcome.id.map(|i| i.to_string()),
        new: !outcome.existing,
        label: outcome.label,
        made: outcome.made,
        conflicts: ws.take_conflicts(),
        save: save_view(ws),
    };
    to_value(&changed)
}

fn save_view(ws: &Workspace<Browser>) -> SaveView<'_> {
    SaveView {
        memory_only: storage::store().1,
        read_only: ws.read_only(),
        save_error: ws.save_fault().map(ToString::to_string),
        full: ws.save_fault() == Some(&Fault::Full),
        history_error: ws.history_error(),
        unsaved: ws.unsaved(),
        more: ws.more_to_write(),
        undo: ws.undo_label(),
        redo: ws.redo_label(),
    }
}

fn new_id() -> AnnotationId {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    AnnotationId::from_random(bytes)
}

fn parse_tag(name: &str) -> Result<Tag, JsError> {
    Tag::parse(name).ok_or_else(|| error(format!("{name:?} is not a tag: use claim, accusation or opinion")))
}

fn parse_id(id: &str) -> Result<AnnotationId, JsError> {
    AnnotationId::parse(id).map_err(error)
}

/// A small structured value as a JS object (serde-wasm-bindgen: no JSON text in between).
fn to_value(value: &impl Serialize) -> JsValue {
    // Maps (a flattened struct is one) as plain objects, not ES `Map`s.
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// This page's name for its undo steps in storage: two tabs never write the same step.
fn tab() -> String {
    thread_local! {
        static TAB: String = {
            let mut bytes = [0u8; 4];
            for b in &mut bytes {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        };
    }
    TAB.with(Clone::clone)
}

fn library() -> Library<Browser> {
    Library::open(storage::store().0)
}

/// The article open last, if any (the page opens it at start).
#[wasm_bindgen]
pub fn library_current() -> Option<String> {
    library().current()
}

/// Whether this browser holds data of an earlier version, to be migrated (by the intake
/// module's `library_migrate`) before anything is opened.
#[wasm_bindgen]
pub fn library_needs_migration() -> bool {
    library().needs_migration()
}

// The raw store, for the intake module's library calls (the library dialog, migration): one
// store per page, so both modules see the same data, in memory too when storage is off.

#[wasm_bindgen]
pub fn store_get(key: &str) -> Option<String> {
    storage::store().0.get(key).ok().flatten()
}

/// Stores a value: `""` when done, `"full"` when the quota is used up, else why not.
#[wasm_bindgen]
pub fn store_set(key: &str, value: &str) -> String {
    match storage::store().0.set(key, value) {
        Ok(()) => String::new(),
        Err(Fault::Full) => "full".into(),
        Err(e) => e.to_string(),
    }
}

#[wasm_bindgen]
pub fn store_remove(key: &str) {
    let _ = storage::store().0.remove(key);
}

#[wasm_bindgen]
pub fn store_keys() -> Vec<String> {
    storage::store().0.keys().unwrap_or_default()
}

/// Why nothing outlives the tab, when storage is off here.
#[wasm_bindgen]
pub fn store_memory_only() -> Option<String> {
    storage::store().1
}
