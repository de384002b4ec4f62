// A reader annotates the demo article in real headless Chromium: select, tag by key and by
// button, retag, note, delete, reload, export.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useApp, appReady } from './harness.mjs';
import { selectText, selectRange, clickText, tag } from './actions.mjs';

const session = useApp();
let page;
beforeEach(() => ({ page } = session));

const items = () => page.getByRole('list', { name: 'Annotations', exact: true }).getByRole('listitem');

/** The annotations as the list shows them: tag and quote. */
async function listed() {
  return items().evaluateAll((lis) =>
    lis.map((li) => ({ tag: li.querySelector('.chip').textContent.toLowerCase(), quote: li.querySelector('.quote').textContent })),
  );
}

/** The text each CSS highlight draws, by tag. */
async function highlighted() {
  return page.evaluate(() =>
    Object.fromEntries(['claim', 'accusation', 'opinion'].map((t) => [t, [...(CSS.highlights.get(t) ?? [])].map((r) => r.toString())])),
  );
}

test('the demo article opens as a clean article page', async () => {
  const article = page.getByRole('article');
  await assert.doesNotReject(article.waitFor());
  assert.equal(await page.locator('article .block-kicker').textContent(), 'Business');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'U.S.-China AI talks needed as arms race fears rise');
  const text = await article.textContent();
  assert.match(text, /direct geopolitical conflict\.\. That tension is exactly why the U\.S\.\. and China\. despite mistrust\./, 'the author’s punctuation as written');
  for (const leftover of ['Leave a Reply', 'Your email address', 'Captcha', 'Secret Link']) {
    assert.ok(!text.includes(leftover), `${leftover} is not part of the article`);
  }
  for (const name of ['Claim', 'Accusation', 'Opinion']) {
    const button = page.getByRole('button', { name: new RegExp(`^${name}\\b`) });
    assert.match(await button.textContent(), /[123]/, `${name} shows its key`);
  }
  assert.equal(await items().count(), 0);
});

test('a mouse selection snaps to whole words and is tagged by key', async () => {
  // The drag starts inside "race" and ends inside "advanced".
  await selectText(page, 'ace to build the most advan');
  await page.keyboard.press('1');
  assert.deepEqual(await listed(), [{ tag: 'claim', quote: 'race to build the most advanced' }]);
  assert.deepEqual((await highlighted()).claim, ['race to build the most advanced']);
  assert.equal(await page.evaluate(() => getSelection().isCollapsed), true, 'the selection is cleared after tagging');
});

test('each tag has a key, a letter and a button', async () => {
  const cases = [
    ['The underlying concern is straightforward', '2', 'accusation'],
    ['Washington and Beijing both view advanced AI', 'o', 'opinion'],
    ['The report underscores a further irony', 'c', 'claim'],
    ['Meanwhile, the difficulties are not limited to foreign policy', 'a', 'accusation'],
    ['Domestic governance and industry friction', '3', 'opinion'],
  ];
  for (const [phrase, key] of cases) {
    await selectText(page, phrase);
    await page.keyboard.press(key);
  }
  await selectRange(page, 'It further claims that Beijing even included foreign ministry representatives');
  await page.getByRole('button', { name: /^Opinion\b/ }).click();
  await selectRange(page, 'That described history helps explain the suspicion');
  await page.getByRole('button', { name: /^Accusation\b/ }).click();
  const got = await listed();
  assert.equal(got.length, cases.length + 2);
  const byQuote = Object.fromEntries(got.map((a) => [a.quote, a.tag]));
  for (const [phrase, , tag] of cases) assert.equal(byQuote[phrase], tag, phrase);
  assert.equal(byQuote['It further claims that Beijing even included foreign ministry representatives'], 'opinion');
  assert.equal(byQuote['That described history helps explain the suspicion'], 'accusation');
  const counts = await page.locator('#legend .n').allTextContents();
  assert.deepEqual(counts, ['1', '3', '3']);
});

test('a selection across paragraphs becomes one annotation drawn in both', async () => {
  await selectText(page, 'with words. not just capabilities.\n\nU.S.-China AI talks AI arms race');
  await page.getByRole('button', { name: /^Claim\b/ }).click();
  const [annotation] = await listed();
  assert.equal(annotation.tag, 'claim');
  assert.ok(annotation.quote.startsWith('with words. not just capabilities.'));
  assert.ok(annotation.quote.endsWith('AI arms race'));
  assert.deepEqual((await highlighted()).claim.map((s) => s.replace(/\s+/g, ' ')), ['with words. not just capabilities.U.S.-China AI talks AI arms race']);
});

test('a triple-clicked paragraph is tagged whole', async () => {
  const box = await page.locator('article p', { hasText: 'Meanwhile, the difficulties' }).boundingBox();
  await page.mouse.click(box.x + 40, box.y + 10, { clickCount: 3 });
  // As a reader would, press the key once the paragraph shows selected.
  await page.waitForFunction(() => getSelection().toString().includes('for months, with American companies'));
  await page.keyboard.press('3');
  const paragraph = await page.locator('article p', { hasText: 'Meanwhile, the difficulties' }).textContent();
  assert.deepEqual(await listed(), [{ tag: 'opinion', quote: paragraph }]);
});

test('a selection with no words is refused with a message', async () => {
  await selectRange(page, '.. ');
  await page.keyboard.press('1');
  assert.equal(await items().count(), 0);
  await page.keyboard.press('Escape');
  await page.keyboard.press('2');
  assert.match(await page.locator('#status').textContent(), /Select a passage/);
  assert.equal(await items().count(), 0);
});

test('click a highlight to select it, retag it, note it, delete it', async () => {
  await selectText(page, 'both sides fear the technology could evolve');
  await page.keyboard.press('1');
  await selectText(page, 'The U.S.. has leaned heavily on export controls');
  await page.keyboard.press('1');
  await page.keyboard.press('Escape');

  // Clicking the highlighted words selects that annotation; a key retags it.
  await clickText(page, 'fear the technology');
  assert.equal(await page.locator('li.selected .quote').textContent(), 'both sides fear the technology could evolve');
  await page.keyboard.press('2');
  assert.deepEqual((await listed()).map((a) => a.tag), ['accusation', 'claim']);
  assert.deepEqual((await highlighted()).accusation, ['both sides fear the technology could evolve']);

  // Clicking its list entry selects it too; its note is typed in place.
  await items().filter({ hasText: 'export controls' }).click();
  await page.getByRole('textbox', { name: 'Note' }).fill('Which controls? Since when?');
  await page.getByRole('button', { name: /^Opinion\b/ }).click();
  assert.deepEqual((await listed()).map((a) => a.tag), ['accusation', 'opinion']);

  // Deleting by button and by key.
  await page.getByRole('button', { name: 'Delete annotation' }).click();
  assert.deepEqual((await listed()).map((a) => a.quote), ['both sides fear the technology could evolve']);
  await items().first().click();
  await page.keyboard.press('Delete');
  assert.equal(await items().count(), 0);
  assert.deepEqual(await highlighted(), { claim: [], accusation: [], opinion: [] });
});

test('everything is still there after a reload', async () => {
  await selectText(page, 'officials seek an AI communications channel');
  await page.keyboard.press('1');
  await page.getByRole('textbox', { name: 'Note' }).fill('Which officials? Named nowhere.\nSecond line, “quoted” & <b>not bold</b>');
  await selectText(page, 'both countries could still use AI offensively');
  await page.keyboard.press('3');
  const before = await listed();
  const notes = () => items().evaluateAll((lis) => lis.map((li) => li.querySelector('.note, .note-input')?.value ?? li.querySelector('.note')?.textContent ?? ''));
  const notesBefore = await notes();

  await page.reload();
  await appReady(page);
  assert.deepEqual(await listed(), before);
  assert.deepEqual(await notes(), notesBefore);
  assert.equal(notesBefore[0], 'Which officials? Named nowhere.\nSecond line, “quoted” & <b>not bold</b>');
  assert.equal(await page.locator('.items b').count(), 0, 'a note is text, never HTML');
  assert.deepEqual((await highlighted()).claim, ['officials seek an AI communications channel']);
});

test('the first screen needs no code that changes annotations; an action taken before it arrives is done once it does', async () => {
  await selectText(page, 'officials seek an AI communications channel');
  await page.keyboard.press('1');
  // The app module is held back (a slow network): the saved annotation must show without it.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const asked = [];
  await page.route('**/pkg/newsmark_bg.wasm', async (route) => {
    asked.push(route.request().url());
    await held;
    await route.continue();
  });
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.deepEqual(await listed(), [{ tag: 'claim', quote: 'officials seek an AI communications channel' }]);
  assert.deepEqual((await highlighted()).claim, ['officials seek an AI communications channel']);
  assert.equal(await page.locator('#save-state').textContent(), 'Saved in this browser');
  // The undo log is only looked for: Undo is offered, and says what it undoes once the app
  // module has read it.
  assert.equal(await page.getByRole('button', { name: /^Undo/ }).getAttribute('aria-label'), 'Undo');
  assert.equal(await page.getByRole('button', { name: /^Undo/ }).isDisabled(), false);
  assert.deepEqual(asked, [], 'nothing asks for the app module before the reader does anything');
  // The reader selects a passage and tags it at once: the tag waits for the module, then lands.
  await selectText(page, 'both countries could still use AI offensively');
  await page.keyboard.press('3');
  assert.equal(asked.length, 1, 'the first sign of use asked for it');
  assert.equal(await items().count(), 1, 'held back: nothing changed yet');
  release();
  await page.waitForSelector('body[data-editor="true"]', { state: 'attached' });
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 2);
  assert.deepEqual(await listed(), [
    { tag: 'claim', quote: 'officials seek an AI communications channel' },
    { tag: 'opinion', quote: 'both countries could still use AI offensively' },
  ]);
  assert.equal(await page.getByRole('button', { name: /^Undo/ }).getAttribute('aria-label'), 'Undo tag');
  await page.unroute('**/pkg/newsmark_bg.wasm');
  await page.reload();
  await appReady(page);
  assert.equal(await items().count(), 2, 'and it was saved');
});

test('damaged saved data is kept aside and reported, and the app still works', async () => {
  const annotationKeys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('newsmark:ann:')));
  assert.deepEqual(await annotationKeys(), [], 'nothing saved yet');
  await selectText(page, 'The race to build');
  await page.keyboard.press('1');
  const [saved] = await annotationKeys();
  await page.evaluate((k) => localStorage.setItem(k, '{"version": 2, "annotation": [tru'), saved);
  await page.reload();
  await appReady(page);
  assert.match(await page.locator('#status').textContent(), /damaged.*kept aside, not lost/);
  const aside = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('newsmark:damaged:')).map((k) => localStorage.getItem(k)));
  assert.deepEqual(aside, ['{"version": 2, "annotation": [tru']);
  // The library lists it, with a download.
  await page.getByRole('button', { name: 'Library' }).click();
  const damaged = page.getByRole('list', { name: 'Damaged records' }).getByRole('listitem');
  await damaged.first().waitFor();
  assert.equal(await damaged.count(), 1);
  await page.getByRole('button', { name: 'Close library' }).click();
  await selectText(page, 'The race to build');
  await page.keyboard.press('2');
  assert.deepEqual(await listed(), [{ tag: 'accusation', quote: 'The race to build' }]);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), saved), '{"version": 2, "annotation": [tru', 'never written over');
});

const canonicalText = () => page.evaluate(() => [...document.querySelectorAll('article .block')].map((b) => b.textContent).join('\n\n'));

test('Export JSON downloads a W3C AnnotationCollection whose selectors match the article', async () => {
  await selectText(page, 'President Trump’s meetings with President Xi Jinping');
  await page.keyboard.press('1');
  await page.getByRole('textbox', { name: 'Note' }).fill('Check the date of the meetings.');
  await selectText(page, 'the report argues', 0);
  await page.keyboard.press('3');
  await selectText(page, 'the report argues', 1);
  await page.keyboard.press('3');
  await selectRange(page, 'China’s AI ecosystem');
  await page.keyboard.press('2');
  // A tagged passage with characters outside the BMP would shift UTF-16 against code points:
  // everything after "’" (BMP) stays equal, so positions are checked on the whole text below.

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export JSON/ }).click()]);
  assert.equal(download.suggestedFilename(), 'u-s-china-ai-talks-needed-as-arms-race-fears-rise.annotations.json');
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));

  assert.equal(doc['@context'], 'http://www.w3.org/ns/anno.jsonld');
  assert.equal(doc.type, 'AnnotationCollection');
  assert.match(doc.id, /^urn:newsmark:annotations:[0-9a-f]{16}$/);
  assert.equal(doc.total, 4);
  assert.equal(doc.first.type, 'AnnotationPage');
  assert.equal(doc.first.items.length, 4);

  const text = [...(await canonicalText())];
  const slice = (a, b) => text.slice(Math.max(0, a), Math.max(0, b)).join('');
  const tags = [];
  for (const a of doc.first.items) {
    assert.match(a.id, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(a.type, 'Annotation');
    assert.match(a.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.match(a.modified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.match(a.generator.name, /^newsmark \d+\.\d+\.\d+/);
    assert.equal(a.target.type, 'SpecificResource');
    const quote = a.target.selector.find((s) => s.type === 'TextQuoteSelector');
    const position = a.target.selector.find((s) => s.type === 'TextPositionSelector');
    assert.equal(slice(position.start, position.end), quote.exact, 'the quote is at its position (code points)');
    assert.equal(slice(position.start - [...quote.prefix].length, position.start), quote.prefix);
    assert.equal(slice(position.end, position.end + [...quote.suffix].length), quote.suffix);
    const tagging = a.body.filter((b) => b.purpose === 'tagging');
    assert.equal(tagging.length, 1);
    assert.equal(tagging[0].type, 'TextualBody');
    tags.push(tagging[0].value);
    // A repeated phrase carries enough context to be unique.
    const whole = quote.prefix + quote.exact + quote.suffix;
    assert.equal(text.join('').indexOf(whole), text.join('').lastIndexOf(whole), `${quote.exact} is unique with its context`);
  }
  assert.deepEqual(tags, ['claim', 'opinion', 'accusation', 'opinion'], 'text order');
  const noted = doc.first.items[0].body.find((b) => b.purpose === 'commenting');
  assert.equal(noted.value, 'Check the date of the meetings.');
  assert.equal(doc.first.items[1].body.length, 1, 'no empty note body');
});

test('UTF-16 offsets from the DOM become code points in the export, emoji and all', async () => {
  // The binding itself, fed an article with characters outside the BMP, CJK, RTL and
  // combining marks: what the DOM counts (UTF-16) must come out as code points.
  const result = await page.evaluate(async () => {
    const { Newsmark } = await import('./pkg/newsmark.js');
    const intake = await import('./pkg/intake.js');
    await intake.default();
    const source = 'Title 👋 here\n\nFirst 🇫🇷 paragraph with 東京 and مرحبا and cafe\u0301 noir.\n\nSecond 😀 one.';
    const app = new Newsmark(source, 'test:utf16', () => {});
    const text = app.article().blocks.map((b) => b.text).join('\n\n');
    const tagged = [];
    for (const phrase of ['東京', 'مرحبا', 'cafe\u0301 noir', 'Second 😀 one']) {
      const at = text.indexOf(phrase);
      tagged.push(app.tag_selection(at, at + phrase.length, 'claim').id);
    }
    return { text, doc: JSON.parse(intake.export_w3c(app.article_source(), app.saved_json())) };
  });
  const cps = [...result.text];
  const quotes = result.doc.first.items.map((a) => {
    const [quote, position] = a.target.selector;
    assert.equal(cps.slice(position.start, position.end).join(''), quote.exact);
    return quote.exact;
  });
  assert.deepEqual(quotes, ['東京', 'مرحبا', 'cafe\u0301 noir', 'Second 😀 one']);
  const second = result.doc.first.items[3].target.selector[1];
  assert.equal(second.start, result.text.indexOf('Second') - 3, 'three emoji before it: 3 fewer code points than UTF-16 units');
});

test('a list of 2,000 annotations lays out only what can be seen, and scrolls to the end', async () => {
  // 2,000 annotations on the first words of the demo's paragraphs, imported as a W3C file.
  const words = await page.evaluate(() => [...document.querySelectorAll('article p')].map((p) => p.textContent.split(' ').slice(0, 6).join(' ')));
  const entries = Array.from({ length: 2000 }, (_, i) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'Annotation',
    body: [{ type: 'TextualBody', purpose: 'tagging', value: ['claim', 'accusation', 'opinion'][i % 3] }, { type: 'TextualBody', purpose: 'commenting', value: `note ${i}` }],
    target: { source: 'urn:x', selector: { type: 'TextQuoteSelector', exact: words[i % words.length] } },
  }));
  const file = join(mkdtempSync(join(tmpdir(), 'newsmark-list-')), 'many.json');
  writeFileSync(file, JSON.stringify(entries));
  await page.setInputFiles('#import-file', file);
  await page.waitForFunction(() => document.querySelector('#count').textContent === '2000', null, { timeout: 30_000 });
  const drawn = () => items().count();
  assert.ok((await drawn()) < 100, `only what can be seen is drawn (${await drawn()} items)`);
  assert.equal(await items().first().getAttribute('aria-setsize'), '2000', 'a screen reader hears the whole count');
  assert.equal(await items().first().getAttribute('aria-posinset'), '1');
  // Scrolled to the end, the last ones are drawn and the first are not.
  await page.locator('#annotations').evaluate((list) => (list.scrollTop = list.scrollHeight));
  await page.waitForFunction(() => [...document.querySelectorAll('#annotations li[data-id]')].some((li) => li.getAttribute('aria-posinset') === '2000'));
  assert.ok((await drawn()) < 100);
  assert.equal(await page.locator('#annotations li[aria-posinset="1"]').count(), 0);
  // j and k move the selection, and the list follows it: the first annotation comes back.
  await page.locator('#dismiss').click();
  await page.keyboard.press('j');
  assert.equal(await page.locator('#annotations li.selected').getAttribute('aria-posinset'), '1');
  assert.ok(await page.locator('#annotations li.selected').isVisible());
});

test('the search finds quotes and notes, marked; the tag counts filter the list; / goes to the search', async () => {
  await tag(page, 'officials seek an AI communications channel', '1');
  await page.getByRole('textbox', { name: 'Note' }).fill('Which officials? Named nowhere.');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await tag(page, 'both countries could still use AI offensively', '3');
  await tag(page, 'The underlying concern is straightforward', '2');
  await page.keyboard.press('Escape');
  const search = page.getByRole('searchbox', { name: 'Search annotations' });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search', '/ focuses the search');
  await page.keyboard.type('NAMED');
  assert.deepEqual((await listed()).map((a) => a.quote), ['officials seek an AI communications channel'], 'a note matches too, case aside');
  assert.deepEqual(await page.locator('#annotations mark').allTextContents(), ['Named']);
  assert.equal(await page.locator('#shown').textContent(), 'Showing 1 of 3.');
  await search.fill('use ai');
  assert.deepEqual((await listed()).map((a) => a.quote), ['both countries could still use AI offensively'], 'every word counts');
  await search.fill('nothing like this');
  assert.equal(await items().count(), 0);
  assert.match(await page.locator('#shown').textContent(), /^No annotation matches “nothing like this”/);
  await search.press('Escape');
  assert.equal(await search.inputValue(), '', 'Escape clears the search');
  assert.equal(await items().count(), 3);
  // The counts by tag are the filters.
  const claims = page.getByRole('button', { name: /^Claims/ });
  assert.equal(await claims.getAttribute('aria-pressed'), 'false');
  await claims.click();
  assert.equal(await claims.getAttribute('aria-pressed'), 'true');
  assert.deepEqual((await listed()).map((a) => a.tag), ['claim']);
  await page.getByRole('button', { name: /^Opinions/ }).click();
  assert.deepEqual((await listed()).map((a) => a.tag).sort(), ['claim', 'opinion']);
  await claims.click();
  await page.getByRole('button', { name: /^Opinions/ }).click();
  assert.equal(await items().count(), 3, 'no filter pressed: all');
});

test('? shows every shortcut; a click on text under two annotations selects the shorter, again the other', async () => {
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  assert.ok(await sheet.isVisible());
  assert.match(await sheet.textContent(), /Undo.*Search the annotations/s);
  await page.keyboard.press('Escape');
  assert.ok(!(await sheet.isVisible()), 'Escape closes it');
  // A long passage and a short one inside it.
  await tag(page, 'The underlying concern is straightforward: both sides fear the technology could evolve', '1');
  await tag(page, 'both sides fear', '3');
  await page.keyboard.press('Escape');
  const selected = () => page.locator('#annotations li.selected .quote').textContent();
  await clickText(page, 'both sides fear');
  assert.equal(await selected(), 'both sides fear', 'the shorter first');
  assert.match(await page.locator('#status').textContent(), /1 of 2 annotations here/);
  await clickText(page, 'both sides fear');
  assert.match(await selected(), /^The underlying concern/, 'then the one around it');
  await clickText(page, 'both sides fear');
  assert.equal(await selected(), 'both sides fear', 'and round again');
});
