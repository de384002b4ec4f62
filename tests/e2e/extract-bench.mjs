// Times article extraction in headless Chromium, newsmark beside @mozilla/readability, on the
// same pages in the same run. Both start from the page's HTML text and the browser's parser;
// newsmark then builds its node tree and extracts in Wasm, Readability works on the DOM.
// It also checks the app's whole path on each page (the file's bytes decoded as the app does,
// then extracted) against the expected title, as the native evaluation checks the core.
//
// Usage: node extract-bench.mjs CORPUS_DIR   (folders holding source.html; scripts/evaluate)
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, ROOT } from './harness.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node extract-bench.mjs CORPUS_DIR');
  process.exit(2);
}
const pages = readdirSync(dir)
  .filter((name) => existsSync(join(dir, name, 'source.html')))
  .sort()
  .map((name) => ({
    name,
    bytes: readFileSync(join(dir, name, 'source.html')).toString('base64'),
    title: JSON.parse(readFileSync(join(dir, name, 'expected-metadata.json'), 'utf8')).title,
  }));
const READABILITY = readFileSync(join(ROOT, 'tests/e2e/node_modules/@mozilla/readability/Readability.js'), 'utf8');

const server = await startServer();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}demo/`);
  // Evaluated by the test driver: the page's Content-Security-Policy does not apply to it.
  await page.evaluate(READABILITY);
  const rows = [];
  for (const { name, bytes, title } of pages) {
    rows.push({ name, ...(await page.evaluate(timePage, { bytes, title })) });
  }
  console.log(`\nArticle extraction, headless Chromium, median of 5 runs per page (each from the HTML text)\n`);
  console.log(`${'page'.padEnd(18)} ${'newsmark'.padStart(10)} ${'Readability'.padStart(12)}`);
  for (const r of rows) console.log(`${r.name.padEnd(18)} ${r.ours.toFixed(1).padStart(8)}ms ${r.theirs.toFixed(1).padStart(10)}ms  ${r.titleRight ? 'title right' : `title: ${r.titleGot}`}`);
  const ours = rows.reduce((s, r) => s + r.ours, 0);
  const theirs = rows.reduce((s, r) => s + r.theirs, 0);
  console.log(`\n${rows.length} pages: newsmark ${ours.toFixed(0)} ms, Readability ${theirs.toFixed(0)} ms in all; newsmark takes ${(100 * ours / theirs).toFixed(0)}% of Readability's time`);
  console.log(`the app's path from the file's bytes: titles right ${rows.filter((r) => r.titleRight).length}/${rows.length}`);
} finally {
  await browser.close();
  server.stop();
}

/** Runs in the page. */
async function timePage({ bytes, title }) {
  const intake = await import('/pkg/intake.js');
  await intake.default();
  const files = await import('/intake.js');
  const file = new File([Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0))], 'source.html', { type: 'text/html' });
  const html = await files.readText(file, 'html');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (f) => {
    f();
    const ts = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      f();
      ts.push(performance.now() - t);
    }
    return median(ts);
  };
  // The app builds the tree in slices, yielding to keep the page responsive; the yields are
  // scheduling, not work, so here it runs as one slice.
  const timeAsync = async (f) => {
    await f();
    const ts = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await f();
      ts.push(performance.now() - t);
    }
    return median(ts);
  };
  const ours = await timeAsync(async () => intake.article_from('html', (await files.htmlTreeJson(html, undefined, Infinity)).json));
  // eslint-disable-next-line no-undef
  const theirs = time(() => new Readability(new DOMParser().parseFromString(html, 'text/html')).parse());
  const article = JSON.parse(intake.article_from('html', (await files.htmlTreeJson(html, undefined, Infinity)).json));
  const titleGot = article.blocks.find((b) => b.kind === 'title')?.text ?? null;
  // Readability keeps an author's name after the headline; newsmark drops it (counted right).
  const authorDropped = Boolean(article.byline) && [' | ', ' - ', ' – ', ' — '].some((sep) => title?.trim() === `${titleGot?.trim()}${sep}${article.byline}`);
  return { ours, theirs, titleRight: titleGot?.trim() === title?.trim() || authorDropped, titleGot };
}
