// The overview of an article's annotations: a thin strip beside the article showing where each
// tag falls and which part is on screen (a click, or the arrow keys from it, go to an
// annotation); how far the reader has read and annotated; under the pointer or the reading
// cursor, a highlight's note; beside a passage selected with the mouse or a finger, its tag
// buttons; and, for screen readers, each paragraph that holds annotations says so. Loaded with
// the app module, at the first sign of use.

// Each tag its lane of the strip, so that overlapping tags all show.
const LANES = { claim: 0, accusation: 1, opinion: 2 };

/**
 * `ctx`: the page's context (app.js): `map`, `annotations`, `selectedId`, `select`, `tag`,
 * `TAGS`, `tagLabel`, `withArticle`, `app`, `articleEl`. Returns `changed()`, to call when the annotations or the article changed, and
 * `repaint()`, when only the selection did.
 */
export function wireOverview(ctx) {
  // The adder's and the preview's look, fetched with this module (the first screen needs neither).
  document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL('overview.css', import.meta.url).href }));
  const strip = document.getElementById('strip');
  const canvas = strip.querySelector('canvas');
  const progress = document.getElementById('progress');
  const preview = Object.assign(document.createElement('div'), { className: 'preview', hidden: true });
  preview.setAttribute('role', 'tooltip');
  document.body.append(preview);
  // The marks drawn once per change, then copied at each scroll with the part on screen.
  const marks = document.createElement('canvas');
  let readTo = 0;
  let readFor = null;
  let queued = false;

  const length = () => ctx.map?.blocks.at(-1)?.end || 1;
  const percent = (n) => `${Math.min(100, Math.round((100 * n) / length()))}%`;

  /** The text offsets at the top and the bottom of the part of the article on screen. */
  function onScreen() {
    const box = ctx.articleEl.getBoundingClientRect();
    const top = Math.max(box.top, document.querySelector('.bar').getBoundingClientRect().bottom) + 4;
    const bottom = Math.min(box.bottom, innerHeight) - 4;
    if (bottom <= top || !ctx.map) return null;
    const x = box.left + 24;
    const from = ctx.map.offsetAtPoint(x, top) ?? 0;
    const to = box.bottom <= innerHeight ? length() : (ctx.map.offsetAtPoint(x, bottom) ?? from);
    return [from, Math.max(from, to)];
  }

  // A colour of the theme as the canvas takes it (the properties hold light-dark() pairs).
  const probe = document.createElement('span');
  strip.append(probe);
  function resolve(property) {
    probe.style.color = `var(${property})`;
    return getComputedStyle(probe).color;
  }

  // The theme's colours and the strip's size, read again after a resize or a theme change.
  let colour = null;
  let sized = false;

  const themed = () => (colour ??= Object.fromEntries(['claim', 'accusation', 'opinion', 'faint', 'focus'].map((t) => [t, resolve(`--${t}`)])));

  function drawMarks() {
    const ratio = devicePixelRatio || 1;
    if (!sized) {
      [canvas.width, canvas.height] = [marks.width, marks.height] = [Math.round(strip.clientWidth * ratio), Math.round(strip.clientHeight * ratio)];
      sized = true;
    }
    const paint = marks.getContext('2d');
    paint.clearRect(0, 0, marks.width, marks.height);
    themed();
    const lane = marks.width / 3;
    const scale = marks.height / length();
    // Each lane's rows as covered or not, then drawn as runs: as quick for 10,000 annotations
    // on one word as for ten, and one colour set per tag.
    const rows = new Map();
    for (const a of ctx.annotations) {
      const tag = a.tag in LANES ? a.tag : 'other';
      if (!rows.has(tag)) rows.set(tag, new Uint8Array(marks.height + 1));
      const row = rows.get(tag);
      const top = Math.floor(a.startU16 * scale);
      const bottom = Math.min(marks.height, Math.max(top + 2 * ratio, Math.ceil(a.endU16 * scale)));
      for (let y = top; y < bottom; y++) row[y] = 1;
    }
    for (const [tag, row] of rows) {
      paint.fillStyle = colour[tag] ?? colour.faint;
      const x = (LANES[tag] ?? 1) * lane;
      for (let y = 0; y < marks.height; y++) {
        if (!row[y]) continue;
        const from = y;
        while (row[y]) y++;
        paint.fillRect(x, from, lane - ratio, y - from);
      }
    }
    furthest = ctx.annotations.reduce((end, a) => Math.max(end, a.endU16), 0);
  }

  /** The strip as it is now: the marks, the part on screen, the selected annotation. */
  function paint() {
    queued = false;
    const seen = onScreen();
    // How far the reader has read: the furthest the bottom of the screen has been.
    if (seen) readTo = Math.max(readTo, seen[1]);
    showProgress();
    // Not shown (a narrow screen): nothing more to draw.
    if (!marks.width || !marks.height) return;
    const paint = canvas.getContext('2d');
    paint.clearRect(0, 0, canvas.width, canvas.height);
    paint.drawImage(marks, 0, 0);
    const scale = canvas.height / length();
    if (seen) {
      paint.fillStyle = 'rgb(128 128 128 / 0.22)';
      paint.fillRect(0, seen[0] * scale, canvas.width, Math.max(4, (seen[1] - seen[0]) * scale));
    }
    const selected = ctx.annotations.find((a) => a.id === ctx.selectedId);
    if (selected) {
      paint.strokeStyle = themed().focus;
      paint.lineWidth = 2 * (devicePixelRatio || 1);
      paint.strokeRect(1, selected.startU16 * scale - 2, canvas.width - 2, Math.max(4, (selected.endU16 - selected.startU16) * scale) + 4);
    }
  }

  // How far the annotations reach, taken when they change (not at every scroll).
  let furthest = 0;
  function showProgress() {
    progress.hidden = false;
    progress.querySelector('.read').style.width = percent(readTo);
    progress.querySelector('.annotated').style.width = percent(furthest);
    document.getElementById('progress-text').textContent = ctx.annotations.length
      ? `Read ${percent(readTo)} · annotated to ${percent(furthest)}`
      : `Read ${percent(readTo)} · nothing annotated yet`;
  }

  const later = () => {
    if (!queued) requestAnimationFrame(paint);
    queued = true;
  };

  /** The annotation nearest to a text offset, before or after it. */
  function nearest(offset) {
    const list = ctx.annotations;
    let [low, high] = [0, list.length];
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid].startU16 < offset) low = mid + 1;
      else high = mid;
    }
    const candidates = [list[low - 1], list[low]].filter(Boolean);
    return candidates.sort((x, y) => Math.abs(x.startU16 - offset) - Math.abs(y.startU16 - offset))[0];
  }

  strip.addEventListener('click', (event) => {
    const box = canvas.getBoundingClientRect();
    const offset = ((event.clientY - box.top) / box.height) * length();
    const near = nearest(offset);
    // An annotation within a few pixels of the click is gone to; else the text there.
    if (near && Math.abs(near.startU16 - offset) <= (8 / box.height) * length()) ctx.select(near.id, { scroll: true });
    else ctx.map?.reveal(Math.floor(offset), Math.floor(offset) + 1);
    later();
  });
  strip.addEventListener('keydown', (event) => {
    const list = ctx.annotations;
    if (!list.length || event.ctrlKey || event.metaKey || event.altKey) return;
    const at = list.findIndex((a) => a.id === ctx.selectedId);
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    let index = null;
    if (event.key === 'Home') index = 0;
    else if (event.key === 'End') index = list.length - 1;
    else if (step && at >= 0) index = at + step;
    else if (step) {
      // None selected: from the part on screen, the first after its top, or the one before.
      const top = onScreen()?.[0] ?? 0;
      const after = list.findIndex((a) => a.startU16 >= top);
      index = after < 0 ? list.length - 1 : step > 0 ? after : after - 1;
    }
    const next = index === null ? null : list[Math.min(list.length - 1, Math.max(0, index))];
    if (!next) return;
    event.preventDefault();
    event.stopPropagation();
    ctx.select(next.id, { scroll: true });
    later();
  });
  addEventListener('scroll', later, { passive: true });
  // The marks take the strip's size and the theme's colours.
  const again = () => {
    [colour, sized] = [null, false];
    changed();
  };
  addEventListener('resize', again);
  new MutationObserver(again).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', again);

  /** A note under the pointer or the reading cursor: shown beside it. */
  function showNote(offset, x, y) {
    // No core while it is reloaded after a trap: nothing to show until it is back.
    const ids = offset === null || !ctx.app ? [] : ctx.app.annotations_at(offset);
    const noted = ids.map((id) => ctx.annotations.find((a) => a.id === id)).find((a) => a?.note);
    if (!noted) {
      preview.hidden = true;
      return;
    }
    preview.textContent = noted.note.length > 280 ? `${noted.note.slice(0, 280)}…` : noted.note;
    preview.hidden = false;
    const left = Math.min(x + 12, innerWidth - preview.offsetWidth - 8);
    const top = y + 18 + preview.offsetHeight > innerHeight ? y - preview.offsetHeight - 12 : y + 18;
    preview.style.left = `${Math.max(8, left)}px`;
    preview.style.top = `${Math.max(8, top)}px`;
  }
  let pointer = null;
  ctx.articleEl.addEventListener('mousemove', (event) => {
    const first = pointer === null;
    pointer = [event.clientX, event.clientY];
    if (!first) return;
    requestAnimationFrame(() => {
      const [x, y] = pointer;
      pointer = null;
      if (ctx.map) showNote(ctx.map.offsetAtPoint(x, y), x, y);
    });
  });
  ctx.articleEl.addEventListener('mouseleave', () => (preview.hidden = true));
  document.addEventListener('selectionchange', () => {
    const s = getSelection();
    if (document.activeElement !== ctx.articleEl || !s.rangeCount || !ctx.map) return;
    const offset = ctx.map.offsetOf(s.focusNode, s.focusOffset);
    const rect = s.getRangeAt(0).getBoundingClientRect();
    showNote(offset, rect.right, rect.bottom - 12);
  });
  ctx.articleEl.addEventListener('blur', () => (preview.hidden = true));

  // The paragraphs holding annotations, described as such ("2 annotations: claim, opinion"):
  // highlights are drawn outside the DOM, so this is how a screen reader learns of them.
  let described = new Map();
  function describe() {
    if (!ctx.map) return;
    const tags = new Map();
    const blocks = ctx.map.blocks;
    for (const a of ctx.annotations) {
      // The first block ending after the passage's start, then on while they start before its end.
      let [low, high] = [0, blocks.length];
      while (low < high) {
        const mid = (low + high) >> 1;
        if (blocks[mid].end > a.startU16) high = mid;
        else low = mid + 1;
      }
      for (let i = low; i < blocks.length && blocks[i].start < a.endU16; i++) {
        if (!tags.has(blocks[i].el)) tags.set(blocks[i].el, []);
        tags.get(blocks[i].el).push(a.tag);
      }
    }
    const next = new Map();
    for (const [el, list] of tags) {
      const kinds = [...new Set(list)].join(', ');
      next.set(el, `${list.length} annotation${list.length === 1 ? '' : 's'}: ${kinds}`);
    }
    for (const [el] of described) if (!next.has(el)) el.removeAttribute('aria-description');
    for (const [el, text] of next) if (described.get(el) !== text) el.setAttribute('aria-description', text);
    described = next;
  }

  // Beside a passage selected with the mouse or a finger: its tag buttons and a note, as
  // Hypothesis's adder does (the panel stays the place to review).
  const adder = document.createElement('div');
  adder.className = 'adder';
  adder.hidden = true;
  adder.setAttribute('role', 'toolbar');
  adder.setAttribute('aria-label', 'Tag this passage');
  // Note: the passage is kept (drawn as still selected) while its note is written in the adder;
  // choosing its tag then makes the annotation with that note.
  let noting = null;
  const noteField = Object.assign(document.createElement('textarea'), { className: 'adder-note', rows: 2, maxLength: 20000, hidden: true, placeholder: 'Note, then choose its tag' });
  noteField.setAttribute('aria-label', 'Note for this passage');
  const close = () => {
    [adder.hidden, pointed, noting, noteField.hidden, noteButton.hidden] = [true, false, null, true, false];
    noteField.value = '';
    CSS.highlights?.delete('noting');
  };
  for (const tag of ctx.TAGS) {
    const label = ctx.tagLabel(tag);
    const b = Object.assign(document.createElement('button'), { type: 'button', className: `adder-${tag}`, textContent: label });
    // Named apart from the panel's buttons (which keep their names: Claim, Accusation, Opinion).
    b.setAttribute('aria-label', `Tag as ${ctx.withArticle(label.toLowerCase())}`);
    // The selection stays when the pointer goes down on it.
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => {
      const note = noting && { span: noting.span, note: noteField.value };
      close();
      ctx.tag(tag, note ?? {});
    });
    adder.append(b);
  }
  const noteButton = Object.assign(document.createElement('button'), { type: 'button', className: 'adder-noting', textContent: 'Note' });
  noteButton.setAttribute('aria-label', 'Write a note, then choose its tag');
  noteButton.addEventListener('mousedown', (e) => e.preventDefault());
  noteButton.addEventListener('click', () => {
    const s = getSelection();
    const span = s.rangeCount && !s.isCollapsed ? ctx.map.spanOf(s.getRangeAt(0)) : null;
    if (!span) return close();
    noting = { span };
    CSS.highlights?.set('noting', new Highlight(s.getRangeAt(0).cloneRange()));
    [noteField.hidden, noteButton.hidden] = [false, true];
    noteField.focus();
  });
  adder.prepend(noteField);
  adder.append(noteButton);
  document.body.append(adder);
  let pointed = false;
  ctx.articleEl.addEventListener('pointerup', () => {
    if (noting) close();
    pointed = true;
    requestAnimationFrame(placeAdder);
  });
  function placeAdder() {
    const s = getSelection();
    const inside = s.rangeCount && !s.isCollapsed && ctx.articleEl.contains(s.getRangeAt(0).commonAncestorContainer);
    if (!pointed || !inside) {
      adder.hidden = true;
      return;
    }
    const rects = s.getRangeAt(0).getClientRects();
    const last = rects[rects.length - 1];
    if (!last) return;
    adder.hidden = false;
    const left = Math.min(Math.max(8, last.right - adder.offsetWidth / 2), innerWidth - adder.offsetWidth - 8);
    adder.style.left = `${left + scrollX}px`;
    adder.style.top = `${last.bottom + 8 + scrollY}px`;
  }
  document.addEventListener('selectionchange', () => {
    // Writing its note moves the selection into the field: the passage is kept meanwhile.
    if (!noting && getSelection().isCollapsed) [adder.hidden, pointed] = [true, false];
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });

  /** The annotations or the article changed: the marks drawn again, the figures renewed. */
  // The marks and the paragraphs' descriptions are made again when the page is idle after a
  // change (within 200 ms), not in its handler nor in the frame that shows it.
  const idle = globalThis.requestIdleCallback ?? ((run) => setTimeout(run, 50));
  let waiting = false;
  function changed() {
    // Another article: read from its start.
    if (readFor !== ctx.map) [readTo, readFor] = [0, ctx.map];
    strip.hidden = false;
    if (waiting) return;
    waiting = true;
    idle(() => {
      waiting = false;
      drawMarks();
      paint();
      describe();
    }, { timeout: 200 });
  }
  changed();
  return { changed, repaint: later };
}
