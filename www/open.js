// Opening what a reader brings: files (picked or dropped), pastes, and the articles in them.
// Loaded on first use, like library.js, so it stays out of the first page load; `ctx` is what
// the page lends it (see `context` in app.js).

function showProgress(ctx, text) {
  ctx.$('#banner').hidden = false;
  ctx.$('#banner-text').textContent = text;
}

/**
 * Opens files one after another: several web pages or texts dropped at once fill the library.
 * When some of several fail, one message at the end names them all.
 */
export async function importFiles(ctx, files) {
  const { say } = ctx;
  const failed = [];
  for (const file of files) {
    say.lastError = null;
    await importFile(ctx, file).catch((error) => say(`${file.name}: ${error.message ?? error}`, 'error'));
    if (say.lastError) failed.push(say.lastError);
  }
  if (files.length > 1 && failed.length) say(`${files.length - failed.length} of ${files.length} files opened. ${failed.join(' ')}`, 'error');
}

/** Opens a file: annotations (W3C, Hypothesis), a page newsmark exported, or an article. */
async function importFile(ctx, file) {
  const { say, updateBanner } = ctx;
  let files;
  let kind;
  try {
    // The intake module is fetched meanwhile: anchoring what the file brings needs it.
    [, files] = await Promise.all([ctx.loadIntake(), import('./intake.js')]);
    kind = await files.classify(file);
  } catch (error) {
    say(error.message ?? String(error), 'error');
    return;
  }
  showProgress(ctx, `Reading ${file.name}…`);
  const { breathe } = ctx;
  let text;
  try {
    text = await files.readText(file, kind);
  } catch (error) {
    updateBanner();
    say(`${file.name} could not be read: ${error.message ?? error}`, 'error');
    return;
  }
  await breathe();
  let read;
  // The article the file is for: another opened meanwhile (from the library) is left alone.
  const target = ctx.app;
  // Read in the worker: a file of 10,000 annotations takes the page no time.
  const inWorker = (what) => files.readInWorker(what, text).catch((error) => void say(error.message ?? String(error), 'error'));
  if (kind === 'annotations') {
    read = await inWorker('annotations');
    if (read && ctx.app !== target) {
      say(`${file.name} was not imported: another article was opened meanwhile. Import it again.`, 'error');
      return;
    }
  } else if (kind === 'html' && files.isNewsmarkPage(text)) {
    const page = await inWorker('page');
    if (page && !(await openSource(ctx, page.article, `Opened ${file.name}.`))) return updateBanner();
    read = page?.annotations;
    // A page shared before anything was annotated: the article is all it brings (and what
    // was changed in it, a source link that was not a web address, say).
    if (read?.offered === 0) {
      updateBanner();
      if (read.mended.length) say(`Opened ${file.name}, changed: ${read.mended.join('; ')}.`, 'error');
      return;
    }
  } else {
    // Large pages are read a slice at a time and extracted in a worker: the page stays usable.
    let article;
    let note = '';
    try {
      const progress = (f) => showProgress(ctx, `Reading ${file.name}… ${Math.round(f * 100)}%`);
      const tree = kind === 'html' ? await files.htmlTreeJson(text, progress) : null;
      if (tree?.depth) note = files.flattenedNote(tree.depth);
      showProgress(ctx, `Finding the article in ${file.name}…`);
      article = await files.extractInWorker(kind, tree ? tree.json : text);
    } catch (error) {
      updateBanner();
      say(`${file.name}: ${error.message ?? error}`, 'error');
      return;
    }
    updateBanner();
    await openSource(ctx, article, ...saying(article, `${opened(article, file.name)}${note && ` ${note}`}`));
    return;
  }
  updateBanner();
  if (!read) {
    say(`${file.name}: ${ctx.$('#status').textContent}`, 'error');
    return;
  }
  await importRead(ctx, read, file.name);
}

/** What opening an article from a file says first: its title (the file's name when it has none). */
function opened(articleJson, name) {
  const title = JSON.parse(articleJson).blocks.find((b) => b.kind === 'title')?.text;
  return `Opened ${title ? `“${title}”` : name}.`;
}

/**
 * `message`, and why what was found may not be the article when the core doubts it: as
 * `[text, kind]` for `openSource` (a doubt is said lastingly).
 */
function saying(articleJson, message) {
  const { doubt } = JSON.parse(articleJson);
  return doubt ? [`${message} This may not be the article: ${doubt}.`, 'error'] : [message, 'info'];
}

/** Queues what a file's annotations were read into, anchors them, sums up in the banner. */
async function importRead(ctx, read, name) {
  const { say, attempt, showReport } = ctx;
  if (read.read > 0 && attempt(() => ctx.app.enqueue(read.annotations)) === null) return;
  if (read.read === 0) {
    showReport({ exact: 0, moved: 0, fuzzy: 0, ambiguous: 0, orphan: 0, duplicates: 0, problems: [] }, read);
    if (read.offered > 0) say(`${name}: no annotation in it could be read.`, 'error');
    return;
  }
  // Duplicates are reported even when nothing was left to place.
  await ctx.placeAndReport({ always: true, read });
  say(`Imported ${name}.`);
}

/** Opens pasted content (the clipboard's HTML when there is some) as a new article. */
export async function paste(ctx, html, text) {
  // As with a file: a long paste is read in slices and its article found in a worker.
  let article;
  let note = '';
  try {
    const files = await import('./intake.js');
    if ((html || text).length > files.MAX_BYTES) throw new Error(`it is over ${files.MAX_BYTES / 1048576} MB`);
    showProgress(ctx, 'Reading the pasted text…');
    const progress = (f) => showProgress(ctx, `Reading the pasted text… ${Math.round(f * 100)}%`);
    const tree = html.trim() ? await files.htmlTreeJson(html, progress) : null;
    if (tree?.depth) note = ` ${files.flattenedNote(tree.depth)}`;
    article = tree ? await files.extractInWorker('html', tree.json) : await files.extractInWorker('text', text);
  } catch (error) {
    ctx.updateBanner();
    ctx.say(`The pasted text could not be opened: ${error.message ?? error}`, 'error');
    return;
  }
  ctx.updateBanner();
  await openSource(ctx, article, ...saying(article, `Opened the pasted text as an article. It is in your library.${note}`));
}

let opening = Promise.resolve();

/**
 * Opens an article given as ArticleSourceV1 JSON, unless it is the one on screen. Its key is
 * its URL when known, else the fingerprint of its text: opening it again brings back its
 * annotations, and an edited version at the same URL has them anchored again. A book-length
 * article is opened in steps, so the page never stops answering for long. Once it is on
 * screen, says `opened` (as a message of `kind`: an article in doubt is said lastingly), or why
 * the article could not be kept. Opens run one after another
 * (with the anchoring and the carry-over offer of each), so two never interleave.
 */
function openSource(ctx, articleJson, opened, kind = 'info') {
  const run = opening.then(() => openSourceNow(ctx, articleJson, opened, kind));
  opening = run.catch(() => {});
  return run;
}

/**
 * Between the big steps of opening a long article, everything else waiting runs (timers too,
 * which the quicker `breathe` lets wait): each step is a task of its own for the whole page.
 */
const rest = () => new Promise((resolve) => setTimeout(resolve));

async function openSourceNow(ctx, articleJson, opened, kind) {
  const { say, attempt } = ctx;
  const intake = await ctx.loadIntake();
  if (ctx.app && attempt(() => intake.source_fingerprint(articleJson)) === ctx.app.fingerprint()) {
    say('That article is already open.');
    return true;
  }
  if (!ctx.mayLeave()) return false;
  await rest();
  // The core keeps the article in the library (or says why it cannot: then it is shown all
  // the same, with a warning among the problems).
  const next = attempt(() => ctx.core.Newsmark.open_source(articleJson, '', ctx.onStorageChange));
  if (!next) return false;
  const key = next.name();
  await rest();
  const { title, problems } = ctx.show(next, key);
  // Unless showing it said what opening found wrong (an article too big to keep, say).
  if (!problems) say(opened, kind);
  try {
    await ctx.placeAndReport();
    await (await import('./library.js')).offerCarryOver(ctx, next, key, title, articleJson);
  } catch (error) {
    say(`The article is open, but what followed failed: ${error.message ?? error}`, 'error');
  }
  return true;
}
