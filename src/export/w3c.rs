//! An article's annotations as a W3C Web Annotation `AnnotationCollection`
//! ([model §5](https://www.w3.org/TR/annotation-model/#collections)) with its one page embedded.
//!
//! Each annotation targets the article with a `TextQuoteSelector` and a `TextPositionSelector`
//! (code points over the canonical text), carries its tag as a `TextualBody` with the purpose
//! `tagging`, and its note, when there is one, as a second body with the purpose `commenting`.

use serde::Serialize;

use crate::anchor::describe;
use crate::annotation::Annotation;
use crate::article::Article;
use crate::saved::AnnotationV1;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Page<'a>>,
}

#[derive(Serialize)]
struct Page<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    created: &'a str,
    modified: &'a str,
    generator: Generator,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    target: Target<'a>,
    /// `orphan`, `ambiguous` or `waiting` for an annotation with no place in the article: an
    /// extension property (an absolute IRI as its name, as JSON-LD allows), so that an import
    /// elsewhere can say why it is not placed.
    #[serde(rename = "newsmark:anchoring", skip_serializing_if = "Option::is_none")]
    anchoring: Option<&'a str>,
}

#[derive(Serialize)]
struct Generator {
    id: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
}

#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: &'a str,
    selector: Vec<Selector>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector {
    TextQuoteSelector { exact: String, prefix: String, suffix: String },
    TextPositionSelector { start: usize, end: usize },
}

/// The software that made the annotations, as each one names it.
const GENERATOR: Generator = Generator {
    id: concat!("urn:newsmark:version:", env!("CARGO_PKG_VERSION")),
    kind: "Software",
    name: concat!("newsmark ", env!("CARGO_PKG_VERSION")),
};

/// The collection as pretty-printed JSON-LD: the placed `annotations`, then the `unplaced` ones
/// (in the saved format, with the selectors they came with). Placed annotations whose span no
/// longer fits the article are left out; the store never holds such annotations for the
/// article it belongs to.
pub fn to_json<'a>(
    article: &Article,
    annotations: impl IntoIterator<Item = &'a Annotation>,
    unplaced: &'a [AnnotationV1],
) -> String {
    let source = article.iri();
    let mut items: Vec<Item> = annotations.into_iter().filter_map(|a| item(article, &source, a)).collect();
    items.extend(unplaced.iter().map(|a| unplaced_item(&source, a)));
    let title = article.title().unwrap_or("Untitled article");
    let collection = Collection {
        context: CONTEXT,
        id: format!("urn:newsmark:annotations:{}", article.fingerprint()),
        kind: "AnnotationCollection",
        label: format!("Annotations on “{title}”"),
        total: items.len(),
        first: (!items.is_empty()).then_some(Page { kind: "AnnotationPage", start_index: 0, items }),
    };
    // Serializing these plain structs cannot fail: every map key is a string.
    serde_json::to_string_pretty(&collection).unwrap_or_default()
}

fn item<'a>(article: &Article, source: &'a str, annotation: &'a Annotation) -> Option<Item<'a>> {
    let selectors = describe(article.text(), annotation.span)?;
    let body = bodies_of(annotation.tag.as_str(), &annotation.extra_tags, &annotation.note);
    let quote = selectors.quote;
    Some(Item {
        id: annotation.id.as_str(),
        kind: "Annotation",
        motivation: "tagging",
        created: annotation.created.as_str(),
        modified: annotation.modified.as_str(),
        generator: GENERATOR,
        body,
        target: Target {
            kind: "SpecificResource",
            source,
            selector: vec![
                Selector::TextQuoteSelector { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
                Selector::TextPositionSelector {
                    start: selectors.position.start_cp(),
                    end: selectors.position.end_cp(),
                },
            ],
        },
        anchoring: None,
    })
}

fn bodies_of<'a>(tag: &'a str, extra: &'a [String], note: &'a str) -> Vec<Body<'a>> {
    let tags = std::iter::once(tag).chain(extra.iter().map(String::as_str));
    let mut body: Vec<Body> = tags
        .filter(|tag| !tag.is_empty())
        .map(|value| Body { kind: "TextualBody", purpose: "tagging", value, format: None })
        .collect();
    if !note.is_empty() {
        body.push(Body { kind: "TextualBody", purpose: "commenting", value: note, format: Some("text/plain") });
    }
    body
}

/// An annotation with no place in the article, with the selectors it came with: a position
/// (in the text it was made on) only where it had one.
fn unplaced_item<'a>(source: &'a str, a: &'a AnnotationV1) -> Item<'a> {
    let mut selector = vec![Selector::TextQuoteSelector {
        exact: a.quote.clone(),
        prefix: a.prefix.clone().unwrap_or_default(),
        suffix: a.suffix.clone().unwrap_or_default(),
    }];
    if let (Some(start), Some(end)) = (a.start_cp, a.end_cp) {
        selector.push(Selector::TextPositionSelector { start, end });
    }
    Item {
        id: &a.id,
        kind: "Annotation",
        motivation: "tagging",
        created: &a.created,
        modified: &a.modified,
        generator: GENERATOR,
        body: bodies_of(&a.tag, &a.extra_tags, &a.note),
        target: Target { kind: "SpecificResource", source, selector },
        anchoring: Some(a.unplaced.as_deref().unwrap_or("waiting")),
    }
}
