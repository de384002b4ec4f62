// What a reader does with the mouse and the DOM, as the tests and screenshots need it.

/** In the page: the article's text nodes, concatenated, to find a phrase's DOM position. */
function locate({ text, nth }) {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = '';
  // Blocks are separated by a blank line, as in the canonical text.
  while (walker.nextNode()) {
    if (nodes.length) all += '\n\n';
    nodes.push({ node: walker.currentNode, start: all.length });
    all += walker.currentNode.data;
  }
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = all.indexOf(text, at + 1);
    if (at < 0) throw new Error(`not in the article: ${text} (#${nth})`);
  }
  const point = (offset) => {
    const hit = nodes.findLast((n) => n.start <= offset);
    return [hit.node, Math.min(offset - hit.start, hit.node.length)];
  };
  return { at, point };
}

/**
 * Selects `text` in the article with a real mouse drag from its first character to its last.
 * `nth` picks among repeated occurrences.
 */
export async function selectText(page, text, nth = 0) {
  const points = await page.evaluate(({ text, nth, locateSrc }) => {
    const locate = eval(`(${locateSrc})`);
    const { at, point } = locate({ text, nth });
    const rectOf = (offset) => {
      const r = document.createRange();
      r.setStart(...point(offset));
      r.setEnd(...point(offset + 1));
      const rects = r.getClientRects();
      return rects[rects.length - 1];
    };
    const top = rectOf(at).top;
    if (top < 100 || top > innerHeight - 250) scrollTo(0, scrollY + top - 150);
    const a = rectOf(at);
    const b = rectOf(at + text.length - 1);
    return { from: { x: a.left + 1, y: a.top + a.height / 2 }, to: { x: b.right - 1, y: b.top + b.height / 2 } };
  }, { text, nth, locateSrc: locate.toString() });
  await page.mouse.move(points.from.x, points.from.y);
  await page.mouse.down();
  await page.mouse.move((points.from.x + points.to.x) / 2, (points.from.y + points.to.y) / 2, { steps: 3 });
  await page.mouse.move(points.to.x, points.to.y, { steps: 3 });
  await page.mouse.up();
}

/** Selects `text` with a DOM Range, as a script or an assistive tool would. */
export async function selectRange(page, text, nth = 0) {
  await page.evaluate(({ text, nth, locateSrc }) => {
    const locate = eval(`(${locateSrc})`);
    const { at, point } = locate({ text, nth });
    const range = document.createRange();
    range.setStart(...point(at));
    range.setEnd(...point(at + text.length));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }, { text, nth, locateSrc: locate.toString() });
}

/** Clicks the middle of the `nth` occurrence of `text` in the article. */
export async function clickText(page, text, nth = 0) {
  const p = await page.evaluate(({ text, nth, locateSrc }) => {
    const locate = eval(`(${locateSrc})`);
    const { at, point } = locate({ text, nth });
    const middle = at + Math.floor(text.length / 2);
    const r = document.createRange();
    r.setStart(...point(middle));
    r.setEnd(...point(middle + 1));
    const rect = r.getClientRects()[0];
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }, { text, nth, locateSrc: locate.toString() });
  await page.mouse.click(p.x, p.y);
}

/** Selects a passage by its text, as a mouse would, and tags it with a key (`1`: claim). */
export async function tag(page, phrase, key = '1') {
  await selectText(page, phrase);
  await page.keyboard.press(key);
}

/** Waits until the banner sums up an import or a re-anchoring (past "Reading…", "Finding…"). */
export async function waitForSummary(page) {
  await page.waitForFunction(() => {
    const banner = document.querySelector('#banner');
    const text = document.querySelector('#banner-text').textContent;
    return !banner.hidden && text && !text.startsWith('Reading') && !text.startsWith('Finding');
  });
}
