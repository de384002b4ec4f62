// Benchmark: opening a book-length text (30,000 paragraphs, 3.7 MB) in the app, in one headless
// Chromium run: as newsmark does it (sections of 100 blocks, each laid out only near the
// screen), beside the same page with every section laid out at once (what a plain list of
// paragraphs costs). Prints the longest pause of the page and the time until the article is
// shown, median of 3 each; it asserts nothing (the browser test holds the limit).
//
// Usage: node long-bench.mjs   (scripts/bench builds first and runs this)
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, openApp, watchPauses } from './harness.mjs';

const PARAGRAPHS = 30_000;
const words = 'the committee said that officials would meet again next week to discuss what the treaty requires of both sides'.split(' ');
const paragraphs = Array.from({ length: PARAGRAPHS }, (_, i) => `Paragraph ${i}: ${Array.from({ length: 18 }, (_, j) => words[(i * 7 + j) % words.length]).join(' ')}.`);
const book = join(mkdtempSync(join(tmpdir(), 'newsmark-long-')), 'book.txt');
writeFileSync(book, `A very long book\n\n${paragraphs.join('\n\n')}\n`);

async function once(server, atOnce) {
  const browser = await launch();
  try {
    const { page } = await openApp(browser.context, server.url);
    if (atOnce) await page.addStyleTag({ content: '.article .section { content-visibility: visible !important; }' });
    const longestPause = await watchPauses(page);
    const started = Date.now();
    await page.setInputFiles('#import-file', book);
    await page.waitForFunction(() => /Opened “A very long book”/.test(document.querySelector('#status').textContent), null, { timeout: 120_000 });
    // Shown: the first paint after the article is in place.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    const shown = Date.now() - started;
    await page.waitForTimeout(500);
    const longest = await longestPause();
    return { shown, longest };
  } finally {
    await browser.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await startServer();
try {
  const runs = { sections: [], atOnce: [] };
  for (let i = 0; i < 3; i++) {
    runs.sections.push(await once(server, false));
    runs.atOnce.push(await once(server, true));
  }
  const row = (name, rs) => `   ${name.padEnd(34)} longest pause ${String(Math.round(median(rs.map((r) => r.longest)))).padStart(5)} ms   shown after ${String(median(rs.map((r) => r.shown))).padStart(5)} ms`;
  console.log(`\nOpening a ${PARAGRAPHS.toLocaleString('en')}-paragraph text file (3.7 MB), median of 3, headless Chromium\n`);
  console.log(row('newsmark (near-screen sections)', runs.sections));
  console.log(row('every section laid out at once', runs.atOnce));
  const ratio = median(runs.atOnce.map((r) => r.longest)) / median(runs.sections.map((r) => r.longest));
  console.log(`\n   the longest pause is ${ratio.toFixed(1)}x shorter\n`);
} finally {
  server.stop();
}
