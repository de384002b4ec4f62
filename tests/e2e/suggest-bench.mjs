// Benchmark, in headless Chromium: the suggestions for a 5,000-word article (the demo's body
// repeated), from the blocks to the list shown (the engine's slices, then the visible list),
// beside the browser's own Intl.Segmenter reading the same text into sentences and words (the
// least any rule engine must do) in the same run. Prints figures; asserts nothing.
//
// Usage: node suggest-bench.mjs   (scripts/bench builds first and runs this)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, ROOT } from './harness.mjs';

const DEMO = readFileSync(join(ROOT, 'www/demo/us-china-ai-talks.txt'), 'utf8');
const WORDS = 5000;

const server = await startServer();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  const r = await page.evaluate(run, { demo: DEMO, words: WORDS });
  console.log(`\nSuggestions for a ${r.words.toLocaleString('en')}-word article (${r.blocks} paragraphs), headless Chromium ${r.browser}, median of ${r.runs} runs\n`);
  console.log(`   newsmark: read in slices of 1,500 words, then the list to show: ${r.ours.toFixed(2)} ms (goal: under 20 ms), ${r.found} suggestions`);
  console.log(`             of which the first slice alone: ${r.slice.toFixed(2)} ms`);
  console.log(`   Intl.Segmenter, sentences then words, nothing else: ${r.peer.toFixed(2)} ms`);
  console.log(`   ratio: newsmark takes ${(r.ours / r.peer).toFixed(2)}x the time the browser takes only to segment the text\n`);
} finally {
  await browser.close();
  server.stop();
}

async function run({ demo, words }) {
  const m = await import('/pkg/suggest.js');
  await m.default();
  const body = demo.split('\n\n').slice(3, 17);
  const blocks = [];
  let count = 0;
  while (count < words) {
    for (const p of body) {
      blocks.push(p);
      count += p.split(/\s+/).length;
      if (count >= words) break;
    }
  }
  const kinds = blocks.map(() => 'paragraph');
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const runs = 31;
  const ours = [];
  const slices = [];
  let found = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const engine = new m.Suggestions(kinds, blocks);
    let first = true;
    while (!engine.step(1500)) {
      if (first) slices.push(performance.now() - t0);
      first = false;
    }
    found = engine.visible(new Uint32Array(0), []).length;
    ours.push(performance.now() - t0);
    engine.free();
  }
  const text = blocks.join('\n\n');
  const peer = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    let n = 0;
    const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });
    const wordsSeg = new Intl.Segmenter('en', { granularity: 'word' });
    for (const s of sentences.segment(text)) for (const w of wordsSeg.segment(s.segment)) if (w.isWordLike) n++;
    peer.push(performance.now() - t0);
  }
  return { words: count, blocks: blocks.length, runs, ours: median(ours), slice: median(slices), peer: median(peer), found, browser: navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] };
}
