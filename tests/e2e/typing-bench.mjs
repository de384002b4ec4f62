// Benchmark: typing a 40-character note with 1,000 annotations on a 100,000-character article,
// beside the same with one annotation, in one headless Chromium run. Prints the longest the
// page's main thread went without answering while the note was typed and saved (a 5 ms
// heartbeat), and the longest keystroke (Event Timing: input to next paint), median of 3 each,
// and their ratio (goal: at most 1.5). It asserts nothing.
//
// Usage: node typing-bench.mjs   (scripts/bench builds first and runs this)
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, openApp, watchPauses } from './harness.mjs';

const ANNOTATIONS = 1000;
const NOTE = 'Check this against the ministry’s figure';
const dir = mkdtempSync(join(tmpdir(), 'newsmark-typing-'));

// About 100,000 characters: 1,000 paragraphs, each with a phrase found nowhere else.
const filler = 'the committee said officials would meet again next week to talk';
const paragraphs = Array.from({ length: ANNOTATIONS }, (_, i) => `Paragraph ${i} says marker${i}x plainly: ${filler}.`);
const title = 'A long article for typing';
const text = `${title}\n\n${paragraphs.join('\n\n')}\n`;
const articleFile = join(dir, 'typing.txt');
writeFileSync(articleFile, text);

/** A W3C file tagging the unique phrase of the first `n` paragraphs. */
function annotationsFile(n) {
  const items = Array.from({ length: n }, (_, i) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'Annotation',
    body: [{ type: 'TextualBody', purpose: 'tagging', value: 'claim' }],
    target: { source: 'urn:x', selector: { type: 'TextQuoteSelector', exact: `says marker${i}x plainly`, prefix: `Paragraph ${i} `, suffix: ': the' } },
  }));
  const file = join(dir, `annotations-${n}.json`);
  writeFileSync(file, JSON.stringify(items));
  return file;
}

async function once(server, n) {
  const browser = await launch();
  try {
    const { page } = await openApp(browser.context, server.url);
    await page.setInputFiles('#import-file', articleFile);
    await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, title, { timeout: 60_000 });
    await page.setInputFiles('#import-file', annotationsFile(n));
    await page.waitForFunction((n) => document.querySelector('#count').textContent === String(n), n, { timeout: 120_000 });
    await page.locator('#dismiss').click();
    // The first annotation's editor, as a reader opens it: a click in the list.
    await page.locator('#annotations li[data-id]').first().click();
    const note = page.getByRole('textbox', { name: 'Note' });
    await note.focus();
    await page.evaluate(() => {
      window.keystrokes = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name === 'keydown' || e.name === 'keypress' || e.name === 'input') window.keystrokes.push(e.duration);
      }).observe({ type: 'event', durationThreshold: 16, buffered: false });
    });
    const longestPause = await watchPauses(page);
    await note.pressSequentially(NOTE, { delay: 40 });
    // Past the debounce: the note is written.
    await page.waitForFunction(() => document.querySelector('#save-state').textContent === 'Saved in this browser');
    await page.waitForTimeout(300);
    const longest = await longestPause();
    const keystroke = await page.evaluate(() => Math.max(16, ...window.keystrokes));
    const saved = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('newsmark:ann:')).length);
    return { longest, keystroke, saved };
  } finally {
    await browser.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await startServer();
try {
  const runs = { one: [], many: [] };
  for (let i = 0; i < 3; i++) {
    runs.one.push(await once(server, 1));
    runs.many.push(await once(server, ANNOTATIONS));
  }
  const pause = (rs) => median(rs.map((r) => r.longest));
  const key = (rs) => median(rs.map((r) => r.keystroke));
  const row = (name, rs) =>
    `   ${name.padEnd(18)} longest pause ${pause(rs).toFixed(0).padStart(4)} ms   longest keystroke ${key(rs) <= 16 ? '  ≤16' : key(rs).toFixed(0).padStart(5)} ms   (records stored: ${rs[0].saved})`;
  console.log(`\nTyping a ${NOTE.length}-character note on a ${text.length.toLocaleString('en')}-character article, median of 3, headless Chromium\n`);
  console.log(row('1 annotation', runs.one));
  console.log(row(`${ANNOTATIONS.toLocaleString('en')} annotations`, runs.many));
  console.log(`\n   ratio of the longest pauses: ${(pause(runs.many) / pause(runs.one)).toFixed(2)} (goal: at most 1.5)\n`);
} finally {
  server.stop();
}
