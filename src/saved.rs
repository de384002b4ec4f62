//! The format an article's annotations are saved in, versioned and kept apart from the live
//! model so that changing the model can never silently break what a reader saved.

use serde::{Deserialize, Serialize};

use crate::article::{Article, Block, BlockKind};

/// The version this build writes. Older versions are read and migrated; newer ones are refused
/// with a message rather than misread.
pub const VERSION: u32 = 1;

/// Just the version, read first to pick the right type for the rest.
#[derive(Deserialize)]
struct Envelope {
    version: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleV1 {
    pub version: u32,
    /// The article's fingerprint ([`crate::article::Article::fingerprint`]).
    pub article: String,
    pub annotations: Vec<AnnotationV1>,
}

/// One annotation as saved: where it was (`start_cp`..`end_cp`, code points) with the quote and
/// context to find it again should the article's text change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotationV1 {
    pub id: String,
    /// Absent for an imported annotation that came without a position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_cp: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_cp: Option<usize>,
    pub quote: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    pub tag: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_tags: Vec<String>,
    #[serde(default)]
    pub note: String,
    pub created: String,
    pub modified: String,
    /// Placed by approximate matching and not yet accepted by the reader.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
    /// `orphan` or `ambiguous` for an annotation that has no place in the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unplaced: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// An article as a file carries it (the exported page embeds it, and the app keeps the open
/// article in it): enough to rebuild the very same canonical text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSourceV1 {
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The language it is written in (a BCP 47 tag), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub blocks: Vec<BlockV1>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockV1 {
    pub kind: BlockKind,
    pub text: String,
}

impl ArticleSourceV1 {
    pub fn of(article: &Article) -> ArticleSourceV1 {
        let blocks = article.blocks().iter().map(|b| BlockV1 { kind: b.kind, text: b.text.clone() }).collect();
        ArticleSourceV1 {
            version: VERSION,
            source_url: article.source_url().map(str::to_string),
            byline: article.byline().map(str::to_string),
            published: article.published().map(str::to_string),
            lang: article.lang().map(str::to_string),
            blocks,
        }
    }

    pub fn to_article(&self) -> Article {
        let blocks = self.blocks.iter().map(|b| Block { kind: b.kind, text: b.text.clone() }).collect();
        Article::from_blocks(blocks, self.source_url.clone())
            .with_byline(self.byline.clone(), self.published.clone())
            .with_lang(self.lang.as_deref())
    }

    /// # Errors
    /// A message saying what is wrong with the JSON.
    pub fn parse(json: &str) -> Result<ArticleSourceV1, String> {
        let envelope: Envelope = serde_json::from_str(json).map_err(|e| format!("the article is not readable: {e}"))?;
        if envelope.version != 1 {
            return Err(format!(
                "the article has version {}, newer than this newsmark reads ({VERSION})",
                envelope.version
            ));
        }
        serde_json::from_str(json).map_err(|e| format!("the article is damaged: {e}"))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reads saved JSON of any version this build knows.
///
/// # Errors
/// A message saying what is wrong: not JSON, no version, a newer version, or a field of the
/// wrong shape (with its path, from serde_json).
pub fn parse(json: &str) -> Result<ArticleV1, String> {
    let envelope: Envelope = serde_json::from_str(json).map_err(|e| format!("saved data is not readable: {e}"))?;
    match envelope.version {
        1 => serde_json::from_str(json).map_err(|e| format!("saved data (version 1) is damaged: {e}")),
        v => Err(format!("saved data has version {v}, newer than this newsmark reads ({VERSION}): update newsmark")),
    }
}

/// # Panics
/// Never: the types hold only strings and numbers.
pub fn to_json(saved: &ArticleV1) -> String {
    serde_json::to_string(saved).unwrap_or_default()
}

/// One annotation as JSON: what two tabs compare to choose alike between equal-time changes.
pub fn annotation_json(a: &AnnotationV1) -> String {
    serde_json::to_string(a).unwrap_or_default()
}
