//! Prints the suggestions for a plain-text article, one a line: tag, reason, passage.
//!
//! Usage: `cargo run --release --example suggest -- ARTICLE.txt [--sentences]`; with
//! `--sentences`, every sentence the engine reads instead (one a line, for labelling by hand).

use std::{env, fs, process};

use newsmark::article::Article;
use newsmark::suggest::{sentences, suggest};

fn main() {
    let Some(path) = env::args().nth(1) else {
        eprintln!("usage: suggest ARTICLE.txt");
        process::exit(2)
    };
    let source = fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        process::exit(1)
    });
    let article = Article::from_plain_text(&source);
    if env::args().any(|a| a == "--sentences") {
        for sentence in sentences(&article) {
            println!("{sentence}");
        }
        return;
    }
    for s in suggest(&article) {
        let quote = article.text().slice(s.span).unwrap_or("");
        println!("{:<10} {} | {quote}", s.tag.as_str(), s.reason);
    }
}
