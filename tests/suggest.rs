//! The suggestions on three articles labelled by hand (tests/fixtures/suggest/GUIDELINES.md):
//! the share of shown suggestions whose tag the sentence may fairly have, for each tag, must
//! be at least 0.8. Also: suggestions stay in their sentence, never under an annotation, and
//! a long article is read in bounded steps.

use std::collections::HashMap;
use std::fs;

use newsmark::annotation::Tag;
use newsmark::article::Article;
use newsmark::suggest::{self, sentences, Suggester};
use newsmark::text::CpSpan;

const ARTICLES: [(&str, &str); 3] = [
    ("www/demo/us-china-ai-talks.txt", "tests/fixtures/suggest/us-china-ai-talks.labels"),
    ("tests/fixtures/suggest/council-water.txt", "tests/fixtures/suggest/council-water.labels"),
    ("tests/fixtures/suggest/opinion-trains.txt", "tests/fixtures/suggest/opinion-trains.labels"),
];

fn read(path: &str) -> String {
    fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn labels(path: &str) -> HashMap<String, Vec<Tag>> {
    read(path)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (tags, sentence) = l.split_once('\t').unwrap_or_else(|| panic!("{path}: no tab in {l:?}"));
            let tags = tags.split(',').map(|t| Tag::parse(t).unwrap_or_else(|| panic!("{path}: tag {t:?}"))).collect();
            (sentence.to_string(), tags)
        })
        .collect()
}

#[test]
fn shown_suggestions_are_right_at_least_four_times_in_five_for_each_tag() {
    let mut right: HashMap<Tag, (usize, usize)> = HashMap::new();
    for (article_path, labels_path) in ARTICLES {
        let article = Article::from_plain_text(&read(article_path));
        let labels = labels(labels_path);
        // Every sentence the engine reads is labelled, and nothing else is.
        let read_sentences = sentences(&article);
        assert_eq!(read_sentences.len(), labels.len(), "{labels_path} labels another set of sentences");
        for s in suggest::suggest(&article) {
            let quote = article.text().slice(s.span).unwrap();
            let tags = labels.get(quote).unwrap_or_else(|| panic!("{labels_path}: no label for {quote:?}"));
            let entry = right.entry(s.tag.clone()).or_default();
            entry.0 += usize::from(tags.contains(&s.tag));
            entry.1 += 1;
            if !tags.contains(&s.tag) {
                println!("wrong: {} ({}) for {quote:?}", s.tag.as_str(), s.reason);
            }
        }
    }
    for tag in Tag::OURS {
        let (ok, shown) = right.get(&tag).copied().unwrap_or_default();
        let precision = ok as f64 / shown.max(1) as f64;
        println!("{:<10} {ok:>3} of {shown:>3} right: precision {precision:.2}", tag.as_str());
        assert!(shown >= 3, "{} was suggested {shown} times: too few to measure", tag.as_str());
        assert!(precision >= 0.8, "{} precision {precision:.2}", tag.as_str());
    }
}

#[test]
fn suggestions_cover_one_sentence_each_in_text_order() {
    for (article_path, _) in ARTICLES {
        let article = Article::from_plain_text(&read(article_path));
        let found = suggest::suggest(&article);
        assert!(found.windows(2).all(|w| w[0].span.end_cp() <= w[1].span.start_cp()), "{article_path}");
        for s in &found {
            let quote = article.text().slice(s.span).unwrap();
            assert!(!quote.contains("\n\n"), "{quote:?} crosses a block");
            assert!(!s.reason.is_empty());
        }
    }
}

#[test]
fn none_is_shown_under_an_annotation_or_once_rejected() {
    let article = Article::from_plain_text(&read(ARTICLES[1].0));
    let found = suggest::suggest(&article);
    let text = article.text();
    let all = suggest::visible(&found, text, &[], &[]);
    assert_eq!(all.len(), found.len());
    // An annotation over a few words in the middle of the third suggestion hides it alone.
    let third = found[2].span;
    let inside = CpSpan::new(third.start_cp() + 4, third.start_cp() + 9).unwrap();
    let shown = suggest::visible(&found, text, &[inside], &[]);
    assert_eq!(shown.len(), found.len() - 1);
    assert!(!shown.iter().any(|s| s.span == third));
    // An annotation that ends where a suggestion starts (and starts where the one before it
    // ends) hides neither.
    let before = CpSpan::new(found[1].span.end_cp(), third.start_cp()).unwrap();
    assert_eq!(suggest::visible(&found, text, &[before], &[]).len(), found.len());
    let rejected = vec![found[0].id(text)];
    let shown = suggest::visible(&found, text, &[], &rejected);
    assert_eq!(shown.len(), found.len() - 1);
    assert_ne!(shown[0].span, found[0].span);
}

#[test]
fn a_long_article_is_read_in_bounded_steps_and_gives_the_same_suggestions() {
    let one = read(ARTICLES[0].0);
    let body: Vec<&str> = one.split("\n\n").skip(3).take(14).collect();
    let long = format!("Title\n\n{}", vec![body.join("\n\n"); 20].join("\n\n"));
    let article = Article::from_plain_text(&long);
    let mut stepper = Suggester::new(&article);
    let mut steps = 0;
    while !stepper.step(500) {
        steps += 1;
        assert!(steps < 10_000);
    }
    assert!(steps > 20, "{steps} steps: a step read far more than its budget");
    assert_eq!(stepper.into_found(), suggest::suggest(&article));
}
