//! How likely a sentence is the writer's own opinion: a logistic regression over counts of the
//! cues found, trained offline (`cargo run --example subjectivity -- --train`) on the train
//! split of NewsSD-ENG, its threshold chosen on the validation split. The weights are built in
//! as constants ([`super::weights`]).

use super::reading::{Kind, Reading};
use super::weights;

/// The number of features.
pub const FEATURES: usize = 34;

/// What each feature counts, for the trainer's report.
pub const NAMES: [&str; FEATURES] = [
    "judgement",
    "loaded",
    "charged",
    "booster",
    "hedge",
    "obligation",
    "first person",
    "second person",
    "sweeping",
    "question",
    "exclamation",
    "scare quote",
    "argument",
    "stance",
    "reporting",
    "quoted judgement",
    "quoted share",
    "figure",
    "names",
    "length",
    "comparison",
    "contrast",
    "negation",
    "accusation",
    "causal",
    "opens with this/that/it",
    "dash or colon",
    "quotes open or close it",
    "modal would/could/will",
    "adjective endings",
    "adverbs in -ly",
    "present tense",
    "past tense",
    "they/people",
];

fn capped(n: usize) -> f32 {
    n.min(3) as f32
}

/// The features of a reading, in the order of [`NAMES`].
pub fn features(r: &Reading<'_>) -> [f32; FEATURES] {
    let own = |k: Kind| capped(r.count(k, false));
    let first = r.words.first().map(|w| w.lower.as_str()).unwrap_or("");
    let demonstrative = matches!(first, "this" | "that" | "these" | "those" | "such" | "it" | "there");
    let dashes = r.text.matches(['—', '–', ':', ';']).count();
    let trimmed = r.text.trim();
    let edge_quote = trimmed.starts_with(['“', '"', '‘']) || trimmed.ends_with(['”', '"']);
    let modal =
        r.words.iter().filter(|w| !w.quoted && matches!(w.lower.as_str(), "would" | "could" | "will" | "can")).count();
    [
        own(Kind::Judgement),
        own(Kind::Loaded),
        own(Kind::Charged),
        own(Kind::Booster),
        own(Kind::Hedge),
        own(Kind::Obligation),
        own(Kind::FirstPerson),
        own(Kind::SecondPerson),
        own(Kind::Sweeping),
        own(Kind::Question),
        own(Kind::Exclamation),
        own(Kind::ScareQuote),
        own(Kind::Argument),
        own(Kind::Stance),
        own(Kind::Reporting).min(1.0),
        capped(r.count(Kind::Judgement, true) + r.count(Kind::Loaded, true)),
        r.quoted_share(),
        own(Kind::Figure),
        r.name_share(),
        (r.words.len() as f32 + 1.0).ln() / 4.0,
        own(Kind::Comparison),
        own(Kind::Contrast),
        own(Kind::Negation),
        capped(r.count(Kind::Accusation, false) + r.count(Kind::Accusation, true)),
        own(Kind::Causal),
        f32::from(u8::from(demonstrative)),
        capped(dashes),
        f32::from(u8::from(edge_quote)),
        capped(modal),
        capped(own_words(r, is_adjective_like)),
        capped(own_words(r, |w| {
            w.len() > 4
                && w.ends_with("ly")
                && !matches!(w, "only" | "early" | "family" | "july" | "italy" | "supply" | "apply" | "reply")
        })),
        capped(own_words(r, |w| {
            matches!(w, "is" | "are" | "isn't" | "aren't" | "it's" | "that's" | "there's" | "what's")
        })),
        capped(own_words(r, |w| matches!(w, "was" | "were" | "had" | "did") || (w.len() > 4 && w.ends_with("ed")))),
        capped(own_words(r, |w| matches!(w, "they" | "them" | "people" | "those" | "whose"))),
    ]
}

/// How many of the writer's own (unquoted) words pass `test`.
fn own_words(r: &Reading<'_>, test: impl Fn(&str) -> bool) -> usize {
    r.words.iter().filter(|w| !w.quoted && test(&w.lower)).count()
}

/// Endings that make adjectives of judgement more often than not ("dangerous", "careless",
/// "divisive", "laughable"): a rough count of the writer's adjectives.
fn is_adjective_like(w: &str) -> bool {
    w.len() > 5 && ["ous", "ful", "less", "ive", "able", "ible", "ical", "ish"].iter().any(|e| w.ends_with(e))
}

/// The probability that a sentence with these features is the writer's opinion.
pub fn probability(x: &[f32; FEATURES]) -> f32 {
    score(x, &weights::WEIGHTS, weights::BIAS)
}

/// The logistic function of `bias + weights · x`.
pub fn score(x: &[f32; FEATURES], weights: &[f32; FEATURES], bias: f32) -> f32 {
    let z = bias + x.iter().zip(weights).map(|(x, w)| x * w).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

/// How much each feature adds to the score (its weight times its value).
pub fn contributions(x: &[f32; FEATURES]) -> [f32; FEATURES] {
    let mut out = [0.0; FEATURES];
    for (i, (x, w)) in x.iter().zip(&weights::WEIGHTS).enumerate() {
        out[i] = x * w;
    }
    out
}
