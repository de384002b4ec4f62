//! Annotations and the store that holds an article's annotations.
//!
//! Every change to the store is a [`Change`], and applying one returns its inverse, so an undo
//! log is a stack of changes and nothing else.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::CpSpan;

/// What a reader says a passage is: one of newsmark's three tags, or a tag that came in with an
/// import (kept and shown as it was, never dropped).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    Claim,
    Accusation,
    Opinion,
    /// Another tool's tag, as it was; empty for an imported annotation that had none.
    Other(String),
}

impl Tag {
    pub const OURS: [Tag; 3] = [Tag::Claim, Tag::Accusation, Tag::Opinion];

    /// The tag's name as exported: `claim`, `accusation`, `opinion`, or the other tag's own.
    pub fn as_str(&self) -> &str {
        match self {
            Tag::Claim => "claim",
            Tag::Accusation => "accusation",
            Tag::Opinion => "opinion",
            Tag::Other(name) => name,
        }
    }

    /// One of our three tags, in any case; `None` for any other name.
    pub fn parse(name: &str) -> Option<Tag> {
        Tag::OURS.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// Our tag where the name is one of ours (any case), else the name kept as it is.
    pub fn from_name(name: &str) -> Tag {
        Tag::parse(name).unwrap_or_else(|| Tag::Other(name.trim().to_string()))
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An annotation's IRI, `urn:uuid:…` for the ones newsmark makes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AnnotationId(String);

impl AnnotationId {
    /// A version 4 UUID URN from 16 random bytes (RFC 9562 §5.4).
    pub fn from_random(mut bytes: [u8; 16]) -> AnnotationId {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        AnnotationId(format!(
            "urn:uuid:{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        ))
    }

    /// Accepts any absolute IRI (a scheme, a colon, no whitespace or control character) but
    /// one that would run or carry content where it is followed: `javascript:`, `vbscript:`,
    /// `data:`.
    ///
    /// # Errors
    /// A message naming what is wrong with the id.
    pub fn parse(id: &str) -> Result<AnnotationId, String> {
        let scheme = id.split_once(':').map(|(scheme, _)| scheme).filter(|scheme| {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        let Some(scheme) = scheme else { return Err(format!("id {id:?} is not an absolute IRI")) };
        if id.chars().any(|c| c.is_whitespace() || c.is_control()) || id.len() > 2048 {
            return Err(format!("id {id:?} is not an absolute IRI"));
        }
        if ["javascript", "vbscript", "data"].iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
            return Err(format!("id {id:?} is a {scheme}: address, not an identifier newsmark keeps"));
        }
        Ok(AnnotationId(id.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AnnotationId {
    type Error = String;
    fn try_from(id: String) -> Result<Self, String> {
        AnnotationId::parse(&id)
    }
}

impl From<AnnotationId> for String {
    fn from(id: AnnotationId) -> String {
        id.0
    }
}

impl fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A UTC time as `xsd:dateTime` with a `Z` zone, e.g. `2026-11-26T19:49:00.000Z`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timestamp(String);

impl Timestamp {
    /// # Errors
    /// A message when the text is not `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let shape = bytes.len() >= 20
            && digits(0..4)
            && bytes[4] == b'-'
            && digits(5..7)
            && bytes[7] == b'-'
            && digits(8..10)
            && bytes[10] == b'T'
            && digits(11..13)
            && bytes[13] == b':'
            && digits(14..16)
            && bytes[16] == b':'
            && digits(17..19)
            && bytes[bytes.len() - 1] == b'Z'
            && (bytes.len() == 20 || (bytes[19] == b'.' && bytes.len() > 21 && digits(20..bytes.len() - 1)));
        if shape {
            Ok(Timestamp(text.to_string()))
        } else {
            Err(format!("{text:?} is not a UTC date-time like 2026-11-26T19:49:00Z"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads an `xsd:dateTime` with a zone, `Z` or `±HH:MM` (as Hypothesis writes), and converts
    /// it to UTC.
    ///
    /// # Errors
    /// A message when the text is not such a date-time.
    pub fn parse_utc(text: &str) -> Result<Timestamp, String> {
        if let Ok(t) = Timestamp::parse(text) {
            return Ok(t);
        }
        let error = || format!("{text:?} is not a date-time with a time zone, like 2026-11-26T19:49:00Z");
        let split = text.len().checked_sub(6).filter(|&at| text.is_char_boundary(at)).ok_or_else(error)?;
        let (local, zone) = text.split_at(split);
        let zone = zone.as_bytes();
        let sign = match zone[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return Err(error()),
        };
        let number = |b: &[u8]| std::str::from_utf8(b).ok().and_then(|s| s.parse::<i64>().ok()).ok_or_else(error);
        if zone[3] != b':' {
            return Err(error());
        }
        let offset = sign * (number(&zone[1..3])? * 3600 + number(&zone[4..6])? * 60);
        Timestamp::parse(&format!("{local}Z")).map_err(|_| error())?;
        let b = local.as_bytes();
        let (y, mo, d) = (number(&b[0..4])?, number(&b[5..7])?, number(&b[8..10])?);
        let seconds = days_from_civil(y, mo, d) * 86_400
            + number(&b[11..13])? * 3600
            + number(&b[14..16])? * 60
            + number(&b[17..19])?
            - offset;
        let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (y, mo, d) = civil_from_days(days);
        let fraction = &local[19..];
        Timestamp::parse(&format!(
            "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}{fraction}Z",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        ))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a count of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

impl TryFrom<String> for Timestamp {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Timestamp::parse(&text)
    }
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.0
    }
}

/// A tagged passage of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub id: AnnotationId,
    /// Where the passage is in the article's canonical text.
    pub span: CpSpan,
    /// The passage's text when it was annotated: what anchoring looks for.
    pub quote: String,
    /// The text just before and after the passage when it was made or last placed: with the
    /// quote and the span, the selectors that find it again. Described once, as Hypothesis
    /// does, never on every save (the article's text does not change while it is open).
    pub prefix: String,
    pub suffix: String,
    pub tag: Tag,
    /// Further tags an imported annotation carried, kept as they were.
    pub extra_tags: Vec<String>,
    /// The reader's note; empty when there is none.
    pub note: String,
    pub created: Timestamp,
    pub modified: Timestamp,
    /// Placed by approximate matching after the text changed: the reader should check it.
    pub review: bool,
}

/// One reversible change to a [`Store`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Add(Annotation),
    Remove(AnnotationId),
    /// Sets the tag, note and review flag; `modified` is the time of the change.
    Edit {
        id: AnnotationId,
        tag: Tag,
        note: String,
        review: bool,
        modified: Timestamp,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    UnknownId(AnnotationId),
    DuplicateId(AnnotationId),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::UnknownId(id) => write!(f, "no annotation has the id {id}"),
            StoreError::DuplicateId(id) => {
                write!(f, "an annotation with the id {id} exists already")
            }
        }
    }
}

impl std::error::Error for StoreError {}

/// An article's annotations, in text order (by start, then end, then id).
#[derive(Clone, Debug, Default)]
pub struct Store {
    annotations: Vec<Annotation>,
    /// Where each annotation is: its id's hash with its span, sorted by the hash; the span and
    /// the id then find it in `annotations` by binary search. A look-up by id (every tag, edit
    /// and save) costs about the same with 10,000 annotations as with ten.
    index: Vec<(u64, CpSpan)>,
    /// Which annotations changed since the page last asked ([`Store::take_touched`]), so that
    /// it redraws those alone.
    touched: Touched,
}

/// The annotations a store added, changed or removed since last asked, by id; or `all`, when
/// so many changed that the whole list is simpler to draw again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    pub all: bool,
    pub ids: Vec<AnnotationId>,
}

impl Touched {
    /// Past this many, a change is told as `all`.
    pub const MAX: usize = 256;

    fn add(&mut self, id: &AnnotationId) {
        if self.all {
            return;
        }
        if self.ids.len() >= Touched::MAX {
            self.everything();
        } else {
            self.ids.push(id.clone());
        }
    }

    fn everything(&mut self) {
        self.all = true;
        self.ids = Vec::new();
    }
}

/// Two stores are equal when they hold the same annotations (what the page was told is not
/// part of what they hold).
impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        self.annotations == other.annotations
    }
}

impl Eq for Store {}

impl Store {
    /// What changed since the last call, and starts counting again.
    pub fn take_touched(&mut self) -> Touched {
        std::mem::take(&mut self.touched)
    }

    /// An annotation with its place in text order.
    pub fn find(&self, id: &AnnotationId) -> Option<(usize, &Annotation)> {
        let h = hash(id);
        let from = self.index.partition_point(|e| e.0 < h);
        self.index[from..].iter().take_while(|e| e.0 == h).find_map(|&(_, span)| {
            let at = self.annotations.partition_point(|a| (a.span, &a.id) < (span, id));
            self.annotations.get(at).filter(|a| &a.id == id).map(|a| (at, a))
        })
    }

    /// The annotation on exactly `span`, the first by id when there are several.
    pub fn on(&self, span: CpSpan) -> Option<&Annotation> {
        let at = self.annotations.partition_point(|a| a.span < span);
        self.annotations.get(at).filter(|a| a.span == span)
    }

    /// The index made again from the annotations (after a change to many).
    fn reindex(&mut self) {
        self.index = self.annotations.iter().map(|a| (hash(&a.id), a.span)).collect();
        crate::order::sort_by_key(&mut self.index, |e| e.0);
    }

    fn index_add(&mut self, id: &AnnotationId, span: CpSpan) {
        let h = hash(id);
        let at = self.index.partition_point(|e| e.0 <= h);
        self.index.insert(at, (h, span));
    }

    fn index_remove(&mut self, id: &AnnotationId, span: CpSpan) {
        let h = hash(id);
        let from = self.index.partition_point(|e| e.0 < h);
        if let Some(at) = self.index[from..].iter().take_while(|e| e.0 == h).position(|e| e.1 == span) {
            self.index.remove(from + at);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.iter()
    }

    pub fn len(&self) -> usize {
        self.annotations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.annotations.is_empty()
    }

    pub fn get(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.find(id).map(|(_, a)| a)
    }

    /// How many code points of the text the annotations tagged `tag` cover, each once however
    /// many annotations overlap on it.
    pub fn covered(&self, tag: &Tag) -> usize {
        let mut covered = 0;
        let mut reach = 0;
        // In text order, by start: each adds what lies past the furthest end so far.
        for a in self.annotations.iter().filter(|a| &a.tag == tag) {
            covered += a.span.end_cp().saturating_sub(reach.max(a.span.start_cp()));
            reach = reach.max(a.span.end_cp());
        }
        covered
    }

    /// Every annotation covering a code point offset, the shortest first (then in text order):
    /// a click on text under several selects the first, and each click again the next.
    pub fn all_at(&self, cp: usize) -> Vec<&Annotation> {
        let mut covering: Vec<&Annotation> =
            self.annotations.iter().filter(|a| a.span.start_cp() <= cp && cp < a.span.end_cp()).collect();
        crate::order::sort_by_key(&mut covering, |a| a.span.len_cp() as u64);
        covering
    }

    /// Applies a change and returns the change that undoes it.
    ///
    /// # Errors
    /// `UnknownId` when the change names a missing annotation, `DuplicateId` when it adds an id
    /// already present. The store is unchanged on error.
    pub fn apply(&mut self, change: Change) -> Result<Change, StoreError> {
        match change {
            Change::Add(annotation) => {
                if self.get(&annotation.id).is_some() {
                    return Err(StoreError::DuplicateId(annotation.id));
                }
                let at = self.annotations.partition_point(|a| (a.span, &a.id) < (annotation.span, &annotation.id));
                let inverse = Change::Remove(annotation.id.clone());
                self.touched.add(&annotation.id);
                self.index_add(&annotation.id, annotation.span);
                self.annotations.insert(at, annotation);
                Ok(inverse)
            }
            Change::Remove(id) => {
                let at = self.position(&id)?;
                self.touched.add(&id);
                let removed = self.annotations.remove(at);
                self.index_remove(&removed.id, removed.span);
                Ok(Change::Add(removed))
            }
            Change::Edit { id, tag, note, review, modified } => {
                let at = self.position(&id)?;
                self.touched.add(&id);
                let annotation = &mut self.annotations[at];
                let inverse = Change::Edit {
                    id,
                    tag: std::mem::replace(&mut annotation.tag, tag),
                    note: std::mem::replace(&mut annotation.note, note),
                    review: std::mem::replace(&mut annotation.review, review),
                    modified: std::mem::replace(&mut annotation.modified, modified),
                };
                Ok(inverse)
            }
        }
    }

    /// Keeps only the annotations `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&Annotation) -> bool) {
        let touched = &mut self.touched;
        self.annotations.retain(|a| {
            let kept = keep(a);
            if !kept {
                touched.add(&a.id);
            }
            kept
        });
        if self.index.len() != self.annotations.len() {
            self.reindex();
        }
    }

    /// Adds many annotations at once, in text order; their ids must not be in the store yet
    /// (the caller removed them). One sort, not one shift of the list per annotation.
    pub fn add_many(&mut self, mut annotations: Vec<Annotation>) {
        if annotations.is_empty() {
            return;
        }
        if annotations.len() > Touched::MAX {
            self.touched.everything();
        } else {
            annotations.iter().for_each(|a| self.touched.add(&a.id));
        }
        // Code points fit in 32 bits in any article a browser holds: (start, end) as one key.
        crate::order::sort_by_key(&mut annotations, |a| {
            ((a.span.start_cp() as u64) << 32) | (a.span.end_cp() as u64 & 0xffff_ffff)
        });
        // Annotations on one passage: by id, as `apply` keeps them (a file may put thousands on
        // one word, so each run is sorted, not shifted into place).
        let mut from = 0;
        while from < annotations.len() {
            let span = annotations[from].span;
            let to = from + annotations[from..].iter().take_while(|a| a.span == span).count();
            if to - from > 1 {
                annotations[from..to].sort_unstable_by(|a, b| a.id.cmp(&b.id));
            }
            from = to;
        }
        // Then merged with the list (already in that order): linear in both.
        let old = std::mem::take(&mut self.annotations);
        let mut merged = Vec::with_capacity(old.len() + annotations.len());
        let mut new = annotations.into_iter().peekable();
        for kept in old {
            while let Some(next) = new.next_if(|n| (n.span, &n.id) < (kept.span, &kept.id)) {
                merged.push(next);
            }
            merged.push(kept);
        }
        merged.extend(new);
        self.annotations = merged;
        self.reindex();
    }

    fn position(&self, id: &AnnotationId) -> Result<usize, StoreError> {
        self.find(id).map(|(at, _)| at).ok_or_else(|| StoreError::UnknownId(id.clone()))
    }
}

/// An id's hash for the store's index.
fn hash(id: &AnnotationId) -> u64 {
    crate::article::fnv1a(id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn annotation(n: u8, start: usize, end: usize, tag: Tag) -> Annotation {
        Annotation {
            id: AnnotationId::from_random([n; 16]),
            span: CpSpan::new(start, end).unwrap(),
            quote: "q".into(),
            prefix: String::new(),
            suffix: String::new(),
            tag,
            extra_tags: Vec::new(),
            note: String::new(),
            created: time("2026-11-26T10:00:00Z"),
            modified: time("2026-11-26T10:00:00Z"),
            review: false,
        }
    }

    #[test]
    fn every_annotation_is_found_by_its_id_through_adds_removals_and_batches() {
        let mut store = Store::default();
        let id = |i: u64| {
            let mut bytes = [3; 16];
            bytes[..8].copy_from_slice(&i.to_le_bytes());
            AnnotationId::from_random(bytes)
        };
        let on = |i: u64, span: (usize, usize)| Annotation { id: id(i), ..annotation(0, span.0, span.1, Tag::Claim) };
        // Many on one passage, others around it, one at a time and as a batch.
        for i in 0..40 {
            store.apply(Change::Add(on(i, if i % 3 == 0 { (5, 9) } else { (i as usize, i as usize + 2) }))).unwrap();
        }
        store.add_many((40..80).map(|i| on(i, (5, 9))).collect());
        for i in (0..80).step_by(7) {
            store.apply(Change::Remove(id(i))).unwrap();
        }
        store.retain(|a| a.id != id(41) && a.id != id(2));
        let gone = |i: u64| i.is_multiple_of(7) || i == 41 || i == 2;
        for i in 0..80 {
            let linear = store.iter().position(|a| a.id == id(i));
            assert_eq!(store.find(&id(i)).map(|(at, _)| at), linear, "annotation {i}");
            assert_eq!(linear.is_none(), gone(i), "annotation {i}");
        }
        assert_eq!(store.get(&id(99)), None);
        assert_eq!(
            store.on(CpSpan::new(5, 9).unwrap()).map(|a| &a.id),
            store.iter().find(|a| a.span == CpSpan::new(5, 9).unwrap()).map(|a| &a.id)
        );
        assert!(
            matches!(store.apply(Change::Add(on(3, (1, 2)))), Err(StoreError::DuplicateId(_))),
            "found: a twin is refused"
        );
    }

    #[test]
    fn what_a_tag_covers_counts_each_code_point_once() {
        let mut store = Store::default();
        let id = |i: u8| AnnotationId::from_random([i; 16]);
        for (i, (start, end, tag)) in
            [(0, 10, Tag::Claim), (5, 15, Tag::Claim), (20, 25, Tag::Claim), (22, 23, Tag::Claim), (3, 8, Tag::Opinion)]
                .into_iter()
                .enumerate()
        {
            store.apply(Change::Add(Annotation { id: id(i as u8 + 1), ..annotation(0, start, end, tag) })).unwrap();
        }
        assert_eq!(
            store.covered(&Tag::Claim),
            15 + 5,
            "0–15 and 20–25: overlaps once, one inside another adds nothing"
        );
        assert_eq!(store.covered(&Tag::Opinion), 5);
        assert_eq!(store.covered(&Tag::Accusation), 0);
    }

    #[test]
    fn a_store_tells_which_annotations_changed_since_last_asked() {
        let mut store = Store::default();
        let (a, b) = (annotation(1, 0, 4, Tag::Claim), annotation(2, 5, 9, Tag::Opinion));
        store.apply(Change::Add(a.clone())).unwrap();
        store.apply(Change::Add(b.clone())).unwrap();
        assert_eq!(store.take_touched(), Touched { all: false, ids: vec![a.id.clone(), b.id.clone()] });
        assert_eq!(store.take_touched(), Touched::default(), "taken: counting starts again");
        let edit = Change::Edit {
            id: b.id.clone(),
            tag: Tag::Claim,
            note: "n".into(),
            review: false,
            modified: b.modified.clone(),
        };
        store.apply(edit).unwrap();
        store.retain(|x| x.id != a.id);
        assert_eq!(store.take_touched().ids, vec![b.id.clone(), a.id.clone()]);
        assert_eq!(store.find(&b.id).map(|(at, _)| at), Some(0));
        // A batch past the limit is told as "all".
        let many: Vec<Annotation> = (0..=Touched::MAX)
            .map(|i| {
                let mut bytes = [9; 16];
                bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
                Annotation { id: AnnotationId::from_random(bytes), ..annotation(0, 0, 1, Tag::Claim) }
            })
            .collect();
        store.add_many(many);
        assert_eq!(store.take_touched(), Touched { all: true, ids: Vec::new() });
    }

    #[test]
    fn uuid_is_version_4() {
        let id = AnnotationId::from_random([0xff; 16]);
        assert_eq!(id.as_str(), "urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff");
    }

    #[test]
    fn tags_parse_in_any_case() {
        assert_eq!(Tag::parse("Claim"), Some(Tag::Claim));
        assert_eq!(Tag::parse(" ACCUSATION "), Some(Tag::Accusation));
        assert_eq!(Tag::parse("opinion"), Some(Tag::Opinion));
        assert_eq!(Tag::parse("fact"), None);
        assert_eq!(Tag::from_name("Opinion"), Tag::Opinion);
        assert_eq!(Tag::from_name(" Fact-check "), Tag::Other("Fact-check".into()));
    }

    #[test]
    fn timestamps() {
        for ok in ["2026-11-26T19:49:00Z", "2026-11-26T19:49:00.123Z"] {
            assert!(Timestamp::parse(ok).is_ok(), "{ok}");
        }
        for bad in
            ["2026-11-26T19:49:00", "2026-11-26 19:49:00Z", "2026-11-26T19:49:00+01:00", "", "2026-11-26T19:49:00.Z"]
        {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps_with_offsets_become_utc() {
        let cases = [
            ("2026-11-26T19:49:00Z", "2026-11-26T19:49:00Z"),
            ("2024-03-01T00:30:00.123456+00:00", "2024-03-01T00:30:00.123456Z"),
            ("2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00Z"),
            ("2023-12-31T22:00:00-05:30", "2024-01-01T03:30:00Z"),
        ];
        for (given, utc) in cases {
            assert_eq!(Timestamp::parse_utc(given).map(|t| t.0), Ok(utc.to_string()), "{given}");
        }
        for bad in ["2015-01-28T12:00:00", "yesterday", "2015-01-28T12:00:00+0100", "ééééééééééééééééééééééééé"]
        {
            assert!(Timestamp::parse_utc(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_must_be_iris() {
        assert!(AnnotationId::parse("urn:uuid:1").is_ok());
        assert!(AnnotationId::parse("https://example.org/anno/1").is_ok());
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "urn:x\u{0}y"] {
            assert!(AnnotationId::parse(bad).is_err(), "{bad:?}");
        }
        for bad in ["", "no-scheme", "1a:b", "urn:has space"] {
            assert!(AnnotationId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tagging_retagging_and_undo() {
        let mut store = Store::default();
        let later = annotation(2, 50, 60, Tag::Opinion);
        let earlier = annotation(1, 10, 20, Tag::Claim);
        let undo_add = store.apply(Change::Add(later.clone())).unwrap();
        store.apply(Change::Add(earlier.clone())).unwrap();
        assert_eq!(store.iter().map(|a| a.span.start_cp()).collect::<Vec<_>>(), [10, 50], "text order");

        let edit = Change::Edit {
            id: earlier.id.clone(),
            tag: Tag::Accusation,
            note: "who says?".into(),
            review: false,
            modified: time("2026-11-26T11:00:00Z"),
        };
        let undo_edit = store.apply(edit).unwrap();
        let edited = store.get(&earlier.id).unwrap();
        assert_eq!(
            (edited.tag.clone(), edited.note.as_str(), edited.modified.as_str()),
            (Tag::Accusation, "who says?", "2026-11-26T11:00:00Z")
        );

        store.apply(undo_edit).unwrap();
        assert_eq!(store.get(&earlier.id), Some(&earlier));
        store.apply(undo_add).unwrap();
        assert_eq!(store.len(), 1);
        assert_eq!(store.apply(Change::Remove(later.id.clone())), Err(StoreError::UnknownId(later.id)));
        assert_eq!(store.apply(Change::Add(earlier.clone())), Err(StoreError::DuplicateId(earlier.id)));
    }

    #[test]
    fn many_added_at_once_keep_the_order_one_at_a_time_gives() {
        let made = [(3, 40, 50), (1, 10, 20), (4, 10, 20), (2, 10, 20), (5, 0, 5)];
        let annotations: Vec<Annotation> = made.iter().map(|&(n, s, e)| annotation(n, s, e, Tag::Claim)).collect();
        let mut one_by_one = Store::default();
        for a in annotations.iter().cloned() {
            one_by_one.apply(Change::Add(a)).unwrap();
        }
        let mut at_once = Store::default();
        at_once.add_many(annotations);
        assert_eq!(at_once, one_by_one);
    }

    /// Thousands on one word (a hostile file), added in batches into a store that has some:
    /// the same order as one at a time, and quickly (each run sorted, the batch merged in).
    #[test]
    fn batches_on_one_passage_merge_in_the_same_order() {
        let made: Vec<(u8, usize, usize)> = (0..=255u8)
            .map(|n| (n.wrapping_mul(97), if n % 5 == 0 { 15 } else { 10 }, 20 + usize::from(n % 3 == 0)))
            .collect();
        let annotations: Vec<Annotation> = made.iter().map(|&(n, s, e)| annotation(n, s, e, Tag::Claim)).collect();
        let mut one_by_one = Store::default();
        for a in annotations.iter().cloned() {
            one_by_one.apply(Change::Add(a)).unwrap();
        }
        let mut batches = Store::default();
        for chunk in annotations.chunks(37) {
            batches.add_many(chunk.to_vec());
        }
        assert_eq!(batches, one_by_one);
    }

    #[test]
    fn innermost_annotation_wins_a_click() {
        let mut store = Store::default();
        store.apply(Change::Add(annotation(1, 0, 100, Tag::Claim))).unwrap();
        store.apply(Change::Add(annotation(2, 40, 50, Tag::Opinion))).unwrap();
        assert_eq!(store.all_at(10).first().map(|a| &a.tag), Some(&Tag::Claim));
        assert!(store.all_at(100).is_empty());
        let tags: Vec<&Tag> = store.all_at(45).iter().map(|a| &a.tag).collect();
        assert_eq!(tags, [&Tag::Opinion, &Tag::Claim], "the shortest first, then the one around it");
    }
}
