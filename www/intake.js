// Bringing articles in: what a file or a paste is, and, for web pages, the page's DOM as the
// plain tree the Rust extractor reads. Loaded on first use with the intake Wasm module. The
// browser's own parser reads the HTML into an inert document; nothing of it is ever inserted into the page.

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
  if (!utf16(head) && head.includes(0)) throw new Error(`${file.name} is a binary file, not an article`);
  const name = file.name.toLowerCase();
  if (/\.(json|jsonld)$/.test(name) || file.type.includes('json')) return 'annotations';
  if (/\.(html?|xhtml)$/.test(name) || file.type === 'text/html') return 'html';
  if (/\.(md|markdown|mdown)$/.test(name) || file.type === 'text/markdown') return 'markdown';
  const start = new TextDecoder(utf16(head) ?? 'utf-8').decode(head).trimStart();
  if (start.startsWith('<')) return 'html';
  if (start.startsWith('{') || start.startsWith('[')) return 'annotations';
  return 'text';
}

/** The UTF-16 encoding a byte-order mark names, or undefined. */
const utf16 = (bytes) =>
  bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;

/**
 * A file's text in its own encoding: a byte-order mark decides (UTF-8, UTF-16); then UTF-8 if
 * the bytes are valid UTF-8 (text in another encoding almost never is, and saved pages are
 * often re-encoded as UTF-8 while keeping the charset they declared); then, for a web page,
 * the charset its <meta> declares; else Windows-1252, what browsers assume for old Western
 * pages and text files (so "café" saved by an old editor does not come out as "caf�").
 */
export async function readText(file, kind) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8' : utf16(bytes);
  if (bom) return new TextDecoder(bom).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: what the page declares, else Windows-1252.
  }
  return new TextDecoder(kind === 'html' ? declaredEncoding(bytes) : 'windows-1252').decode(bytes);
}

/**
 * The encoding a page's <meta> tags declare (the first one this browser knows), as browsers
 * read it: a declared UTF-16 means UTF-8 (bytes without a byte-order mark are not UTF-16),
 * and nothing known means Windows-1252.
 */
function declaredEncoding(bytes) {
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 8192));
  for (const meta of head.matchAll(/<meta\b[^>]*>/gi)) {
    const label = /\bcharset\s*=\s*["']?([^\s"'\/>;]+)/i.exec(meta[0])?.[1];
    if (!label) continue;
    try {
      const { encoding } = new TextDecoder(label);
      return encoding.startsWith('utf-16') ? 'utf-8' : encoding === 'x-user-defined' ? 'windows-1252' : encoding;
    } catch {
      // Not a label this browser knows: the next <meta>.
    }
  }
  return 'windows-1252';
}

/** Whether an HTML document is a page newsmark exported (it carries its article). */
export const isNewsmarkPage = (html) => html.includes('id="newsmark-article"');

// What the extractor never reads (its DROP_TAGS that hold no metadata, and media), left out of
// the tree it is given: a page's menus and footers are a good part of its markup.
const SKIP = new Set(['script', 'style', 'noscript', 'noembed', 'noframes', 'template', 'svg', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'img', 'picture', 'source', 'nav', 'aside', 'footer', 'button', 'select', 'textarea', 'input', 'dialog', 'menu', 'datalist', 'rp']);
const KEEP_ATTRS = ['id', 'class', 'rel', 'href', 'hidden', 'aria-hidden', 'role', 'style', 'property', 'name', 'content', 'itemprop', 'type', 'lang'];

const NOT_SPACE = /\S/;
/** Roles of what is never the article (as the extractor's `is_hidden` reads them). */
const HIDDEN_ROLES = new Set(['navigation', 'complementary', 'banner', 'contentinfo', 'dialog', 'alert']);
/** Whether the extractor leaves an element out as hidden (article/html/mod.rs, `is_hidden`). */
const hidden = (el) =>
  el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true' || HIDDEN_ROLES.has(el.getAttribute('role')) || (el.getAttribute('style') ?? '').replaceAll(' ', '').includes('display:none');

/**
 * The page's DOM as the JSON the Rust extractor reads (article/html/tree.rs): one flat
 * array of its nodes in document order, an element opening as `{"t": tag, "a": [[name,
 * value]…]}` and closing as `0`, text as a string; only what the extractor uses (scripts are
 * kept only when they are JSON-LD metadata). Flat, so however deep a page nests, no JSON
 * nesting limit applies. Built a slice at a time (yielding to the browser every few
 * milliseconds) so a page of several megabytes keeps the tab responsive.
 * `progress(fraction)` is told how far it got; `sliceMs` is how long a slice may run.
 * The markup is prepared first, in the worker: flattened when it nests deeper than the
 * extractor reads (the browser's parser would take half a minute over 100,000 levels), and
 * without handler attributes and <base> (which the inert parse still reports to the app's
 * Content-Security-Policy). `depth` then says how deep a flattened page was, else it is null.
 */
export async function htmlTreeJson(html, progress = () => {}, sliceMs = 12) {
  // To the worker and back as UTF-8 buffers, transferred: a string of megabytes would be copied
  // each way (and encoded there for the core).
  const encoded = new TextEncoder().encode(html);
  const flat = await inWorker('prepare', encoded.buffer, [encoded.buffer]);
  const doc = await parsed(flat.bytes ? new TextDecoder().decode(flat.bytes) : html, (f) => progress(f / 2), sliceMs);
  const total = doc.getElementsByTagName('*').length || 1;
  const parts = [];
  let done = 0;
  let slice = performance.now();
  // Depth-first with an explicit stack: each entry is a node to open, or a closing mark.
  const stack = [doc.documentElement];
  const CLOSE = {};
  while (stack.length) {
    const item = stack.pop();
    if (item === CLOSE) {
      parts.push('0');
      continue;
    }
    if (typeof item === 'string') {
      parts.push(JSON.stringify(item));
      continue;
    }
    const attrs = [];
    if (item.hasAttributes()) {
      for (const name of KEEP_ATTRS) {
        const value = item.getAttribute(name);
        if (value !== null) attrs.push([name, name === 'style' ? value.slice(0, 200) : value]);
      }
    }
    parts.push(`{"t":${JSON.stringify(item.localName)},"a":${JSON.stringify(attrs)}}`);
    stack.push(CLOSE);
    const children = [];
    for (let child = item.firstChild; child; child = child.nextSibling) {
      // Whitespace between tags is one space to the extractor: sent as one (indentation is a
      // good part of a page's text nodes).
      if (child.nodeType === 3) children.push(child.data.length > 1 && !NOT_SPACE.test(child.data) ? ' ' : child.data);
      else if (child.nodeType === 1) {
        const tag = child.localName;
        if (SKIP.has(tag) ? tag === 'script' && (child.getAttribute('type') ?? '').includes('ld+json') : !(child.hasAttributes() && hidden(child))) children.push(child);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    done += 1;
    if (performance.now() - slice > sliceMs) {
      progress(0.5 + done / total / 2);
      await new Promise((resolve) => setTimeout(resolve, 0));
      slice = performance.now();
    }
  }
  return { json: `[${parts.join(',')}]`, depth: flat.depth > FLAT_DEPTH ? flat.depth : null };
}

/** How much markup the parser is given at a time while parsing a page. */
const PARSE_CHUNK = 32_768;

/**
 * The page parsed by the browser's own parser, as inert as DOMParser's document (no browsing
 * context: no script runs, nothing is fetched), but written to it a chunk at a time, yielding
 * every `sliceMs`: DOMParser takes a page of several megabytes in one task of over half a
 * second, which freezes the tab. A chunk never ends between the halves of a surrogate pair.
 */
async function parsed(html, progress, sliceMs) {
  const doc = document.implementation.createHTMLDocument('');
  doc.open();
  let slice = performance.now();
  for (let at = 0; at < html.length; ) {
    let end = Math.min(at + PARSE_CHUNK, html.length);
    const code = html.charCodeAt(end - 1);
    if (end < html.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    doc.write(html.slice(at, end));
    at = end;
    if (performance.now() - slice > sliceMs) {
      progress(at / html.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
      slice = performance.now();
    }
  }
  doc.close();
  return doc;
}

/** How deep a page's markup is read; the tags past are taken out (article/html/tree.rs). */
const FLAT_DEPTH = 256;

/** What to tell the reader of a page that was flattened (see `htmlTreeJson`). */
export const flattenedNote = (depth) =>
  `It nests its elements ${depth.toLocaleString('en')} levels deep (no article needs more than a few dozen): newsmark read it with the levels past 256 taken out, keeping their text.`;

let worker = null;
let nextId = 0;
const waiting = new Map();

/** An article from text, Markdown or a page's tree JSON, extracted in a worker. */
export const extractInWorker = (kind, source) => inWorker(kind, source);

/** The sketch of an article's wording (ArticleSourceV1 JSON), made in the worker. */
export const sketchInWorker = (articleJson) => inWorker('sketch', articleJson);

/**
 * An annotation file read in the worker (`kind` 'annotations'), or a page newsmark exported
 * ('page'): what the intake module's `read_annotations` and `read_page` give.
 */
export const readInWorker = (kind, text) => inWorker(kind, text);

function inWorker(kind, source, transfer = []) {
  if (!worker) {
    worker = new Worker(new URL('./extract-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const { resolve, reject } = waiting.get(data.id);
      waiting.delete(data.id);
      if (data.error) reject(new Error(data.error));
      else resolve(data.result);
    };
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, kind, source }, transfer);
  });
}
