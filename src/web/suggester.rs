//! Suggestions for the article on screen, in the module fetched when the reader first asks for
//! them: the page holds a [`Suggestions`] handle, steps it a slice at a time, and asks what to
//! show. Offsets cross the boundary as UTF-16 units. No serde here: the article comes in as its
//! blocks and the suggestions go out as plain objects, which keeps the module small.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::article::{Article, Block, BlockKind};
use crate::suggest::{self, Suggester};
use crate::text::CpSpan;

/// The engine over one article.
#[wasm_bindgen]
pub struct Suggestions {
    suggester: Suggester<Article>,
}

#[wasm_bindgen]
impl Suggestions {
    /// Reads the article from its blocks as the app's `article()` gives them: `kinds[i]` and
    /// `texts[i]` of each (a kind it does not know is read as a paragraph).
    #[wasm_bindgen(constructor)]
    pub fn new(kinds: Vec<String>, texts: Vec<String>) -> Suggestions {
        let blocks = kinds
            .iter()
            .zip(texts)
            .map(|(kind, text)| Block { kind: BlockKind::from_name(kind).unwrap_or(BlockKind::Paragraph), text })
            .collect();
        Suggestions { suggester: Suggester::new(Article::from_blocks(blocks, None)) }
    }

    /// Reads on for about `budget` words; true when the whole article is read.
    pub fn step(&mut self, budget: usize) -> bool {
        self.suggester.step(budget)
    }

    /// The suggestions to show, in text order, as `{id, tag, reason, quote, startU16, endU16}`: none inside a passage already annotated (`annotated_u16`: start and end of
    /// each, in pairs), none rejected (`rejected`: ids).
    pub fn visible(&self, annotated_u16: Vec<usize>, rejected: Vec<String>) -> Array {
        let text = self.suggester.article().text();
        let annotated: Vec<CpSpan> =
            annotated_u16.chunks_exact(2).filter_map(|pair| text.span_of_u16(pair[0], pair[1]).ok()).collect();
        let out = Array::new();
        for s in suggest::visible(self.suggester.found(), text, &annotated, &rejected) {
            let view = Object::new();
            let set = |key: &str, value: JsValue| Reflect::set(&view, &key.into(), &value).is_ok();
            let start = text.u16_of_cp(s.span.start_cp()).unwrap_or(0);
            let end = text.u16_of_cp(s.span.end_cp()).unwrap_or(0);
            let all = set("id", s.id(text).into())
                & set("tag", s.tag.as_str().into())
                & set("reason", s.reason.as_str().into())
                & set("quote", text.slice(s.span).unwrap_or("").into())
                & set("startU16", (start as u32).into())
                & set("endU16", (end as u32).into());
            if all {
                out.push(&view);
            }
        }
        out
    }
}
