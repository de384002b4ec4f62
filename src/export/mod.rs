//! What newsmark writes out: W3C Web Annotation JSON-LD.

pub mod w3c;
