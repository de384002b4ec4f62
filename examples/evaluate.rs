//! Measures article extraction against Mozilla Readability's expected output.
//!
//! Usage: `cargo run --release --example evaluate -- CORPUS_DIR`, where each page of the corpus
//! is a folder holding `source.html`, `expected.html` and `expected-metadata.json`.
//! Prints, per page, the token-level F1 between our body text and the expected text, whether
//! the title matches ("yes*": the same but for the author's name Readability keeps after it),
//! and the time extraction took; then the means.

use std::time::Instant;
use std::{env, fs, process};

#[path = "../tests/common/scraper_tree.rs"]
mod scraper_tree;

use newsmark::article::html;
use newsmark::article::BlockKind;
use scraper::Html;
use scraper_tree::to_node;

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_lowercase).collect()
}

/// Token-level F1: the harmonic mean of precision and recall over the multisets of words.
fn f1(ours: &[String], expected: &[String]) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for t in expected {
        *counts.entry(t.as_str()).or_insert(0i64) += 1;
    }
    let mut common = 0;
    for t in ours {
        if let Some(c) = counts.get_mut(t.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    if common == 0 {
        return 0.0;
    }
    let precision = common as f64 / ours.len() as f64;
    let recall = common as f64 / expected.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

fn normalise(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn main() {
    let Some(dir) = env::args().nth(1) else {
        eprintln!("usage: evaluate CORPUS_DIR (folders of source.html, expected.html, expected-metadata.json)");
        process::exit(2);
    };
    let mut pages: Vec<_> = match fs::read_dir(&dir) {
        Ok(entries) => entries.flatten().map(|e| e.path()).filter(|p| p.join("source.html").is_file()).collect(),
        Err(e) => {
            eprintln!("cannot read {dir}: {e}");
            process::exit(2);
        }
    };
    pages.sort();
    println!("{:<18} {:>6} {:>6} {:>9}  title", "page", "F1", "title", "extract");
    let (mut f1_sum, mut titles_ok, mut worst) = (0.0, 0, (1.0f64, String::new()));
    for page in &pages {
        let name = page.file_name().unwrap_or_default().to_string_lossy().to_string();
        let read = |file: &str| fs::read_to_string(page.join(file)).unwrap_or_default();
        let source = Html::parse_document(&read("source.html"));
        let root = to_node(source.root_element());
        let started = Instant::now();
        let (article, meta) = html::extract(&root);
        let took = started.elapsed();
        let body: String = article
            .blocks()
            .iter()
            .filter(|b| b.kind != BlockKind::Title)
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let expected = Html::parse_document(&read("expected.html")).root_element().text().collect::<Vec<_>>().join(" ");
        let score = f1(&tokens(&body), &tokens(&expected));
        if env::var("SHOW").ok().as_deref() == Some(name.as_str()) {
            for b in article.blocks() {
                println!("  [{:?}] {}", b.kind, b.text.chars().take(100).collect::<String>());
            }
        }
        let expected_meta: serde_json::Value =
            serde_json::from_str(&read("expected-metadata.json")).unwrap_or_default();
        let expected_title = expected_meta["title"].as_str().map(normalise).unwrap_or_default();
        let ours = meta.title.as_deref().map(normalise).unwrap_or_default();
        // Readability keeps an author's name after the headline ("… | Eleanor Ainge Roy");
        // newsmark drops it, as it drops the site's name: that counts as right, marked "yes*".
        let author_dropped = meta.byline.as_deref().is_some_and(|by| {
            [" | ", " - ", " – ", " — "].iter().any(|sep| expected_title == format!("{ours}{sep}{}", normalise(by)))
        });
        let title_ok = ours == expected_title || author_dropped;
        f1_sum += score;
        titles_ok += usize::from(title_ok);
        if score < worst.0 {
            worst = (score, name.clone());
        }
        let shown = if title_ok { String::new() } else { format!("ours {ours:?}, expected {expected_title:?}") };
        println!(
            "{name:<18} {score:>6.3} {:>6} {:>7.2}ms  {shown}",
            if author_dropped {
                "yes*"
            } else if title_ok {
                "yes"
            } else {
                "no"
            },
            took.as_secs_f64() * 1000.0
        );
    }
    let n = pages.len().max(1) as f64;
    println!(
        "\n{} pages: mean F1 {:.3}, titles right {}/{} ({:.0}%), lowest F1 {:.3} ({})",
        pages.len(),
        f1_sum / n,
        titles_ok,
        pages.len(),
        100.0 * titles_ok as f64 / n,
        worst.0,
        worst.1
    );
}
