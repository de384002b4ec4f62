// The reading cursor: the article takes the focus (Tab, or a click) and a caret moves in it
// by word and by sentence, Shift extending the selection, so a passage can be selected and
// tagged with the keyboard alone. The browser's own selection is moved (Selection.modify);
// the caret is drawn, as browsers draw none in text that cannot be edited. Loaded with the
// app module, at the first sign of use.

// By word, the cursor goes from space to space (the browser's own word steps stop at every
// full stop of "U.S.-China"); by sentence and to a paragraph's ends, the browser's steps.
const WORDS = { ArrowRight: true, ArrowLeft: false };
const MOVES = {
  ArrowDown: ['forward', 'sentence'],
  ArrowUp: ['backward', 'sentence'],
  Home: ['backward', 'paragraphboundary'],
  End: ['forward', 'paragraphboundary'],
};

/**
 * Wires the cursor into `article`. `onSelect(text)` is told what a move selected (an empty
 * string when it only moved), for the page to say.
 */
export function wireCursor(article, onSelect) {
  // In the page, not the article (which is drawn anew for each article opened).
  const caret = document.createElement('span');
  caret.className = 'caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.hidden = true;
  document.body.append(caret);
  // Drawn once the keyboard is used in the article (a click there puts no caret on screen).
  let keyed = false;

  const inArticle = (node) => node && article.contains(node);
  const selection = () => getSelection();

  /** Puts the caret at the start of the article's first words, unless it is already in it. */
  function place() {
    const s = selection();
    if (s.rangeCount && inArticle(s.anchorNode)) return;
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
    });
    const first = walker.nextNode();
    if (first) s.collapse(first, first.data.length - first.data.trimStart().length);
  }

  /** The article's text nodes after (or before) `node`, in order. */
  function* texts(node, forward) {
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    walker.currentNode = node;
    while (forward ? walker.nextNode() : walker.previousNode()) yield walker.currentNode;
  }

  /** Where a step of one word from the selection's focus lands: the end of the next word
   * going forward, the start of the previous one going back. */
  function wordStep(forward) {
    const s = selection();
    let node = s.focusNode;
    let at = s.focusOffset;
    if (node.nodeType !== Node.TEXT_NODE) {
      // A point between elements: from the text that follows it.
      const child = node.childNodes[at];
      node = child?.nodeType === Node.TEXT_NODE ? child : texts(child ?? node, true).next().value;
      at = 0;
      if (!node) return null;
    }
    const space = (c) => /\s/.test(c);
    // Past the spaces (into the next block if need be), then to the word's other end.
    for (;;) {
      if (forward) while (at < node.data.length && space(node.data[at])) at += 1;
      else while (at > 0 && space(node.data[at - 1])) at -= 1;
      if (forward ? at < node.data.length : at > 0) break;
      const next = texts(node, forward).next().value;
      if (!next) return [node, at];
      [node, at] = [next, forward ? 0 : next.data.length];
    }
    if (forward) while (at < node.data.length && !space(node.data[at])) at += 1;
    else while (at > 0 && !space(node.data[at - 1])) at -= 1;
    return [node, at];
  }

  /**
   * Draws the caret where the selection's focus is (hidden when the article has no focus);
   * `scroll`: and keeps it in view, the page scrolling as little as it must.
   */
  function draw(scroll = false) {
    const s = selection();
    const focused = document.activeElement === article && (keyed || article.matches(':focus-visible'));
    if (!focused || !s.rangeCount || !inArticle(s.focusNode)) {
      caret.hidden = true;
      return;
    }
    const range = document.createRange();
    range.setStart(s.focusNode, s.focusOffset);
    range.collapse(true);
    let rect = range.getClientRects()[0];
    // At the very end of a text node a collapsed range may have no box: the character before.
    if (!rect && s.focusNode.nodeType === Node.TEXT_NODE && s.focusOffset > 0) {
      range.setStart(s.focusNode, s.focusOffset - 1);
      rect = range.getClientRects()[0];
      rect = rect && { left: rect.right, top: rect.top, height: rect.height };
    }
    if (!rect) {
      caret.hidden = true;
      return;
    }
    caret.style.left = `${rect.left + scrollX}px`;
    caret.style.top = `${rect.top + scrollY}px`;
    caret.style.height = `${rect.height}px`;
    caret.hidden = false;
    if (scroll) caret.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  article.addEventListener('focus', () => {
    place();
    draw(true);
  });
  article.addEventListener('blur', () => {
    keyed = false;
    caret.hidden = true;
  });
  article.addEventListener('keydown', (event) => {
    if (event.target !== article || event.ctrlKey || event.metaKey || event.altKey) return;
    const move = MOVES[event.key];
    const s = selection();
    if (move || event.key in WORDS) {
      event.preventDefault();
      keyed = true;
      place();
      if (move) {
        s.modify(event.shiftKey ? 'extend' : 'move', ...move);
      } else {
        const to = s.rangeCount && wordStep(WORDS[event.key]);
        if (to && event.shiftKey) s.extend(...to);
        else if (to) s.collapse(...to);
      }
      draw(true);
      onSelect(event.shiftKey ? s.toString() : '');
    } else if (event.key === 'Escape' && !s.isCollapsed && inArticle(s.focusNode)) {
      // Escape lets go of the selection and keeps the caret where it was.
      event.stopPropagation();
      s.collapse(s.focusNode, s.focusOffset);
      draw();
    }
  });
  document.addEventListener('selectionchange', () => document.activeElement === article && draw());
  addEventListener('resize', () => draw());
  return { draw };
}
