// The one place that maps between the DOM and the article's canonical text.
//
// renderArticle builds the article from its blocks, one element holding one text node per
// block, and remembers where each block starts in the canonical text (UTF-16 code units, what
// the DOM counts). The same table answers both directions: a DOM point to a text offset
// (selections, clicks) and a text span to a DOM Range (highlights). Nothing is ever inserted
// as HTML: every block is set with textContent.

const BLOCK_ELEMENT = {
  kicker: 'p',
  title: 'h1',
  standfirst: 'p',
  paragraph: 'p',
  heading: 'h2',
  quote: 'blockquote',
  listitem: 'p',
  keywords: 'p',
};

// A long article is cut into sections of this many blocks, each laid out only near the screen
// (content-visibility): 30,000 paragraphs at once take seconds. All blocks stay in the DOM.
const SECTION = 100;

/**
 * @param {HTMLElement} container the <article> element
 * @param {{blocks: {kind: string, text: string, startU16: number}[]}} view
 * @returns {ArticleMap}
 */
export function renderArticle(container, view) {
  container.replaceChildren();
  // Spoken and hyphenated in its own language (English when the article does not say).
  container.lang = view.lang ?? 'en';
  const header = document.createElement('header');
  const blocks = [];
  const long = view.blocks.length > 2 * SECTION;
  let parent = container;
  for (const block of view.blocks) {
    const el = document.createElement(BLOCK_ELEMENT[block.kind] ?? 'p');
    el.className = `block block-${block.kind}`;
    el.dir = 'auto';
    el.textContent = block.text;
    const inHeader = ['kicker', 'title', 'standfirst'].includes(block.kind) && blocks.every((b) => b.inHeader);
    if (inHeader) {
      header.append(el);
    } else if (long) {
      if (parent.childElementCount % SECTION === 0) {
        parent = container.appendChild(Object.assign(document.createElement('div'), { className: 'section', estimate: 0 }));
      }
      parent.append(el);
      // Until first laid out, a section is as tall as its text roughly needs (60 characters a line).
      parent.estimate += Math.ceil(block.text.length / 60) * 1.7 + 1.15;
    } else {
      container.append(el);
    }
    blocks.push({ el, node: el.firstChild, start: block.startU16, end: block.startU16 + block.text.length, inHeader });
  }
  for (const section of container.getElementsByClassName('section')) section.style.containIntrinsicSize = `auto ${Math.ceil(section.estimate)}em`;
  // Who wrote it and when: shown, but not part of the text that annotations count in.
  const byline = [view.byline, view.published?.slice(0, 10)].filter(Boolean).join(' · ');
  if (byline) header.append(Object.assign(document.createElement('p'), { className: 'byline', textContent: byline }));
  if (header.childElementCount) container.prepend(header);
  return new ArticleMap(container, blocks);
}

export class ArticleMap {
  constructor(container, blocks) {
    this.container = container;
    this.blocks = blocks;
    this.byNode = new Map(blocks.map((block) => [block.node, block]));
  }

  /** The first block for which `after(block)` holds (blocks are in text order), or undefined. */
  first(after) {
    let [low, high] = [0, this.blocks.length];
    while (low < high) {
      const mid = (low + high) >> 1;
      if (after(this.blocks[mid])) high = mid;
      else low = mid + 1;
    }
    return this.blocks[low];
  }

  /** The canonical-text offset of a DOM boundary point, or null outside the article. */
  offsetOf(node, offset) {
    if (!this.container.contains(node)) return null;
    const block = this.byNode.get(node);
    if (block) return block.start + offset;
    // A point between nodes (triple-click, a drag past the end of a paragraph): it falls
    // before the first block whose text starts at or after it.
    const point = document.createRange();
    point.setStart(node, offset);
    const next = this.first((b) => point.comparePoint(b.node, 0) >= 0);
    if (next) return next.start;
    return this.blocks.at(-1)?.end ?? 0;
  }

  /** The canonical-text span of a DOM Range, or null when it does not touch the article. */
  spanOf(range) {
    if (!this.container.contains(range.commonAncestorContainer) && !range.intersectsNode(this.container)) return null;
    const inside = document.createRange();
    inside.selectNodeContents(this.container);
    const start = range.compareBoundaryPoints(Range.START_TO_START, inside) < 0 ? inside : range;
    const end = range.compareBoundaryPoints(Range.END_TO_END, inside) > 0 ? inside : range;
    const from = this.offsetOf(start.startContainer, start.startOffset);
    const to = this.offsetOf(end.endContainer, end.endOffset);
    return from === null || to === null || from >= to ? null : { start: from, end: to };
  }

  /** The DOM point of a canonical-text offset; offsets between blocks go to the next block. */
  pointOf(offset) {
    const block = this.first((b) => offset <= b.end);
    if (block) return { node: block.node, offset: Math.max(0, offset - block.start) };
    const last = this.blocks.at(-1);
    return { node: last.node, offset: last.node.length };
  }

  /** A DOM Range over a canonical-text span (UTF-16 offsets). */
  rangeOf(start, end) {
    const range = document.createRange();
    const from = this.pointOf(start);
    const to = this.pointOf(end);
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  /** Scrolls a canonical-text span into view, unless it is on screen clear of the edges. */
  reveal(start, end) {
    const clear = (rect) => rect.height && rect.top > 80 && rect.bottom < innerHeight - 80;
    if (clear(this.rangeOf(start, end).getBoundingClientRect())) return;
    // Its block first, which has the browser lay out its section if it was skipped (the
    // sections around it may then change height); then the passage itself, a third down.
    this.first((b) => start < b.end)?.el.scrollIntoView({ block: 'center' });
    const rect = this.rangeOf(start, end).getBoundingClientRect();
    if (!clear(rect)) scrollBy({ top: rect.top - innerHeight / 3 });
  }

  /** The canonical-text offset under a viewport point, or null. */
  offsetAtPoint(x, y) {
    const caret = document.caretPositionFromPoint?.(x, y);
    if (caret) return this.offsetOf(caret.offsetNode, caret.offset);
    const range = document.caretRangeFromPoint?.(x, y);
    return range ? this.offsetOf(range.startContainer, range.startOffset) : null;
  }
}
