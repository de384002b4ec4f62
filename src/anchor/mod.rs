//! Finding passages again. [`describe`] turns a span into W3C selectors; [`anchor`] turns
//! selectors back into a span in a (possibly edited) text, or says plainly that it cannot.

mod describe;
pub mod myers;

pub use describe::{describe, QuoteSelector, Selectors, CONTEXT_CP, MAX_CONTEXT_CP};
