//! Suggestions: passages that look like claims, accusations or the writer's opinions, each with
//! the cues that make it look so. Nothing here tags anything; the reader accepts or rejects.
//!
//! A rule engine, attribution first: each sentence is read for quotations and who speaks
//! ([`reading`]), then
//! - an accusation verb or noun ("accused … of", "blames", "allegations") makes an accusation,
//!   with its target where one is named;
//! - the writer's own evaluative words, boosters, hedges, obligations, first person, questions
//!   and scare quotes, weighed by a small model ([`model`]), make an opinion; the same words
//!   inside a quotation are the source's and count against it;
//! - a reporting verb or quoted speech makes an attributed claim, and a figure, a cause or a
//!   comparison a checkable one.
//!
//! Offsets are code points of the article's canonical text ([`crate::text`]).

pub mod cues;
pub mod model;
pub mod reading;
pub mod sentences;
mod weights;
pub mod words;

use std::borrow::Borrow;

use crate::annotation::Tag;
use crate::article::{fnv1a, Article, BlockKind};
use crate::text::CpSpan;
use reading::{Cue, Kind, Reading};

/// A passage the engine proposes to tag, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub span: CpSpan,
    pub tag: Tag,
    /// What the reader is shown: "accusation: ‘accused … of’, target: Beijing".
    pub reason: String,
}

impl Suggestion {
    /// What a rejection remembers it by: a hash of its passage's words (16 hex digits), the
    /// same for the same sentence wherever the article puts it.
    pub fn id(&self, text: &crate::text::Text) -> String {
        format!("{:016x}", fnv1a(text.slice(self.span).unwrap_or("")))
    }
}

/// The suggestions to show: none overlapping a passage already annotated (`annotated`, in code
/// points; any order), none the reader rejected (ids in `rejected`).
pub fn visible<'s>(
    found: &'s [Suggestion],
    text: &crate::text::Text,
    annotated: &[CpSpan],
    rejected: &[String],
) -> Vec<&'s Suggestion> {
    let mut taken: Vec<CpSpan> = annotated.to_vec();
    taken.sort_by_key(|s| s.start_cp());
    found
        .iter()
        .filter(|s| {
            // Of the annotations that start before it ends, does one end after it starts?
            let before_end = taken.partition_point(|t| t.start_cp() < s.span.end_cp());
            !taken[..before_end].iter().any(|t| t.end_cp() > s.span.start_cp())
        })
        .filter(|s| !rejected.contains(&s.id(text)))
        .collect()
}

/// What one sentence gets, if anything.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub tag: Tag,
    pub reason: String,
}

/// The most cues a reason quotes.
const REASON_CUES: usize = 3;

/// Block kinds whose sentences are read: the headline and labels are left alone.
fn is_read(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Standfirst | BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem)
}

/// Works through an article a block at a time, so a long one never holds up the page
/// (see [`Suggester::step`]).
pub struct Suggester<A: Borrow<Article>> {
    article: A,
    block: usize,
    found: Vec<Suggestion>,
}

impl<A: Borrow<Article>> Suggester<A> {
    /// Reads `article` (owned or borrowed) from its start.
    pub fn new(article: A) -> Suggester<A> {
        Suggester { article, block: 0, found: Vec::new() }
    }

    pub fn article(&self) -> &Article {
        self.article.borrow()
    }

    /// Reads blocks until about `budget` words are read (at least one block); true when the
    /// whole article is read.
    pub fn step(&mut self, budget: usize) -> bool {
        let mut spent = 0;
        let article: &Article = self.article.borrow();
        while let Some(span) = article.block_spans().get(self.block) {
            let text = &article.blocks()[self.block].text;
            self.block += 1;
            if is_read(span.kind) {
                spent += read_block(text, span.span.start_cp(), &mut self.found);
            }
            if spent >= budget {
                break;
            }
        }
        self.block >= article.block_spans().len()
    }

    /// What was found so far, in text order.
    pub fn found(&self) -> &[Suggestion] {
        &self.found
    }

    pub fn into_found(self) -> Vec<Suggestion> {
        self.found
    }
}

/// The sentences the engine reads in an article, in text order (the blocks it reads: not the
/// headline, kicker or keyword line).
pub fn sentences(article: &Article) -> Vec<&str> {
    let mut out = Vec::new();
    for (block, span) in article.blocks().iter().zip(article.block_spans()) {
        if is_read(span.kind) {
            out.extend(sentences::split(&block.text).into_iter().map(|(s, e)| &block.text[s..e]));
        }
    }
    out
}

/// Every suggestion for an article, in text order.
pub fn suggest(article: &Article) -> Vec<Suggestion> {
    let mut suggester = Suggester::new(article);
    while !suggester.step(usize::MAX) {}
    suggester.into_found()
}

/// Reads one block starting at `start_cp`; returns how many words it read.
fn read_block(text: &str, start_cp: usize, found: &mut Vec<Suggestion>) -> usize {
    let mut open = false;
    let mut words = 0;
    let mut cp = start_cp;
    let mut byte = 0;
    for (start, end) in sentences::split(text) {
        cp += text[byte..start].chars().count();
        let len = text[start..end].chars().count();
        let (reading, still_open) = Reading::new(&text[start..end], open);
        open = still_open;
        words += reading.words.len();
        if let Some(p) = propose(&reading) {
            let span = CpSpan::new(cp, cp + len).expect("a sentence's end follows its start");
            found.push(Suggestion { span, tag: p.tag, reason: p.reason });
        }
        cp += len;
        byte = end;
    }
    words
}

/// What a sentence read alone gets: the question NewsSD-ENG's test asks of each sentence.
pub fn propose_sentence(sentence: &str) -> Option<Proposal> {
    propose(&Reading::new(sentence, false).0)
}

/// What the model sees of a sentence read alone, for training it: its features, whether an
/// earlier rule (an accusation, or too few words) decides the sentence first, and which
/// features the writer's own cues raise (only those may explain an opinion).
pub fn sentence_features(sentence: &str) -> ([f32; model::FEATURES], bool, [bool; model::FEATURES]) {
    let r = Reading::new(sentence, false).0;
    let mut voiced = [false; model::FEATURES];
    for c in r.voice().filter(|c| reading::STRONG.contains(&c.kind)) {
        voiced[c.kind as usize] = true;
    }
    (model::features(&r), r.words.len() < 2 || accusation(&r).is_some(), voiced)
}

fn propose(r: &Reading<'_>) -> Option<Proposal> {
    if r.words.len() < 2 {
        return None;
    }
    if let Some(p) = accusation(r) {
        return Some(p);
    }
    if let Some(p) = opinion(r) {
        return Some(p);
    }
    if r.words.len() < 4 {
        return None;
    }
    attributed(r).or_else(|| checkable(r))
}

fn quote(text: &str) -> String {
    format!("‘{text}’")
}

/// The writer's opinion, when the model's probability passes the threshold and the writer's
/// own cues explain it.
fn opinion(r: &Reading<'_>) -> Option<Proposal> {
    let x = model::features(r);
    let p = model::probability(&x);
    if p < weights::THRESHOLD {
        return None;
    }
    let weight = model::contributions(&x);
    if !r.voice().any(|c| reading::STRONG.contains(&c.kind) && weight[c.kind as usize] > 0.0) {
        return None;
    }
    let shown = explain(r, &x);
    let reason = format!("the author's judgement: {}", shown.join(", "));
    Some(Proposal { tag: Tag::Opinion, reason })
}

/// The writer's own cues that raise the score most, quoted: the strong kinds first, then by
/// what they add.
fn explain(r: &Reading<'_>, x: &[f32; model::FEATURES]) -> Vec<String> {
    let weight = model::contributions(x);
    let mut voiced: Vec<(&Cue, f32)> = r
        .voice()
        .filter_map(|c| {
            let w = weight[c.kind as usize];
            (w > 0.0).then_some((c, w))
        })
        .collect();
    let strong = |c: &Cue| reading::STRONG.contains(&c.kind);
    voiced.sort_by(|a, b| strong(b.0).cmp(&strong(a.0)).then(b.1.total_cmp(&a.1)).then(a.0.start.cmp(&b.0.start)));
    let mut shown: Vec<String> = Vec::new();
    for (c, _) in voiced {
        let text = match c.kind {
            Kind::Question => "a question".to_string(),
            Kind::Exclamation => "an exclamation".to_string(),
            Kind::ScareQuote => format!("scare quotes {}", quote(r.cue_text(c))),
            _ => quote(r.cue_text(c)),
        };
        if !shown.contains(&text) && shown.len() < REASON_CUES {
            shown.push(text);
        }
    }
    shown
}

const PASSIVE: &[&str] = &["was", "were", "been", "be", "is", "are", "being", "get", "got"];
const SKIP: &[&str] = &["of", "that", "the", "a", "an", "by", "to", "against", "for", "on"];

fn accusation(r: &Reading<'_>) -> Option<Proposal> {
    let cue = r.cues.iter().find(|c| c.kind == Kind::Accusation)?;
    let at = r.words.iter().position(|w| w.start == cue.start)?;
    let word = &r.words[at];
    let joins = |w: &str| matches!(w, "of" | "that" | "for" | "over" | "with" | "against");
    let joined =
        r.words.get(at + 1..(at + 4).min(r.words.len())).and_then(|next| next.iter().find(|w| joins(&w.lower)));
    let cue_text = match joined {
        Some(j) if j.start > word.end + 1 => quote(&format!("{} … {}", r.cue_text(cue), &r.text[j.start..j.end])),
        Some(j) => quote(&r.text[word.start..j.end]),
        None => quote(r.cue_text(cue)),
    };
    let passive = at > 0 && PASSIVE.contains(&r.words[at - 1].lower.as_str());
    let target = if passive { names_before(r, at - 1) } else { names_after(r, at) };
    let reason = match target {
        Some(t) => format!("accusation: {cue_text}, target: {t}"),
        None => format!("accusation: {cue_text}"),
    };
    Some(Proposal { tag: Tag::Accusation, reason })
}

/// Words that begin a sentence with a capital without being a name.
const COMMON: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "its",
    "in",
    "on",
    "at",
    "but",
    "and",
    "we",
    "i",
    "our",
    "some",
    "many",
    "critics",
    "officials",
];

fn is_name(r: &Reading<'_>, i: usize) -> bool {
    r.words[i].capital && (i > 0 || !COMMON.contains(&r.words[i].lower.as_str()))
}

/// The run of capitalised words (a name) within a few words after `at`.
fn names_after<'a>(r: &Reading<'a>, at: usize) -> Option<&'a str> {
    let mut i = at + 1;
    while i < r.words.len() && i <= at + 4 && !r.words[i].capital {
        if !SKIP.contains(&r.words[i].lower.as_str()) && !r.words[i].lower.ends_with("'s") && i > at + 2 {
            return None;
        }
        i += 1;
    }
    name_run(r, i)
}

/// The name that ends just before `at` (the subject of "X was accused").
fn names_before<'a>(r: &Reading<'a>, at: usize) -> Option<&'a str> {
    let mut end = at;
    while end > 0 && !is_name(r, end - 1) {
        end -= 1;
        if at - end > 2 {
            return None;
        }
    }
    let mut start = end;
    while start > 0 && is_name(r, start - 1) {
        start -= 1;
    }
    (start < end).then(|| &r.text[r.words[start].start..r.words[end - 1].end])
}

fn name_run<'a>(r: &Reading<'a>, from: usize) -> Option<&'a str> {
    let mut end = from;
    while end < r.words.len() && r.words[end].capital && end < from + 4 {
        end += 1;
    }
    (end > from).then(|| &r.text[r.words[from].start..r.words[end - 1].end])
}

/// A claim someone else makes: a reporting verb ("the report argues"), or quoted speech.
fn attributed(r: &Reading<'_>) -> Option<Proposal> {
    let reporting = r.cues.iter().find(|c| c.kind == Kind::Reporting && !c.quoted);
    if let Some(c) = reporting {
        let at = r.words.iter().position(|w| w.start == c.start)?;
        // "As we predicted": the writer's own voice, not a source's.
        if at > 0 && cues::FIRST_PERSON.contains(&r.words[at - 1].lower.as_str()) {
            return None;
        }
        let shown = if r.words[at].lower == "in" {
            r.cue_text(c)
        } else if r.words[at].lower == "according" {
            let end = (at + 4).min(r.words.len());
            &r.text[r.words[at].start..r.words[end - 1].end]
        } else {
            // The speaker: up to two words before the verb, none of them quoted.
            let mut start = at;
            while start > 0 && at - start < 2 && !r.words[start - 1].quoted {
                start -= 1;
            }
            &r.text[r.words[start].start..r.words[at].end]
        };
        return Some(Proposal { tag: Tag::Claim, reason: format!("attributed claim: {}", quote(shown)) });
    }
    (r.quoted_share() > 0.5)
        .then(|| Proposal { tag: Tag::Claim, reason: "attributed claim: quoted speech".to_string() })
}

/// A claim a reader can check: a figure, a cause, a comparison.
fn checkable(r: &Reading<'_>) -> Option<Proposal> {
    let c = r.cues.iter().find(|c| c.kind == Kind::Figure && !c.quoted)?;
    let text = r.cue_text(c);
    // A year alone dates a sentence; it does not make it checkable.
    let year = text.len() == 4 && text.starts_with(['1', '2']);
    let month = text.chars().next().is_some_and(char::is_alphabetic)
        && !cues::MAGNITUDE.contains(&text.to_ascii_lowercase().as_str());
    if year || month {
        return None;
    }
    let at = r.words.iter().position(|w| w.start == c.start)?;
    let end = (at + 2).min(r.words.len());
    let next = &r.words[at + 1..end];
    let shown = match next.first() {
        Some(n) if cues::MAGNITUDE.contains(&n.lower.as_str()) => &r.text[c.start..n.end],
        _ => text,
    };
    Some(Proposal { tag: Tag::Claim, reason: format!("checkable claim: figure {}", quote(shown)) })
}

#[cfg(test)]
mod tests;
