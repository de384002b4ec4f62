//! A handle for the browser benchmark: the matcher and the anchoring on a text given as it is
//! (no intake, no storage), so they can be timed beside a JavaScript peer on the same inputs.

use wasm_bindgen::prelude::*;

use crate::anchor::{self, myers::Pattern, Query};
use crate::annotation::{AnnotationId, Tag, Timestamp};
use crate::article::Article;
use crate::import;
use crate::session::Session;
use crate::text::CpSpan;

use super::{error, to_js, ReportView};

#[wasm_bindgen]
pub struct Bench {
    session: Session,
}

#[derive(serde::Serialize)]
struct Found<'a> {
    state: &'a str,
    start: Option<usize>,
    end: Option<usize>,
}

#[wasm_bindgen]
impl Bench {
    /// Keeps `text` (a canonical text: blocks separated by blank lines) resident in Wasm.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Bench {
        Bench { session: Session::new(Article::from_canonical(text)) }
    }

    /// One approximate search for `pattern`: every match as `[start, end, errors]` triples in
    /// code points, the best ending of each run of neighbouring ends, with its start.
    pub fn search(&self, pattern: &str, max_errors: usize) -> Vec<u32> {
        let chars = self.session.article().text().chars();
        let quote: Vec<char> = pattern.chars().collect();
        anchor::approximate_matches(chars, &Pattern::new(&quote), &quote, max_errors)
            .into_iter()
            .flat_map(|(span, errors)| [span.start_cp() as u32, span.end_cp() as u32, errors as u32])
            .collect()
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
        self.session.enqueue(imported.annotations);
        Ok(read)
    }

    /// One bounded slice of anchoring; true when nothing is left.
    pub fn place_step(&mut self, budget: usize) -> bool {
        self.session.place_step(budget)
    }

    pub fn report(&mut self) -> JsValue {
        to_js(&ReportView::from(self.session.take_report()))
    }
}
