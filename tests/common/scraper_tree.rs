//! A page parsed by the `scraper` crate as newsmark's node tree: what the app builds from the
//! browser's DOM. Shared by the extraction tests and the evaluation tool.

use newsmark::article::html::{Element, Node};
use scraper::ElementRef;

pub fn to_node(element: ElementRef) -> Element {
    let value = element.value();
    let attrs = value.attrs().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let children = element
        .children()
        .filter_map(|child| match child.value() {
            scraper::Node::Text(t) => Some(Node::Text(t.to_string())),
            scraper::Node::Element(_) => ElementRef::wrap(child).map(|e| Node::Element(to_node(e))),
            _ => None,
        })
        .collect();
    Element { tag: value.name().to_ascii_lowercase(), attrs, children }
}
