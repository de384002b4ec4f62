// Benchmark, in one headless Chromium run on the same inputs: newsmark's anchoring (Rust in
// Wasm) against approx-string-match with Hypothesis's quote scoring, the reference annotator's
// approach. Prints figures and ratios; it asserts nothing (figures are not tests).
//
// Usage: node bench.mjs   (scripts/bench builds first and runs this)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, ROOT } from './harness.mjs';

const PEER = join(ROOT, 'tests/e2e/node_modules/approx-string-match/build/src/index.js');
const CASES = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/anchoring-cases.json'), 'utf8')).cases;
const DEMO = readFileSync(join(ROOT, 'www/demo/us-china-ai-talks.txt'), 'utf8');

const server = await startServer();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  // The peer library is served from the app's origin so the page can import it.
  await page.route('**/bench/approx-string-match.js', (route) =>
    route.fulfill({ body: readFileSync(PEER, 'utf8'), contentType: 'text/javascript' }),
  );
  await page.goto(`${server.url}demo/`);
  const results = await page.evaluate(run, { cases: CASES, demo: DEMO });
  report(results);
} finally {
  await browser.close();
  server.stop();
}

function report(r) {
  const ms = (x) => `${x.toFixed(2)} ms`;
  console.log(`\nnewsmark anchoring vs approx-string-match + Hypothesis scoring, headless Chromium ${r.browser}\n`);
  console.log(`1. One approximate search, ${r.search.textLength.toLocaleString('en')}-character article, ${r.search.patternLength}-character quote with ${r.search.edits} edits (median of ${r.search.runs} batches of ${r.search.batch})`);
  console.log(`   newsmark: Myers over 64-bit words in Wasm, up to ${r.search.oursBudget} errors (all it could accept)`);
  console.log(`             ${ms(r.search.ours)}   best at ${r.search.oursFound}`);
  console.log(`   approx-string-match: Myers over 32-bit words in JS, up to ${r.search.maxErrors} errors (Hypothesis's budget)`);
  console.log(`             ${ms(r.search.peer)}   best at ${r.search.peerFound}`);
  console.log(`   ratio: newsmark is ${(r.search.peer / r.search.ours).toFixed(1)}x faster (goal: at least 4x)`);
  console.log(`   (newsmark searching as far as Hypothesis, ${r.search.maxErrors} errors: ${ms(r.search.oursFull)}, ${r.search.oursFullFound} candidates, ${(r.search.peer / r.search.oursFull).toFixed(1)}x)\n`);
  console.log(`2. Re-anchoring ${r.reanchor.count} annotations after ${r.reanchor.edits} light edits to a ${r.reanchor.textLength.toLocaleString('en')}-character article`);
  console.log(`   newsmark   ${ms(r.reanchor.ours)} in ${r.reanchor.steps} steps, longest step ${ms(r.reanchor.longestStep)} (goals: within 50 ms; no step over 50 ms)`);
  console.log(`              ${Object.entries(r.reanchor.states).map(([k, v]) => `${v} ${k}`).join(' · ')}`);
  console.log(`   Hypothesis ${ms(r.reanchor.peer)} (position check, then matchQuote per annotation)`);
  console.log(`   ratio: newsmark is ${(r.reanchor.peer / r.reanchor.ours).toFixed(1)}x faster\n`);
  console.log(`3. Anchoring case table (tests/fixtures/anchoring-cases.json): right state on the right passage`);
  console.log(`   newsmark   ${r.cases.ours} of ${r.cases.total}`);
  console.log(`   Hypothesis ${r.cases.peer} of ${r.cases.total}`);
  for (const row of r.cases.rows) {
    if (!row.oursRight || !row.peerRight) console.log(`     ${row.name}: expected ${row.expected}; newsmark ${row.ours}${row.oursRight ? '' : ' ✗'}; Hypothesis ${row.peer}${row.peerRight ? '' : ' ✗'}`);
  }
}

/** Runs in the page. */
async function run({ cases, demo }) {
  const wasm = await import('/pkg/intake.js');
  await wasm.default();
  const { default: approxSearch } = await import('/bench/approx-string-match.js');
  const { Anchorer: Bench, canonical_text: canonicalText } = wasm;

  // --- Hypothesis's matchQuote (hypothesis/client, src/annotator/anchoring/match-quote.ts):
  // exact matches first, else approx-string-match with up to min(256, len/2) errors; each
  // candidate scored 50 quote, 20 prefix, 20 suffix, 2 position; the best wins, whatever its score.
  const peerSearch = (text, str, maxErrors) => {
    const exact = [];
    for (let at = text.indexOf(str); at !== -1; at = text.indexOf(str, at + 1)) exact.push({ start: at, end: at + str.length, errors: 0 });
    return exact.length ? exact : approxSearch(text, str, maxErrors);
  };
  const similarity = (text, str) => (str.length === 0 || text.length === 0 ? 0 : 1 - peerSearch(text, str, str.length)[0].errors / str.length);
  const matchQuote = (text, quote, { prefix, suffix, hint }) => {
    if (!quote.length) return null;
    const matches = peerSearch(text, quote, Math.min(256, quote.length / 2));
    if (!matches.length) return null;
    const score = (m) => {
      const q = 1 - m.errors / quote.length;
      const p = prefix ? similarity(text.slice(Math.max(0, m.start - prefix.length), m.start), prefix) : 1;
      const s = suffix ? similarity(text.slice(m.end, m.end + suffix.length), suffix) : 1;
      const pos = typeof hint === 'number' ? 1 - Math.abs(m.start - hint) / text.length : 1;
      return (50 * q + 20 * p + 20 * s + 2 * pos) / 92;
    };
    return matches.map((m) => ({ ...m, score: score(m) })).sort((a, b) => b.score - a.score)[0];
  };
  // Hypothesis anchors with the position first (accepted when the text there is the quote),
  // then matchQuote; it has no ambiguous state. Offsets here are UTF-16, as in its DOM code.
  const peerAnchor = (text, sel) => {
    const u16 = (cp) => [...text].slice(0, cp).join('').length;
    const start = u16(sel.start);
    const end = start + [...sel.exact].join('').length;
    if (text.slice(start, end) === sel.exact) return { state: 'exact', start, end };
    const m = matchQuote(text, sel.exact, { prefix: sel.prefix, suffix: sel.suffix, hint: start });
    if (!m) return { state: 'orphan' };
    return { state: text.slice(m.start, m.end) === sel.exact ? 'moved' : 'fuzzy', start: m.start, end: m.end };
  };

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // Warm up (the JIT for the peer, the caches for both), then take the median of `runs`
  // samples, each the mean of a batch of calls: the page's clock counts in 0.1 ms steps, too
  // coarse for one search of about a millisecond.
  const BATCH = 10;
  const time = (f, runs) => {
    for (let i = 0; i < 5; i++) f();
    const ts = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      for (let j = 0; j < BATCH; j++) f();
      ts.push((performance.now() - t) / BATCH);
    }
    return median(ts);
  };
  const cpToU16 = (text, cp) => [...text].slice(0, cp).join('').length;
  const u16ToCp = (text, u16) => [...text.slice(0, u16)].length;

  // A 100,000-character article: the demo's paragraphs, copies of it varied so no two are equal.
  const base = canonicalText(demo);
  const copies = [];
  for (let i = 0; copies.join('\n\n').length < 100_000; i++) {
    copies.push(base.replaceAll('report', `report ${i}`).replaceAll(' AI ', i % 2 ? ' A.I. ' : ' AI '));
  }
  const article = copies.join('\n\n').slice(0, 100_000);

  // 1. One approximate search.
  const quoteAt = article.indexOf('Domestic governance', 60_000);
  const original = article.slice(quoteAt, quoteAt + 120);
  const pattern = original.replace('governance', 'governence').replace('friction', 'frictions').replace(' are ', ' were ');
  const maxErrors = Math.min(256, Math.floor(pattern.length / 2));
  const ours = new Bench(article);
  let oursFound;
  let peerFound;
  const searchRuns = 41;
  const oursMs = time(() => {
    const m = ours.search(pattern, undefined);
    let best = 0;
    for (let i = 2; i < m.length; i += 3) if (m[i] < m[best + 2]) best = i - 2;
    oursFound = `${m[best]}..${m[best + 1]} (${m[best + 2]} errors, ${m.length / 3} candidates)`;
  }, searchRuns);
  let oursFullFound;
  const oursFullMs = time(() => {
    const m = ours.search(pattern, maxErrors);
    oursFullFound = m.length / 3;
  }, searchRuns);
  const peerMs = time(() => {
    const m = approxSearch(article, pattern, maxErrors);
    const best = m.reduce((a, b) => (b.errors < a.errors ? b : a));
    peerFound = `${u16ToCp(article, best.start)}..${u16ToCp(article, best.end)} (${best.errors} errors, ${m.length} candidates)`;
  }, searchRuns);

  // 2. Re-anchoring 1,000 annotations after light edits.
  const spans = [];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const chars = [...article];
  while (spans.length < 2000) {
    const start = Math.floor(random() * (chars.length - 200));
    spans.push(start, start + 10 + Math.floor(random() * 70));
  }
  const tagger = new Bench(article);
  const tagged = tagger.tag_spans(new Uint32Array(spans));
  const exported = tagger.export();
  let edited = article;
  const edits = 20;
  for (let i = 0; i < edits; i++) {
    const at = edited.indexOf('. ', Math.floor((i + 0.5) * (edited.length / edits)));
    edited = i % 2 ? `${edited.slice(0, at + 2)}Indeed, ${edited.slice(at + 2)}` : `${edited.slice(0, at)}, it seems${edited.slice(at)}`;
  }
  const reanchored = new Bench(edited);
  reanchored.import(exported);
  let steps = 0;
  let longestStep = 0;
  const t0 = performance.now();
  for (let done = false; !done; steps++) {
    const t = performance.now();
    done = reanchored.place_step(2_000_000);
    longestStep = Math.max(longestStep, performance.now() - t);
  }
  const reanchorMs = performance.now() - t0;
  const states = reanchored.take_report();
  const selectors = JSON.parse(exported).first.items.map((a) => {
    const [q, p] = a.target.selector;
    return { exact: q.exact, prefix: q.prefix, suffix: q.suffix, start: p.start, end: p.end };
  });
  const p0 = performance.now();
  const peerStates = {};
  // Positions: the article has no characters outside the BMP, so code points equal UTF-16 here.
  for (const sel of selectors) {
    const { state } = (() => {
      const start = sel.start;
      if (edited.slice(start, start + sel.exact.length) === sel.exact) return { state: 'exact' };
      const m = matchQuote(edited, sel.exact, { prefix: sel.prefix, suffix: sel.suffix, hint: start });
      return { state: !m ? 'orphan' : edited.slice(m.start, m.end) === sel.exact ? 'moved' : 'fuzzy' };
    })();
    peerStates[state] = (peerStates[state] ?? 0) + 1;
  }
  const peerReanchorMs = performance.now() - p0;

  // 3. The case table.
  const applyEdit = (text, op) => {
    if (op.replace) return text.replace(op.replace[0], op.replace[1]);
    const ps = text.split('\n\n');
    const find = (start) => ps.findIndex((p) => p.startsWith(start));
    if (op.deleteParagraph) ps.splice(find(op.deleteParagraph), 1);
    else if (op.duplicateParagraph) ps.splice(find(op.duplicateParagraph), 0, ps[find(op.duplicateParagraph)]);
    else if (op.swapParagraphs) {
      const [a, b] = op.swapParagraphs.map(find);
      [ps[a], ps[b]] = [ps[b], ps[a]];
    }
    return ps.join('\n\n');
  };
  const nthIndex = (text, phrase, nth) => {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = text.indexOf(phrase, at + 1);
    return at;
  };
  const rows = cases.map((c) => {
    const before = canonicalText(c.base ?? demo);
    const at = nthIndex(before, c.quote, c.nth ?? 0);
    const sel = new Bench(before).describe(u16ToCp(before, at), u16ToCp(before, at) + [...c.quote].length);
    const after = c.edits.reduce(applyEdit, before);
    const wantAt = nthIndex(after, c.found ?? c.quote, c.foundNth ?? 0);
    const want = { start: wantAt, end: wantAt + (c.found ?? c.quote).length };
    const o = new Bench(after).anchor(sel.exact, sel.prefix, sel.suffix, sel.start, sel.end);
    const oStart = o.start == null ? null : cpToU16(after, o.start);
    const oEnd = o.end == null ? null : cpToU16(after, o.end);
    const p = peerAnchor(after, sel);
    const placed = (s) => ['exact', 'moved', 'fuzzy'].includes(s);
    const right = (state, start, end) => state === c.expect && (!placed(state) || (start === want.start && end === want.end));
    return { name: c.name, expected: c.expect, ours: o.state, peer: p.state, oursRight: right(o.state, oStart, oEnd), peerRight: right(p.state, p.start, p.end) };
  });

  return {
    browser: navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent,
    search: { textLength: article.length, patternLength: pattern.length, edits: 3, maxErrors, oursBudget: Bench.search_budget([...pattern].length), runs: searchRuns, batch: BATCH, ours: oursMs, oursFull: oursFullMs, oursFullFound, peer: peerMs, oursFound, peerFound },
    reanchor: { count: tagged, edits, textLength: edited.length, ours: reanchorMs, steps, longestStep, states: Object.fromEntries(Object.entries(states).filter(([k, v]) => k !== 'problems' && v > 0)), peer: peerReanchorMs, peerStates },
    cases: { total: rows.length, ours: rows.filter((r) => r.oursRight).length, peer: rows.filter((r) => r.peerRight).length, rows },
  };
}
