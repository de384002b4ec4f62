// A list that lays out only the items near the screen (a virtualised list): the items before
// and after them are stood for by two empty spacers as tall as they are (measured once drawn,
// estimated until then). 10,000 annotations cost the page the dozen or so that can be seen,
// and a change to one of them redraws that one.

/** How far past the visible part items are drawn, in pixels, so a scroll rarely shows a gap. */
const OVERSCAN = 800;
/** The height an item is taken to have until it has been drawn and measured. */
const ESTIMATE = 88;

export class VirtualList {
  /**
   * `list`: the `<ol>` or `<ul>`; `render(item)` makes an item's element (an `li` with
   * `data-id`); `keyOf(item)`: what it is drawn from (an item whose key did not change keeps
   * its element). The list scrolls by itself where its style lets it, else with the page.
   */
  constructor(list, render, keyOf) {
    Object.assign(this, { list, render, keyOf, items: [], heights: new Map(), cache: new Map(), frame: 0 });
    /** The item to bring into view just after the next frame (`show`'s `soon`), if any. */
    this.waiting = null;
    /** Where each item starts (and, last, the end), in list coordinates: null once stale. */
    this.offsets = null;
    /** Whether the list scrolls by itself: decided by the style, so read again on a resize only. */
    this.own = null;
    const spacer = () => {
      const li = Object.assign(document.createElement('li'), { className: 'spacer' });
      li.setAttribute('aria-hidden', 'true');
      return li;
    };
    this.observed = new WeakSet();
    [this.before, this.after] = [spacer(), spacer()];
    const later = () => this.schedule();
    // Where the list is scrolled and how tall it shows, kept as they change: reading them while
    // drawing, after the page changed, would lay the page out there and then.
    this.seen = null;
    list.addEventListener('scroll', () => {
      if (this.seen) this.seen.top = list.scrollTop;
      later();
    }, { passive: true });
    new ResizeObserver(() => {
      this.seen = null;
      later();
    }).observe(list);
    addEventListener('scroll', later, { passive: true });
    addEventListener('resize', () => {
      this.own = null;
      later();
    });
    this.sizes = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const id = entry.target.dataset.id;
        // An item's share of the list is its box and the margin below it.
        this.gap ??= parseFloat(getComputedStyle(entry.target).marginBottom) || 0;
        const height = (entry.borderBoxSize?.[0]?.blockSize ?? entry.target.offsetHeight) + this.gap;
        if (id && height > this.gap && this.heights.get(id) !== height) {
          this.heights.set(id, height);
          this.offsets = null;
          changed = true;
        }
      }
      if (changed) this.schedule();
    });
  }

  /** Forgets what was measured and drawn (another article). */
  reset() {
    cancelAnimationFrame(this.painted);
    clearTimeout(this.afterPaint);
    this.waiting = null;
    this.heights.clear();
    this.cache.clear();
    this.offsets = null;
    this.list.scrollTop = 0;
    this.seen = null;
  }

  /**
   * Draws `items`; `reveal`: the index of one to bring into view in the list, if any. `soon`:
   * if bringing it into view scrolls the list past what is drawn, the list is scrolled and drawn
   * just after the next frame, so the frame that answers a key shows the article first (a new
   * window of items costs their style and layout); till then it shows what it showed.
   */
  show(items, reveal = -1, { soon = false } = {}) {
    if (items !== this.items) this.offsets = null;
    this.items = items;
    // An item waits to be brought into view: the list is drawn then, with what it holds then.
    if (reveal < 0 && this.waiting) return;
    cancelAnimationFrame(this.painted);
    clearTimeout(this.afterPaint);
    this.waiting = null;
    if (soon && this.scrollFor(reveal) !== null && this.far(reveal)) {
      this.waiting = items[reveal];
      this.painted = requestAnimationFrame(() => {
        this.afterPaint = setTimeout(() => {
          const index = this.items.indexOf(this.waiting);
          this.waiting = null;
          if (this.scrollFor(index) !== null) this.reveal(index, { now: true });
          else this.draw();
        });
      });
      return;
    }
    if (reveal >= 0) this.reveal(reveal);
    this.draw();
  }

  /** Redraws at the next frame (after a scroll, a resize, an item measured anew). */
  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  height(item) {
    return this.heights.get(item.id) ?? ESTIMATE;
  }

  /** Each item's start, computed once for a list and its measured heights. */
  starts() {
    if (!this.offsets) {
      const offsets = new Float64Array(this.items.length + 1);
      for (let i = 0; i < this.items.length; i++) offsets[i + 1] = offsets[i] + this.height(this.items[i]);
      this.offsets = offsets;
    }
    return this.offsets;
  }

  /** The index of the item at `y` (the last one when past the end). */
  indexAt(y) {
    const starts = this.starts();
    let [lo, hi] = [0, this.items.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid + 1] <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether the list scrolls by itself (the side panel) rather than with the page (phones). */
  scrollsItself() {
    this.own ??= getComputedStyle(this.list).overflowY !== 'visible';
    return this.own;
  }

  /** The part of the list that can be seen, in its own coordinates. */
  visible() {
    if (this.scrollsItself()) {
      this.seen ??= { top: this.list.scrollTop, height: this.list.clientHeight };
      return [this.seen.top, this.seen.top + this.seen.height];
    }
    const top = this.list.getBoundingClientRect().top;
    return [Math.max(0, -top), Math.max(0, innerHeight - top)];
  }

  /**
   * Scrolls a list that scrolls by itself so the item at `index` shows; the page itself is never
   * scrolled for it (on a phone the list is far below the passage being read).
   */
  reveal(index, { now = false } = {}) {
    const scroll = this.scrollFor(index);
    if (scroll === null) return;
    // Scrolled in the next frame, before it is laid out: set now, the page would be laid out
    // at once for it. Drawn meanwhile as it will be, clamped as the browser will clamp it.
    // (`now`: after the frame, where laying it out at once costs no frame: drawn, then scrolled.)
    const [from, to] = this.visible();
    const top = Math.max(0, Math.min(scroll, this.starts()[this.items.length] - (to - from)));
    this.seen = { top, height: to - from };
    cancelAnimationFrame(this.scrolling);
    if (now) {
      this.draw();
      this.list.scrollTop = top;
    } else {
      this.scrolling = requestAnimationFrame(() => (this.list.scrollTop = top));
    }
  }

  /** Whether the item at `index` starts well outside the part of the list drawn last. */
  far(index) {
    const start = this.starts()[index];
    return !this.drawn || start < this.drawn[0] - OVERSCAN || start >= this.drawn[1] + OVERSCAN;
  }

  /** Where the list must scroll to for the item at `index` to show; null if it shows already. */
  scrollFor(index) {
    if (index < 0 || index >= this.items.length || !this.scrollsItself()) return null;
    const starts = this.starts();
    const [offset, bottom] = [starts[index], starts[index + 1]];
    const [from, to] = this.visible();
    return offset < from ? offset : bottom > to ? bottom - (to - from) : null;
  }

  draw() {
    const [top, bottom] = this.visible();
    const items = this.items;
    const starts = this.starts();
    const first = this.indexAt(Math.max(0, top - OVERSCAN));
    const last = Math.min(items.length, this.indexAt(bottom + OVERSCAN) + 1);
    const before = starts[first];
    const after = starts[items.length] - starts[last];
    const wanted = [this.before];
    for (let n = first; n < last; n++) wanted.push(this.element(items[n], n));
    wanted.push(this.after);
    this.drawn = [before, starts[last]];
    this.before.style.height = `${before}px`;
    this.after.style.height = `${after}px`;
    this.before.hidden = before === 0;
    this.after.hidden = after === 0;
    // Only what changed is moved: a focused item (a note being typed) keeps its focus.
    const keep = new Set(wanted);
    for (const child of [...this.list.children]) {
      if (!keep.has(child)) {
        this.sizes.unobserve(child);
        this.observed.delete(child);
        child.remove();
      }
    }
    let cursor = this.list.firstElementChild;
    for (const el of wanted) {
      if (el === cursor) cursor = cursor.nextElementSibling;
      else this.list.insertBefore(el, cursor);
    }
    if (this.cache.size > 4 * (last - first) + 256) {
      for (const [id, [, el]] of this.cache) if (!keep.has(el)) this.cache.delete(id);
    }
  }

  /** The element of the item at `index`, reused while its key is the same. */
  element(item, index) {
    const key = this.keyOf(item);
    const hit = this.cache.get(item.id);
    let el = hit && hit[0] === key ? hit[1] : null;
    if (!el) {
      el = this.render(item);
      this.cache.set(item.id, [key, el]);
    }
    // Screen readers say "3 of 10,000" though only some items are in the page.
    el.setAttribute('aria-setsize', String(this.items.length));
    el.setAttribute('aria-posinset', String(index + 1));
    if (!this.observed.has(el)) {
      this.observed.add(el);
      this.sizes.observe(el);
    }
    return el;
  }
}
