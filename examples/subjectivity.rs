//! Trains and measures the opinion model of the suggestions on NewsSD-ENG (CC BY 4.0): English
//! news sentences labelled SUBJ (the writer's own opinion) or OBJ.
//!
//! Usage:
//! - `cargo run --release --example subjectivity -- DIR` prints, for each split, precision,
//!   recall and F1 of SUBJ and OBJ and their macro-F1, where a sentence is SUBJ when the
//!   suggestions give it an `opinion` (the built-in model, as the app runs it);
//! - `… -- DIR --train` fits the model (logistic regression, L2, classes weighed as equals) on
//!   the train and validation splits, its penalty and threshold chosen by 5-fold
//!   cross-validation over them, and writes `src/suggest/weights.rs`; the test split is not read;
//! - `… -- DIR --dev` the same for the train and validation splits only (for tuning);
//! - `… -- DIR --errors` lists the validation split's mistakes with their reasons.
//!
//! DIR holds `newssd-eng-train.csv`, `newssd-eng-val.csv` and `newssd-eng-test.csv`.

use std::{env, fs, process};

use newsmark::annotation::Tag;
use newsmark::suggest::model::{self, FEATURES, NAMES};
use newsmark::suggest::{propose_sentence, sentence_features};

struct Labelled {
    sentence: String,
    subjective: bool,
}

fn read(dir: &str, split: &str) -> Vec<Labelled> {
    let path = format!("{dir}/newssd-eng-{split}.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        process::exit(1)
    });
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.unwrap_or_else(|e| {
            eprintln!("{path}: row {}: {e}", i + 2);
            process::exit(1)
        });
        let (Some(sentence), Some(label)) = (row.get(0), row.get(1)) else { continue };
        out.push(Labelled { sentence: sentence.trim().to_string(), subjective: label == "SUBJ" });
    }
    out
}

/// Counts of a binary decision against the truth, each sentence weighing `weight` (1, or the
/// inverse of its class's share when scoring as if both classes were as common).
#[derive(Default)]
struct Counts {
    tp: f64,
    fp: f64,
    tn: f64,
    fn_: f64,
}

impl Counts {
    fn add(&mut self, predicted: bool, truth: bool, weight: f64) {
        match (predicted, truth) {
            (true, true) => self.tp += weight,
            (true, false) => self.fp += weight,
            (false, false) => self.tn += weight,
            (false, true) => self.fn_ += weight,
        }
    }

    fn f1(tp: f64, fp: f64, fn_: f64) -> (f64, f64, f64) {
        let p = if tp + fp == 0.0 { 0.0 } else { tp / (tp + fp) };
        let r = if tp + fn_ == 0.0 { 0.0 } else { tp / (tp + fn_) };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        (p, r, f)
    }

    fn subj(&self) -> (f64, f64, f64) {
        Counts::f1(self.tp, self.fp, self.fn_)
    }

    fn obj(&self) -> (f64, f64, f64) {
        Counts::f1(self.tn, self.fn_, self.fp)
    }

    fn macro_f1(&self) -> f64 {
        (self.subj().2 + self.obj().2) / 2.0
    }
}

fn is_opinion(sentence: &str) -> bool {
    propose_sentence(sentence).is_some_and(|p| p.tag == Tag::Opinion)
}

fn report(dir: &str, splits: &[&str]) {
    println!(
        "{:<6} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>8}",
        "split", "n", "SUBJ P", "R", "F1", "OBJ P", "R", "F1", "macro-F1"
    );
    for &split in splits {
        let rows = read(dir, split);
        let mut c = Counts::default();
        for row in &rows {
            c.add(is_opinion(&row.sentence), row.subjective, 1.0);
        }
        let (sp, sr, sf) = c.subj();
        let (op, or, of) = c.obj();
        println!(
            "{split:<6} {:>5}  {sp:>6.3} {sr:>6.3} {sf:>6.3}  {op:>6.3} {or:>6.3} {of:>6.3}  {:>8.3}",
            rows.len(),
            c.macro_f1()
        );
    }
}

fn errors(dir: &str) {
    for row in read(dir, "val") {
        let proposal = propose_sentence(&row.sentence);
        let opinion = proposal.as_ref().is_some_and(|p| p.tag == Tag::Opinion);
        if opinion != row.subjective {
            let (x, _, _) = sentence_features(&row.sentence);
            let why = proposal.map(|p| format!("{}: {}", p.tag.as_str(), p.reason)).unwrap_or_default();
            println!(
                "{} p={:.2} | {} | {why}",
                if row.subjective { "missed SUBJ" } else { "false SUBJ " },
                model::probability(&x),
                row.sentence
            );
        }
    }
}

struct Example {
    x: [f32; FEATURES],
    preempted: bool,
    voiced: [bool; FEATURES],
    y: bool,
}

fn examples(rows: &[Labelled]) -> Vec<Example> {
    rows.iter()
        .map(|r| {
            let (x, preempted, voiced) = sentence_features(&r.sentence);
            Example { x, preempted, voiced, y: r.subjective }
        })
        .collect()
}

/// Logistic regression by gradient descent with an L2 penalty `lambda` (not on the bias), each
/// class weighed by the inverse of its share, so the model is fit as if both were as common
/// (NewsSD-ENG's train split is a third opinion, its validation and test splits half).
fn fit(train: &[Example], lambda: f64) -> ([f64; FEATURES], f64) {
    let mut w = [0.0f64; FEATURES];
    let mut b = 0.0f64;
    let n = train.len() as f64;
    let positives = train.iter().filter(|e| e.y).count().max(1) as f64;
    let (wp, wn) = (n / (2.0 * positives), n / (2.0 * (n - positives).max(1.0)));
    let rate = 0.5;
    for _ in 0..3000 {
        let mut gw = [0.0f64; FEATURES];
        let mut gb = 0.0;
        for e in train {
            let z = b + e.x.iter().zip(&w).map(|(x, w)| f64::from(*x) * w).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let err = (p - f64::from(u8::from(e.y))) * if e.y { wp } else { wn };
            for (g, x) in gw.iter_mut().zip(&e.x) {
                *g += err * f64::from(*x);
            }
            gb += err;
        }
        for (i, g) in gw.iter().enumerate() {
            w[i] -= rate * (g / n + lambda * w[i] / n);
        }
        b -= rate * gb / n;
    }
    (w, b)
}

fn explained(e: &Example, w: &[f32; FEATURES]) -> bool {
    !e.preempted && (0..FEATURES).any(|i| e.voiced[i] && w[i] > 0.0)
}

/// Macro-F1 over (probability, explained, truth) triples at `threshold`, each class weighed
/// by the inverse of its share when `balanced` (as if opinions were half the sentences).
fn macro_f1_of(scored: &[(f32, bool, bool)], threshold: f32, balanced: bool) -> f64 {
    let positives = scored.iter().filter(|s| s.2).count().max(1) as f64;
    let n = scored.len() as f64;
    let (wp, wn) = if balanced { (n / (2.0 * positives), n / (2.0 * (n - positives).max(1.0))) } else { (1.0, 1.0) };
    let mut c = Counts::default();
    for &(p, ok, y) in scored {
        c.add(ok && p >= threshold, y, if y { wp } else { wn });
    }
    c.macro_f1()
}

fn score_all(set: &[Example], w: &[f32; FEATURES], b: f32) -> Vec<(f32, bool, bool)> {
    set.iter().map(|e| (model::score(&e.x, w, b), explained(e, w), e.y)).collect()
}

const FOLDS: usize = 5;
const LAMBDAS: [f64; 4] = [0.3, 1.0, 3.0, 10.0];

/// Out-of-fold scores of every row for `lambda`: each fold (a run of neighbouring sentences,
/// so mostly whole articles) scored by a model fit on the others.
fn cross_scores(rows: &[Labelled], lambda: f64) -> Vec<(f32, bool, bool)> {
    let mut out = vec![(0.0, false, false); rows.len()];
    for fold in 0..FOLDS {
        let (inside, outside): (Vec<usize>, Vec<usize>) = (0..rows.len()).partition(|i| i * FOLDS / rows.len() != fold);
        let fit_rows: Vec<Labelled> = inside
            .iter()
            .map(|&i| Labelled { sentence: rows[i].sentence.clone(), subjective: rows[i].subjective })
            .collect();
        let (w, b) = fit(&examples(&fit_rows), lambda);
        let w32 = w.map(|w| w as f32);
        for &i in &outside {
            let e = &examples(std::slice::from_ref(&rows[i]))[0];
            out[i] = (model::score(&e.x, &w32, b as f32), explained(e, &w32), e.y);
        }
    }
    out
}

fn train(dir: &str) {
    let mut rows = read(dir, "train");
    rows.extend(read(dir, "val"));
    // Hyperparameters by 5-fold cross-validation over train and validation together, scored as
    // if opinions were half the sentences.
    let mut best = (f64::MIN, 1.0, 0.5f32);
    for lambda in LAMBDAS {
        let scored = cross_scores(&rows, lambda);
        for t in (20..=80).map(|t| t as f32 / 100.0) {
            let f = macro_f1_of(&scored, t, true);
            if f > best.0 + 1e-9 {
                best = (f, lambda, t);
            }
        }
    }
    let (cv, lambda, t) = best;
    if env::var("OOF").is_ok() {
        // The cross-validated mistakes, to read for cues the lists lack.
        for (row, (p, ok, y)) in rows.iter().zip(cross_scores(&rows, lambda)) {
            if (ok && p >= t) != y {
                println!(
                    "{} p={p:.2} {} | {}",
                    if y { "missed" } else { "false " },
                    if ok { " " } else { "-" },
                    row.sentence
                );
            }
        }
    }
    let all = examples(&rows);
    let (w, b) = fit(&all, lambda);
    let (w, b) = (w.map(|w| w as f32), b as f32);
    let best = (cv, lambda, w, b, t);
    let (f, lambda, w, b, t) = best;
    println!(
        "lambda {lambda}, threshold {t:.2}: cross-validated macro-F1 {f:.3} (balanced), fit {:.3}",
        macro_f1_of(&score_all(&all, &w, b), t, true)
    );
    for (name, w) in NAMES.iter().zip(&w) {
        println!("  {name:<26} {w:>7.3}");
    }
    println!("  {:<26} {b:>7.3}", "bias");
    let list = |v: &[f32]| v.iter().map(|w| format!("{w:.4}")).collect::<Vec<_>>().join(", ");
    let source = format!(
        "//! Written by `cargo run --release --example subjectivity -- DIR --train` (NewsSD-ENG's train and\n\
         //! validation splits; L2 penalty {lambda} and the threshold by cross-validation): do not edit by hand.\n\
         //! Each weight is for the feature of the same place in `model::NAMES`.\n\n\
         pub const WEIGHTS: [f32; super::model::FEATURES] = [{}];\n\
         pub const BIAS: f32 = {b:.4};\n\
         pub const THRESHOLD: f32 = {t:.2};\n",
        list(&w)
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/suggest/weights.rs");
    fs::write(path, source).unwrap_or_else(|e| {
        eprintln!("cannot write {path}: {e}");
        process::exit(1)
    });
    println!("wrote {path}; rebuild and run without --train to measure");
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: subjectivity DIR [--train | --errors]");
        process::exit(2)
    };
    if args.iter().any(|a| a == "--train") {
        train(dir);
    } else if args.iter().any(|a| a == "--errors") {
        errors(dir);
    } else if args.iter().any(|a| a == "--dev") {
        report(dir, &["train", "val"]);
    } else {
        report(dir, &["train", "val", "test"]);
    }
}
