// What anchoring found, said in the banner: "14 exact · 2 moved · 1 to review · 1 orphaned",
// with the problems of a file read and the entries mended; and the anchoring itself, of
// annotations waiting to be placed, in the intake module a slice at a time. Loaded with the app
// module; `ctx` is the page's context (app.js).

/**
 * Anchors whatever waits (after an import or an edited article) in the intake module, a slice
 * at a time so the page stays responsive, then hands the result back to the app.
 */
async function placePending(ctx) {
  const { $, attempt, showSaved, loadIntake, breathe, TASK_MS } = ctx;
  const app = ctx.app;
  if (!app.pending()) return null;
  // The article these annotations belong to: if another is opened meanwhile, they wait, saved,
  // for the next time this one is opened.
  const target = app;
  // What is still where it was is placed at once, without the matcher (an export of this text).
  const placed = attempt(() => app.place_at_positions());
  if (!placed) return null;
  showSaved(placed);
  if (placed.left === 0) return app.take_report();
  const banner = $('#banner');
  banner.hidden = false;
  $('#banner-text').textContent = `Finding ${app.pending()} annotations…`;
  const intake = await loadIntake();
  if (ctx.app !== target) return null;
  const anchorer = new intake.Anchorer(app.canonical_text());
  try {
    // After the change that queued them (an import), in a task of its own.
    await breathe();
    if (ctx.app !== target) return null;
    anchorer.enqueue(app.pending_json());
    let until = performance.now() + TASK_MS;
    while (!anchorer.place_step()) {
      if (performance.now() < until) continue;
      await breathe();
      if (ctx.app !== target) return null;
      until = performance.now() + TASK_MS;
    }
    const report = anchorer.take_report();
    showSaved(app.adopt(anchorer.saved_json()));
    const here = app.take_report();
    for (const count of ['exact', 'moved', 'fuzzy', 'ambiguous', 'orphan', 'duplicates']) report[count] += here[count];
    report.problems.push(...here.problems);
    return report;
  } finally {
    anchorer.free();
  }
}

/**
 * Anchors what waits to be placed, then sums it up in the banner (with what `read`, the
 * reading of a file, found wrong or mended). `always`: report even when nothing waited, as an
 * import that brought only duplicates does.
 */
export async function placeAndReport(ctx, { always = false, read = null } = {}) {
  const report = (await placePending(ctx)) ?? (always ? ctx.app.take_report() : null);
  if (!report) return;
  ctx.refresh();
  showReport(ctx, report, read);
}

let lastReport = null;

/** The banner that sums up anchoring: "14 exact · 2 moved · 1 to review · 1 orphaned". */
export function showReport(ctx, report, read = null) {
  lastReport = report && {
    ...report,
    problems: [...(read?.problems ?? []), ...report.problems],
    mended: read?.mended ?? [],
  };
  updateBanner(ctx);
}

/** How many of a long list of problems the banner shows; the rest are in the downloadable report. */
const LISTED = 100;

export function updateBanner(ctx) {
  const { $, element, button, download } = ctx;
  const r = lastReport;
  const banner = $('#banner');
  if (!r) {
    banner.hidden = true;
    return;
  }
  const toReview = ctx.annotations.filter((a) => a.review).length;
  const parts = [
    [r.exact, 'exact'],
    [r.moved, 'moved'],
    [toReview, 'to review'],
    [r.ambiguous, 'ambiguous'],
    [r.orphan, 'orphaned'],
    [r.duplicates, 'already here'],
    [r.problems.length, 'not readable'],
    [r.mended.length, 'mended'],
  ].filter(([n]) => n > 0);
  $('#banner-text').textContent = parts.length ? parts.map(([n, what]) => `${n} ${what}`).join(' · ') : 'Nothing to import.';
  banner.dataset.kind = r.orphan + r.ambiguous + r.problems.length + r.mended.length > 0 ? 'warn' : toReview ? 'review' : 'ok';
  $('#accept-all').hidden = toReview === 0;
  const details = $('#banner-details');
  const lines = [...r.problems, ...r.mended.map((m) => `mended: ${m}`)];
  details.hidden = lines.length === 0;
  $('#banner-details-title').textContent = r.problems.length ? 'Why some could not be read' : 'What was mended';
  // A file of 50,000 broken entries lists the first ones; the whole list is a download.
  const items = lines.slice(0, LISTED).map((p) => element('li', {}, p));
  if (lines.length > LISTED) {
    const all = element('button', { type: 'button', className: 'link' }, 'Download the full list');
    all.addEventListener('click', () => download('newsmark-import-report.txt', `${lines.join('\n')}\n`, 'text/plain'));
    items.push(element('li', {}, `…and ${lines.length - LISTED} more. `, all));
  }
  $('#banner-problems').replaceChildren(...items);
  banner.hidden = false;
}
