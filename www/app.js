// Wires the page to the Wasm core: events in, small views out. Decisions live in Rust, and so
// does everything the app stores: this shell never names a storage key.
import { renderArticle } from './dom.js';
import { VirtualList } from './list.js';

const TAGS = ['claim', 'accusation', 'opinion'];
// A Map, not an object: a tag from a file may be named `constructor` or `__proto__`.
const LABEL = new Map([['claim', 'Claim'], ['accusation', 'Accusation'], ['opinion', 'Opinion']]);
const KEYS = { 1: 'claim', c: 'claim', 2: 'accusation', a: 'accusation', 3: 'opinion', o: 'opinion' };
/** Whether this browser draws highlights (the CSS Custom Highlight API). */
const HIGHLIGHTS = 'highlights' in CSS;
const DEMO = 'demo/us-china-ai-talks.txt';

const $ = (selector) => document.querySelector(selector);
const articleEl = $('#article');
const listEl = $('#annotations');
const hintEl = $('#hint');
const saveStateEl = $('#save-state');

/**
 * The Wasm module the handle comes from. The first screen is drawn by the view module
 * (pkg/view.js: it shows the article open last and its annotations, and changes nothing); the
 * app module (pkg/newsmark.js), which changes them, is loaded at the first sign of use and
 * opens the article again (see `useEditor`). Loaded again, fresh, should it ever trap (see
 * `recover`).
 */
let core;
let app;
/** Whether `app` comes from the app module (it can change things); `editing`: its loading. */
let editor = false;
let editing = null;
/** The library name of the article on screen (kept here: after a trap, `app` is not asked). */
let shownKey = null;
/** What the article on screen is: title, slug, blocks (see Newsmark.article). */
let view;
let map;
let annotations = [];
let unplaced = [];
/** The selected placed annotation. */
let selectedId = null;
/** The selected orphaned or ambiguous annotation, waiting for a passage to attach to. */
let attachId = null;
/** The reader's current text selection in the article, as a canonical-text span (UTF-16). */
let pending = null;

function element(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

function button(label, onClick, props = {}) {
  const b = element('button', { type: 'button', ...props }, label);
  b.addEventListener('click', onClick);
  return b;
}

const tagLabel = (tag) => LABEL.get(tag) ?? (typeof tag === 'string' && tag ? tag : 'untagged');
const tagClass = (tag) => (TAGS.includes(tag) ? tag : 'other');
const shorten = (text, n = 60) => (text.length > n ? `${text.slice(0, n)}…` : text);

/**
 * Shows a message in the status line; errors stay until the next message. `action`, as
 * `{label, run}`, adds a button (Undo after a deletion): the message then stays 8 seconds.
 */
function say(message, kind = 'info', action = null) {
  if (kind === 'error') say.lastError = message;
  const status = $('#status');
  inHost(status);
  status.replaceChildren(element('span', {}, message));
  if (action) {
    status.append(button(action.label, () => {
      status.hidden = true;
      action.run();
    }, { className: 'status-action' }));
  }
  status.dataset.kind = kind;
  status.hidden = !message;
  // Read out from the region that is always there (a region shown with its words is not).
  if (message) announce(message, kind);
  clearTimeout(say.timer);
  if (kind === 'info' && message) say.timer = setTimeout(() => (status.hidden = true), action ? 8000 : 4000);
}

/**
 * Puts a message's element where it can be seen and read: an open modal dialog makes the rest
 * of the page inert (its live regions silent), so inside the library while it is open.
 */
function inHost(el) {
  const host = $('#library').open ? $('#library') : document.body;
  if (el.parentElement !== host) host.append(el);
}

/**
 * Tells screen readers what happened: a change (a tag made, changed), and every message shown
 * (`say`); an error at once, the rest when the reader pauses.
 */
function announce(message, kind = 'info') {
  const region = $('#announce');
  inHost(region);
  region.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
  // In the next frame, out of the key's handler; the same words twice in a row are still read
  // (a new text node each time).
  requestAnimationFrame(() => region.replaceChildren(message));
}

/** The reading cursor selected text (Shift with an arrow key): said, with what to do next. */
function onCursor(text) {
  if (text.trim()) announce(`Selected “${shorten(text.trim(), 80)}”. Press 1, 2 or 3 to tag it.`);
}

/** The notice that stays while saving is not possible: storage off, full, or read-only. */
function showNotice(text, actions = []) {
  const notice = $('#notice');
  notice.hidden = !text;
  $('#notice-text').textContent = text ?? '';
  $('#notice-actions').replaceChildren(...actions.map(([label, run]) => button(label, run)));
}

/** Why the undo log could not be saved, as last said (said once, not at every change). */
let lastHistoryError = null;

/** The bar's saving state and the Undo and Redo buttons, from a change's result or the core. */
function showSaved(result) {
  const state = result ?? app.save_state();
  let text = 'Saved in this browser';
  let kind = 'ok';
  if (state.memoryOnly) {
    [text, kind] = ['Not kept: storage is off', 'error'];
    showNotice(`Nothing will be kept: this browser does not let newsmark store anything here (${state.memoryOnly}). You can work, but export before you close the tab.`, [['Export JSON', exportJson], ['Export page', () => exportAs('page')]]);
  } else if (state.readOnly) {
    [text, kind] = ['Read-only', 'error'];
    showNotice(`${capital(state.readOnly)}.`);
  } else if (state.full) {
    [text, kind] = ['Not saved: storage full', 'error'];
    showNotice('Not saved: storage full — export now. What you see is kept in this tab; your earlier saved work is intact. Free space in the library (delete articles for good): newsmark then saves what waits.', [['Export JSON', exportJson], ['Library', openLibrary]]);
  } else if (state.saveError) {
    [text, kind] = ['Not saved', 'error'];
    showNotice(`Not saved: ${state.saveError}. What you see is kept in this tab; newsmark tries again at your next change. Export to be safe.`, [['Export JSON', exportJson]]);
  } else if (state.unsaved) {
    text = 'Saving…';
    if (state.more) writeRest();
  } else {
    showNotice(null);
  }
  if (state.historyError && state.historyError !== lastHistoryError) say(`${capital(state.historyError)}.`, 'error');
  lastHistoryError = state.historyError;
  saveStateEl.textContent = text;
  saveStateEl.dataset.kind = kind;
  for (const conflict of result?.conflicts ?? []) say(`${capital(conflict)}.`, 'error');
  const [undo, redo] = [$('#undo'), $('#redo')];
  // An empty label: there is something to undo, not yet said what (the first screen).
  undo.disabled = state.undo == null;
  redo.disabled = state.redo == null;
  undo.setAttribute('aria-label', state.undo ? `Undo ${state.undo}` : 'Undo');
  redo.setAttribute('aria-label', state.redo ? `Redo ${state.redo}` : 'Redo');
  undo.title = state.undo == null ? 'Nothing to undo' : `Undo ${state.undo ? `${state.undo} ` : ''}(Ctrl+Z)`;
  redo.title = state.redo == null ? 'Nothing to redo' : `Redo ${state.redo ? `${state.redo} ` : ''}(Ctrl+Shift+Z)`;
}

/**
 * Writes what a big change (an import of thousands) left to write, a slice per task, so the
 * page answers in between; closing the tab meanwhile asks first, as with any unsaved change.
 */
function writeRest() {
  if (writeRest.waiting) return;
  writeRest.waiting = true;
  breathe().then(() => {
    writeRest.waiting = false;
    if (!app) return;
    // Slices until this task has taken its share of time; the page answers in between.
    const until = performance.now() + TASK_MS;
    let state;
    do state = attempt(() => app.flush_step());
    while (state?.more && performance.now() < until);
    if (state) showSaved(state);
  });
}

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Runs a call into the core; its errors become messages, never uncaught exceptions. A trap
 * (a bug in the core: Rust panicked) loses nothing: what is saved is saved after every change,
 * so the core is loaded afresh and the article reopened from it.
 */
function attempt(call) {
  try {
    return call();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      recover(error);
      return null;
    }
    say(error.message ?? String(error), 'error');
    return null;
  }
}

let recoveries = 0;
/** Set while the core is loaded afresh after a trap: nothing else opens meanwhile. */
let recovering = false;
async function recover(error) {
  if (recovering) return;
  recovering = true;
  console.warn('newsmark: the core stopped; reopening from what is saved', error);
  recoveries += 1;
  // The handle that trapped is never called again (it may be locked mid-call).
  const key = shownKey;
  // A note being typed may not be saved yet: it is kept from the page and applied again.
  const typing = selectedId && listEl.querySelector('.selected .note-input');
  const note = typing && { id: selectedId, text: typing.value };
  app = null; // not freed: it belongs to the module that trapped
  try {
    core = await loadCore('newsmark', recoveries);
    editor = true;
    editing = Promise.resolve(true);
    const next = key && key !== DEMO ? core.Newsmark.open_key(key, onStorageChange) : await openDemo();
    show(next, key && key !== DEMO ? key : DEMO);
    if (note && annotations.some((a) => a.id === note.id && a.note !== note.text)) {
      app.edit(note.id, undefined, note.text);
      app.flush(true);
    }
    if (note) select(note.id);
    say('Something went wrong; your annotations are safe. newsmark reopened the article from what was saved.', 'error');
  } catch (again) {
    say(`Something went wrong and newsmark could not reopen the article (${again.message ?? again}); your saved annotations are kept: reload the page.`, 'error');
  } finally {
    recovering = false;
  }
}

/** A Wasm module, `view` or `newsmark`: a fresh instance each time it is loaded with another `copy`. */
async function loadCore(name, copy = 0) {
  const module = await import(copy ? `./pkg/${name}.js?copy=${copy}` : `./pkg/${name}.js`);
  await module.default();
  return module;
}

/**
 * Loads the app module and opens the article on screen in it (which also keeps it in the
 * library), once: at the first sign of use, or when something must change. Resolves to whether
 * it is here. Nothing is drawn again: the article is the same, and so is what is selected.
 */
function useEditor() {
  editing ??= (async () => {
    const cursor = import('./cursor.js').then((m) => m.wireCursor(articleEl, onCursor));
    const more = import('./overview.js').then((m) => (overview = m.wireOverview(context)));
    const reporting = import('./report.js').then((m) => (report = m));
    const full = await loadCore('newsmark');
    await Promise.all([cursor, more, reporting]);
    const next = shownKey === DEMO ? await openDemo(full) : full.Newsmark.open_key(shownKey, onStorageChange);
    const said = new Set(app.restore_problems());
    app.free();
    [core, app, editor] = [full, next, true];
    redrawAll = true;
    refresh();
    showSaved();
    const problems = app.restore_problems().filter((p) => !said.has(p));
    if (problems.length) say(`${capital(problems.join('; '))}.`, 'error');
    // The article's text changed since its annotations were saved: find them again.
    placeAndReport().catch((error) => {
      say(`Saved annotations could not be placed yet (${error.message ?? error}); they are kept and will be tried again.`, 'error');
    });
    document.body.dataset.editor = 'true';
    return true;
  })().catch((error) => {
    editing = null;
    say(`newsmark could not load what changes annotations (${error.message ?? error}); your saved annotations are kept: try again, or reload the page.`, 'error');
    return false;
  });
  return editing;
}

/** Runs `action(...args)` once the app module is here (an action taken before it arrived). */
function later(action, ...args) {
  useEditor().then((ready) => ready && action(...args));
}

/**
 * What the highlights draw, kept in step with `annotations` change by change: one Range per
 * span (`start end`), shared by the annotations on it, in each highlight (a tag, `review`) while
 * any of its annotations is; `drawnAs`: each annotation's span key, tag and review flag. All on
 * the article `rangesOn`. A change to one of 10,000 annotations touches its own ranges alone.
 */
let spans = new Map();
/** Per highlight, how many annotations use each span in it. */
const uses = new Map();
const drawnAs = new Map();
/** A span's key: its two offsets in one number (an article is far under 2^26 code units). */
const spanKey = (a) => a.startU16 * 67_108_864 + a.endU16;
let rangesOn = null;
/** Set when the whole list must be read and drawn again (another article, another handle). */
let redrawAll = true;

function addTo(name, key) {
  let used = uses.get(name);
  if (!used) uses.set(name, (used = new Map()));
  const n = used.get(key) ?? 0;
  if (!n) CSS.highlights.get(name).add(spans.get(key));
  used.set(key, n + 1);
}

function removeFrom(name, key) {
  const used = uses.get(name);
  const n = used?.get(key) ?? 0;
  if (n > 1) return void used.set(key, n - 1);
  used?.delete(key);
  CSS.highlights.get(name).delete(spans.get(key));
}

function drawHighlight(a) {
  const key = spanKey(a);
  if (!spans.has(key)) spans.set(key, map.rangeOf(a.startU16, a.endU16));
  const drawn = { key, tag: tagClass(a.tag), review: a.review };
  addTo(drawn.tag, key);
  if (drawn.review) addTo('review', key);
  drawnAs.set(a.id, drawn);
}

function undrawHighlight(id) {
  const drawn = drawnAs.get(id);
  if (!drawn) return;
  removeFrom(drawn.tag, drawn.key);
  if (drawn.review) removeFrom('review', drawn.key);
  drawnAs.delete(id);
}

function drawAllHighlights() {
  const started = performance.now();
  // Ranges already made on this article are reused; the rest are made.
  const old = rangesOn === map ? spans : new Map();
  [spans, rangesOn] = [new Map(), map];
  uses.clear();
  drawnAs.clear();
  for (const name of [...TAGS, 'other', 'review', 'active']) CSS.highlights.set(name, new Highlight());
  for (const a of annotations) {
    const key = spanKey(a);
    if (old.has(key) && !spans.has(key)) spans.set(key, old.get(key));
    drawHighlight(a);
  }
  // Timed for the benchmarks (and the browser's performance panel).
  performance.measure('newsmark: highlights drawn', { start: started });
}

/** Reads what changed from the core and applies it to `annotations` and the highlights. */
function applyChanges({ changed, removed }) {
  const gone = new Set([...removed, ...changed.map((c) => c.id)]);
  if (!gone.size) return;
  for (const id of gone) undrawHighlight(id);
  annotations = annotations.filter((a) => !gone.has(a.id));
  // In text order: each goes where it is once all are in.
  for (const { at, ...a } of changed) {
    annotations.splice(at, 0, a);
    drawHighlight(a);
  }
}

/** The selected annotation's highlight. */
function drawActive() {
  const active = CSS.highlights.get('active');
  active.clear();
  const drawn = selectedId && drawnAs.get(selectedId);
  if (drawn) active.add(spans.get(drawn.key));
}

function chip(tag) {
  return element('span', { className: 'chip' }, tagLabel(tag));
}

/** The annotation to bring into view in the list at the next redraw (a new selection). */
let revealId = null;
/** Whether the list may bring it into view just after the next frame (see VirtualList.show). */
let revealSoon = false;
const itemKey = (a) => [narrow.matches, overlaps(a), searchWords.join(' '), a.tag, a.extraTags.join(' '), a.review, a.quote, a.note, a.id === selectedId].join('\u0000');

function renderItem(a) {
  const selected = a.id === selectedId;
  const item = element('li', { className: `item tag-${tagClass(a.tag)}${selected ? ' selected' : ''}`, tabIndex: 0 });
  item.dataset.id = a.id;
  item.setAttribute('aria-current', selected ? 'true' : 'false');
  item.append(chip(a.tag));
  for (const extra of a.extraTags) item.append(element('span', { className: 'chip extra' }, extra));
  if (a.review) item.append(element('span', { className: 'chip review' }, 'To review'));
  if (overlaps(a)) item.append(element('span', { className: 'chip overlap', title: 'Part of its passage is under another annotation too' }, 'Overlaps'));
  item.append(element('q', { className: 'quote', dir: 'auto' }, ...marked(a.quote)));
  // On a narrow screen the selected annotation's editor is the bottom sheet, not in the list.
  if (selected && !narrow.matches) {
    item.append(editorOf(a));
  } else if (a.note) {
    item.append(element('p', { className: 'note', dir: 'auto' }, ...marked(a.note)));
  }
  return item;
}

/** The note field, Accept (to review), Delete: what the selected annotation offers. */
function editorOf(a) {
  const note = element('textarea', { className: 'note-input', rows: 3, value: a.note, placeholder: 'Add a note…', maxLength: 20000 });
  note.setAttribute('aria-label', 'Note');
  note.addEventListener('input', function typed() {
    if (!editor) return later(typed);
    showSaved(attempt(() => app.edit(a.id, undefined, note.value)));
    // Saved when the typing pauses, and on leaving the field or the page.
    clearTimeout(flushNote.timer);
    flushNote.timer = setTimeout(() => flushNote(false), 400);
  });
  note.addEventListener('blur', () => flushNote(true));
  note.addEventListener('change', refresh);
  const keys = touch.matches ? 'Retag with the buttons below' : 'Retag: 1 · 2 · 3';
  const actions = element('div', { className: 'editor-row' }, element('span', { className: 'keys' }, keys));
  if (a.review) actions.append(button('Accept', () => acceptReview(a.id), { className: 'accept' }));
  const remove = button('Delete', () => removeSelected(), { className: 'delete' });
  remove.setAttribute('aria-label', 'Delete annotation');
  actions.append(remove);
  return element('div', { className: 'editor' }, note, actions);
}

/** The strip beside the article and the reading progress (overview.js, with the app module). */
let overview = null;

/** A phone, or a narrow window: the list is below the article, the editor a bottom sheet. */
const narrow = matchMedia('(max-width: 900px)');
/** A finger, not a mouse: the hints speak of tapping, not of keys. */
const touch = matchMedia('(pointer: coarse)');
const sheetEl = $('#sheet');

/**
 * The bottom sheet on a narrow screen: the selected annotation's quote and editor, above the
 * tag buttons, leaving the passage in view (the page scrolls only if the sheet would cover it).
 */
function renderSheet() {
  const a = narrow.matches && selectedId ? annotations.find((x) => x.id === selectedId) : null;
  document.body.classList.toggle('sheet-open', Boolean(a));
  if (!a) {
    sheetEl.hidden = true;
    sheetEl.dataset.key = '';
    return;
  }
  // Drawn anew only for another annotation, tag or state: a note changed (typed, undone) is
  // set in its field, so a button about to be tapped stays where it is.
  const key = [a.id, a.tag, a.review].join('\u0000');
  const opened = sheetEl.hidden || !sheetEl.dataset.key.startsWith(`${a.id}\u0000`);
  if (key === sheetEl.dataset.key) {
    const note = sheetEl.querySelector('.note-input');
    if (note && note !== document.activeElement && note.value !== a.note) note.value = a.note;
    return;
  }
  sheetEl.dataset.key = key;
  const done = button('Done', () => {
    select(null);
    articleEl.focus({ preventScroll: true });
  }, { className: 'sheet-done' });
  done.setAttribute('aria-label', 'Done: close the annotation');
  const quote = element('q', { className: 'quote', dir: 'auto' }, a.quote);
  sheetEl.replaceChildren(element('div', { className: 'sheet-head' }, chip(a.tag), quote, done), editorOf(a));
  sheetEl.hidden = false;
  if (opened) requestAnimationFrame(() => keepInView(a));
}

/** Scrolls as little as needed for the passage to show between the top bar and the sheet. */
function keepInView(a) {
  const range = map?.rangeOf(a.startU16, a.endU16);
  if (!range || sheetEl.hidden) return;
  const passage = range.getBoundingClientRect();
  const below = sheetEl.getBoundingClientRect().top - 12;
  const above = $('.bar').getBoundingClientRect().bottom + 12;
  if (passage.bottom > below) scrollBy(0, Math.min(passage.bottom - below, passage.top - above));
  else if (passage.top < above) scrollBy(0, passage.top - above);
}

/**
 * What the list shows: the annotations of the tags whose filter is pressed (all when none is)
 * whose quote or note holds every word searched for (case aside). `shown` is it, as drawn.
 */
const filterTags = new Set();
/** The states asked for: `review` (to review), `unplaced` (not found: orphaned, ambiguous). */
const filterStates = new Set();
let searchWords = [];
let shown = [];
/** For each annotation in text order, the furthest end of those before it (see `overlaps`). */
let reach = new Float64Array(0);

/** How far the annotations before each one reach: one pass of numbers. */
function findOverlaps() {
  reach = new Float64Array(annotations.length + 1);
  reach[0] = -1;
  for (let i = 0; i < annotations.length; i++) reach[i + 1] = Math.max(reach[i], annotations[i].endU16);
}

/**
 * Whether an annotation's passage overlaps another's (the list says so; asked of the items
 * drawn only): another starts where it does, one before it reaches past its start, or the
 * next starts before its end (they are in text order, by start).
 */
function overlaps(a) {
  let [low, high] = [0, annotations.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (annotations[mid].startU16 < a.startU16) low = mid + 1;
    else high = mid;
  }
  const next = annotations[low + 1];
  if (annotations[low] !== a || next?.startU16 === a.startU16) return true;
  return reach[low] > a.startU16 || (next !== undefined && next.startU16 < a.endU16);
}

function matches(a) {
  if (filterTags.size && !filterTags.has(tagClass(a.tag))) return false;
  if (filterStates.size && !(filterStates.has('review') && a.review)) return false;
  if (!searchWords.length) return true;
  const text = `${a.quote}\n${a.note}`.toLowerCase();
  return searchWords.every((w) => text.includes(w));
}

/** A quote or note as text, with what was searched for in `<mark>`s (never as HTML). */
function marked(text) {
  if (!searchWords.length) return [text];
  const lower = text.toLowerCase();
  // A lowercase form of another length (rare letters) cannot be mapped back: shown unmarked.
  if (lower.length !== text.length) return [text];
  const hits = [];
  for (const w of searchWords) {
    for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + w.length)) hits.push([at, at + w.length]);
  }
  hits.sort((x, y) => x[0] - y[0]);
  const out = [];
  let from = 0;
  for (const [start, end] of hits) {
    if (start < from) continue;
    if (start > from) out.push(text.slice(from, start));
    out.push(element('mark', {}, text.slice(start, end)));
    from = end;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

/** What the list's head says of the annotations, counted again only when they changed (a
 * change always gives `annotations` anew: see `redraw` and `applyChanges`). */
let tally = null;

function renderList() {
  if (tally?.of !== annotations) {
    findOverlaps();
    tally = { of: annotations, ...app.tally() };
  }
  const { review, shares } = tally;
  const counts = new Map(TAGS.map((t, i) => [t, tally.counts[i]]));
  $('#count').textContent = annotations.length ? String(annotations.length) : '';
  TAGS.forEach((tag, i) => {
    const filter = $(`#legend [data-tag="${tag}"]`);
    filter.querySelector('.n').textContent = counts.get(tag);
    filter.querySelector('.share').textContent = counts.get(tag) ? ` · ${shares[i]}` : '';
    filter.title = `${counts.get(tag)} ${tagLabel(tag).toLowerCase()}${counts.get(tag) === 1 ? '' : 's'}, covering ${shares[i]} of the text`;
    filter.setAttribute('aria-pressed', String(filterTags.has(tag)));
  });
  for (const [state, n] of [['review', review], ['unplaced', unplaced.length]]) {
    const filter = $(`#states [data-state="${state}"]`);
    filter.querySelector('.n').textContent = n;
    filter.setAttribute('aria-pressed', String(filterStates.has(state)));
  }
  $('#empty').hidden = annotations.length + unplaced.length > 0;
  const filtering = filterTags.size > 0 || searchWords.length > 0 || filterStates.size > 0;
  shown = filtering ? annotations.filter(matches) : annotations;
  // By time: when each was made, the newest or the oldest first (in text order otherwise).
  const order = $('#sort').value;
  if (order !== 'text') {
    const sign = order === 'newest' ? -1 : 1;
    shown = [...shown].sort((x, y) => sign * (x.created < y.created ? -1 : x.created > y.created ? 1 : x.startU16 - y.startU16));
  }
  const shownEl = $('#shown');
  shownEl.hidden = !filtering;
  if (filtering) {
    const count = (n) => n.toLocaleString('en');
    // The not found count among what is shown when asked for (the search is over the placed).
    const found = filterStates.has('unplaced') ? unplaced.length : 0;
    shownEl.textContent = shown.length + found
      ? `Showing ${count(shown.length + found)} of ${count(annotations.length + unplaced.length)}.`
      : `No annotation matches${searchWords.length ? ` “${$('#search').value.trim()}”` : ''}${filterTags.size + filterStates.size ? ' among those chosen' : ''}.`;
  }
  placedList.show(shown, revealId ? shown.findIndex((a) => a.id === revealId) : -1, { soon: revealSoon });
  [revealId, revealSoon] = [null, false];
  renderUnplaced();
}

/** The search box changed: the list shows what matches, marked. */
function onSearch() {
  searchWords = $('#search').value.toLowerCase().split(/\s+/).filter(Boolean);
  renderList();
}

function toggleFilter(set, key) {
  if (set.has(key)) set.delete(key);
  else set.add(key);
  renderList();
}

function renderUnplaced() {
  // Asked for states without "not found": they are not shown; with it alone, only they are.
  $('#unplaced').hidden = unplaced.length === 0 || (filterStates.size > 0 && !filterStates.has('unplaced'));
  $('#unplaced-count').textContent = String(unplaced.length);
  unplacedList.show(unplaced);
}

function renderUnplacedItem(a) {
  const chosen = a.id === attachId;
  const item = element('li', { className: `item orphan tag-${tagClass(a.tag)}${chosen ? ' selected' : ''}`, tabIndex: 0 });
  item.dataset.id = a.id;
  item.append(chip(a.tag), element('span', { className: 'chip state' }, a.state === 'ambiguous' ? 'Ambiguous' : 'Orphaned'));
  item.append(element('q', { className: 'quote', dir: 'auto' }, a.quote));
  if (a.note) item.append(element('p', { className: 'note', dir: 'auto' }, a.note));
  if (chosen) {
    const attach = button('Attach to selection', () => reattach(a.id), { className: 'accept' });
    const remove = button('Delete', () => removeUnplaced(a.id), { className: 'delete' });
    remove.setAttribute('aria-label', 'Delete unplaced annotation');
    item.append(
      element('p', { className: 'keys' }, 'Select its passage in the article, then attach it (Enter).'),
      element('div', { className: 'editor-row' }, attach, remove),
    );
  }
  return item;
}

const placedList = new VirtualList(listEl, renderItem, itemKey);
const unplacedKey = (a) => [a.tag, a.state, a.quote, a.note, a.id === attachId].join('\u0000');
const unplacedList = new VirtualList($('#unplaced-list'), renderUnplacedItem, unplacedKey);

function renderToolbar() {
  const selected = annotations.find((a) => a.id === selectedId);
  for (const b of document.querySelectorAll('.tools button')) {
    b.setAttribute('aria-pressed', String(!pending && selected?.tag === b.dataset.tag));
  }
  const finger = touch.matches;
  if (attachId) {
    hintEl.textContent = pending
      ? (finger ? 'Tap Attach to selection to attach the orphan to this passage.' : 'Press Enter to attach the orphan to this passage.')
      : 'Select the passage to attach the orphan to.';
  } else if (pending) {
    hintEl.textContent = finger ? 'Tag the selected passage: tap Claim, Accusation or Opinion.' : 'Tag the selected passage: press 1, 2 or 3.';
  } else if (selected) {
    hintEl.textContent = finger ? 'Tap a tag to retag it, Delete to remove it, Done to close it.' : 'Press 1, 2 or 3 to retag, Delete to remove, Esc to deselect.';
  } else if (finger) {
    hintEl.textContent = annotations.length ? 'Select a passage, or tap a highlight to edit it.' : 'Select a passage in the article, then tap Claim, Accusation or Opinion.';
  } else {
    hintEl.textContent = annotations.length ? 'Select a passage, or click a highlight to edit it.' : 'Select a passage in the article, then press 1, 2 or 3.';
  }
}

/** Writes a note being typed; `end` closes its burst (the next keystroke is a new undo step). */
function flushNote(end) {
  clearTimeout(flushNote.timer);
  if (app && editor) showSaved(attempt(() => app.flush(end)));
}

/** Set while the page is redrawn: a redraw asked for meanwhile (a removed note field's
 * `change`, which the browser fires as it goes) runs once it is done. */
let refreshing = false;
let refreshAgain = false;

function refresh() {
  if (!app) return;
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    redraw();
  } finally {
    refreshing = false;
  }
  if (refreshAgain) {
    refreshAgain = false;
    refresh();
  }
}

function redraw() {
  // The list is drawn anew: where the focus was (a note being typed, an item) is given back,
  // so keys typed next never land on the page as shortcuts.
  const focused = document.activeElement?.closest?.('li[data-id]');
  const typing = document.activeElement?.matches?.('.note-input') ? document.activeElement : null;
  const caret = typing && [typing.selectionStart, typing.selectionEnd];
  // What changed since the last redraw, drawn alone; after another article or handle, all.
  // (The view module changes nothing: it draws all, once.)
  const changes = editor ? app.take_changes() : { all: true };
  const all = redrawAll || changes.all || rangesOn !== map || !HIGHLIGHTS;
  if (all) annotations = app.annotations();
  if (all || unplaced.length || changes.unplaced) unplaced = app.unplaced();
  redrawAll = false;
  if (HIGHLIGHTS) {
    if (all) drawAllHighlights();
    else applyChanges(changes);
  }
  if (selectedId && !annotations.some((a) => a.id === selectedId)) selectedId = null;
  if (attachId && !unplaced.some((a) => a.id === attachId)) attachId = null;
  if (HIGHLIGHTS) drawActive();
  const touched = all || changes.changed?.length || changes.removed?.length;
  renderList();
  renderSheet();
  renderToolbar();
  if (touched) overview?.changed();
  else overview?.repaint();
  suggestions?.changed();
  const again = focused && document.querySelector(`li[data-id="${CSS.escape(focused.dataset.id)}"]`);
  const note = again && typing && again.querySelector('.note-input');
  if (note) {
    note.focus({ preventScroll: true });
    note.setSelectionRange(...caret);
  } else if (again && !typing) {
    again.focus({ preventScroll: true });
  } else if (focused) {
    // It is gone (deleted in another tab): the focus stays in the list, not on the page.
    (listEl.querySelector('li[data-id]') ?? $('#list-heading')).focus({ preventScroll: true });
  }
}

function select(id, { scroll = false, soon = false } = {}) {
  selectedId = id;
  if (id) attachId = null;
  [revealId, revealSoon] = [id, soon];
  refresh();
  if (!id) return;
  if (scroll) {
    const a = annotations.find((x) => x.id === id);
    map.reveal(a.startU16, a.endU16);
  }
}

function chooseUnplaced(id) {
  attachId = id;
  selectedId = null;
  refresh();
}

/** The passage selected now (the last `selectionchange` may not have come yet: a triple click). */
function readSelection() {
  const selection = getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  return map.spanOf(selection.getRangeAt(0));
}

/** Tags the passage selected (or `given.span`), with `given.note` if any (the adder's note). */
function tag(name, given = {}) {
  if (!editor) return later(tag, name, given);
  const span = given.span ?? readSelection() ?? pending;
  if (span) {
    const result = attempt(() => app.tag_selection(span.start, span.end, name));
    if (!result) return;
    const noted = given.note?.trim() && result.new !== false && attempt(() => app.edit(result.id, undefined, given.note));
    // Reading with the keyboard, the caret stays after the passage tagged, to go on from.
    if (document.activeElement === articleEl) getSelection().collapseToEnd();
    else getSelection().removeAllRanges();
    pending = null;
    showSaved(noted || result);
    // The frame that answers the key shows the passage tagged; the list follows it at once after.
    select(result.id, { soon: true });
    const made = annotations.find((a) => a.id === result.id);
    if (result.new === false) {
      say(`That passage is already tagged as ${withArticle(tagLabel(made?.tag).toLowerCase())}: it is selected. Press 1, 2 or 3 to retag it.`);
    } else if (made) {
      announce(`Tagged as ${withArticle(tagLabel(name).toLowerCase())}: “${shorten(made.quote, 80)}”. ${annotations.length} annotation${annotations.length === 1 ? '' : 's'}.`);
    }
  } else if (selectedId) {
    const result = attempt(() => app.edit(selectedId, name, undefined));
    if (!result) return;
    showSaved(result);
    refresh();
    announce(`Retagged as ${withArticle(tagLabel(name).toLowerCase())}.`);
  } else {
    say('Select a passage in the article first, then choose its tag.');
  }
}

const withArticle = (word) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

function removeSelected() {
  if (!selectedId) return;
  if (!editor) return later(removeSelected);
  const gone = annotations.find((a) => a.id === selectedId);
  // The focus, in the list, goes to the item that takes the deleted one's place.
  const at = shown.findIndex((a) => a.id === selectedId);
  const next = shown[at + 1] ?? shown[at - 1];
  const inList = listEl.contains(document.activeElement) || document.activeElement === document.body;
  const inSheet = sheetEl.contains(document.activeElement);
  const result = attempt(() => app.remove(selectedId));
  if (!result) return;
  showSaved(result);
  selectedId = null;
  refresh();
  if (inList) focusItem(next?.id);
  // From the sheet (a phone), back to the article where the passage was.
  else if (inSheet) articleEl.focus({ preventScroll: true });
  say(`Deleted the ${tagLabel(gone.tag).toLowerCase()} “${shorten(gone.quote)}”`, 'info', { label: 'Undo', run: undo });
}

function removeUnplaced(id) {
  if (!editor) return later(removeUnplaced, id);
  const gone = unplaced.find((a) => a.id === id);
  const result = attempt(() => app.remove(id));
  if (!result) return;
  showSaved(result);
  refresh();
  say(`Deleted the unplaced ${tagLabel(gone?.tag).toLowerCase()} “${shorten(gone?.quote ?? '')}”`, 'info', { label: 'Undo', run: undo });
}

/** Undoes or redoes the last change, says what, and shows the annotation it touched. */
function undoOrRedo(which) {
  if (!editor) return later(undoOrRedo, which);
  flushNote(true);
  const result = attempt(() => (which === 'undo' ? app.undo() : app.redo()));
  if (!result) return;
  showSaved(result);
  refresh();
  updateBanner();
  if (result.label) say(`${which === 'undo' ? 'Undid' : 'Redid'}: ${result.label}.`);
  else say(which === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
  // A state whose passage must be found again (saved on an earlier text) waits to be anchored.
  if (app.pending()) placeAndReport().catch(failed);
}
const undo = () => undoOrRedo('undo');
const redo = () => undoOrRedo('redo');

function reattach(id) {
  if (!editor) return later(reattach, id);
  const span = readSelection() ?? pending;
  if (!span) {
    say('Select the passage in the article first, then attach the annotation to it.');
    return;
  }
  const result = attempt(() => app.reattach(id, span.start, span.end));
  if (!result) return;
  getSelection().removeAllRanges();
  pending = null;
  attachId = null;
  showSaved(result);
  select(id, { scroll: true });
  say('Attached.');
}

function acceptReview(id) {
  if (!editor) return later(acceptReview, id);
  showSaved(attempt(() => app.accept_review(id)));
  refresh();
  updateBanner();
}

/** What anchoring found, in the banner (report.js, with the app module). */
let report = null;
const placeAndReport = (options) => report.placeAndReport(context, options);
// Before the app module, no report: the banner is only hidden (another article shown).
const showReport = (found, read) => (report ? report.showReport(context, found, read) : found === null && ($('#banner').hidden = true));
const updateBanner = () => report?.updateBanner(context);

// The panel sticks below the banner: its height, as laid out (observed, never read at once,
// which would lay out the whole page there and then).
new ResizeObserver(([entry]) => {
  document.body.style.setProperty('--banner-h', `${Math.round(entry.borderBoxSize?.[0]?.blockSize ?? entry.target.offsetHeight)}px`);
}).observe(document.getElementById('banner'));
// The sheet sits above the tag buttons, fixed at the bottom on a narrow screen: their height.
new ResizeObserver(([entry]) => {
  document.body.style.setProperty('--tools-h', `${Math.round(entry.borderBoxSize?.[0]?.blockSize ?? entry.target.offsetHeight)}px`);
}).observe(document.querySelector('.tools'));

/** The intake module (reading other tools' files) is fetched on first use only. */
let intakeModule = null;
async function loadIntake() {
  if (!intakeModule) {
    const module = await import('./pkg/intake.js');
    await module.default();
    intakeModule = module;
  }
  return intakeModule;
}

/** The suggestions (suggest.js and its module, fetched when first asked for). */
let suggestions;
const suggest = () => (editor ? import('./suggest.js').then((m) => (suggestions ??= m.wire(context)).toggle()).catch((e) => say(`Suggest failed: ${e.message ?? e}`, 'error')) : later(suggest));

/** Opens picked or dropped files (open.js, loaded on first use). */
function importFiles(files) {
  if (!editor) return later(importFiles, files);
  import('./open.js').then((open) => open.importFiles(context, files), unloaded).catch(failed);
}

const unloaded = (error) => say(`newsmark could not load what opens files: ${error.message ?? error}`, 'error');
const failed = (error) => say(`Opening failed: ${error.message ?? error}`, 'error');

/** Opens pasted content (the clipboard's HTML when there is some) as a new article. */
function onPaste(event) {
  if (event.target.closest?.('textarea, input, [contenteditable]')) return;
  const html = event.clipboardData?.getData('text/html') ?? '';
  const text = event.clipboardData?.getData('text/plain') ?? '';
  if ((html || text).trim().length < 40) return;
  event.preventDefault();
  later(() => import('./open.js').then((open) => open.paste(context, html, text), unloaded).catch(failed));
}

function download(name, content, type) {
  const link = element('a', { href: URL.createObjectURL(new Blob([content], { type })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Export JSON: every annotation, the unplaced too (made by the intake module, as the others). */
function exportJson() {
  const n = annotations.length + unplaced.length;
  const unplacedNote = unplaced.length ? ` (${unplaced.length} of them not placed, with their selectors)` : '';
  exportAs('json', `Exported ${n} annotation${n === 1 ? '' : 's'}${unplacedNote} as`);
}

/** The page, CSV and JSONL exports are made by the intake module, fetched on first use. */
const EXPORTS = {
  json: { make: 'export_w3c', suffix: 'annotations.json', type: 'application/ld+json' },
  page: { make: 'export_page', suffix: 'annotated.html', type: 'text/html' },
  csv: { make: 'export_csv', suffix: 'annotations.csv', type: 'text/csv' },
  jsonl: { make: 'export_jsonl', suffix: 'doccano.jsonl', type: 'application/jsonl' },
};

async function exportAs(kind, said = 'Exported') {
  if (!editor && !(await useEditor())) return;
  const { make, suffix, type } = EXPORTS[kind];
  let intake;
  try {
    intake = await loadIntake();
  } catch (error) {
    say(`The exporter could not be loaded: ${error.message ?? error}`, 'error');
    return;
  }
  const content = attempt(() => intake[make](app.article_source(), app.saved_json()));
  if (content === null) return;
  const name = `${view.slug}.${suffix}`;
  download(name, content, type);
  say(`${said} ${name}.`);
}

/** Selects the next or previous annotation the list shows. */
function moveSelection(step) {
  if (!shown.length) return;
  const at = shown.findIndex((a) => a.id === selectedId);
  const next = at < 0 ? (step > 0 ? 0 : shown.length - 1) : (at + step + shown.length) % shown.length;
  select(shown[next].id, { scroll: true });
  // The focus follows, unless the reader is in the article (reading on from there).
  if (document.activeElement !== articleEl) focusItem(shown[next].id);
}

/** Focuses an annotation's item in the list (the list's heading when there is none). */
function focusItem(id) {
  const item = id && listEl.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  (item ?? $('#list-heading')).focus({ preventScroll: true });
}

function onKey(event) {
  const target = event.target;
  const inField = target.closest?.('textarea, input, select, [contenteditable]');
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !inField) {
    const key = event.key.toLowerCase();
    if (key === 'z' || (key === 'y' && event.ctrlKey)) {
      event.preventDefault();
      if (key === 'y' || event.shiftKey) redo();
      else undo();
    }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target.closest?.('textarea, input, select, [contenteditable]')) {
    if (event.key !== 'Escape') return;
    // Escape in the search clears it first, then leaves it.
    if (target.id === 'search' && target.value) {
      target.value = '';
      onSearch();
    } else {
      target.blur();
    }
    return;
  }
  if (target.closest?.('button') && (event.key === 'Enter' || event.key === ' ')) return;
  const key = event.key.toLowerCase();
  if (attachId && key === 'enter') {
    event.preventDefault();
    reattach(attachId);
  } else if (KEYS[key]) {
    event.preventDefault();
    tag(KEYS[key]);
  } else if ((key === 'delete' || key === 'backspace') && selectedId && !pending) {
    event.preventDefault();
    removeSelected();
  } else if (key === 'escape') {
    // In the article, the reading cursor stays where it is.
    if (target === articleEl) getSelection().collapseToEnd();
    else getSelection().removeAllRanges();
    pending = null;
    attachId = null;
    select(null);
  } else if (event.key === '?') {
    event.preventDefault();
    $('#shortcuts').showModal();
  } else if (event.key === '/') {
    event.preventDefault();
    $('#search').focus();
  } else if (key === 'j' || key === 'k') {
    moveSelection(key === 'j' ? 1 : -1);
  } else if (key === 's') {
    suggest();
  } else if (key === 'n' && selectedId) {
    event.preventDefault();
    (narrow.matches ? sheetEl : listEl).querySelector('.note-input')?.focus();
  }
}

function onSelectionChange() {
  const span = readSelection();
  pending = span && attempt(() => app.snap(span.start, span.end)) ? span : null;
  renderToolbar();
}

function onArticleClick(event) {
  if (!getSelection().isCollapsed) return;
  const offset = map.offsetAtPoint(event.clientX, event.clientY);
  // Under several annotations, the shortest first; each click again on them, the next.
  const ids = offset === null ? [] : app.annotations_at(offset);
  const id = ids.length ? ids[(ids.indexOf(selectedId) + 1) % ids.length] : null;
  if (ids.length > 1) say(`${ids.indexOf(id) + 1} of ${ids.length} annotations here: click again for the next.`);
  if (id || !attachId) select(id);
}

function wireDrop() {
  let depth = 0;
  const overlay = $('#drop');
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth += 1;
    overlay.hidden = false;
  });
  addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  addEventListener('dragover', (e) => hasFiles(e) && e.preventDefault());
  addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    importFiles([...e.dataTransfer.files]);
  });
}

/** Lets the page draw and answer input between the steps of a long piece of work. */
const breathe = () => (globalThis.scheduler?.yield ? scheduler.yield() : new Promise((resolve) => {
  // A message, not a timer: timers nested five deep wait at least 4 ms each.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(null);
}));
/** How long one slice of background work may hold the page (well under a long task's 50 ms). */
const TASK_MS = 30;

/**
 * Whether the article on screen may be replaced: its changes are saved, or the reader, told
 * they are not, says yes.
 */
function mayLeave() {
  if (recovering) {
    say('newsmark is reopening the article; try again in a moment.');
    return false;
  }
  const risk = workAtRisk();
  if (!risk) return true;
  return confirm(`Open another article? In this one, ${risk}: export first to keep them. Press Cancel to stay.`);
}

/**
 * Why leaving the article now would lose work (a save that failed, a note not yet written,
 * a tab that keeps nothing), or null when nothing is at risk.
 */
function workAtRisk() {
  if (recovering) return 'newsmark is reopening the article';
  flushNote(true);
  const state = app && attempt(() => app.save_state());
  if (!state) return null;
  if (state.unsaved) return `your latest changes are not saved (${state.saveError ?? 'storage refused them'})`;
  if (state.memoryOnly && annotations.length + unplaced.length > 0) return 'nothing is kept in this browser';
  return null;
}

/** Opens a library entry. */
async function openKey(key) {
  if (!mayLeave() || !(editor || (await useEditor()))) return;
  if (key === DEMO) {
    show(await openDemo(), DEMO);
  } else {
    const next = attempt(() => core.Newsmark.open_key(key, onStorageChange));
    if (!next) return;
    show(next, key);
  }
  await placeAndReport();
}

/** Another tab changed what is stored: show its annotations, or the library, as they are now. */
function onStorageChange(change) {
  if (change.annotations) {
    refresh();
    updateBanner();
    if (app.pending()) placeAndReport().catch(failed);
  }
  if (change.conflicts.length) say(change.conflicts.map((c) => `${capital(c)}.`).join(' '), 'error');
  if (change.library && $('#library').open) import('./library.js').then((lib) => lib.renderLibrary(context));
}

async function openLibrary() {
  if (!editor && !(await useEditor())) return;
  await (await import('./library.js')).renderLibrary(context);
  if (!$('#library').open) $('#library').showModal();
}


/**
 * The page's one store, as the app module keeps it, lent to the intake module's library calls
 * (the library dialog, migration): both modules then see the same data.
 */
const storeBridge = {
  get: (key) => core.store_get(key),
  set: (key, value) => core.store_set(key, value),
  remove: (key) => core.store_remove(key),
  keys: () => core.store_keys(),
  memoryOnly: () => core.store_memory_only(),
};

/** What the modules loaded on first use (open.js, library.js) need of the page. */
const context = {
  $, element, button, download, say, attempt, breathe, loadIntake, openKey, show, showSaved, placeAndReport,
  showReport, updateBanner, onStorageChange, storeBridge, mayLeave, DEMO,
  get app() {
    return app;
  },
  get core() {
    return core;
  },
  get empty() {
    return annotations.length + unplaced.length === 0;
  },
  get map() {
    return map;
  },
  get annotations() {
    return annotations;
  },
  get selectedId() {
    return selectedId;
  },
  select,
  tag,
  tagLabel,
  withArticle,
  TAGS,
  KEYS,
  articleEl,
  refresh,
  TASK_MS,
};

/**
 * The theme button: dark or light, against what the system prefers (which the page follows
 * until the reader chooses). The choice is kept by the library, across visits.
 */
const themeButtons = () => [$('#theme'), $('#menu-theme')];
const system = matchMedia('(prefers-color-scheme: dark)');
const dark = () => document.documentElement.dataset.theme === 'dark' || (!document.documentElement.dataset.theme && system.matches);
const showTheme = () => themeButtons().forEach((b) => b.setAttribute('aria-pressed', String(dark())));

/** The theme kept from an earlier visit, as soon as the first module can say it. */
function applyTheme() {
  const kept = attempt(() => app.theme());
  if (kept) document.documentElement.dataset.theme = kept;
  showTheme();
}

function wireTheme() {
  for (const b of themeButtons()) {
    b.addEventListener('click', () => {
      const chosen = dark() ? 'light' : 'dark';
      document.documentElement.dataset.theme = chosen;
      $('.more').open = false;
      showTheme();
      later(() => attempt(() => app.set_theme(chosen)));
    });
  }
  system.addEventListener('change', showTheme);
  showTheme();
}

function wire() {
  for (const b of document.querySelectorAll('.tools button')) {
    // Keep the text selection when the pointer goes down on a tag button.
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => tag(b.dataset.tag));
  }
  $('#export-json').addEventListener('click', exportJson);
  $('#search').addEventListener('input', onSearch);
  for (const filter of document.querySelectorAll('#legend .filter')) filter.addEventListener('click', () => toggleFilter(filterTags, filter.dataset.tag));
  for (const filter of document.querySelectorAll('#states .filter')) filter.addEventListener('click', () => toggleFilter(filterStates, filter.dataset.state));
  $('#sort').addEventListener('change', () => renderList());
  $('#export-page').addEventListener('click', () => exportAs('page'));
  $('#export-csv').addEventListener('click', () => (($('.more').open = false), exportAs('csv')));
  $('#menu-export-page').addEventListener('click', () => (($('.more').open = false), exportAs('page')));
  $('#menu-export-json').addEventListener('click', () => (($('.more').open = false), exportJson()));
  $('#menu-open-file').addEventListener('click', () => (($('.more').open = false), $('#import-file').click()));
  $('#export-jsonl').addEventListener('click', () => (($('.more').open = false), exportAs('jsonl')));
  $('#open-demo').addEventListener('click', () => openKey(DEMO));
  $('#open-library').addEventListener('click', openLibrary);
  $('#suggest').addEventListener('click', suggest);
  $('#undo').addEventListener('click', undo);
  wireTheme();

  $('#redo').addEventListener('click', redo);
  // A note being typed is written before the page goes; with unsaved work, leaving asks first.
  addEventListener('pagehide', () => flushNote(true));
  document.addEventListener('visibilitychange', () => document.hidden && flushNote(true));
  addEventListener('beforeunload', (event) => {
    if (!workAtRisk()) return;
    event.preventDefault();
    event.returnValue = '';
  });
  $('#open-file').addEventListener('click', () => $('#import-file').click());
  document.addEventListener('paste', onPaste);
  $('#import').addEventListener('click', () => $('#import-file').click());
  $('#import-file').addEventListener('change', (e) => {
    importFiles([...e.target.files]);
    e.target.value = '';
  });
  $('#accept-all').addEventListener('click', () => acceptReview(undefined));
  $('#dismiss').addEventListener('click', () => showReport(null));
  listEl.addEventListener('click', (event) => {
    const item = event.target.closest('li[data-id]');
    if (item && !event.target.closest('.editor')) select(item.dataset.id, { scroll: true });
  });
  $('#unplaced-list').addEventListener('click', (event) => {
    const item = event.target.closest('li[data-id]');
    if (item && !event.target.closest('button')) chooseUnplaced(item.dataset.id);
  });
  for (const list of [listEl, $('#unplaced-list')]) {
    list.addEventListener('keydown', (event) => {
      const item = event.target.closest('li[data-id]');
      if (!item || event.target !== item || event.key !== 'Enter' || attachId) return;
      if (list === listEl) select(item.dataset.id, { scroll: true });
      else chooseUnplaced(item.dataset.id);
    });
  }
  // Keep the text selection when the pointer goes down on "Attach to selection".
  $('#unplaced-list').addEventListener('mousedown', (e) => e.target.closest('button') && e.preventDefault());
  articleEl.addEventListener('click', onArticleClick);
  // A phone turned, a window narrowed: the editor moves between the list and the sheet.
  narrow.addEventListener('change', refresh);
  touch.addEventListener('change', renderToolbar);
  document.addEventListener('selectionchange', onSelectionChange);
  document.addEventListener('keydown', onKey);
  wireDrop();
}

/** The demo article's text, fetched once (the app module opens it again from it). */
let demoText = null;
async function openDemo(module = core) {
  if (demoText === null) {
    const response = await fetch(DEMO);
    if (!response.ok) throw new Error(`the demo article could not be loaded (${response.status})`);
    demoText = await response.text();
  }
  return new module.Newsmark(demoText, DEMO, onStorageChange);
}

/** Puts an article on screen, replacing the one there; returns its view. */
function show(next, key) {
  $('#offer').hidden = true;
  app?.free();
  app = next;
  shownKey = key;
  redrawAll = true;
  placedList.reset();
  unplacedList.reset();
  selectedId = null;
  attachId = null;
  pending = null;
  view = app.article();
  document.title = `${view.title ?? 'Article'} · newsmark`;
  map = renderArticle(articleEl, view);
  // What the banner said of the article before this one (how its annotations were found).
  showReport(null);
  $('#open-demo').hidden = key === DEMO;
  scrollTo(0, 0);
  refresh();
  showSaved();
  const problems = app.restore_problems();
  if (problems.length) say(`${capital(problems.join('; '))}.`, 'error');
  return { ...view, problems: problems.length };
}

/** The article last opened in this browser, or the demo. */
async function openCurrent() {
  const key = core.library_current();
  if (key && key !== DEMO) {
    try {
      return [core.Newsmark.open_key(key, onStorageChange), key];
    } catch (error) {
      say(`The last article could not be opened (${error.message ?? error}); showing the demo.`, 'error');
    }
  }
  return [await openDemo(), DEMO];
}

async function main() {
  if (!HIGHLIGHTS) say('This browser cannot draw highlights (CSS Custom Highlight API); use a current Chrome, Edge, Safari or Firefox.', 'error');
  core = await loadCore('view');
  wire();
  // Data of an earlier version is carried over first (by the intake module, fetched only then).
  if (core.library_needs_migration()) {
    const problems = (await loadIntake()).library_migrate(storeBridge);
    if (problems.length) say(`${capital(problems.join('; '))}.`, 'error');
  }
  const [first, key] = await openCurrent();
  show(first, key);
  applyTheme();
  // Ask the browser not to evict what is kept under storage pressure (granted quietly or not).
  navigator.storage?.persist?.().catch(() => {});
  // The first sign of use brings the app module: a key or pointer pressed, the wheel turned (the
  // strip and the progress show then), a selection begun, a control focused, a file dragged in,
  // another tab's change. So does an article whose annotations wait to be found again (the text
  // changed since they were saved).
  for (const type of ['pointerdown', 'touchstart', 'wheel', 'keydown', 'focusin', 'dragenter', 'paste', 'storage']) {
    addEventListener(type, useEditor, { once: true, capture: true, passive: true });
  }
  document.addEventListener('selectionchange', () => getSelection().isCollapsed || useEditor());
  if (app.pending()) useEditor();
  // For the browser tests alone (automated browsers say so): a trap, to test the recovery.
  if (navigator.webdriver) window.newsmarkTest = { trap: () => later(() => attempt(() => app.trap_for_tests())) };
  document.body.dataset.ready = 'true';
}

main().catch((error) => say(`newsmark could not start: ${error.message ?? error}`, 'error'));
