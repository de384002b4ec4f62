// Sharing: the exported page opened with JavaScript off from file://, and opened again in a
// fresh newsmark; the CSV and JSONL exports.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { useApp, appReady } from './harness.mjs';
import { waitForSummary, selectText, selectRange } from './actions.mjs';

const session = useApp();
let page;
beforeEach(() => ({ page } = session));
const scratch = mkdtempSync(join(tmpdir(), 'newsmark-page-'));

const items = () => page.getByRole('list', { name: 'Annotations', exact: true }).getByRole('listitem');
const listed = () => items().evaluateAll((lis) => lis.map((li) => [li.querySelector('.chip').textContent.toLowerCase(), li.querySelector('.quote').textContent]));

async function annotate() {
  await selectText(page, 'both sides fear the technology could evolve into a new arena of confrontation');
  await page.keyboard.press('1');
  await page.getByRole('textbox', { name: 'Note' }).fill('Which officials? </script><img src=x onerror=alert(1)> & “quotes”');
  await selectText(page, 'the technology could evolve');
  await page.keyboard.press('3');
  await selectText(page, 'White House accusations that Beijing has carried out industrial-scale efforts');
  await page.keyboard.press('2');
  await selectRange(page, 'with words. not just capabilities.\n\nU.S.-China AI talks');
  await page.keyboard.press('3');
  await page.keyboard.press('Escape');
}

async function exportPage() {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export page/ }).click()]);
  const file = join(scratch, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file };
}

test('the exported page works from file:// with JavaScript off, makes no request, and holds every mark', async () => {
  await annotate();
  const { name, file } = await exportPage();
  assert.equal(name, 'u-s-china-ai-talks-needed-as-arms-race-fears-rise.annotated.html');

  const viewer = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await viewer.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    const reader = await context.newPage();
    const requests = [];
    reader.on('request', (r) => requests.push(r.url()));
    await reader.goto(`file://${file}`);
    assert.deepEqual(requests, [`file://${file}`], 'nothing but the file itself');

    const got = await reader.evaluate(() => {
      const byAnnotation = {};
      for (const mark of document.querySelectorAll('article mark[data-annotation]')) {
        const n = mark.dataset.annotation;
        byAnnotation[n] ??= { tag: mark.className.replace('nm-', ''), text: [] };
        byAnnotation[n].text.push(mark.textContent);
      }
      const collection = JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent);
      return {
        marks: Object.values(byAnnotation).map((a) => [a.tag, a.text.join('')]),
        quotes: collection.first.items.map((i) => [i.body.find((b) => b.purpose === 'tagging').value, i.target.selector[0].exact.replaceAll('\n\n', '')]),
        legend: [...document.querySelectorAll('.nm-legend li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
        notes: [...document.querySelectorAll('.nm-notes .nm-note')].map((n) => n.textContent),
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img').length,
        noteLink: document.querySelector('a.nm-ref')?.getAttribute('href'),
        backLink: document.querySelector('.nm-notes a.nm-back')?.getAttribute('href'),
      };
    });
    assert.deepEqual(got.marks, got.quotes, 'each mark’s text is its quote, with its tag');
    assert.deepEqual(got.legend.map((l) => l.replace(/ \S+ of the text$/, '')), ['Claims 1', 'Accusations 1', 'Opinions 2']);
    assert.ok(got.legend.every((l) => / (<1|\d+)% of the text$/.test(l)), `each tag's share of the text: ${got.legend}`);
    assert.deepEqual(got.notes, ['Which officials? </script><img src=x onerror=alert(1)> & “quotes”']);
    assert.equal(got.scripts, 2, 'two data blocks, no code');
    assert.equal(got.images, 0, 'the note’s markup stayed text');
    assert.equal(got.noteLink, '#note-1');
    assert.equal(got.backLink, '#ref-1');
    await reader.screenshot({ path: join(scratch, 'page.png') });
  } finally {
    await viewer.close();
  }
});

test('opening an exported page in a fresh newsmark restores the article and every annotation', async () => {
  await annotate();
  const before = await listed();
  const { file } = await exportPage();

  await session.fresh();
  ({ page } = session);
  // A different article first, so the page must bring its own.
  await page.evaluate(() => localStorage.clear());
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /^Import/ }).click()]);
  await chooser.setFiles(file);
  await waitForSummary(page);
  assert.equal(await page.locator('#banner-text').textContent(), '4 exact');
  assert.deepEqual(await listed(), before);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'U.S.-China AI talks needed as arms race fears rise');

  // It stays the open article across a reload, with its annotations.
  await page.reload();
  await appReady(page);
  assert.deepEqual(await listed(), before);
});

test('a page of another article opens that article; the demo is one click away', async () => {
  // An exported page of a small article, made by the intake module itself.
  const html = await page.evaluate(async () => {
    const intake = await import('./pkg/intake.js');
    await intake.default();
    const article = JSON.stringify({ version: 1, blocks: [{ kind: 'title', text: 'Council votes on the budget' }, { kind: 'paragraph', text: 'The mayor said the budget is balanced. Critics called it a fantasy.' }] });
    const saved = JSON.stringify({ version: 1, article: '', annotations: [] });
    return intake.export_page(article, saved);
  });
  await page.evaluate((html) => {
    const dt = new DataTransfer();
    dt.items.add(new File([html], 'budget.annotated.html', { type: 'text/html' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, html);
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Council votes on the budget');
  await selectText(page, 'the budget is balanced');
  await page.keyboard.press('1');
  assert.deepEqual(await listed(), [['claim', 'the budget is balanced']]);
  // With the way back in the bar too, every control of the bar stays on the screen.
  const size = page.viewportSize();
  for (const width of [1440, 1360, 1280, 1240, 1200, 1100, 1000, 900]) {
    await page.setViewportSize({ width, height: size.height });
    const right = await page.evaluate(() => document.querySelector('.more').getBoundingClientRect().right - innerWidth);
    assert.ok(right <= 0, `at ${width} px the ⋯ menu is ${right} px off the screen`);
  }
  await page.setViewportSize(size);
  await page.getByRole('button', { name: 'Back to the demo article' }).click();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'U.S.-China AI talks needed as arms race fears rise');
  assert.equal(await items().count(), 0, 'each article keeps its own annotations');
});

test('CSV and doccano JSONL exports', async () => {
  await annotate();
  const save = async (name) => {
    await page.locator('.more summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const file = join(scratch, download.suggestedFilename());
    await download.saveAs(file);
    return [download.suggestedFilename(), readFileSync(file, 'utf8')];
  };
  const [csvName, csv] = await save('Export CSV');
  assert.equal(csvName, 'u-s-china-ai-talks-needed-as-arms-race-fears-rise.annotations.csv');
  const rows = csv.split('\r\n');
  assert.equal(rows[0], 'tag,quote,note,start,end,created');
  assert.match(rows[1], /^claim,both sides fear the technology could evolve into a new arena of confrontation,Which officials\? <\/script><img src=x onerror=alert\(1\)> & “quotes”,\d+,\d+,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  assert.match(csv, /\r\nopinion,"with words\. not just capabilities\.\n\nU\.S\.-China AI talks",/, 'a quote over two paragraphs is quoted');
  const [jsonlName, jsonl] = await save('Export JSONL (doccano)');
  assert.equal(jsonlName, 'u-s-china-ai-talks-needed-as-arms-race-fears-rise.doccano.jsonl');
  const line = JSON.parse(jsonl);
  const cps = [...line.text];
  assert.deepEqual(
    line.label.map(([s, e, tag]) => [tag, cps.slice(s, e).join('')]),
    (await listed()).map(([tag, quote]) => [tag, quote]),
  );
});
