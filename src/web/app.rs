//! The handle the page holds: an article open in the page with its annotations. Big data (the
//! text, the annotations) stays here; the page receives small views.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{error, now, storage, to_js, ReportView};
use crate::annotation::{AnnotationId, Tag};
use crate::article::{Article, BlockKind};
use crate::saved::ArticleSourceV1;
use crate::session::Session;

#[wasm_bindgen]
pub struct Newsmark {
    session: Session,
    /// Where this article's annotations are saved (see [`storage`]).
    key: String,
    /// What restoring the saved annotations found wrong, for the page to show.
    restore_problems: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArticleView<'a> {
    title: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<&'a str>,
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

/// The result of a change: the annotation it touched, and why it could not be saved, if so.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Changed {
    id: Option<String>,
    save_error: Option<String>,
}

#[wasm_bindgen]
impl Newsmark {
    /// Opens plain text as an article and restores the annotations saved under `key` (the
    /// article's name: its file or URL). When the text differs from the one they were saved
    /// on, they wait to be anchored: call `place_step` until it returns true.
    #[wasm_bindgen(constructor)]
    pub fn open_text(source: &str, key: &str) -> Newsmark {
        let session = Session::new(Article::from_plain_text(source));
        let mut app = Newsmark { session, key: storage::key(key), restore_problems: Vec::new() };
        app.restore_problems = storage::restore(&app.key, &mut app.session);
        app
    }

    /// Opens an article given as `ArticleSourceV1` JSON (as `article_source` gives it, or as an
    /// exported page carries it) and restores the annotations saved under `key`, or under the
    /// article's library name when `key` is empty.
    ///
    /// # Errors
    /// When the JSON is not such an article.
    pub fn open_source(article_json: &str, key: &str) -> Result<Newsmark, JsError> {
        let article = ArticleSourceV1::parse(article_json).map_err(error)?.to_article();
        let name = if key.is_empty() { article.library_name() } else { key.to_string() };
        let mut app =
            Newsmark { session: Session::new(article), key: storage::key(&name), restore_problems: Vec::new() };
        app.restore_problems = storage::restore(&app.key, &mut app.session);
        Ok(app)
    }

    /// The name its annotations are saved under (see [`storage`]).
    pub fn name(&self) -> String {
        storage::name(&self.key).to_string()
    }

    /// The fingerprint of the article's text: the same text, the same fingerprint.
    pub fn fingerprint(&self) -> String {
        self.session.article().fingerprint()
    }

    /// The article as `ArticleSourceV1` JSON: what an exported page carries.
    pub fn article_source(&self) -> String {
        ArticleSourceV1::of(self.session.article()).to_json()
    }

    /// Everything saved for this article, in the saved format.
    pub fn saved_json(&self) -> String {
        self.session.to_saved_json()
    }

    /// Title, byline, date, slug and blocks (kind, text, UTF-16 start in the canonical text).
    pub fn article(&self) -> JsValue {
        let article = self.session.article();
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
            published: article.published(),
            slug: article.slug(),
            blocks,
        })
    }

    /// The placed annotations in text order, with UTF-16 offsets for drawing them.
    pub fn annotations(&self) -> JsValue {
        let text = self.session.article().text();
        let views: Vec<AnnotationView> = self
            .session
            .store()
            .iter()
            .map(|a| AnnotationView {
                id: a.id.as_str(),
                tag: a.tag.as_str(),
                extra_tags: &a.extra_tags,
                note: &a.note,
                quote: &a.quote,
                start_u16: text.u16_of_cp(a.span.start_cp()).unwrap_or(0),
                end_u16: text.u16_of_cp(a.span.end_cp()).unwrap_or(0),
                review: a.review,
            })
            .collect();
        to_js(&views)
    }

    /// Orphaned and ambiguous annotations: kept, shown, never dropped.
    pub fn unplaced(&self) -> JsValue {
        let views: Vec<UnplacedView> = self
            .session
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

    /// Messages from restoring the saved annotations, empty when all went well.
    pub fn restore_problems(&self) -> Vec<String> {
        self.restore_problems.clone()
    }

    /// The annotations waiting to be anchored, in the saved format, for the intake module's
    /// `Anchorer` (the matcher lives there: most page loads never need it).
    pub fn pending_json(&self) -> String {
        self.session.pending_json()
    }

    /// The article's canonical text, for the `Anchorer`.
    pub fn canonical_text(&self) -> String {
        self.session.article().text().as_str().to_string()
    }

    /// Takes back what the `Anchorer` found (its saved JSON for this same text): the waiting
    /// annotations it holds are placed or kept as orphans, then everything is saved.
    ///
    /// # Errors
    /// When the JSON is not in the saved format; nothing changes then.
    pub fn adopt(&mut self, saved_json: &str) -> Result<JsValue, JsError> {
        self.session.adopt(saved_json).map_err(error)?;
        Ok(self.saved(None))
    }

    /// How many annotations wait to be anchored.
    pub fn pending(&self) -> usize {
        self.session.pending()
    }

    /// What anchoring found since the last call: counts by state, duplicates, problems.
    pub fn take_report(&mut self) -> JsValue {
        to_js(&ReportView::from(self.session.take_report()))
    }

    /// Queues annotations read by the intake module (the saved format) for anchoring; call
    /// `place_step` until it returns true. Returns how many were queued.
    ///
    /// # Errors
    /// When the JSON is not in the saved format; nothing changes then.
    pub fn enqueue(&mut self, saved_json: &str) -> Result<usize, JsError> {
        self.session.enqueue_saved(saved_json).map_err(error)
    }

    /// The passage a selection snaps to, `[startU16, endU16]`, or an error saying why the
    /// selection cannot be tagged.
    pub fn snap(&self, start_u16: usize, end_u16: usize) -> Result<Vec<usize>, JsError> {
        let text = self.session.article().text();
        let span = text.snap_to_words(text.span_of_u16(start_u16, end_u16).map_err(error)?).map_err(error)?;
        Ok(vec![text.u16_of_cp(span.start_cp()).unwrap_or(0), text.u16_of_cp(span.end_cp()).unwrap_or(0)])
    }

    /// Tags the selection (UTF-16 offsets in the canonical text), snapped to whole words.
    pub fn tag_selection(&mut self, start_u16: usize, end_u16: usize, tag: &str) -> Result<JsValue, JsError> {
        let tag = parse_tag(tag)?;
        let selection = self.session.article().text().span_of_u16(start_u16, end_u16).map_err(error)?;
        let id = self.session.tag(selection, tag, new_id(), now()).map_err(error)?;
        Ok(self.saved(Some(id.to_string())))
    }

    /// Changes an annotation's tag and/or note (`undefined` keeps it).
    pub fn edit(&mut self, id: &str, tag: Option<String>, note: Option<String>) -> Result<JsValue, JsError> {
        let id = parse_id(id)?;
        let tag = tag.as_deref().map(parse_tag).transpose()?;
        self.session.edit(&id, tag, note.as_deref(), now()).map_err(error)?;
        Ok(self.saved(Some(id.to_string())))
    }

    /// Accepts where approximate matching placed one annotation, or all with `undefined`.
    pub fn accept_review(&mut self, id: Option<String>) -> Result<JsValue, JsError> {
        let id = id.as_deref().map(parse_id).transpose()?;
        self.session.accept_review(id.as_ref());
        Ok(self.saved(id.map(|i| i.to_string())))
    }

    /// Gives an orphaned or ambiguous annotation the selected passage.
    pub fn reattach(&mut self, id: &str, start_u16: usize, end_u16: usize) -> Result<JsValue, JsError> {
        let id = parse_id(id)?;
        let selection = self.session.article().text().span_of_u16(start_u16, end_u16).map_err(error)?;
        self.session.reattach(&id, selection, now()).map_err(error)?;
        Ok(self.saved(Some(id.to_string())))
    }

    /// Deletes an annotation, placed or not.
    pub fn remove(&mut self, id: &str) -> Result<JsValue, JsError> {
        self.session.remove(&parse_id(id)?).map_err(error)?;
        Ok(self.saved(None))
    }

    /// The id of the innermost annotation at a UTF-16 offset, for clicks on highlights.
    pub fn annotation_at(&self, offset_u16: usize) -> Option<String> {
        let cp = self.session.article().text().cp_of_u16(offset_u16).ok()?;
        self.session.store().at(cp).map(|a| a.id.to_string())
    }

    /// The annotations as a W3C AnnotationCollection, pretty-printed JSON-LD.
    pub fn export_w3c(&self) -> String {
        self.session.export_w3c()
    }

    fn saved(&self, id: Option<String>) -> JsValue {
        to_js(&Changed { id, save_error: storage::save(&self.key, &self.session).err() })
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
