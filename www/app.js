// Wires the page to the Wasm core: events in, small views out. Decisions live in Rust.
import init, { Newsmark } from './pkg/newsmark.js';
import { renderArticle } from './dom.js';

const TAGS = ['claim', 'accusation', 'opinion'];
const LABEL = { claim: 'Claim', accusation: 'Accusation', opinion: 'Opinion' };
const KEYS = { 1: 'claim', c: 'claim', 2: 'accusation', a: 'accusation', 3: 'opinion', o: 'opinion' };
const DEMO = 'demo/us-china-ai-talks.txt';
const DEMO_TITLE = 'U.S.-China AI talks needed as arms race fears rise';

const $ = (selector) => document.querySelector(selector);
const articleEl = $('#article');
const listEl = $('#annotations');
const hintEl = $('#hint');
const saveStateEl = $('#save-state');

let app;
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

const tagLabel = (tag) => LABEL[tag] ?? (tag || 'untagged');
const tagClass = (tag) => (TAGS.includes(tag) ? tag : 'other');
const shorten = (text, n = 60) => (text.length > n ? `${text.slice(0, n)}…` : text);

/** Shows a message in the status line; errors stay until the next message. */
function say(message, kind = 'info') {
  if (kind === 'error') say.lastError = message;
  const status = $('#status');
  status.textContent = message;
  status.dataset.kind = kind;
  status.hidden = !message;
  clearTimeout(say.timer);
  if (kind === 'info' && message) say.timer = setTimeout(() => (status.hidden = true), 4000);
}

function showSaved(result) {
  if (result?.saveError) {
    saveStateEl.textContent = 'Not saved';
    saveStateEl.dataset.kind = 'error';
    say(result.saveError, 'error');
  } else {
    saveStateEl.textContent = 'Saved in this browser';
    saveStateEl.dataset.kind = 'ok';
  }
}

/** Runs a call into the core; its errors become messages, never uncaught exceptions. */
function attempt(call) {
  try {
    return call();
  } catch (error) {
    say(error.message ?? String(error), 'error');
    return null;
  }
}

function drawHighlights() {
  if (!('highlights' in CSS)) return;
  for (const name of [...TAGS, 'other', 'review', 'active']) CSS.highlights.set(name, new Highlight());
  for (const a of annotations) {
    CSS.highlights.get(tagClass(a.tag)).add(map.rangeOf(a.startU16, a.endU16));
    if (a.review) CSS.highlights.get('review').add(map.rangeOf(a.startU16, a.endU16));
    if (a.id === selectedId) CSS.highlights.get('active').add(map.rangeOf(a.startU16, a.endU16));
  }
}

function chip(tag) {
  return element('span', { className: 'chip' }, tagLabel(tag));
}

function renderItem(a) {
  const selected = a.id === selectedId;
  const item = element('li', { className: `item tag-${tagClass(a.tag)}${selected ? ' selected' : ''}`, tabIndex: 0 });
  item.dataset.id = a.id;
  item.setAttribute('aria-current', selected ? 'true' : 'false');
  item.append(chip(a.tag));
  for (const extra of a.extraTags) item.append(element('span', { className: 'chip extra' }, extra));
  if (a.review) item.append(element('span', { className: 'chip review' }, 'To review'));
  item.append(element('q', { className: 'quote', dir: 'auto' }, a.quote));
  if (selected) {
    const note = element('textarea', { className: 'note-input', rows: 3, value: a.note, placeholder: 'Add a note…', maxLength: 20000 });
    note.setAttribute('aria-label', 'Note');
    note.addEventListener('input', () => showSaved(attempt(() => app.edit(a.id, undefined, note.value))));
    note.addEventListener('change', refresh);
    const actions = element('div', { className: 'editor-row' }, element('span', { className: 'keys' }, 'Retag: 1 · 2 · 3'));
    if (a.review) actions.append(button('Accept', () => acceptReview(a.id), { className: 'accept' }));
    const remove = button('Delete', () => removeSelected(), { className: 'delete' });
    remove.setAttribute('aria-label', 'Delete annotation');
    actions.append(remove);
    item.append(element('div', { className: 'editor' }, note, actions));
  } else if (a.note) {
    item.append(element('p', { className: 'note', dir: 'auto' }, a.note));
  }
  return item;
}

function renderList() {
  const counts = Object.fromEntries(TAGS.map((t) => [t, 0]));
  for (const a of annotations) if (a.tag in counts) counts[a.tag] += 1;
  $('#count').textContent = annotations.length ? String(annotations.length) : '';
  for (const tag of TAGS) $(`#legend [data-tag="${tag}"] .n`).textContent = counts[tag];
  $('#empty').hidden = annotations.length + unplaced.length > 0;
  listEl.replaceChildren(...annotations.map(renderItem));
  renderUnplaced();
}

function renderUnplaced() {
  $('#unplaced').hidden = unplaced.length === 0;
  $('#unplaced-count').textContent = String(unplaced.length);
  $('#unplaced-list').replaceChildren(
    ...unplaced.map((a) => {
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
    }),
  );
}

function renderToolbar() {
  const selected = annotations.find((a) => a.id === selectedId);
  for (const b of document.querySelectorAll('.tools button')) {
    b.setAttribute('aria-pressed', String(!pending && selected?.tag === b.dataset.tag));
  }
  if (attachId) {
    hintEl.textContent = pending ? 'Press Enter to attach the orphan to this passage.' : 'Select the passage to attach the orphan to.';
  } else if (pending) {
    hintEl.textContent = 'Tag the selected passage: press 1, 2 or 3.';
  } else if (selected) {
    hintEl.textContent = 'Press 1, 2 or 3 to retag, Delete to remove, Esc to deselect.';
  } else {
    hintEl.textContent = annotations.length ? 'Select a passage, or click a highlight to edit it.' : 'Select a passage in the article, then press 1, 2 or 3.';
  }
}

function refresh() {
  annotations = app.annotations();
  unplaced = app.unplaced();
  if (selectedId && !annotations.some((a) => a.id === selectedId)) selectedId = null;
  if (attachId && !unplaced.some((a) => a.id === attachId)) attachId = null;
  drawHighlights();
  renderList();
  renderToolbar();
}

function select(id, { scroll = false } = {}) {
  selectedId = id;
  if (id) attachId = null;
  refresh();
  if (!id) return;
  listEl.querySelector(`[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
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

function readSelection() {
  const selection = getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  return map.spanOf(selection.getRangeAt(0));
}

function tag(name) {
  const span = pending ?? readSelection();
  if (span) {
    const result = attempt(() => app.tag_selection(span.start, span.end, name));
    if (!result) return;
    getSelection().removeAllRanges();
    pending = null;
    showSaved(result);
    select(result.id);
  } else if (selectedId) {
    showSaved(attempt(() => app.edit(selectedId, name, undefined)));
    refresh();
  } else {
    say('Select a passage in the article first, then choose its tag.');
  }
}

function removeSelected() {
  if (!selectedId) return;
  const gone = annotations.find((a) => a.id === selectedId);
  const result = attempt(() => app.remove(selectedId));
  if (!result) return;
  showSaved(result);
  selectedId = null;
  refresh();
  say(`Deleted the ${tagLabel(gone.tag).toLowerCase()} “${shorten(gone.quote)}”.`);
}

function removeUnplaced(id) {
  const result = attempt(() => app.remove(id));
  if (!result) return;
  showSaved(result);
  refresh();
}

function reattach(id) {
  const span = pending ?? readSelection();
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
  showSaved(attempt(() => app.accept_review(id)));
  refresh();
  updateBanner();
}

/**
 * Anchors whatever waits (after an import or an edited article) in the intake module, a slice
 * at a time so the page stays responsive, then hands the result back to the app.
 */
async function placePending() {
  if (!app.pending()) return null;
  // The article these annotations belong to: if another is opened meanwhile, they wait, saved,
  // for the next time this one is opened.
  const target = app;
  const banner = $('#banner');
  banner.hidden = false;
  $('#banner-text').textContent = `Finding ${app.pending()} annotations…`;
  const intake = await loadIntake();
  if (app !== target) return null;
  const anchorer = new intake.Anchorer(app.canonical_text());
  try {
    anchorer.enqueue(app.pending_json());
    while (!anchorer.place_step()) {
      await breathe();
      if (app !== target) return null;
    }
    const report = anchorer.take_report();
    showSaved(app.adopt(anchorer.saved_json()));
    const here = app.take_report();
    report.duplicates += here.duplicates;
    report.problems.push(...here.problems);
    return report;
  } finally {
    anchorer.free();
  }
}

/**
 * Anchors what waits to be placed, then sums it up in the banner (with `problems` found while
 * reading a file). `always`: report even when nothing waited, as an import that brought only
 * duplicates does.
 */
async function placeAndReport({ always = false, problems = [] } = {}) {
  const report = (await placePending()) ?? (always ? app.take_report() : null);
  if (!report) return;
  refresh();
  showReport(report, problems);
}

let lastReport = null;

/** The banner that sums up anchoring: "14 exact · 2 moved · 1 to review · 1 orphaned". */
function showReport(report, readProblems = []) {
  lastReport = report && { ...report, problems: [...readProblems, ...report.problems] };
  updateBanner();
}

function updateBanner() {
  const r = lastReport;
  const banner = $('#banner');
  if (!r) {
    banner.hidden = true;
    document.body.style.setProperty('--banner-h', '0px');
    return;
  }
  const toReview = annotations.filter((a) => a.review).length;
  const parts = [
    [r.exact, 'exact'],
    [r.moved, 'moved'],
    [toReview, 'to review'],
    [r.ambiguous, 'ambiguous'],
    [r.orphan, 'orphaned'],
    [r.duplicates, 'already here'],
    [r.problems.length, 'not readable'],
  ].filter(([n]) => n > 0);
  $('#banner-text').textContent = parts.length ? parts.map(([n, what]) => `${n} ${what}`).join(' · ') : 'Nothing to import.';
  banner.dataset.kind = r.orphan + r.ambiguous + r.problems.length > 0 ? 'warn' : toReview ? 'review' : 'ok';
  $('#accept-all').hidden = toReview === 0;
  const details = $('#banner-details');
  details.hidden = r.problems.length === 0;
  $('#banner-problems').replaceChildren(...r.problems.map((p) => element('li', {}, p)));
  banner.hidden = false;
  // The panel sticks below the banner.
  document.body.style.setProperty('--banner-h', `${banner.offsetHeight}px`);
}

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

/** Opens picked or dropped files (open.js, loaded on first use). */
function importFiles(files) {
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
  import('./open.js').then((open) => open.paste(context, html, text), unloaded).catch(failed);
}

function download(name, content, type) {
  const link = element('a', { href: URL.createObjectURL(new Blob([content], { type })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function exportJson() {
  const name = `${view.slug}.annotations.json`;
  download(name, app.export_w3c(), 'application/ld+json');
  say(`Exported ${annotations.length} annotation${annotations.length === 1 ? '' : 's'} as ${name}.`);
}

/** The page, CSV and JSONL exports are made by the intake module, fetched on first use. */
const EXPORTS = {
  page: { make: 'export_page', suffix: 'annotated.html', type: 'text/html' },
  csv: { make: 'export_csv', suffix: 'annotations.csv', type: 'text/csv' },
  jsonl: { make: 'export_jsonl', suffix: 'doccano.jsonl', type: 'application/jsonl' },
};

async function exportAs(kind) {
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
  say(`Exported ${name}.`);
}

function moveSelection(step) {
  if (!annotations.length) return;
  const at = annotations.findIndex((a) => a.id === selectedId);
  const next = at < 0 ? (step > 0 ? 0 : annotations.length - 1) : (at + step + annotations.length) % annotations.length;
  select(annotations[next].id, { scroll: true });
}

function onKey(event) {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target.closest?.('textarea, input, select, [contenteditable]')) {
    if (event.key === 'Escape') target.blur();
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
    getSelection().removeAllRanges();
    pending = null;
    attachId = null;
    select(null);
  } else if (key === 'j' || key === 'k') {
    moveSelection(key === 'j' ? 1 : -1);
  } else if (key === 'n' && selectedId) {
    event.preventDefault();
    listEl.querySelector('.selected .note-input')?.focus();
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
  const id = offset === null ? null : app.annotation_at(offset);
  if (id || !attachId) select(id ?? null);
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

const CURRENT = 'newsmark:current';
const sourceKey = (key) => `newsmark:source:${key}`;

const LIBRARY = 'newsmark:library';

/** The articles kept in this browser: `[{key, title, name, opened, sketch}]`, most recent first. */
function library() {
  try {
    const list = JSON.parse(localStorage.getItem(LIBRARY) ?? '[]');
    return Array.isArray(list) ? list.filter((e) => typeof e?.key === 'string') : [];
  } catch {
    return [];
  }
}

function remember(key, title) {
  const list = library().filter((entry) => entry.key !== key);
  const old = library().find((entry) => entry.key === key);
  list.unshift({ name: null, ...old, key, title: title ?? 'Untitled article', opened: new Date().toISOString() });
  try {
    localStorage.setItem(LIBRARY, JSON.stringify(list));
  } catch (error) {
    say(`The library could not be updated: ${error.message ?? error}`, 'error');
  }
}

/** Lets the page draw and answer input between the steps of a long piece of work. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Opens a library entry. */
async function openKey(key) {
  if (key === DEMO) {
    localStorage.removeItem(CURRENT);
    show(await openDemo(), DEMO);
  } else {
    const source = localStorage.getItem(sourceKey(key));
    const next = source && attempt(() => Newsmark.open_source(source, key));
    if (!next) return;
    localStorage.setItem(CURRENT, key);
    show(next, key);
  }
  await placeAndReport();
}


/** What the modules loaded on first use (open.js, library.js) need of the page. */
const context = {
  $, element, button, download, say, attempt, breathe, library, remember, loadIntake, openKey, show, placeAndReport,
  showReport, updateBanner, sourceKey, LIBRARY, CURRENT, DEMO, DEMO_TITLE,
  get app() {
    return app;
  },
  get empty() {
    return annotations.length + unplaced.length === 0;
  },
};

function wire() {
  for (const b of document.querySelectorAll('.tools button')) {
    // Keep the text selection when the pointer goes down on a tag button.
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => tag(b.dataset.tag));
  }
  $('#export-json').addEventListener('click', exportJson);
  $('#export-page').addEventListener('click', () => exportAs('page'));
  $('#export-csv').addEventListener('click', () => (($('.more').open = false), exportAs('csv')));
  $('#menu-export-page').addEventListener('click', () => (($('.more').open = false), exportAs('page')));
  $('#menu-open-file').addEventListener('click', () => (($('.more').open = false), $('#import-file').click()));
  $('#export-jsonl').addEventListener('click', () => (($('.more').open = false), exportAs('jsonl')));
  $('#open-demo').addEventListener('click', () => openKey(DEMO));
  $('#open-library').addEventListener('click', async () => {
    (await import('./library.js')).renderLibrary(context);
    $('#library').showModal();
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
  document.addEventListener('selectionchange', onSelectionChange);
  document.addEventListener('keydown', onKey);
  wireDrop();
}

async function openDemo() {
  const response = await fetch(DEMO);
  if (!response.ok) throw new Error(`the demo article could not be loaded (${response.status})`);
  return new Newsmark(await response.text(), DEMO);
}

/** Puts an article on screen, replacing the one there; returns its view. */
function show(next, key) {
  $('#offer').hidden = true;
  app?.free();
  app = next;
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
  const problems = app.restore_problems();
  if (problems.length) say(`Some saved annotations need attention: ${problems.join('; ')}`, 'error');
  return view;
}

/** The article last opened in this browser, or the demo. */
async function openCurrent() {
  const key = localStorage.getItem(CURRENT);
  const source = key && localStorage.getItem(sourceKey(key));
  if (source) {
    try {
      return [Newsmark.open_source(source, key), key];
    } catch (error) {
      say(`The last article could not be opened (${error.message ?? error}); showing the demo.`, 'error');
    }
  }
  return [await openDemo(), DEMO];
}

async function main() {
  if (!('highlights' in CSS)) say('This browser cannot draw highlights (CSS Custom Highlight API); use a current Chrome, Edge, Safari or Firefox.', 'error');
  await init();
  wire();
  const [first, key] = await openCurrent();
  const { title } = show(first, key);
  if (key !== DEMO) remember(key, title);
  // The article's text changed since its annotations were saved: find them again.
  try {
    await placeAndReport();
  } catch (error) {
    say(`Saved annotations could not be placed yet (${error.message ?? error}); they are kept and will be tried again.`, 'error');
  }
  document.body.dataset.ready = 'true';
}

main().catch((error) => say(`newsmark could not start: ${error.message ?? error}`, 'error'));
