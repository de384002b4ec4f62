//! A parsed page as the extractor reads it: a tree of elements and text, and how it arrives
//! from the app as JSON (flat, in document order, so however deep the page nests, no JSON
//! nesting limit applies and nothing recurses while reading it).

use serde::de::{Deserializer as _, SeqAccess, Visitor};
use serde::Deserialize;

use super::{is_block_tag, is_dropped};

/// A node of a parsed page: text, or an element with its tag name, attributes and children.
#[derive(Clone, Debug)]
pub enum Node {
    Text(String),
    Element(Element),
}

#[derive(Clone, Debug, Default)]
pub struct Element {
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// How deep a tree [`tree_from_json`] builds: deeper wrappers give their children to the
/// deepest element kept, while paragraphs, headings, quotes and list items are kept up to
/// [`TEXT_BLOCKS`] further down (so a page of runaway nesting still has its paragraphs).
/// Browsers nest parsed pages up to 512 deep; no article needs more than this, and the
/// extractor's walks stay well within the Wasm stack.
pub const MAX_DEPTH: usize = 256;
/// Elements kept past [`MAX_DEPTH`], and how many levels of them.
pub(super) const TEXT_BLOCKS: (&[&str], usize) =
    (&["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "figcaption"], 16);

/// Reads a page's tree from JSON: one flat array of the nodes in document order, an element
/// opening as `{"t": tag, "a": [[name, value]…]}` and closing as `0`, text as a string. Flat,
/// so no JSON nesting limit applies however deep the page; read as it streams in, with no
/// recursion, and at most [`MAX_DEPTH`] deep.
///
/// # Errors
/// When the JSON is not such an array, or opens and closes do not pair up.
pub fn tree_from_json(json: &str) -> Result<Element, String> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let root = deserializer.deserialize_seq(TreeVisitor).map_err(|e| e.to_string())?;
    deserializer.end().map_err(|e| e.to_string())?;
    Ok(root)
}

/// One entry of the flat array.
enum Event {
    Open(Element),
    Close,
    Text(String),
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        #[derive(Deserialize)]
        struct Open {
            t: String,
            #[serde(default)]
            a: Vec<(String, String)>,
        }
        struct EventVisitor;
        impl<'de> Visitor<'de> for EventVisitor {
            type Value = Event;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text string, an element's opening {\"t\", \"a\"} or its closing 0")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Event, E> {
                Ok(Event::Text(text.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Event, E> {
                Ok(Event::Text(text))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Event, E> {
                if n == 0 {
                    Ok(Event::Close)
                } else {
                    Err(E::custom(format!("{n} is not a closing 0")))
                }
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Event, M::Error> {
                let open = Open::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Event::Open(Element { tag: open.t, attrs: open.a, children: Vec::new() }))
            }
        }
        deserializer.deserialize_any(EventVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Element;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of a page's nodes in document order")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Element, S::Error> {
        use serde::de::Error;
        // The elements kept open, root first; and what became of every open element.
        let mut open: Vec<Element> = Vec::new();
        let mut opened: Vec<Opened> = Vec::new();
        // How many of the open elements are skipped, with all they hold.
        let mut skipping = 0usize;
        let mut root = None;
        while let Some(event) = seq.next_element::<Event>()? {
            if root.is_some() {
                return Err(S::Error::custom("nothing may follow the root element"));
            }
            match event {
                Event::Open(element) => {
                    let keep = open.len() < MAX_DEPTH
                        || (open.len() < MAX_DEPTH + TEXT_BLOCKS.1 && TEXT_BLOCKS.0.contains(&element.tag.as_str()));
                    let what = if skipping > 0 || (!keep && is_dropped(&element)) {
                        // Too deep to be judged by the extractor, what it would drop goes here.
                        skipping += 1;
                        Opened::Skipped
                    } else if keep {
                        open.push(element);
                        Opened::Kept
                    } else {
                        // Its children go to the deepest element kept; a block or a line break
                        // still keeps the words on either side apart.
                        let apart = element.tag == "br" || is_block_tag(&element.tag);
                        if apart {
                            space(&mut open);
                        }
                        Opened::Flattened { apart }
                    };
                    opened.push(what);
                }
                Event::Close => match opened.pop().ok_or_else(|| S::Error::custom("a 0 closes no element"))? {
                    Opened::Skipped => skipping -= 1,
                    Opened::Flattened { apart } => {
                        if apart {
                            space(&mut open);
                        }
                    }
                    Opened::Kept => {
                        let element = open.pop().ok_or_else(|| S::Error::custom("a 0 closes no element"))?;
                        match open.last_mut() {
                            Some(parent) => parent.children.push(Node::Element(element)),
                            None => root = Some(element),
                        }
                    }
                },
                Event::Text(_) if skipping > 0 => {}
                Event::Text(text) => match open.last_mut() {
                    Some(parent) => parent.children.push(Node::Text(text)),
                    None => return Err(S::Error::custom("text outside the root element")),
                },
            }
        }
        root.ok_or_else(|| S::Error::custom("the root element is not closed"))
    }
}

/// What became of an opened element.
enum Opened {
    Kept,
    /// Too deep: its children went to the deepest kept element.
    Flattened {
        apart: bool,
    },
    /// Too deep, and something the extractor drops anyway (navigation, a form, hidden text):
    /// left out with all it holds.
    Skipped,
}

fn space(open: &mut [Element]) {
    if let Some(parent) = open.last_mut() {
        parent.children.push(Node::Text(" ".into()));
    }
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}
