//! One sentence read for cues: which fired, where, and whether the words were the writer's own
//! or quoted. The model's features are counted from a reading, and the reasons shown are its
//! cues.

use super::cues::{self, has_form};
use super::words::{self, Quotation, Word};

/// A kind of cue, in the order of the model's features.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Judgement,
    Loaded,
    Charged,
    Booster,
    Hedge,
    Obligation,
    FirstPerson,
    SecondPerson,
    Sweeping,
    Question,
    Exclamation,
    ScareQuote,
    /// The vocabulary of argument ([`cues::ARGUMENT`]), or a sentence opened by "but", "and",
    /// "so" or "yet".
    Argument,
    /// The writer's stance on what is done or known ([`cues::STANCE`]).
    Stance,
    Reporting,
    Accusation,
    Figure,
    Causal,
    Comparison,
    Contrast,
    Negation,
}

/// The kinds in the writer's own voice strong enough to explain an opinion on their own; the
/// vocabulary of argument ("but", "instead", "the point") is the writer's voice too, but only
/// adds to one (see [`is_voice`]).
pub const STRONG: &[Kind] = &[
    Kind::Judgement,
    Kind::Loaded,
    Kind::Charged,
    Kind::Booster,
    Kind::Hedge,
    Kind::Obligation,
    Kind::FirstPerson,
    Kind::SecondPerson,
    Kind::Sweeping,
    Kind::Question,
    Kind::Exclamation,
    Kind::ScareQuote,
    Kind::Stance,
];

/// Whether a kind speaks in the writer's own voice: only these count toward an opinion.
pub fn is_voice(kind: Kind) -> bool {
    kind == Kind::Argument || STRONG.contains(&kind)
}

/// One cue found: its kind and where it is, in bytes of the sentence (for a phrase, from its
/// first word to its last).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Inside a quotation: the source's words, not the writer's.
    pub quoted: bool,
}

/// A sentence with its words and the cues found in it.
#[derive(Debug)]
pub struct Reading<'a> {
    pub text: &'a str,
    pub words: Vec<Word>,
    pub quotations: Vec<Quotation>,
    pub cues: Vec<Cue>,
}

const CONTRAST: &[&str] = &["but", "yet", "however", "although", "though", "whereas", "instead", "nevertheless"];
const NEGATION: &[&str] = &[
    "not", "no", "never", "nor", "neither", "don't", "doesn't", "isn't", "aren't", "wasn't", "can't", "cannot", "won't",
];
const COMPARISON: &[&str] = &["than", "more", "less", "fewer", "most", "least"];
/// Month names (not "may": a modal far more often). furniture.rs has its own list, with
/// "may" and the short forms, for dates in page furniture.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl<'a> Reading<'a> {
    /// Reads `text`, which starts inside a quotation when `open`; also returns whether a
    /// quotation is still open at its end.
    pub fn new(text: &'a str, open: bool) -> (Reading<'a>, bool) {
        let (words, quotations, still_open) = words::read(text, open);
        let mut reading = Reading { text, words, quotations, cues: Vec::new() };
        reading.find_cues();
        (reading, still_open)
    }

    fn push(&mut self, kind: Kind, first: usize, last: usize) {
        let (start, end) = (self.words[first].start, self.words[last].end);
        let quoted = self.words[first].quoted;
        self.cues.push(Cue { kind, start, end, quoted });
    }

    fn find_cues(&mut self) {
        let n = self.words.len();
        for i in 0..n {
            let w = self.words[i].lower.clone();
            let next = self.words.get(i + 1).map(|w| w.lower.as_str());
            let kind = if cues::ACCUSATION.contains(&w.as_str()) && (w != "charged" || next == Some("with")) {
                Some(Kind::Accusation)
            } else if has_form(cues::JUDGEMENT, &w) {
                Some(Kind::Judgement)
            } else if cues::LOADED.contains(&w.as_str()) {
                Some(Kind::Loaded)
            } else if cues::CHARGED.contains(&w.as_str()) {
                Some(Kind::Charged)
            } else if cues::BOOSTER.contains(&w.as_str()) {
                Some(Kind::Booster)
            } else if cues::HEDGE.contains(&w.as_str()) {
                Some(Kind::Hedge)
            } else if cues::OBLIGATION.contains(&w.as_str()) {
                Some(Kind::Obligation)
            } else if cues::FIRST_PERSON.contains(&w.as_str())
                && &self.text[self.words[i].start..self.words[i].end] != "US"
            {
                Some(Kind::FirstPerson)
            } else if cues::SECOND_PERSON.contains(&w.as_str()) {
                Some(Kind::SecondPerson)
            } else if cues::SWEEPING.contains(&w.as_str()) {
                Some(Kind::Sweeping)
            } else if cues::ARGUMENT.contains(&w.as_str()) || (i == 0 && cues::OPENERS.contains(&w.as_str())) {
                Some(Kind::Argument)
            } else if cues::STANCE.contains(&w.as_str()) {
                Some(Kind::Stance)
            } else if self.reports(i) {
                Some(Kind::Reporting)
            } else if self.words[i].digit || MONTHS.contains(&w.as_str()) || cues::MAGNITUDE.contains(&w.as_str()) {
                Some(Kind::Figure)
            } else if cues::CAUSAL.contains(&w.as_str()) {
                Some(Kind::Causal)
            } else if COMPARISON.contains(&w.as_str()) {
                Some(Kind::Comparison)
            } else if CONTRAST.contains(&w.as_str()) {
                Some(Kind::Contrast)
            } else if NEGATION.contains(&w.as_str()) || w.ends_with("n't") {
                Some(Kind::Negation)
            } else {
                None
            };
            if let Some(kind) = kind {
                self.push(kind, i, i);
            }
        }
        self.find_phrases(cues::BOOSTER_PHRASES, Kind::Booster);
        self.find_phrases(cues::OBLIGATION_PHRASES, Kind::Obligation);
        self.find_phrases(cues::REPORTING_PHRASES, Kind::Reporting);
        self.find_marks();
        self.attribute();
        self.cues.sort_by_key(|c| (c.start, c.kind));
    }

    /// Attribution first: what follows a source's reporting verb ("the report argues that…")
    /// is the source's, as if quoted, and so is all of a sentence said "according to" someone
    /// or "in their view".
    /// The writer's own reporting ("as we predicted") stays the writer's.
    fn attribute(&mut self) {
        let mut from = None;
        for c in self.cues.iter().filter(|c| c.kind == Kind::Reporting && !c.quoted) {
            let at = self.words.iter().position(|w| w.start == c.start).unwrap_or(0);
            let before = at.checked_sub(1).map(|i| self.words[i].lower.as_str());
            if before.is_some_and(|b| cues::FIRST_PERSON.contains(&b)) {
                continue;
            }
            let whole = matches!(self.words[at].lower.as_str(), "according" | "in");
            let start = if whole { 0 } else { c.end };
            from = Some(from.map_or(start, |f: usize| f.min(start)));
        }
        let Some(from) = from else { return };
        for c in &mut self.cues {
            if c.start >= from && c.kind != Kind::Reporting {
                c.quoted = true;
            }
        }
    }

    /// Whether word `i` is a reporting verb: one of [`cues::REPORTING`], where an ambiguous one
    /// ([`cues::REPORTING_IF_SPOKEN`]) comes before "that" or after a speaker.
    fn reports(&self, i: usize) -> bool {
        let w = self.words[i].lower.as_str();
        let next = self.words.get(i + 1).map(|w| w.lower.as_str());
        if !cues::REPORTING.contains(&w) {
            return false;
        }
        if w == "according" {
            return next == Some("to");
        }
        if !cues::REPORTING_IF_SPOKEN.contains(&w) {
            return true;
        }
        // A capital after the first word is a name; the first word's says nothing.
        let before = i.checked_sub(1).map(|j| &self.words[j]);
        next == Some("that")
            || before.is_some_and(|b| (b.capital && i >= 2) || cues::SPEAKERS.contains(&b.lower.as_str()))
    }

    fn find_phrases(&mut self, phrases: &[&str], kind: Kind) {
        for phrase in phrases {
            let parts: Vec<&str> = phrase.split(' ').collect();
            for i in 0..self.words.len().saturating_sub(parts.len() - 1) {
                if parts.iter().enumerate().all(|(j, p)| self.words[i + j].lower == *p) {
                    // The phrase's words counted once, as the phrase.
                    let (s, e) = (self.words[i].start, self.words[i + parts.len() - 1].end);
                    self.cues.retain(|c| c.end <= s || c.start >= e);
                    self.push(kind, i, i + parts.len() - 1);
                }
            }
        }
    }

    /// Questions and exclamations in the writer's voice, and scare quotes: one to three words
    /// in quotation marks inside a sentence that is otherwise the writer's, not after a
    /// reporting verb.
    fn find_marks(&mut self) {
        let end = self.text.trim_end_matches(|c: char| "\"”’')]".contains(c) || c.is_whitespace());
        let last_quoted = self.words.last().is_some_and(|w| w.quoted);
        // A question that opens with "why", "how"… and judges nothing is a heading's question,
        // the kind a report asks to answer it ("Why are teachers unhappy?").
        let plain_question =
            self.words.first().is_some_and(|w| {
                matches!(w.lower.as_str(), "why" | "how" | "what" | "when" | "where" | "who" | "which")
            }) && !self.cues.iter().any(|c| is_voice(c.kind) && !c.quoted);
        for (mark, kind) in [('?', Kind::Question), ('!', Kind::Exclamation)] {
            let heading = mark == '?' && plain_question;
            if end.ends_with(mark) && !last_quoted && !self.words.is_empty() && !heading {
                let at = end.len() - 1;
                self.cues.push(Cue { kind, start: at, end: at + 1, quoted: false });
            }
        }
        let total = self.words.len();
        let reporting = self.cues.iter().any(|c| c.kind == Kind::Reporting && !c.quoted);
        for q in self.quotations.clone() {
            let inside: Vec<usize> =
                (0..total).filter(|&i| self.words[i].start >= q.start && self.words[i].end <= q.end).collect();
            let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else { continue };
            let reported = reporting
                || self.words[first.saturating_sub(2)..first].iter().any(|w| {
                    matches!(w.lower.as_str(), "as" | "called" | "calls" | "dubbed" | "said" | "says" | "termed")
                });
            if inside.len() <= 3 && total > inside.len() + 3 && !reported && q.start > 0 {
                // The quotation marks are the writer's: the cue is in the writer's voice.
                let (start, end) = (self.words[first].start, self.words[last].end);
                self.cues.push(Cue { kind: Kind::ScareQuote, start, end, quoted: false });
            }
        }
    }

    /// The cues of the writer's own voice: not quoted.
    pub fn voice(&self) -> impl Iterator<Item = &Cue> {
        self.cues.iter().filter(|c| !c.quoted && is_voice(c.kind))
    }

    pub fn count(&self, kind: Kind, quoted: bool) -> usize {
        self.cues.iter().filter(|c| c.kind == kind && c.quoted == quoted).count()
    }

    pub fn has(&self, kind: Kind) -> bool {
        self.cues.iter().any(|c| c.kind == kind)
    }

    /// The share of the words inside quotation marks.
    pub fn quoted_share(&self) -> f32 {
        if self.words.is_empty() {
            return 0.0;
        }
        self.words.iter().filter(|w| w.quoted).count() as f32 / self.words.len() as f32
    }

    /// The share of the words after the first that begin with a capital: names.
    pub fn name_share(&self) -> f32 {
        if self.words.len() < 2 {
            return 0.0;
        }
        self.words[1..].iter().filter(|w| w.capital).count() as f32 / (self.words.len() - 1) as f32
    }

    pub fn cue_text(&self, cue: &Cue) -> &'a str {
        &self.text[cue.start..cue.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str, bool)> {
        let (r, _) = Reading::new(text, false);
        r.cues.iter().map(|c| (c.kind, &text[c.start..c.end], c.quoted)).collect()
    }

    #[test]
    fn finds_the_writers_cues_and_the_sources() {
        assert_eq!(
            kinds("This deal is simply shameful."),
            [(Kind::Booster, "simply", false), (Kind::Judgement, "shameful", false)]
        );
        assert_eq!(
            kinds("Critics called it “a shameful deal”, he said."),
            [(Kind::Reporting, "called", false), (Kind::Judgement, "shameful", true), (Kind::Reporting, "said", false)]
        );
        assert_eq!(
            kinds("In fact we must act."),
            [(Kind::Booster, "In fact", false), (Kind::FirstPerson, "we", false), (Kind::Obligation, "must", false)]
        );
        assert_eq!(kinds("They call this ‘levelling up’ in the north."), [(Kind::ScareQuote, "levelling up", false)]);
        assert_eq!(
            kinds("Do they really think so?"),
            [(Kind::Booster, "really", false), (Kind::Stance, "think", false), (Kind::Question, "?", false)]
        );
        assert_eq!(
            kinds("He was charged with fraud in 2021."),
            [(Kind::Accusation, "charged", false), (Kind::Figure, "2021", false)]
        );
    }
}
