// The library dialog and the offer to carry annotations over to an edited article: loaded on
// first use, so they stay out of the first page load. `ctx` is what the page lends them.

export function renderLibrary(ctx) {
  const { $, element, button, library, openKey, LIBRARY, CURRENT, DEMO, DEMO_TITLE } = ctx;
  const list = library();
  const current = localStorage.getItem(CURRENT) ?? DEMO;
  const entries = [{ key: DEMO, title: DEMO_TITLE, name: 'Demo article' }, ...list.filter((e) => e.key !== DEMO)];
  $('#library-list').replaceChildren(
    ...entries.map((entry) => {
      const count = savedOf(entry.key)?.annotations?.length ?? 0;
      const item = element('li', { className: `entry${entry.key === current ? ' current' : ''}` });
      const open = button(entry.name ?? entry.title, () => {
        $('#library').close();
        openKey(entry.key);
      }, { className: 'entry-open' });
      item.append(open, element('span', { className: 'entry-meta' }, `${count} annotation${count === 1 ? '' : 's'}`));
      if (entry.key !== DEMO) {
        const rename = button('Rename', () => {
          const name = prompt('Name this article in your library:', entry.name ?? entry.title);
          if (name === null) return;
          localStorage.setItem(LIBRARY, JSON.stringify(library().map((e) => (e.key === entry.key ? { ...e, name: name.trim() || null } : e))));
          renderLibrary(ctx);
        });
        rename.setAttribute('aria-label', `Rename ${entry.name ?? entry.title}`);
        const remove = button('Delete', () => confirmDelete(ctx, item, entry, count));
        remove.setAttribute('aria-label', `Delete ${entry.name ?? entry.title}`);
        item.append(rename, remove);
      }
      return item;
    }),
  );
}

/** Deleting asks first, and offers the annotations as a file before they go. */
function confirmDelete(ctx, item, entry, count) {
  const { element, button, download, library, openKey, sourceKey, LIBRARY, CURRENT, DEMO } = ctx;
  const ask = element('div', { className: 'confirm' }, element('span', {}, `Delete “${entry.name ?? entry.title}” and its ${count} annotation${count === 1 ? '' : 's'}?`));
  const keep = button('Download its annotations', () => {
    const saved = localStorage.getItem(`newsmark:article:${entry.key}`) ?? '{"version":1,"article":"","annotations":[]}';
    download(`${(entry.name ?? entry.title).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}.saved.json`, saved, 'application/json');
  });
  const yes = button('Delete', async () => {
    for (const k of [sourceKey(entry.key), `newsmark:article:${entry.key}`]) localStorage.removeItem(k);
    localStorage.setItem(LIBRARY, JSON.stringify(library().filter((e) => e.key !== entry.key)));
    if ((localStorage.getItem(CURRENT) ?? DEMO) === entry.key) await openKey(DEMO);
    renderLibrary(ctx);
  }, { className: 'delete' });
  yes.setAttribute('aria-label', 'Yes, delete');
  const no = button('Cancel', () => renderLibrary(ctx));
  ask.append(keep, yes, no);
  item.append(ask);
}

/** Reads one of the reader's saved records, or null. */
function savedOf(key) {
  try {
    return JSON.parse(localStorage.getItem(`newsmark:article:${key}`) ?? 'null');
  } catch {
    return null;
  }
}

/**
 * A newly opened article with no annotations that shares most of its wording with one that
 * has some (or its headline and some wording) is likely an edited version of it: offer to
 * carry those annotations over (anchoring decides where they land, and the banner says how
 * it went). Each library entry keeps a sketch of its wording (see article/sketch.rs), so the
 * comparison never reads the other articles' texts again.
 */
export async function offerCarryOver(ctx, target, key, title, articleJson) {
  const { $, attempt, library, loadIntake, placeAndReport, sourceKey, LIBRARY, DEMO, DEMO_TITLE } = ctx;
  $('#offer').hidden = true;
  const [intake, files] = await Promise.all([loadIntake(), import('./intake.js')]);
  // Off the main thread: a book's sketch takes a fifth of a second.
  const sketchOf = (json) => (json ? files.sketchInWorker(json).catch(() => null) : null);
  // A sketch as the core writes it; anything else in the index (it is a cache) is made again.
  const sound = (sketch) => typeof sketch === 'string' && /^(?:[0-9a-f]{8})+$/.test(sketch);
  const sketches = {};
  for (const entry of library()) if (sound(entry.sketch)) sketches[entry.key] = entry.sketch;
  sketches[key] = await sketchOf(articleJson);
  if (!sketches[key]) return;
  const candidates = [{ key: DEMO, title: DEMO_TITLE, name: 'Demo article' }, ...library()].filter(
    (e) => e.key !== key && savedOf(e.key)?.annotations?.length,
  );
  // Entries kept before sketches existed, and the demo, which is not stored.
  const sourceOf = async (k) => (k === DEMO ? intake.article_from('text', await (await fetch(DEMO)).text()) : localStorage.getItem(sourceKey(k)));
  for (const c of candidates) sketches[c.key] ??= await sourceOf(c.key).then(sketchOf, () => null);
  try {
    localStorage.setItem(LIBRARY, JSON.stringify(library().map((e) => ({ ...e, sketch: sketches[e.key] ?? null }))));
  } catch {
    // The sketches are a cache: without room for them, they are made again next time.
  }
  if (ctx.app !== target || !ctx.empty || !candidates.length) return;
  const text = (t) => (typeof t === 'string' ? t : null);
  const found = attempt(() => intake.edited_from(text(title) ?? undefined, sketches[key], JSON.stringify(candidates.map((c) => ({ title: text(c.title), sketch: sketches[c.key] ?? '' })))));
  const earlier = found && candidates[found.index];
  const saved = earlier && savedOf(earlier.key);
  if (!saved?.annotations?.length) return;
  const n = saved.annotations.length;
  $('#offer-text').textContent = `This looks like an edited version of “${earlier.name ?? earlier.title}” (${Math.round(found.resemblance * 100)}% of the wording is the same), which has ${n} annotation${n === 1 ? '' : 's'}.`;
  $('#offer').hidden = false;
  $('#offer-yes').onclick = async () => {
    $('#offer').hidden = true;
    if (ctx.app !== target || attempt(() => ctx.app.enqueue(JSON.stringify(saved))) === null) return;
    await placeAndReport({ always: true });
  };
  $('#offer-no').onclick = () => ($('#offer').hidden = true);
}
