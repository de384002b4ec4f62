// Scores article extraction against text a person marked as each page's article (a folder of
// the article-extraction benchmark's shape: html/<id>.html.gz, ground-truth.json mapping each
// id to its `articleBody`), newsmark beside @mozilla/readability on the same pages in one
// headless Chromium run. newsmark takes the app's own path: the file's bytes decoded as the app
// decodes them, the browser's parser (fed in chunks, here without yielding between them), the
// node tree, the core's extraction in Wasm; the article's body is what the reader gets below
// the headline (no kicker, title or keyword line). Readability gets the same decoded text and
// DOMParser's document; its body is `textContent`.
//
// Scoring is the benchmark's: `\w+` tokens, 4-token shingles, true and false positives and
// false negatives per page over the shingle multisets, normalised by their sum; precision is
// the mean over pages with a prediction, recall over pages with a truth, F1 their harmonic
// mean. The pages are split in two by a hash of their id: "tune" (what extraction may be tuned
// on) and "held" (a quarter, kept back to check that what was learned holds); each is reported.
//
// Usage: node benchmark.mjs BENCHMARK_DIR [--pages] [--only ID]   (scripts/evaluate runs it)
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startServer, launch, ROOT } from './harness.mjs';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: node benchmark.mjs BENCHMARK_DIR [--pages] [--only ID]');
  process.exit(2);
}
const perPage = args.includes('--pages');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8'));
const ids = readdirSync(join(dir, 'html'))
  .filter((f) => f.endsWith('.html.gz'))
  .map((f) => f.slice(0, -'.html.gz'.length))
  .filter((id) => id in truth && (!only || id.startsWith(only)))
  .sort();

/** Which half a page is in: a quarter of the pages, by a hash of the id, are held back. */
function part(id) {
  let h = 0x811c9dc5;
  for (const c of id) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h % 4 === 0 ? 'held' : 'tune';
}

const tokens = (text) => (text ?? '').match(/[\p{L}\p{N}_]+/gu) ?? [];
function shingles(text, n = 4) {
  const t = tokens(text);
  const counts = new Map();
  for (let i = 0; i < Math.max(1, t.length - n + 1); i++) {
    const s = t.slice(i, i + n).join(' ');
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
}

/** The benchmark's per-page figures: tp, fp, fn over shingles, normalised by their sum. */
function match(expected, got) {
  const [a, b] = [shingles(expected), shingles(got)];
  let [tp, fp, fn] = [0, 0, 0];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [x, y] = [a.get(key) ?? 0, b.get(key) ?? 0];
    tp += Math.min(x, y);
    fp += Math.max(0, y - x);
    fn += Math.max(0, x - y);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? [tp / sum, fp / sum, fn / sum] : [0, 0, 0];
}
const precision = ([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp));
const recall = ([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn));

/** Mean precision and recall as the benchmark takes them, and their F1. */
function score(rows) {
  const mean = (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const p = mean(rows.filter(([tp, fp]) => tp + fp > 0).map(precision));
  const r = mean(rows.filter(([tp, , fn]) => tp + fn > 0).map(recall));
  return { p, r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}
const f1 = (m) => score([m]).f1;

const READABILITY = readFileSync(join(ROOT, 'tests/e2e/node_modules/@mozilla/readability/Readability.js'), 'utf8');
const server = await startServer();
const browser = await launch();
const rows = [];
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}demo/`);
  // Evaluated by the test driver: the page's Content-Security-Policy does not apply to it.
  await page.evaluate(READABILITY);
  for (const id of ids) {
    const bytes = gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('base64');
    const got = await page.evaluate(extractBoth, bytes);
    const expected = truth[id].articleBody;
    rows.push({ id, part: part(id), ...got, oursM: match(expected, got.ours), theirsM: match(expected, got.theirs) });
  }
} finally {
  await browser.close();
  server.stop();
}

if (perPage) {
  console.log(`${'page'.padEnd(10)} part  ${'newsmark P / R / F1'.padStart(20)}  ${'Readability P / R / F1'.padStart(23)}  ms (ours, theirs)`);
  for (const r of rows) {
    const fmt = (m) => `${precision(m).toFixed(2)} ${recall(m).toFixed(2)} ${f1(m).toFixed(3)}`;
    console.log(`${r.id.slice(0, 10)} ${r.part.padEnd(4)}  ${fmt(r.oursM).padStart(20)}  ${fmt(r.theirsM).padStart(23)}  ${r.oursMs.toFixed(0).padStart(4)} ${r.theirsMs.toFixed(0).padStart(4)}${r.error ? `  newsmark: ${r.error}` : ''}${r.warning ? `  (${r.warning})` : ''}`);
  }
}
console.log('\nArticle body against the text a person marked, headless Chromium (the benchmark\'s 4-token shingles)\n');
console.log(`${'pages'.padEnd(16)} ${'newsmark P / R / F1'.padStart(22)}  ${'Readability P / R / F1'.padStart(24)}  below F1 0.5 (ours, theirs)  time (ours, theirs)`);
for (const [name, set] of [['tune', rows.filter((r) => r.part === 'tune')], ['held back', rows.filter((r) => r.part === 'held')], ['all', rows]]) {
  if (!set.length) continue;
  const [a, b] = [score(set.map((r) => r.oursM)), score(set.map((r) => r.theirsM))];
  const low = (k) => set.filter((r) => f1(r[k]) < 0.5).length;
  const ms = (k) => set.reduce((s, r) => s + r[k], 0);
  const fmt = (m) => `${m.p.toFixed(3)} ${m.r.toFixed(3)} ${m.f1.toFixed(3)}`;
  console.log(`${`${name} (${set.length})`.padEnd(16)} ${fmt(a).padStart(22)}  ${fmt(b).padStart(24)}  ${String(low('oursM')).padStart(13)}, ${low('theirsM')}  ${ms('oursMs').toFixed(0).padStart(10)} ms, ${ms('theirsMs').toFixed(0)} ms`);
}
const worse = rows.filter((r) => f1(r.oursM) < f1(r.theirsM) - 0.01).length;
const better = rows.filter((r) => f1(r.oursM) > f1(r.theirsM) + 0.01).length;
console.log(`\nnewsmark better on ${better} pages, worse on ${worse} (by more than 0.01 F1)`);

/** Runs in the page: both extractions of one page, from the same decoded text, timed. */
async function extractBoth(bytes) {
  const intake = await import('/pkg/intake.js');
  await intake.default();
  const files = await import('/intake.js');
  const file = new File([Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0))], 'page.html', { type: 'text/html' });
  const html = await files.readText(file, 'html');
  let [ours, error, warning] = ['', null, null];
  const t0 = performance.now();
  try {
    const article = JSON.parse(intake.article_from('html', (await files.htmlTreeJson(html, undefined, Infinity)).json));
    ours = article.blocks.filter((b) => !['kicker', 'title', 'keywords'].includes(b.kind)).map((b) => b.text).join('\n');
    warning = article.warning ?? null;
  } catch (e) {
    error = e.message ?? String(e);
  }
  const oursMs = performance.now() - t0;
  const t1 = performance.now();
  // eslint-disable-next-line no-undef
  const theirs = new Readability(new DOMParser().parseFromString(html, 'text/html')).parse()?.textContent ?? '';
  const theirsMs = performance.now() - t1;
  return { ours, theirs, oursMs, theirsMs, error, warning };
}
