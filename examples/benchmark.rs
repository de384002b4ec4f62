//! Scores article extraction against text a person marked as each page's article, natively (the
//! quick loop for tuning; `tests/e2e/benchmark.mjs` measures the app's own path in Chromium,
//! beside Readability.js, for the figures).
//!
//! Usage: `cargo run --release --example benchmark -- BENCHMARK_DIR [--pages] [--show ID]
//! [--only ID]` (`--show`: a page's blocks and the truth; `--only`: pages whose id begins so),
//! where the folder holds `html/<id>.html.gz` and `ground-truth.json` (each id's
//! `articleBody`). Scoring is the benchmark's: `\w+` tokens, 4-token shingles, true and false
//! positives and false negatives per page normalised by their sum, precision the mean over pages
//! with a prediction, recall over pages with a truth, F1 their harmonic mean; the pages split as
//! the browser run splits them ("held": a quarter, by a hash of the id, kept back from tuning).

use std::collections::HashMap;
use std::io::Read;
use std::{env, fs, process};

#[path = "../tests/common/scraper_tree.rs"]
mod scraper_tree;

use newsmark::article::html;
use newsmark::article::BlockKind;
use scraper::Html;
use scraper_tree::to_node;

/// Which half a page is in (as `benchmark.mjs` decides: FNV-1a of the id's UTF-16 units).
fn part(id: &str) -> &'static str {
    let mut h: u32 = 0x811c_9dc5;
    for unit in id.encode_utf16() {
        h = (h ^ u32::from(unit)).wrapping_mul(0x0100_0193);
    }
    if h.is_multiple_of(4) {
        "held"
    } else {
        "tune"
    }
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> =
        text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).collect();
    let mut out = HashMap::new();
    for i in 0..tokens.len().saturating_sub(3).max(1) {
        let s = tokens[i..(i + 4).min(tokens.len())].to_vec();
        if !s.is_empty() {
            *out.entry(s).or_insert(0) += 1;
        }
    }
    out
}

/// tp, fp, fn over shingles, normalised by their sum.
fn matched(expected: &str, got: &str) -> [f64; 3] {
    let (a, b) = (shingles(expected), shingles(got));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
        let (x, y) = (a.get(key).copied().unwrap_or(0), b.get(key).copied().unwrap_or(0));
        tp += x.min(y);
        fp += y.saturating_sub(x);
        fn_ += x.saturating_sub(y);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        [0.0; 3]
    } else {
        [tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum]
    }
}

/// `tp` against what it is measured with (`fp` for precision, `fn` for recall): 1 when
/// nothing was missed nor added, 0 when there is neither a hit nor a miss of that side.
fn share(tp: f64, against: f64, other: f64) -> f64 {
    if against == 0.0 && other == 0.0 {
        1.0
    } else if tp == 0.0 && against == 0.0 {
        0.0
    } else {
        tp / (tp + against)
    }
}

fn precision([tp, fp, fn_]: [f64; 3]) -> f64 {
    share(tp, fp, fn_)
}

fn recall([tp, fp, fn_]: [f64; 3]) -> f64 {
    share(tp, fn_, fp)
}

/// Mean precision, mean recall, and their F1.
fn score(rows: &[[f64; 3]]) -> (f64, f64, f64) {
    let mean = |xs: Vec<f64>| if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 };
    let p = mean(rows.iter().filter(|m| m[0] + m[1] > 0.0).map(|&m| precision(m)).collect());
    let r = mean(rows.iter().filter(|m| m[0] + m[2] > 0.0).map(|&m| recall(m)).collect());
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!(
            "usage: benchmark BENCHMARK_DIR [--pages] [--show ID] [--only ID] (html/*.html.gz, ground-truth.json)"
        );
        process::exit(2);
    };
    let show = args.iter().position(|a| a == "--show").and_then(|i| args.get(i + 1));
    let per_page = args.iter().any(|a| a == "--pages");
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1));
    let truth: serde_json::Value = match fs::read_to_string(format!("{dir}/ground-truth.json")) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_default(),
        Err(e) => {
            eprintln!("cannot read {dir}/ground-truth.json: {e}");
            process::exit(2);
        }
    };
    let mut ids: Vec<String> = fs::read_dir(format!("{dir}/html"))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_str()?.strip_suffix(".html.gz").map(str::to_string))
                .filter(|id| truth.get(id).is_some() && only.is_none_or(|o| id.starts_with(o.as_str())))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    let mut rows = Vec::new();
    for id in &ids {
        let mut html = Vec::new();
        let read = fs::File::open(format!("{dir}/html/{id}.html.gz"))
            .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut html));
        if let Err(e) = read {
            eprintln!("{id}: {e}");
            continue;
        }
        let document = Html::parse_document(&String::from_utf8_lossy(&html));
        let root = to_node(document.root_element());
        let (article, _) = html::extract(&root);
        let body: Vec<&str> = article
            .blocks()
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Kicker | BlockKind::Title | BlockKind::Keywords))
            .map(|b| b.text.as_str())
            .collect();
        let expected = truth[id]["articleBody"].as_str().unwrap_or("");
        let m = matched(expected, &body.join("\n"));
        if show.is_some_and(|s| id.starts_with(s.as_str())) {
            // Each block marked by how much of it the truth holds (its shingles found there).
            let truth_shingles = shingles(expected);
            for b in article.blocks() {
                let own = shingles(&b.text);
                let total: usize = own.values().sum();
                let found: usize = own.iter().map(|(k, n)| (*n).min(truth_shingles.get(k).copied().unwrap_or(0))).sum();
                let mark = if total == 0 {
                    ' '
                } else if found * 2 >= total {
                    '+'
                } else {
                    '-'
                };
                println!("  {mark} [{:?}] {}", b.kind, b.text.chars().take(140).collect::<String>());
            }
            // What the truth holds that the reading lacks.
            let joined = body.join("\n");
            let ours = shingles(&joined);
            for line in expected.lines().filter(|l| !l.trim().is_empty()) {
                let own = shingles(line);
                let total: usize = own.values().sum();
                let found: usize = own.iter().map(|(k, n)| (*n).min(ours.get(k).copied().unwrap_or(0))).sum();
                if found * 10 < total * 9 {
                    println!("  missing: {}", line.chars().take(160).collect::<String>());
                }
            }
        }
        if per_page {
            let f1 = score(&[m]).2;
            println!("{} {:<4} P {:.2} R {:.2} F1 {:.3}", &id[..10], part(id), precision(m), recall(m), f1);
        }
        rows.push((part(id), m));
    }
    for (name, want) in [("tune", Some("tune")), ("held back", Some("held")), ("all", None)] {
        let set: Vec<[f64; 3]> = rows.iter().filter(|(p, _)| want.is_none_or(|w| w == *p)).map(|(_, m)| *m).collect();
        let (p, r, f1) = score(&set);
        let low = set.iter().filter(|&&m| score(&[m]).2 < 0.5).count();
        println!("{:<16} P {p:.3} R {r:.3} F1 {f1:.3}  below 0.5: {low}", format!("{name} ({})", set.len()));
    }
}
