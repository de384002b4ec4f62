//! What newsmark writes out: W3C Web Annotation JSON-LD, the annotated article as one HTML
//! page, and tables (CSV, doccano's JSONL).

pub mod page;
pub mod table;
pub mod w3c;
