// Annotations finding their passages again in real headless Chromium: after the article's text
// changed, and after importing W3C and Hypothesis files by button and by drop.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useApp, ROOT, demoRecord, writeDemoRecord, appReady } from './harness.mjs';
import { waitForSummary, selectText } from './actions.mjs';

const session = useApp();
let page;
beforeEach(() => ({ page } = session));
const scratch = mkdtempSync(join(tmpdir(), 'newsmark-e2e-'));

const items = () => page.getByRole('list', { name: 'Annotations', exact: true }).getByRole('listitem');
const orphans = () => page.getByRole('list', { name: 'Not found in this article' }).getByRole('listitem');
const bannerText = () => page.locator('#banner-text').textContent();

async function listed() {
  return items().evaluateAll((lis) =>
    lis.map((li) => ({
      tag: li.querySelector('.chip').textContent.toLowerCase(),
      quote: li.querySelector('.quote').textContent,
      review: !!li.querySelector('.chip.review'),
    })),
  );
}

async function reload() {
  await page.reload();
  await appReady(page);
}

/** The saved record of the demo article, as the app wrote it. */
const savedRecord = () => demoRecord(page);
const writeRecord = (record) => writeDemoRecord(page, record);

test('after the article changed, a banner sums up what was found, and review and orphans work', async () => {
  const phrases = [
    'officials seek an AI communications channel',
    'U.S.. officials have signaled that they want to initiate discussion',
    'both countries could still use AI offensively',
    'China’s AI ecosystem is also positioned to compete globally',
  ];
  for (const phrase of phrases) {
    await selectText(page, phrase);
    await page.keyboard.press('1');
  }
  // Pretend the annotations were made on an earlier version of the article: another
  // fingerprint; one passage read "signalled", one was worded differently, one sat earlier.
  const record = await savedRecord();
  record.article = '0123456789abcdef';
  const [exact, edited, shifted, gone] = record.annotations;
  edited.quote = edited.quote.replace('signaled', 'signalled');
  shifted.start_cp -= 40;
  shifted.end_cp -= 40;
  gone.quote = 'China’s AI industry is also positioned to win the global market outright';
  gone.note = 'Compare with the export data';
  await writeRecord(record);
  void exact;

  await reload();
  assert.equal(await bannerText(), '1 exact · 1 moved · 1 to review · 1 orphaned');
  assert.deepEqual((await listed()).map((a) => [a.quote, a.review]), [
    ['officials seek an AI communications channel', false],
    ['U.S.. officials have signaled that they want to initiate discussion', true],
    ['both countries could still use AI offensively', false],
  ]);
  assert.deepEqual(await page.evaluate(() => [...CSS.highlights.get('review')].map((r) => r.toString())), [
    'U.S.. officials have signaled that they want to initiate discussion',
  ]);

  // The orphan is listed with its quote and note, kept across a reload.
  assert.equal(await orphans().count(), 1);
  assert.match(await orphans().first().textContent(), /win the global market outright.*Compare with the export data/);

  // One action accepts the reviews.
  await page.getByRole('button', { name: 'Accept all' }).click();
  assert.deepEqual((await listed()).map((a) => a.review), [false, false, false]);
  assert.equal(await bannerText(), '1 exact · 1 moved · 1 orphaned');

  // Re-attach the orphan: choose it, select the new passage, attach.
  await orphans().first().click();
  await selectText(page, 'China’s AI ecosystem is also positioned to compete globally');
  await page.getByRole('button', { name: 'Attach to selection' }).click();
  assert.equal(await orphans().count(), 0);
  const attached = (await listed()).find((a) => a.quote.startsWith('China’s AI ecosystem'));
  assert.deepEqual(attached, { tag: 'claim', quote: 'China’s AI ecosystem is also positioned to compete globally', review: false });

  // All of it is saved: a reload shows the same, with no banner.
  const before = await listed();
  await reload();
  assert.deepEqual(await listed(), before);
  assert.equal(await page.locator('#banner').isHidden(), true);
});

test('an orphan can be deleted, and is gone after a reload', async () => {
  await selectText(page, 'officials seek an AI communications channel');
  await page.keyboard.press('2');
  const record = await savedRecord();
  record.article = 'ffffffffffffffff';
  record.annotations[0].quote = 'a sentence that is nowhere in the article any more';
  await writeRecord(record);
  await reload();
  assert.equal(await orphans().count(), 1);
  await orphans().first().click();
  await page.getByRole('button', { name: 'Delete unplaced annotation' }).click();
  assert.equal(await orphans().count(), 0);
  await reload();
  assert.equal(await orphans().count(), 0);
  assert.equal(await items().count(), 0);
});

async function importByButton(path) {
  // Clear what the last import showed, then wait for this one's outcome: a summary, or an error.
  await page.evaluate(() => {
    document.querySelector('#banner').hidden = true;
    document.querySelector('#banner-text').textContent = '';
    Object.assign(document.querySelector('#status'), { hidden: true, textContent: '' });
  });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /^Import/ }).click()]);
  await chooser.setFiles(path);
  await page.waitForFunction(() => {
    const banner = document.querySelector('#banner-text').textContent;
    const status = document.querySelector('#status');
    return (banner && !banner.startsWith('Reading') && !banner.startsWith('Finding')) || (!status.hidden && status.dataset.kind === 'error');
  });
}

async function dropFile(name, content, type = 'application/json') {
  const transfer = await page.evaluateHandle(
    ({ name, content, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], name, { type }));
      return dt;
    },
    { name, content, type },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  assert.equal(await page.locator('#drop').isVisible(), true, 'the page shows where to drop');
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

test('a W3C export imports into a fresh app exactly, and importing it again doubles nothing', async () => {
  await selectText(page, 'officials seek an AI communications channel');
  await page.keyboard.press('1');
  await page.getByRole('textbox', { name: 'Note' }).fill('Which officials?');
  await selectText(page, 'any call for restraint can sound hypocritical');
  await page.keyboard.press('3');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export JSON/ }).click()]);
  const file = join(scratch, 'export.annotations.json');
  await download.saveAs(file);
  const original = await listed();

  // A fresh browser profile: nothing saved.
  await session.fresh();
  ({ page } = session);
  assert.equal(await items().count(), 0);
  await importByButton(file);
  assert.equal(await bannerText(), '2 exact');
  assert.deepEqual(await listed(), original);
  await items().first().click();
  assert.equal(await page.getByRole('textbox', { name: 'Note' }).inputValue(), 'Which officials?');

  await importByButton(file);
  assert.equal(await bannerText(), '2 already here');
  assert.equal(await items().count(), 2);
});

test('a dropped Hypothesis export maps our tags and keeps the others', async () => {
  const hypothesis = {
    export_date: '2026-11-20T10:00:00.000Z',
    export_userid: 'acct:reader@hypothes.is',
    client_version: '1.1500.0',
    annotations: [
      {
        id: 'Hx1', created: '2026-11-19T09:00:00.000000+00:00', updated: '2026-11-19T09:00:00.000000+00:00',
        text: 'Is this sourced?', tags: ['ACCUSATION'],
        target: [{ source: 'https://example.org/us-china-ai', selector: [{ type: 'TextQuoteSelector', exact: 'White House accusations that Beijing has carried out industrial-scale efforts', prefix: 'At the same time. it highlights ', suffix: ' aimed at extracting' }] }],
      },
      {
        id: 'Hx2', created: '2026-11-19T09:00:00Z', updated: '2026-11-19T09:00:00Z', text: '', tags: ['follow-up'],
        target: [{ source: 'https://example.org/us-china-ai', selector: [{ type: 'TextQuoteSelector', exact: 'Melanie Hart', prefix: 'former State Department official ', suffix: '. now working' }] }],
      },
    ],
  };
  await dropFile('hypothesis.json', JSON.stringify(hypothesis));
  await waitForSummary(page);
  assert.equal(await bannerText(), '2 moved');
  assert.deepEqual(await listed(), [
    { tag: 'accusation', quote: 'White House accusations that Beijing has carried out industrial-scale efforts', review: false },
    { tag: 'follow-up', quote: 'Melanie Hart', review: false },
  ]);
  assert.deepEqual(await page.evaluate(() => [...CSS.highlights.get('other')].map((r) => r.toString())), ['Melanie Hart']);
});

test('a bad file says what and where, and changes nothing saved', async () => {
  await selectText(page, 'officials seek an AI communications channel');
  await page.keyboard.press('1');
  const before = await savedRecord();

  const bad = join(scratch, 'bad.json');
  writeFileSync(bad, '{"type": "AnnotationPage", "@context": "http://www.w3.org/ns/anno.jsonld", "items": [' +
    '{"id": "urn:x:1", "type": "Annotation", "target": {"source": "urn:x", "selector": {"type": "TextPositionSelector", "start": -1, "end": 3}}},' +
    '{"id": "urn:x:2", "type": "Annotation", "target": {"source": "urn:x", "selector": {"type": "TextQuoteSelector", "exact": "Melanie Hart"}}}]}');
  await importByButton(bad);
  assert.equal(await bannerText(), '1 moved · 1 not readable');
  await page.locator('#banner-details summary').click();
  assert.equal(
    await page.locator('#banner-problems li').textContent(),
    'items[0].target.selector: TextPositionSelector.start must be a non-negative integer',
  );

  const notJson = join(scratch, 'not.json');
  writeFileSync(notJson, 'this is not json');
  const saved = await savedRecord();
  await importByButton(notJson);
  assert.match(await page.locator('#status').textContent(), /^not\.json: the file is not valid JSON/);
  assert.deepEqual(await savedRecord(), saved, 'a failed import changes nothing saved');
  assert.notDeepEqual(saved, before, 'the partial import before it was saved');
});

test('the W3C suite’s incorrect samples never crash the page', async () => {
  const dir = join(ROOT, 'tests/fixtures/w3c-samples/incorrect');
  for (const name of ['anno1.json', 'anno5.json', 'anno20.json', 'anno30.json']) {
    await importByButton(join(dir, name));
    const problem = (await page.locator('#status').textContent()) + (await page.locator('#banner').textContent());
    assert.ok(problem.trim().length > 0, `${name} gets a message`);
  }
  assert.equal(await items().count(), 0);
  await selectText(page, 'officials seek an AI communications channel');
  await page.keyboard.press('1');
  assert.equal(await items().count(), 1, 'the app still works');
});

void readFileSync;
