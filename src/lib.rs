//! newsmark: annotate news articles, tagging passages as claims, accusations and opinions.
//!
//! Data flow: source text → [`article::Article`] (blocks and canonical text) → a reader's
//! selection in UTF-16 units → [`text::Text`] snaps it to words in code points →
//! [`session::Session`] keeps it as an [`annotation::Annotation`] → [`workspace::Workspace`]
//! records the change as an undo step and has the [`library`] store it, record by record →
//! [`export::w3c`] writes it as W3C Web Annotations, described by [`anchor`].
//!
//! Everything here but [`web`] is pure: no browser types, no clock, no randomness, and no
//! storage but the [`library::Storage`] it is given. Times and ids come in as arguments.
//! Nothing a reader or a file supplies makes it panic.

pub mod anchor;
pub mod annotation;
pub mod article;
pub mod export;
pub mod import;
pub mod library;
mod order;
pub mod saved;
pub mod session;
pub mod suggest;
pub mod text;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod web;
