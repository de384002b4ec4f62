//! How much two articles share their wording: the test for "is this an edited version of an
//! article I annotated?" when no URL says so.
//!
//! A [`Sketch`] is a bottom-k summary (Broder's MinHash with one hash function): the `SIZE`
//! smallest hashes of the text's word 4-grams. Two sketches estimate the Jaccard resemblance of
//! the texts' 4-gram sets; texts shorter than `SIZE` 4-grams are compared exactly. Words are
//! Unicode words (UAX #29: in Chinese or Japanese, each ideograph), lowercased, so punctuation
//! and case edits do not count as changes.
//! A sketch is a few hundred bytes whatever the article's length, so a library keeps one per
//! article and compares a new article with all of them without reading their texts.

use unicode_segmentation::UnicodeSegmentation;

use super::fnv1a;

/// How many hashes a sketch keeps: resemblance is estimated within about ±0.05.
pub const SIZE: usize = 128;
/// Words per shingle: long enough that unrelated news on one topic shares almost none.
const SHINGLE: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch(Vec<u32>);

impl Sketch {
    pub fn of(text: &str) -> Sketch {
        let words: Vec<String> = text.unicode_words().map(str::to_lowercase).collect();
        let mut hashes: Vec<u32> = if words.len() < SHINGLE {
            // Too short for one shingle: the words together are the only one.
            if words.is_empty() {
                Vec::new()
            } else {
                vec![fold(fnv1a(&words.join(" ")))]
            }
        } else {
            words.windows(SHINGLE).map(|w| fold(fnv1a(&w.join(" ")))).collect()
        };
        hashes.sort_unstable();
        hashes.dedup();
        hashes.truncate(SIZE);
        Sketch(hashes)
    }

    /// The estimated Jaccard resemblance of the two texts' 4-gram sets, from 0 to 1: the share
    /// of the union's smallest hashes that both texts have.
    pub fn resemblance(&self, other: &Sketch) -> f64 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut union, mut both) = (0, 0, 0usize, 0usize);
        while union < SIZE && (i < a.len() || j < b.len()) {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => (i, j, both) = (i + 1, j + 1, both + 1),
                (Some(x), Some(y)) if x < y => i += 1,
                (Some(_), None) => i += 1,
                _ => j += 1,
            }
            union += 1;
        }
        // The SIZE smallest of the two sketches are the SIZE smallest of the union of the texts'
        // sets, so this is the bottom-k estimate (exact when both texts are short).
        if union == 0 {
            return 0.0;
        }
        both as f64 / union as f64
    }

    /// As stored in a library index: the hashes in hex, 8 digits each.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|h| format!("{h:08x}")).collect()
    }

    /// # Errors
    /// When the text is not what [`Sketch::to_hex`] writes.
    pub fn from_hex(hex: &str) -> Result<Sketch, String> {
        let bad = || "a sketch is hex digits, 8 to a hash, in ascending order".to_string();
        if !hex.len().is_multiple_of(8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let hashes: Vec<u32> = (0..hex.len())
            .step_by(8)
            .map(|at| u32::from_str_radix(&hex[at..at + 8], 16))
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        if hashes.len() > SIZE || hashes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad());
        }
        Ok(Sketch(hashes))
    }
}

fn fold(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

/// One article a reader has annotated, as a candidate for carrying annotations over.
pub struct Candidate<'a> {
    pub title: Option<&'a str>,
    pub sketch: &'a Sketch,
}

/// Above this resemblance a text is taken for an edited version of another.
pub const EDITED: f64 = 0.3;
/// With the same headline, this much shared wording is enough.
pub const EDITED_SAME_TITLE: f64 = 0.1;

/// The candidate the new article is most likely an edited version of, with its resemblance:
/// the most resembling one at or over [`EDITED`], or at or over [`EDITED_SAME_TITLE`] when the
/// headlines are the same (ignoring case and surrounding space). A shared headline alone is
/// not enough: "Live updates" pages share it and nothing else.
pub fn edited_from(title: Option<&str>, sketch: &Sketch, candidates: &[Candidate]) -> Option<(usize, f64)> {
    let same = |other: Option<&str>| match (title, other) {
        (Some(a), Some(b)) => a.trim().to_lowercase() == b.trim().to_lowercase(),
        _ => false,
    };
    candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (i, sketch.resemblance(c.sketch), same(c.title)))
        .filter(|&(_, r, same)| r >= EDITED || (same && r >= EDITED_SAME_TITLE))
        .fold(None, |best: Option<(usize, f64)>, (i, r, _)| match best {
            Some((_, b)) if b >= r => best,
            _ => Some((i, r)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` paragraphs of 30 words drawn from a news-like vocabulary by a generator seeded with `seed`.
    fn paragraphs(seed: u64, n: usize) -> Vec<String> {
        let words = "officials said the talks would resume after a long pause between both sides on trade and \
            security questions raised by new technology minister spokesperson agreed rejected claims report \
            sources told reporters week month government opposition parliament vote budget court ruling police \
            investigation company shares market prices rose fell percent analysts warned expected"
            .split_whitespace()
            .collect::<Vec<_>>();
        let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..n)
            .map(|_| (0..30).map(|_| words[next() as usize % words.len()]).collect::<Vec<_>>().join(" ") + ".")
            .collect()
    }

    #[test]
    fn identical_texts_resemble_fully_and_case_or_punctuation_edits_do_not_count() {
        let text = paragraphs(1, 40).join("\n\n");
        assert_eq!(Sketch::of(&text).resemblance(&Sketch::of(&text)), 1.0);
        let shouted = text.to_uppercase().replace('.', "!");
        assert_eq!(Sketch::of(&text).resemblance(&Sketch::of(&shouted)), 1.0);
    }

    #[test]
    fn an_edited_version_resembles_more_the_less_it_changed() {
        let original = paragraphs(1, 60);
        let mut lightly = original.clone();
        lightly[10] = paragraphs(2, 1)[0].clone();
        lightly.insert(30, paragraphs(3, 1)[0].clone());
        let mut heavily = original.clone();
        for p in heavily.iter_mut().step_by(2) {
            *p = paragraphs(4, 1)[0].clone() + p;
        }
        heavily.truncate(40);
        let s = Sketch::of(&original.join("\n\n"));
        let light = s.resemblance(&Sketch::of(&lightly.join("\n\n")));
        let heavy = s.resemblance(&Sketch::of(&heavily.join("\n\n")));
        assert!(light > 0.8, "{light}");
        assert!(heavy > EDITED && heavy < light, "{heavy} (light {light})");
        let unrelated = s.resemblance(&Sketch::of(&paragraphs(9, 60).join("\n\n")));
        assert!(unrelated < 0.05, "{unrelated}");
    }

    #[test]
    fn the_demo_article_edited_resembles_itself_and_not_another_story() {
        let demo = include_str!("../../www/demo/us-china-ai-talks.txt");
        let edited = demo
            .replace(
                "The race to build",
                "Editor's note: updated on Friday with the ministry's reply.\n\nThe race to build",
            )
            .replace("both sides fear the technology", "both sides fear that the technology");
        let other = include_str!("../../tests/fixtures/pages/news.html");
        let s = Sketch::of(demo);
        let r = s.resemblance(&Sketch::of(&edited));
        assert!(r > 0.8, "{r}");
        let unrelated = s.resemblance(&Sketch::of(other));
        assert!(unrelated < 0.02, "{unrelated}");
    }

    #[test]
    fn texts_without_spaces_are_compared_by_their_characters() {
        let story = "美国和中国官员本周在北京会面，讨论人工智能的风险。双方同意建立一个沟通渠道，以避免误解。专家认为这是一个重要的开始，但仍有许多问题需要解决。";
        let edited = story.replace("本周", "周二");
        let other = "东京的房价今年继续上涨，年轻家庭越来越难以买房。政府表示将推出新的补贴计划。";
        let s = Sketch::of(story);
        let r = s.resemblance(&Sketch::of(&edited));
        assert!(r > EDITED, "{r}");
        assert!(s.resemblance(&Sketch::of(other)) < 0.05);
    }

    #[test]
    fn sketches_are_bounded_and_round_trip_through_hex() {
        let s = Sketch::of(&paragraphs(5, 200).join(" "));
        assert_eq!(s.0.len(), SIZE);
        assert_eq!(Sketch::from_hex(&s.to_hex()), Ok(s.clone()));
        assert_eq!(s.to_hex().len(), SIZE * 8);
        for bad in ["xyz", "0000000g", "+0000001", "0000000200000001", "0000001"] {
            assert!(Sketch::from_hex(bad).is_err(), "{bad}");
        }
        assert_eq!(Sketch::of("").resemblance(&Sketch::of("")), 0.0);
        assert_eq!(Sketch::of("Two words").resemblance(&Sketch::of("two words!")), 1.0);
    }

    #[test]
    fn the_most_resembling_candidate_wins_and_a_shared_title_alone_is_not_enough() {
        let base = paragraphs(1, 50);
        let edited = {
            let mut p = base.clone();
            p[5] = paragraphs(6, 1)[0].clone();
            p.join("\n\n")
        };
        let sketches = [
            Sketch::of(&paragraphs(7, 50).join("\n\n")),
            Sketch::of(&base.join("\n\n")),
            Sketch::of(&paragraphs(8, 50).join("\n\n")),
        ];
        let candidates: Vec<Candidate> = sketches
            .iter()
            .zip([Some("Live updates"), Some("Another title"), Some("Live updates")])
            .map(|(sketch, title)| Candidate { title, sketch })
            .collect();
        let (best, r) = edited_from(Some("Live updates"), &Sketch::of(&edited), &candidates).expect("found");
        assert_eq!(best, 1);
        assert!(r > 0.8);
        assert_eq!(edited_from(Some("Live updates"), &Sketch::of(&paragraphs(9, 50).join("\n\n")), &candidates), None);
    }
}
