// The library dialog and the offer to carry annotations over to an edited article: loaded on
// first use, so they stay out of the first page load. `ctx` is what the page lends them. What
// the library holds is read and changed through the core, which owns every stored byte.

/** The demo article's title, which the library lists it by (its text is not read to list it). */
const DEMO_TITLE = 'U.S.-China AI talks needed as arms race fears rise';
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const kept = (n) => `its ${plural(n, 'annotation')} ${n === 1 ? 'is' : 'are'} kept`;
const fileName = (title) => (title || 'article').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'article';

/**
 * The library's calls (in the intake module, fetched on first use), each given the page's store
 * as the app module lends it: `list`, `rename`, `delete`, `undelete`, `purge`, `export`, …
 */
async function shelfOf(ctx) {
  const intake = await ctx.loadIntake();
  const store = ctx.storeBridge;
  const call = (name) => (...args) => intake[`library_${name}`](store, ...args);
  return Object.fromEntries(['list', 'rename', 'delete', 'undelete', 'purge', 'export', 'source', 'saved_json', 'set_sketch'].map((n) => [n, call(n)]));
}

export async function renderLibrary(ctx) {
  const { $, element, button, openKey, attempt, DEMO } = ctx;
  const shelf = await shelfOf(ctx);
  const library = shelf.list();
  const current = ctx.app?.name() ?? library.current ?? DEMO;
  const live = library.entries.filter((e) => !e.deleted);
  const deleted = library.entries.filter((e) => e.deleted);
  // The demo comes first, always there; then the reader's articles, most recent first.
  const demo = live.find((e) => e.key === DEMO) ?? { key: DEMO, annotations: 0, hasText: false };
  live.splice(0, live.length, demo, ...live.filter((e) => e.key !== DEMO));
  const label = (entry) => (entry.key === DEMO ? 'Demo article' : entry.name ?? entry.title ?? 'Untitled article');
  const items = live.map((entry) => {
    const count = entry.annotations;
    const item = element('li', { className: `entry${entry.key === current ? ' current' : ''}` });
    const missing = entry.key !== DEMO && !entry.hasText;
    const open = button(label(entry), () => {
      if (missing) return offerDownload(ctx, shelf, entry, label(entry));
      $('#library').close();
      openKey(entry.key);
    }, { className: 'entry-open' });
    if (entry.key === DEMO) open.title = DEMO_TITLE;
    item.append(open, element('span', { className: 'entry-meta' }, plural(count, 'annotation')));
    if (entry.key !== DEMO) {
      const rename = button('Rename', () => {
        const name = prompt('Name this article in your library:', label(entry));
        if (name === null) return;
        const before = entry.name ?? '';
        if (attempt(() => shelf.rename(entry.key, name)) === null) return;
        renderLibrary(ctx);
        ctx.say(`Renamed “${label(entry)}”`, 'info', { label: 'Undo', run: () => (attempt(() => shelf.rename(entry.key, before)), renderLibrary(ctx)) });
      });
      rename.setAttribute('aria-label', `Rename ${label(entry)}`);
      const remove = button('Delete', () => confirmDelete(ctx, shelf, item, entry, label(entry)));
      remove.setAttribute('aria-label', `Delete ${label(entry)}`);
      item.append(rename, remove);
    }
    if (missing) {
      item.append(element('span', { className: 'entry-missing' }, `Its text is no longer stored; ${kept(count)}. Open its file again to see them, or download them.`));
      const save = button('Download its annotations', () => downloadAnnotations(ctx, shelf, entry, label(entry)));
      item.append(save);
    }
    if (entry.unreadable) item.append(element('span', { className: 'entry-missing' }, `${plural(entry.unreadable, 'record')} of it could not be read: kept as they are (see Damaged records below).`));
    return item;
  });
  const sections = [];
  if (deleted.length) {
    sections.push(element('h3', { className: 'library-section' }, 'Recently deleted'));
    sections.push(element('ul', { className: 'library-list', ariaLabel: 'Recently deleted' }, ...deleted.map((entry) => {
      const item = element('li', { className: 'entry' }, element('span', { className: 'entry-open' }, label(entry)), element('span', { className: 'entry-meta' }, plural(entry.annotations, 'annotation')));
      const restore = button('Restore', () => (attempt(() => shelf.undelete(entry.key)), renderLibrary(ctx)));
      restore.setAttribute('aria-label', `Restore ${label(entry)}`);
      const purge = button('Delete for good', () => {
        if (!confirm(`Delete “${label(entry)}” and its ${plural(entry.annotations, 'annotation')} for good? This cannot be undone.`)) return;
        attempt(() => shelf.purge(entry.key));
        // Room was made: what waited to be saved is saved now.
        if (ctx.app) ctx.showSaved(attempt(() => ctx.app.flush(false)));
        renderLibrary(ctx);
      });
      purge.setAttribute('aria-label', `Delete ${label(entry)} for good`);
      item.append(restore, purge);
      return item;
    })));
  }
  if (library.damaged.length) {
    sections.push(element('h3', { className: 'library-section' }, 'Damaged records'));
    sections.push(element('p', { className: 'hint' }, 'These could not be read (written by another version, or damaged). newsmark never overwrites them; download them to keep them elsewhere.'));
    sections.push(element('ul', { className: 'library-list', ariaLabel: 'Damaged records' }, ...library.damaged.map((d, i) => {
      const save = button('Download', () => ctx.download(`newsmark-damaged-record-${i + 1}.txt`, d.text, 'text/plain'));
      save.setAttribute('aria-label', `Download damaged record ${i + 1}`);
      return element('li', { className: 'entry' }, element('span', { className: 'entry-open' }, d.key), save);
    })));
  }
  if (library.memoryOnly) sections.push(element('p', { className: 'library-usage', dataset: {} }, `Nothing is kept after this tab closes: ${library.memoryOnly}.`));
  if (library.problem) sections.push(element('p', { className: 'library-usage' }, `${library.problem}.`));
  const usage = element('p', { className: 'library-usage' });
  sections.push(usage);
  $('#library-list').replaceChildren(...items);
  $('#library-extra').replaceChildren(...sections);
  showUsage(usage);
}

/** How much of the browser's storage is used, and a warning near the limit. */
async function showUsage(el) {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate?.quota) return;
  const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
  const share = estimate.usage / estimate.quota;
  el.textContent = `Using ${mb(estimate.usage)} of about ${mb(estimate.quota)} this browser allows.`;
  if (share > 0.8) {
    el.dataset.kind = 'warn';
    el.textContent += ' Nearly full: export and delete articles for good to make room.';
  }
}

function downloadAnnotations(ctx, shelf, entry, title) {
  const json = ctx.attempt(() => shelf.export(entry.key));
  if (json) ctx.download(`${fileName(title)}.annotations.json`, json, 'application/ld+json');
}

function offerDownload(ctx, shelf, entry, title) {
  ctx.say(`The text of “${title}” is no longer stored; ${kept(entry.annotations)}. Open its file again to see them.`, 'error', {
    label: 'Download them',
    run: () => downloadAnnotations(ctx, shelf, entry, title),
  });
}

/** Deleting asks first, offers the annotations as a file Import reads back, and can be undone. */
function confirmDelete(ctx, shelf, item, entry, title) {
  const { element, button, attempt, openKey, DEMO } = ctx;
  const count = entry.annotations;
  const ask = element('div', { className: 'confirm' }, element('span', {}, `Delete “${title}” and its ${plural(count, 'annotation')}?`));
  const keep = button('Download its annotations', () => downloadAnnotations(ctx, shelf, entry, title));
  const yes = button('Delete', async () => {
    if (attempt(() => shelf.delete(entry.key)) === null) return;
    if (ctx.app?.name() === entry.key) await openKey(DEMO);
    renderLibrary(ctx);
    ctx.say(`Deleted “${title}”`, 'info', {
      label: 'Undo',
      run: () => {
        attempt(() => shelf.undelete(entry.key));
        if (ctx.$('#library').open) renderLibrary(ctx);
      },
    });
  }, { className: 'delete' });
  yes.setAttribute('aria-label', 'Yes, delete');
  const no = button('Cancel', () => renderLibrary(ctx));
  ask.append(keep, yes, no);
  item.append(ask);
}

/**
 * A newly opened article with no annotations that shares most of its wording with one that
 * has some (or its headline and some wording) is likely an edited version of it: offer to
 * carry those annotations over (anchoring decides where they land, and the banner says how
 * it went). Each library entry keeps a sketch of its wording (see article/sketch.rs), so the
 * comparison never reads the other articles' texts again.
 */
export async function offerCarryOver(ctx, target, key, title, articleJson) {
  const { $, attempt, loadIntake, placeAndReport, DEMO } = ctx;
  const shelf = await shelfOf(ctx);
  const library = shelf.list().entries.filter((e) => !e.deleted);
  $('#offer').hidden = true;
  const [intake, files] = await Promise.all([loadIntake(), import('./intake.js')]);
  // Off the main thread: a book's sketch takes a fifth of a second.
  const sketchOf = (json) => (json ? files.sketchInWorker(json).catch(() => null) : null);
  // A sketch as the core writes it; anything else in the index (it is a cache) is made again.
  const sound = (sketch) => typeof sketch === 'string' && /^(?:[0-9a-f]{8})+$/.test(sketch);
  const sketches = {};
  for (const entry of library) if (sound(entry.sketch)) sketches[entry.key] = entry.sketch;
  sketches[key] = await sketchOf(articleJson);
  if (!sketches[key]) return;
  const candidates = library
    .map((e) => (e.key === DEMO ? { ...e, title: DEMO_TITLE, name: 'Demo article' } : e))
    .filter((e) => e.key !== key && e.annotations > 0);
  // Entries kept before sketches existed, and the demo, which is not stored.
  const sourceOf = async (k) => (k === DEMO ? intake.article_from('text', await (await fetch(DEMO)).text()) : shelf.source(k));
  for (const c of candidates) sketches[c.key] ??= await sourceOf(c.key).then(sketchOf, () => null);
  // The sketches are a cache: without room for them, they are made again next time.
  for (const e of library) if (sketches[e.key] && sketches[e.key] !== e.sketch) shelf.set_sketch(e.key, sketches[e.key]);
  if (ctx.app !== target || !ctx.empty || !candidates.length) return;
  const text = (t) => (typeof t === 'string' ? t : null);
  const found = attempt(() => intake.edited_from(text(title) ?? undefined, sketches[key], JSON.stringify(candidates.map((c) => ({ title: text(c.title), sketch: sketches[c.key] ?? '' })))));
  const earlier = found && candidates[found.index];
  if (!earlier) return;
  const n = earlier.annotations;
  $('#offer-text').textContent = `This looks like an edited version of “${earlier.name ?? earlier.title}” (${Math.round(found.resemblance * 100)}% of the wording is the same), which has ${n} annotation${n === 1 ? '' : 's'}.`;
  $('#offer').hidden = false;
  $('#offer-yes').onclick = async () => {
    $('#offer').hidden = true;
    if (ctx.app !== target || attempt(() => ctx.app.enqueue(shelf.saved_json(earlier.key))) === null) return;
    await placeAndReport({ always: true });
  };
  $('#offer-no').onclick = () => ($('#offer').hidden = true);
}
