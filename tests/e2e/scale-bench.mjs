// Benchmark: newsmark at scale, beside @apache-annotator/dom's highlightText (DOM wrapping, what
// most web annotators do) and bare CSS.highlights calls, on the same 300,000-character article
// and the same passages, in one headless Chromium run. Prints (median of 3 each):
//   1. drawing 1,000 and 10,000 stored annotations when the page opens (newsmark: the offset
//      mapping and the highlights, its own performance measure), beside highlightText and bare
//      CSS.highlights on the same ranges (offset mapping included for both);
//   2. with 5,000 present, one change (create, retag, note, delete): the handler's time (Event
//      Timing), beside highlightText wrapping one more passage and removing one;
//   3. scrolling the article from top to bottom with 5,000 present: the longest task.
// It asserts nothing.
//
// Usage: node scale-bench.mjs   (scripts/bench builds first and runs this)
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, openApp, appReady } from './harness.mjs';
import { selectRange } from './actions.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'newsmark-scale-'));

// The article: a title and 1,500 paragraphs of about 200 characters, all different.
const words = 'officials said the committee would meet again next week to discuss what the treaty requires of both sides while critics argued that the plan was reckless and costly for taxpayers'.split(' ');
const paragraphs = Array.from({ length: 1500 }, (_, i) => `Paragraph ${i + 1} reports that ${Array.from({ length: 30 }, (_, j) => words[(i * 11 + j * 7) % words.length]).join(' ')}.`);
const TITLE = 'A long report on the talks';
const text = `${TITLE}\n\n${paragraphs.join('\n\n')}`;
const articleFile = join(dir, 'long-report.txt');
writeFileSync(articleFile, `${text}\n`);

/** N passages of three to eight words, spread over the paragraphs, as [start, end) offsets. */
function passages(n) {
  const out = [];
  let at = TITLE.length + 2;
  const starts = paragraphs.map((p) => {
    const s = at;
    at += p.length + 2;
    return s;
  });
  for (let i = 0; i < n; i++) {
    const p = i % paragraphs.length;
    const ws = [...paragraphs[p].matchAll(/\S+/g)];
    const first = (Math.floor(i / paragraphs.length) * 5 + (i % 7)) % (ws.length - 8);
    const last = first + 2 + (i % 6);
    out.push([starts[p] + ws[first].index, starts[p] + ws[last].index + ws[last][0].length]);
  }
  return out;
}

function annotationFile(n) {
  const items = passages(n).map(([start, end], i) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'Annotation',
    body: [{ type: 'TextualBody', purpose: 'tagging', value: ['claim', 'accusation', 'opinion'][i % 3] }],
    target: { source: 'urn:x', selector: [{ type: 'TextQuoteSelector', exact: text.slice(start, end) }, { type: 'TextPositionSelector', start, end }] },
  }));
  const path = join(dir, `annotations-${n}.json`);
  writeFileSync(path, JSON.stringify(items));
  return path;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (x >= 100 ? String(Math.round(x)) : x.toFixed(1));

/** The app with the long article open and `n` annotations imported and written. */
async function appWith(server, n) {
  const browser = await launch();
  const { page } = await openApp(browser.context, server.url);
  await page.setInputFiles('#import-file', articleFile);
  await page.waitForFunction(() => /Opened/.test(document.querySelector('#status').textContent), null, { timeout: 60_000 });
  await page.setInputFiles('#import-file', annotationFile(n));
  // Written, or refused whole: 10,000 annotations of a text this long fill localStorage's 5 MB.
  await page.waitForFunction((n) => document.querySelector('#count').textContent === String(n) && /^(Saved in this browser|Not saved: storage full)$/.test(document.querySelector('#save-state').textContent), n, { timeout: 120_000 });
  const saved = (await page.locator('#save-state').textContent()) === 'Saved in this browser';
  return { browser, page, saved };
}

/**
 * 1. Drawing `n` annotations: when the import drew them all, and, when they could be stored,
 * as the page opens with them (newsmark's measure, three reloads).
 */
async function drawApp(server, n) {
  const { browser, page, saved } = await appWith(server, n);
  try {
    const imported = await page.evaluate(() => performance.getEntriesByName('newsmark: highlights drawn').at(-1)?.duration ?? NaN);
    if (!saved) return { imported, stored: null };
    const times = [];
    for (let i = 0; i < 3; i++) {
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      times.push(await page.evaluate(() => performance.getEntriesByName('newsmark: highlights drawn').at(-1)?.duration ?? NaN));
    }
    return { imported, stored: median(times) };
  } finally {
    await browser.close();
  }
}

const PEER = execFileSync(join(HERE, '../../node_modules/.bin/esbuild'), [join(HERE, 'node_modules/@apache-annotator/dom/lib/highlight-text.js'), '--bundle', '--format=iife', '--global-name=annotator', '--log-level=error'], { cwd: HERE }).toString();
const PEER_PAGE = `<!doctype html><meta charset="utf-8"><title>peer</title><article id="a"><h1>${TITLE}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article><script src="peer.js"></script>`;

/**
 * The same article as a plain page with highlightText loaded. In the page, `rangesOf(spans)`
 * maps canonical-text offsets to DOM Ranges (blocks joined by a blank line, as newsmark counts).
 */
async function peerPage(context, server) {
  const page = await context.newPage();
  await page.route('**/peer.html', (route) => route.fulfill({ body: PEER_PAGE, contentType: 'text/html' }));
  await page.route('**/peer.js', (route) => route.fulfill({ body: `${PEER}
    window.rangesOf = (spans) => {
      const blocks = [];
      let at = 0;
      for (const el of document.querySelectorAll('#a > *')) {
        const node = el.firstChild;
        blocks.push({ node, start: at, end: at + node.data.length });
        at += node.data.length + 2;
      }
      const point = (offset) => {
        let lo = 0, hi = blocks.length - 1;
        while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (blocks[mid].start <= offset) lo = mid; else hi = mid - 1; }
        return [blocks[lo].node, Math.min(offset - blocks[lo].start, blocks[lo].node.data.length)];
      };
      return spans.map(([s, e]) => { const r = document.createRange(); r.setStart(...point(s)); r.setEnd(...point(e)); return r; });
    };`, contentType: 'text/javascript' }));
  await page.goto(`${server.url}peer.html`);
  return page;
}

/** 1. The peers on the same passages: highlightText (DOM wrapping) and bare CSS.highlights. */
async function drawPeers(server, n, wrap) {
  const browser = await launch();
  try {
    const result = {};
    for (const how of ['bare', ...(wrap ? ['wrap'] : [])]) {
      const times = [];
      for (let i = 0; i < (how === 'wrap' && n > 1000 ? 1 : 3); i++) {
        const page = await peerPage(browser.context, server);
        times.push(await page.evaluate(({ spans, how }) => {
          const t = performance.now();
          const ranges = window.rangesOf(spans);
          if (how === 'bare') CSS.highlights.set('claim', new Highlight(...ranges));
          // Wrapped from the last to the first: a wrap splits text nodes, which would move
          // the ranges after it.
          else for (let k = ranges.length - 1; k >= 0; k--) window.annotator.highlightText(ranges[k], 'mark');
          return performance.now() - t;
        }, { spans: passages(n), how }));
        await page.close();
      }
      result[how] = median(times);
    }
    return result;
  } finally {
    await browser.close();
  }
}

/** 2. One change of each kind with `n` present: the handler's time, by Event Timing. */
async function changeApp(server, n) {
  const { browser, page } = await appWith(server, n);
  try {
    await page.evaluate(() => {
      window.longest = 0;
      new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.longest = Math.max(window.longest, e.duration)))).observe({ type: 'longtask' });
      // The handlers' own time: from the first listener (capturing, on the document) to the
      // last (bubbling, on the window), around newsmark's.
      for (const type of ['keydown', 'input']) {
        document.addEventListener(type, () => (window.t0 = performance.now()), { capture: true });
        window.addEventListener(type, () => (window.lastHandled = performance.now() - window.t0));
      }
    });
    const timed = async (act) => {
      await act();
      await page.waitForTimeout(150);
      return page.evaluate(() => window.lastHandled);
    };
    const phrase = paragraphs[700].split(' ').slice(5, 10).join(' ');
    await selectRange(page, phrase);
    const create = await timed(() => page.keyboard.press('1'));
    await page.waitForFunction((n) => document.querySelector('#count').textContent === String(n + 1), n);
    const retag = await timed(() => page.keyboard.press('2'));
    await page.keyboard.press('n');
    const note = await timed(() => page.keyboard.type('x'));
    await page.keyboard.press('Escape');
    const remove = await timed(() => page.keyboard.press('Delete'));
    await page.waitForFunction((n) => document.querySelector('#count').textContent === String(n), n);
    // 3. Scrolling from top to bottom.
    await page.evaluate(() => (window.longest = 0));
    await page.evaluate(() => scrollTo(0, 0));
    await page.mouse.move(400, 400);
    const height = await page.evaluate(() => document.body.scrollHeight);
    for (let y = 0; y < height; y += 1200) {
      await page.mouse.wheel(0, 1200);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(300);
    const scroll = await page.evaluate(() => window.longest);
    return { create, retag, note, remove, scroll };
  } finally {
    await browser.close();
  }
}

/** 2. On the peer's page with `n` wrapped: one more passage wrapped, and one removed. */
async function changePeer(server, n) {
  const browser = await launch();
  try {
    const page = await peerPage(browser.context, server);
    return await page.evaluate(({ spans }) => {
      const ranges = window.rangesOf(spans);
      const removers = [];
      for (let k = ranges.length - 1; k >= 1; k--) removers.push(window.annotator.highlightText(ranges[k], 'mark'));
      let t = performance.now();
      // The first passage's range, made with the others, is still valid: the wraps after it
      // split text nodes after its end.
      const added = window.annotator.highlightText(ranges[0], 'mark');
      const create = performance.now() - t;
      t = performance.now();
      added();
      const remove = performance.now() - t;
      return { create, remove };
    }, { spans: passages(n) });
  } finally {
    await browser.close();
  }
}

const server = await startServer();
try {
  const chromium = await (async () => {
    const b = await launch();
    const v = b.context.browser()?.version() ?? '';
    await b.close();
    return v;
  })();
  console.log(`\nnewsmark at scale: a ${text.length.toLocaleString('en')}-character article, headless Chromium ${chromium}\n`);
  console.log('1. Drawing the annotations (offset mapping included), median of 3 (highlightText on 10,000: one run)');
  for (const n of [1000, 10000]) {
    const ours = await drawApp(server, n);
    const peers = await drawPeers(server, n, true);
    const best = ours.stored ?? ours.imported;
    const stored = ours.stored === null ? 'not stored: localStorage is full' : `${ms(ours.stored)} ms as the page opens`;
    console.log(`   ${n.toLocaleString('en').padStart(6)}: newsmark ${stored}, ${ms(ours.imported)} ms when imported · highlightText ${ms(peers.wrap)} ms (${Math.round(peers.wrap / best)}x) · bare CSS.highlights ${ms(peers.bare)} ms`);
  }
  console.log('\n2. One change with 5,000 present: the key handler (newsmark) or the DOM work (highlightText)');
  const ours = await changeApp(server, 5000);
  const peer = await changePeer(server, 5000);
  console.log(`   newsmark: create ${ms(ours.create)} ms · retag ${ms(ours.retag)} ms · note (a key typed) ${ms(ours.note)} ms · delete ${ms(ours.remove)} ms`);
  console.log(`   highlightText: wrap one more ${ms(peer.create)} ms · remove one ${ms(peer.remove)} ms`);
  console.log(`\n3. Scrolling the article top to bottom with 5,000 present: longest task ${ours.scroll ? `${Math.round(ours.scroll)} ms` : 'none over 50 ms'}\n`);
} finally {
  server.stop();
}
