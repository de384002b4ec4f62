// Reviewing a read article: the list by time and by state, which annotations overlap, what
// share of the text each tag covers, the strip beside the article, the reading progress, and a
// highlight's note under the pointer.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './harness.mjs';
import { tag, clickText, selectText } from './actions.mjs';

const session = useApp();
let page;
beforeEach(() => ({ page } = session));

const quotes = () => page.locator('#annotations li[data-id] .quote').allTextContents();
const count = (n) => page.waitForFunction((n) => document.querySelectorAll('#annotations li[data-id]').length === n, n);

test('the list sorts by time, filters by state, and says which annotations overlap', async () => {
  await tag(page, 'any call for restraint can sound hypocritical', '3');
  await tag(page, 'The race to build the most advanced AI systems', '1');
  await tag(page, 'both sides fear the technology could evolve', '2');
  await tag(page, 'both sides fear', '1');
  await page.keyboard.press('Escape');
  await count(4);
  const inText = await quotes();
  assert.equal(inText[0], 'The race to build the most advanced AI systems', 'in text order first');
  await page.getByRole('combobox', { name: 'Order of the list' }).selectOption('newest');
  assert.deepEqual(await quotes(), ['both sides fear', 'both sides fear the technology could evolve', 'The race to build the most advanced AI systems', 'any call for restraint can sound hypocritical']);
  await page.getByRole('combobox', { name: 'Order of the list' }).selectOption('oldest');
  assert.equal((await quotes())[0], 'any call for restraint can sound hypocritical');
  await page.getByRole('combobox', { name: 'Order of the list' }).selectOption('text');
  assert.deepEqual(await quotes(), inText);
  // The two on "both sides fear" overlap, and say so; the others do not.
  const overlaps = await page.locator('#annotations li[data-id]').evaluateAll((lis) => lis.filter((li) => li.querySelector('.chip.overlap')).map((li) => li.querySelector('.quote').textContent));
  assert.deepEqual(overlaps.sort(), ['both sides fear', 'both sides fear the technology could evolve']);
  // None is to review: "To review" shows none, and says so; pressed again, all come back.
  const toReview = page.getByRole('button', { name: /^To review/ });
  assert.equal(await toReview.getAttribute('aria-pressed'), 'false');
  await toReview.click();
  assert.equal(await toReview.getAttribute('aria-pressed'), 'true');
  await count(0);
  assert.match(await page.locator('#shown').textContent(), /No annotation matches among those chosen/);
  await toReview.click();
  await count(4);
  assert.ok(await page.getByRole('button', { name: /^Not found 0/ }).isVisible());
});

test('each tag says the share of the text it covers; the strip shows where they fall and goes to them', async () => {
  await tag(page, 'The race to build the most advanced AI systems', '1');
  await tag(page, 'any call for restraint can sound hypocritical', '3');
  await page.keyboard.press('Escape');
  await count(2);
  const claims = await page.getByRole('button', { name: /^Claims/ }).textContent();
  assert.match(claims, /Claims 1 · (<1|\d+)%/, `the share in the legend: ${claims}`);
  assert.match(await page.getByRole('button', { name: /^Accusations/ }).textContent(), /Accusations 0$/, 'a tag with none says no share');
  // The strip: marks drawn in the tags' lanes (the canvas is not blank where they are).
  const strip = page.getByRole('group', { name: 'Where the tags fall in the article' });
  assert.ok(await strip.isVisible());
  // (Drawn when the page is idle after a change.)
  await page.waitForFunction(() => {
    const canvas = document.querySelector('#strip canvas');
    return canvas.width > 0 && canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data.some((v, i) => i % 4 === 3 && v > 200);
  });
  const lanes = await page.evaluate(() => {
    const canvas = document.querySelector('#strip canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const inked = (lane) => {
      let n = 0;
      for (let y = 0; y < canvas.height; y++) for (let x = Math.floor((lane * canvas.width) / 3); x < Math.floor(((lane + 1) * canvas.width) / 3); x++) if (data[(y * canvas.width + x) * 4 + 3] > 200) n++;
      return n;
    };
    return [inked(0), inked(1), inked(2)];
  });
  assert.ok(lanes[0] > 0 && lanes[2] > 0, `claim and opinion lanes are marked: ${lanes}`);
  // Keys from the strip go from one annotation to the next, selecting it (none selected: from
  // the part on screen, here the top of the article).
  await page.evaluate(() => scrollTo(0, 0));
  await strip.focus();
  await page.keyboard.press('ArrowDown');
  const selected = () => page.locator('#annotations li.selected .quote').textContent();
  assert.equal(await selected(), 'The race to build the most advanced AI systems');
  await page.keyboard.press('ArrowDown');
  assert.equal(await selected(), 'any call for restraint can sound hypocritical');
  await page.keyboard.press('Home');
  assert.equal(await selected(), 'The race to build the most advanced AI systems');
  // A click on the strip near the end of the article scrolls the page there.
  await page.evaluate(() => scrollTo(0, 0));
  const box = await strip.boundingBox();
  await strip.click({ position: { x: box.width / 2, y: box.height * 0.97 } });
  assert.ok(await page.evaluate(() => scrollY) > 500, 'the click went down the article');
  // Reading progress: how far read and annotated.
  await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
  await page.waitForFunction(() => /^Read 100% · annotated to \d+%$/.test(document.querySelector('#progress-text').textContent));
});

test('the note of a highlight shows under the pointer', async () => {
  await tag(page, 'any call for restraint can sound hypocritical', '3');
  await page.getByRole('textbox', { name: 'Note' }).fill('Whose view is this?');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  const rect = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const at = walker.currentNode.data.indexOf('restraint');
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(walker.currentNode, at);
      range.setEnd(walker.currentNode, at + 5);
      const r = range.getClientRects()[0];
      return { x: r.left + 3, y: r.top + r.height / 2 };
    }
  });
  await page.mouse.move(rect.x, rect.y);
  const tip = page.getByRole('tooltip');
  await tip.waitFor();
  assert.equal(await tip.textContent(), 'Whose view is this?');
  await page.mouse.move(5, 400);
  await page.mouse.move(rect.x, rect.y - 200);
  await page.mouse.move(2, 2);
  await page.waitForFunction(() => document.querySelector('.preview').hidden);
  await clickText(page, 'restraint');
  assert.match(await page.locator('#annotations li.selected .quote').textContent(), /restraint/);
});

test('the wheel turned is a sign of use: the strip and the progress come for a reader who only scrolls', async () => {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.equal(await page.evaluate(() => document.body.dataset.editor ?? null), null, 'nothing used yet');
  await page.mouse.move(300, 400);
  await page.mouse.wheel(0, 600);
  await page.waitForSelector('body[data-editor="true"]', { state: 'attached' });
  await page.waitForFunction(() => /^Read \d+%/.test(document.querySelector('#progress')?.textContent ?? ''));
});

test('the adder takes a note: written beside the passage, then its tag chosen, both kept', async () => {
  await selectText(page, 'any call for restraint can sound hypocritical');
  const adder = page.getByRole('toolbar', { name: 'Tag this passage' });
  await adder.getByRole('button', { name: 'Write a note, then choose its tag' }).click();
  const field = adder.getByRole('textbox', { name: 'Note for this passage' });
  await field.waitFor();
  // Keys typed in the note are text, not shortcuts (1 would tag); the passage stays drawn.
  await field.fill('Hypocritical to whom? 1 2 3');
  assert.equal(await page.locator('#annotations li[data-id]').count(), 0);
  assert.ok(await page.evaluate(() => CSS.highlights.has('noting')), 'the passage is still shown as chosen');
  await adder.getByRole('button', { name: 'Tag as an opinion' }).click();
  await count(1);
  const item = page.locator('#annotations li[data-id]').first();
  assert.equal(await item.locator('.chip').first().textContent(), 'Opinion');
  assert.match(await item.locator('.quote').textContent(), /any call for restraint can sound hypocritical/);
  assert.equal(await page.getByRole('textbox', { name: 'Note', exact: true }).inputValue(), 'Hypocritical to whom? 1 2 3');
  assert.ok(!(await adder.isVisible()), 'gone once the passage is tagged');
  assert.ok(!(await page.evaluate(() => CSS.highlights.has('noting'))));
  // Escape leaves a note unwritten: nothing made.
  await selectText(page, 'both sides fear');
  await adder.getByRole('button', { name: 'Write a note, then choose its tag' }).click();
  await field.fill('never kept');
  await page.keyboard.press('Escape');
  assert.ok(!(await adder.isVisible()));
  await page.keyboard.press('Escape');
  await count(1);
});

test('beside a passage selected with the mouse, its tag buttons; each paragraph holding annotations says so', async () => {
  await selectText(page, 'any call for restraint can sound hypocritical');
  const adder = page.getByRole('toolbar', { name: 'Tag this passage' });
  await adder.waitFor();
  // Next to the selection, not in the panel.
  const [box, passage] = [await adder.boundingBox(), await page.evaluate(() => getSelection().getRangeAt(0).getBoundingClientRect().bottom)];
  assert.ok(box.y >= passage && box.y < passage + 40, `just below the passage: ${box.y} / ${passage}`);
  await adder.getByRole('button', { name: 'Tag as an opinion' }).click();
  await count(1);
  assert.equal(await page.locator('#annotations li[data-id] .chip').first().textContent(), 'Opinion');
  assert.ok(!(await adder.isVisible()), 'gone once the passage is tagged');
  // For screen readers (the highlights are not in the page's tree): the paragraph says it.
  await page.waitForFunction(() => [...document.querySelectorAll('#article p')].some((p) => p.getAttribute('aria-description') === '1 annotation: opinion' && p.textContent.includes('hypocritical')));
  await tag(page, 'both sides fear', '2');
  await page.waitForFunction(() => [...document.querySelectorAll('#article [aria-description]')].map((p) => p.getAttribute('aria-description')).sort().join('|') === '1 annotation: accusation|1 annotation: opinion');
});
