//! The anchoring handle of the intake module: a text (given as it is, no intake, no storage)
//! and annotations to find in it, placed in steps of bounded work. The app hands it the
//! annotations waiting after an import or an edit of the article, and takes back the result
//! (both in the saved format). The benchmark uses it too, beside a JavaScript peer.

use wasm_bindgen::prelude::*;

use crate::anchor::{self, myers::Pattern, Query};
use crate::annotation::{AnnotationId, Tag, Timestamp};
use crate::article::Article;
use crate::import;
use crate::session::{Session, STEP_WORK};
use crate::text::CpSpan;

use super::{error, to_js, ReportView};

#[derive(serde::Serialize)]
struct Described {
    exact: String,
    prefix: String,
    suffix: String,
    start: usize,
    end: usize,
}

/// The canonical text newsmark makes of a plain-text article.
#[wasm_bindgen]
pub fn canonical_text(source: &str) -> String {
    Article::from_plain_text(source).text().as_str().to_string()
}

#[wasm_bindgen]
pub struct Anchorer {
    session: Session,
}

#[derive(serde::Serialize)]
struct Found<'a> {
    state: &'a str,
    start: Option<usize>,
    end: Option<usize>,
}

#[wasm_bindgen]
impl Anchorer {
    /// Keeps `text` (a canonical text: blocks separated by blank lines) resident in Wasm.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Anchorer {
        Anchorer { session: Session::new(Article::from_canonical(text)) }
    }

    /// One approximate search for `pattern`, within `max_errors` edits or, when absent, as
    /// anchoring runs it (within [`anchor::search_budget`]): every match as
    /// `[start, end, errors]` triples in code points, the best ending of each run of
    /// neighbouring ends, with its start.
    pub fn search(&self, pattern: &str, max_errors: Option<usize>) -> Vec<u32> {
        let chars = self.session.article().text().chars();
        let quote: Vec<char> = pattern.chars().collect();
        let budget = max_errors.unwrap_or_else(|| anchor::search_budget(quote.len()));
        anchor::approximate_matches(chars, &Pattern::new(&quote), &quote, budget)
            .into_iter()
            .flat_map(|(span, errors)| [span.start_cp() as u32, span.end_cp() as u32, errors as u32])
            .collect()
    }

    /// The error budget newsmark searches a quote of this many code points with.
    pub fn search_budget(quote_len: usize) -> usize {
        anchor::search_budget(quote_len)
    }

    /// Anchors one set of selectors (positions in code points) in this text.
    pub fn anchor(
        &self,
        exact: &str,
        prefix: Option<String>,
        suffix: Option<String>,
        start: Option<usize>,
        end: Option<usize>,
    ) -> JsValue {
        let position = start.zip(end).and_then(|(s, e)| CpSpan::new(s, e));
        let query = Query { exact, prefix: prefix.as_deref(), suffix: suffix.as_deref(), position };
        let found = anchor::anchor(self.session.article().text(), &query, None);
        to_js(&Found {
            state: found.state.as_str(),
            start: found.span.map(CpSpan::start_cp),
            end: found.span.map(CpSpan::end_cp),
        })
    }

    /// The W3C selectors for a span (code points), as newsmark exports them:
    /// `{exact, prefix, suffix, start, end}`.
    pub fn describe(&self, start: usize, end: usize) -> JsValue {
        let described = CpSpan::new(start, end).and_then(|span| anchor::describe(self.session.article().text(), span));
        to_js(&described.map(|d| Described {
            exact: d.quote.exact,
            prefix: d.quote.prefix,
            suffix: d.quote.suffix,
            start: d.position.start_cp(),
            end: d.position.end_cp(),
        }))
    }

    /// Tags spans given as `[start, end]` code point pairs, with ids from their index.
    pub fn tag_spans(&mut self, spans: Vec<u32>) -> usize {
        let now = Timestamp::parse("2026-01-01T00:00:00Z").expect("valid literal");
        let mut tagged = 0;
        for (i, pair) in spans.chunks_exact(2).enumerate() {
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
            let Some(span) = CpSpan::new(pair[0] as usize, pair[1] as usize) else { continue };
            let tag = Tag::OURS[i % 3].clone();
            tagged += usize::from(self.session.tag(span, tag, AnnotationId::from_random(bytes), now.clone()).is_ok());
        }
        tagged
    }

    pub fn export(&self) -> String {
        self.session.export_w3c()
    }

    /// Queues a file's annotations for anchoring; returns how many were read.
    pub fn import(&mut self, json: &str) -> Result<usize, JsError> {
        let now = Timestamp::parse("2026-01-01T00:00:00Z").expect("valid literal");
        let imported = import::parse(json, &now).map_err(error)?;
        let read = imported.annotations.len();
        let _ = self.session.enqueue(imported.annotations);
        Ok(read)
    }

    /// Queues annotations given in the saved format; returns how many.
    pub fn enqueue(&mut self, saved_json: &str) -> Result<usize, JsError> {
        self.session.enqueue_saved(saved_json).map_err(error)
    }

    /// One bounded slice of anchoring (`budget` work units, or a few milliseconds' worth when
    /// absent); true when nothing is left.
    pub fn place_step(&mut self, budget: Option<usize>) -> bool {
        self.session.place_step(budget.unwrap_or(STEP_WORK))
    }

    /// What anchoring found: counts by state, duplicates, problems.
    pub fn take_report(&mut self) -> JsValue {
        to_js(&ReportView::from(self.session.take_report()))
    }

    /// Everything placed and unplaced, in the saved format, for the app's `adopt`.
    pub fn saved_json(&self) -> String {
        self.session.to_saved_json()
    }
}
