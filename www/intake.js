// Bringing articles in: what a file or a paste is, and, for web pages, the page's DOM as the
// plain tree the Rust extractor reads. Loaded on first use with the intake Wasm module. The
// browser's own parser (DOMParser) reads the HTML; nothing of it is ever inserted into the page.

/** Files over this size are refused with a message, not read. */
export const MAX_BYTES = 10 * 1024 * 1024;

const IMAGE_MAGIC = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46], // PDF
  [0x50, 0x4b, 0x03, 0x04], // ZIP (docx, epub…)
];

/**
 * What a file is, from its name, type and first bytes: 'annotations', 'html', 'markdown',
 * 'text'; or throws an Error whose message says why it is not an article.
 */
export async function classify(file) {
  if (file.size === 0) throw new Error(`${file.name} is empty`);
  if (file.size > MAX_BYTES) {
    throw new Error(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB: newsmark opens files up to ${MAX_BYTES / 1048576} MB`);
  }
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  if (IMAGE_MAGIC.some((magic) => magic.every((b, i) => head[i] === b)) || file.type.startsWith('image/')) {
    throw new Error(`${file.name} is an image or a binary document, not an article: open a web page, a text or a Markdown file`);
  }
  if (head.includes(0)) throw new Error(`${file.name} is a binary file, not an article`);
  const name = file.name.toLowerCase();
  if (/\.(json|jsonld)$/.test(name) || file.type.includes('json')) return 'annotations';
  if (/\.(html?|xhtml)$/.test(name) || file.type === 'text/html') return 'html';
  if (/\.(md|markdown|mdown)$/.test(name) || file.type === 'text/markdown') return 'markdown';
  const start = new TextDecoder().decode(head).trimStart();
  if (start.startsWith('<')) return 'html';
  if (start.startsWith('{') || start.startsWith('[')) return 'annotations';
  return 'text';
}

/** Whether an HTML document is a page newsmark exported (it carries its article). */
export const isNewsmarkPage = (html) => html.includes('id="newsmark-article"');

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'img', 'picture', 'source']);
const KEEP_ATTRS = ['id', 'class', 'rel', 'href', 'hidden', 'aria-hidden', 'role', 'style', 'property', 'name', 'content', 'itemprop', 'type'];

/**
 * The page's DOM as `{t, a, c}` objects (tag, attributes, children) and strings (text): only
 * what the extractor reads. Scripts are kept only when they are JSON-LD (metadata).
 */
export function treeOf(node) {
  const attrs = [];
  if (node.hasAttributes()) {
    for (const name of KEEP_ATTRS) {
      const value = node.getAttribute(name);
      if (value !== null) attrs.push([name, name === 'style' ? value.slice(0, 200) : value]);
    }
  }
  const children = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) {
      children.push(child.data);
    } else if (child.nodeType === 1) {
      const tag = child.localName;
      if (!SKIP.has(tag) || (tag === 'script' && (child.getAttribute('type') ?? '').includes('ld+json'))) children.push(treeOf(child));
    }
  }
  return { t: node.localName, a: attrs, c: children };
}

/** The tree of an HTML string, parsed by the browser, with the file's URL as a fallback. */
export function htmlTree(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return treeOf(doc.documentElement);
}
