//! Finding passages again. [`describe`] turns a span into W3C selectors; [`anchor`] turns
//! selectors back into a span in a (possibly edited) text, or says plainly that it cannot.

mod describe;
mod find;
pub mod myers;

pub use describe::{context, describe, QuoteSelector, Selectors, CONTEXT_CP, MAX_CONTEXT_CP};
pub use find::{
    anchor, approximate_matches, at_position, search_budget, Anchor, Query, State, AMBIGUITY_MARGIN, MIN_FUZZY_QUOTE,
    SHORT_QUOTE,
};
