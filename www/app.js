// Wires the page to the Wasm core: events in, small views out. Decisions live in Rust.
import init, { Newsmark } from './pkg/newsmark.js';
import { renderArticle } from './dom.js';

const TAGS = ['claim', 'accusation', 'opinion'];
const LABEL = { claim: 'Claim', accusation: 'Accusation', opinion: 'Opinion' };
const KEYS = { 1: 'claim', c: 'claim', 2: 'accusation', a: 'accusation', 3: 'opinion', o: 'opinion' };
const DEMO = 'demo/us-china-ai-talks.txt';

const $ = (selector) => document.querySelector(selector);
const articleEl = $('#article');
const listEl = $('#annotations');
const hintEl = $('#hint');
const saveStateEl = $('#save-state');

let app;
let map;
let annotations = [];
let selectedId = null;
/** The reader's current text selection in the article, as a canonical-text span (UTF-16). */
let pending = null;

function element(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

/** Shows a message in the status line; errors stay until the next message. */
function say(message, kind = 'info') {
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
  for (const tag of TAGS) CSS.highlights.set(tag, new Highlight());
  CSS.highlights.set('active', new Highlight());
  for (const a of annotations) {
    const range = map.rangeOf(a.startU16, a.endU16);
    CSS.highlights.get(a.tag).add(range);
    if (a.id === selectedId) CSS.highlights.get('active').add(map.rangeOf(a.startU16, a.endU16));
  }
}

function renderList() {
  const counts = Object.fromEntries(TAGS.map((t) => [t, 0]));
  for (const a of annotations) counts[a.tag] += 1;
  $('#count').textContent = annotations.length ? String(annotations.length) : '';
  for (const tag of TAGS) $(`#legend [data-tag="${tag}"] .n`).textContent = counts[tag];
  $('#empty').hidden = annotations.length > 0;

  listEl.replaceChildren(
    ...annotations.map((a) => {
      const selected = a.id === selectedId;
      const item = element('li', { className: `item tag-${a.tag}${selected ? ' selected' : ''}`, tabIndex: 0 });
      item.dataset.id = a.id;
      item.setAttribute('aria-current', selected ? 'true' : 'false');
      item.append(
        element('span', { className: 'chip' }, LABEL[a.tag]),
        element('q', { className: 'quote', dir: 'auto' }, a.quote),
      );
      if (selected) {
        const note = element('textarea', { className: 'note-input', rows: 3, value: a.note, placeholder: 'Add a note…', maxLength: 20000 });
        note.setAttribute('aria-label', 'Note');
        note.addEventListener('input', () => showSaved(attempt(() => app.edit(a.id, undefined, note.value))));
        note.addEventListener('change', refresh);
        const remove = element('button', { className: 'delete', type: 'button' }, 'Delete');
        remove.setAttribute('aria-label', 'Delete annotation');
        remove.addEventListener('click', () => removeSelected());
        item.append(element('div', { className: 'editor' }, note, element('div', { className: 'editor-row' }, element('span', { className: 'keys' }, 'Retag: 1 · 2 · 3'), remove)));
      } else if (a.note) {
        item.append(element('p', { className: 'note', dir: 'auto' }, a.note));
      }
      return item;
    }),
  );
  renderUnplaced();
}

function renderUnplaced() {
  const unplaced = app.unplaced();
  const section = $('#unplaced');
  section.hidden = unplaced.length === 0;
  $('#unplaced-list').replaceChildren(
    ...unplaced.map((a) => element('li', { className: 'item' }, element('span', { className: 'chip' }, a.tag), element('q', { className: 'quote' }, a.quote), a.note ? element('p', { className: 'note' }, a.note) : '')),
  );
}

function renderToolbar() {
  const selected = annotations.find((a) => a.id === selectedId);
  for (const button of document.querySelectorAll('.tools button')) {
    button.setAttribute('aria-pressed', String(!pending && selected?.tag === button.dataset.tag));
  }
  if (pending) {
    hintEl.textContent = 'Tag the selected passage: press 1, 2 or 3.';
  } else if (selected) {
    hintEl.textContent = 'Press 1, 2 or 3 to retag, Delete to remove, Esc to deselect.';
  } else {
    hintEl.textContent = annotations.length ? 'Select a passage, or click a highlight to edit it.' : 'Select a passage in the article, then press 1, 2 or 3.';
  }
}

function refresh() {
  annotations = app.annotations();
  if (selectedId && !annotations.some((a) => a.id === selectedId)) selectedId = null;
  drawHighlights();
  renderList();
  renderToolbar();
}

function select(id, { scroll = false } = {}) {
  selectedId = id;
  refresh();
  if (!id) return;
  const item = listEl.querySelector(`[data-id="${CSS.escape(id)}"]`);
  item?.scrollIntoView({ block: 'nearest' });
  if (scroll) {
    const a = annotations.find((x) => x.id === id);
    const rect = map.rangeOf(a.startU16, a.endU16).getBoundingClientRect();
    if (rect.top < 80 || rect.bottom > innerHeight - 80) scrollBy({ top: rect.top - innerHeight / 3, behavior: 'smooth' });
  }
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
  say(`Deleted the ${gone.tag} “${gone.quote.length > 60 ? gone.quote.slice(0, 60) + '…' : gone.quote}”.`);
}

function exportJson() {
  const view = app.article();
  const blob = new Blob([app.export_w3c()], { type: 'application/ld+json' });
  const link = element('a', { href: URL.createObjectURL(blob), download: `${view.slug}.annotations.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  say(`Exported ${annotations.length} annotation${annotations.length === 1 ? '' : 's'} as ${link.download}.`);
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
  const key = event.key.toLowerCase();
  if (KEYS[key]) {
    event.preventDefault();
    tag(KEYS[key]);
  } else if ((key === 'delete' || key === 'backspace') && selectedId && !pending) {
    event.preventDefault();
    removeSelected();
  } else if (key === 'escape') {
    getSelection().removeAllRanges();
    pending = null;
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
  select(id ?? null);
}

function wire() {
  for (const button of document.querySelectorAll('.tools button')) {
    // Keep the text selection when the pointer goes down on a tag button.
    button.addEventListener('mousedown', (e) => e.preventDefault());
    button.addEventListener('click', () => tag(button.dataset.tag));
  }
  $('#export-json').addEventListener('click', exportJson);
  listEl.addEventListener('click', (event) => {
    const item = event.target.closest('li[data-id]');
    if (item && !event.target.closest('.editor')) select(item.dataset.id, { scroll: true });
  });
  listEl.addEventListener('keydown', (event) => {
    const item = event.target.closest('li[data-id]');
    if (item && event.target === item && event.key === 'Enter') select(item.dataset.id, { scroll: true });
  });
  articleEl.addEventListener('click', onArticleClick);
  document.addEventListener('selectionchange', onSelectionChange);
  document.addEventListener('keydown', onKey);
}

async function main() {
  if (!('highlights' in CSS)) say('This browser cannot draw highlights (CSS Custom Highlight API); use a current Chrome, Edge, Safari or Firefox.', 'error');
  await init();
  const response = await fetch(DEMO);
  if (!response.ok) throw new Error(`the demo article could not be loaded (${response.status})`);
  app = new Newsmark(await response.text());
  const view = app.article();
  document.title = `${view.title ?? 'Article'} · newsmark`;
  map = renderArticle(articleEl, view);
  wire();
  refresh();
  const problems = app.restore_problems();
  if (problems.length) say(`Some saved annotations need attention: ${problems.join('; ')}`, 'error');
  document.body.dataset.ready = 'true';
}

main().catch((error) => say(`newsmark could not start: ${error.message ?? error}`, 'error'));
