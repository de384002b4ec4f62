// A reader on a phone (390×844, touch): tagging never moves the page, the selected annotation
// opens as a bottom sheet that leaves the passage in view, every control is at least 44 px,
// and the hints speak of tapping. And a page zoomed to 400 % keeps most of its height for text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openApp } from './harness.mjs';
import { selectRange } from './actions.mjs';

let server;
before(async () => (server = await startServer()));
after(() => server.stop());

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** Where a phrase of the article is on screen now. */
const rectOf = (page, phrase) => page.evaluate((phrase) => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const at = walker.currentNode.data.indexOf(phrase);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(walker.currentNode, at);
    range.setEnd(walker.currentNode, at + phrase.length);
    const r = range.getBoundingClientRect();
    // A point on its first line, to tap.
    const first = range.getClientRects()[0];
    return { top: r.top, bottom: r.bottom, x: first.left + Math.min(20, first.width / 2), y: first.top + first.height / 2 };
  }
  return null;
}, phrase);

test('on a phone, tagging and tapping a highlight keep the page where it is; the editor is a sheet above the tag buttons', async () => {
  const browser = await launch(PHONE);
  try {
    const { page, errors } = await openApp(browser.context, server.url);
    const phrase = 'officials seek an AI communications channel';
    // The passage in the upper half of the screen, as a reader would have it.
    const start = await rectOf(page, phrase);
    await page.evaluate((top) => scrollTo(0, scrollY + top - 300), start.top);
    await selectRange(page, phrase);
    assert.match(await page.locator('#hint').textContent(), /tap Claim, Accusation or Opinion/, 'the hint speaks of tapping');
    const before = await page.evaluate(() => scrollY);
    await page.getByRole('button', { name: /^Claim\b/ }).tap();
    await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 1);
    const sheet = page.getByRole('region', { name: 'Selected annotation' });
    await sheet.waitFor();
    assert.equal(await page.evaluate(() => scrollY), before, 'tagging did not move the page');
    // The sheet: the quote, the note, Delete, Done; the passage still in view above it.
    assert.match(await sheet.locator('.quote').textContent(), /officials seek/);
    const box = await sheet.boundingBox();
    const passage = await rectOf(page, phrase);
    const bar = await page.locator('.bar').boundingBox();
    assert.ok(passage.bottom <= box.y && passage.top >= bar.y + bar.height, `the passage shows between the bar and the sheet: ${JSON.stringify({ passage, sheet: box })}`);
    const tools = await page.locator('.tools').boundingBox();
    assert.ok(box.y + box.height <= tools.y + 1, 'the sheet sits above the tag buttons, Delete not under them');
    // A note typed in the sheet is kept.
    await sheet.getByRole('textbox', { name: 'Note' }).fill('From the sheet');
    await sheet.getByRole('button', { name: /^Done/ }).tap();
    assert.ok(!(await sheet.isVisible()), 'Done closes it');
    await page.waitForFunction(() => document.querySelector('#annotations .note')?.textContent === 'From the sheet');

    // Tapping the highlight opens it again without moving the page.
    const at = await page.evaluate(() => scrollY);
    const point = await rectOf(page, phrase);
    await page.touchscreen.tap(point.x, point.y);
    await sheet.waitFor();
    assert.equal(await page.evaluate(() => scrollY), at, 'tapping a highlight did not move the page');
    assert.equal(await sheet.getByRole('textbox', { name: 'Note' }).inputValue(), 'From the sheet');
    assert.match(await sheet.textContent(), /Retag with the buttons below/);

    // Every control on screen is at least 44 px each way.
    const small = () => page.evaluate(() => [...document.querySelectorAll('button, summary, input, textarea, [tabindex="0"]')]
      .filter((el) => el.checkVisibility() && !el.closest('dialog:not([open])'))
      .map((el) => [el.id || el.className || el.tagName, el.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`));
    assert.deepEqual(await small(), [], 'controls under 44 px');
    await sheet.getByRole('button', { name: 'Delete annotation' }).tap();
    await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 0);
    // The suggestions' controls too, with Accept all asking.
    await page.getByRole('button', { name: /^Suggest/ }).tap();
    await page.getByRole('list', { name: 'Suggestions' }).getByRole('listitem').first().waitFor();
    await page.getByRole('button', { name: /^Accept all \d+ claims/ }).tap();
    assert.deepEqual(await small(), [], 'suggestion controls under 44 px');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('at 400 % zoom (320×200 CSS pixels) the bars leave most of the screen to the text', async () => {
  for (const viewport of [{ width: 640, height: 400 }, { width: 320, height: 200 }]) {
    const browser = await launch({ viewport });
    try {
      const { page, errors } = await openApp(browser.context, server.url);
      await page.evaluate(() => scrollTo(0, 400));
      const covered = await page.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((el) => ['fixed', 'sticky'].includes(getComputedStyle(el).position) && el.checkVisibility())
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.bottom > 0 && r.top < innerHeight)
        .reduce((sum, r) => sum + Math.min(r.bottom, innerHeight) - Math.max(r.top, 0), 0) / innerHeight);
      assert.ok(covered <= 0.3, `at ${viewport.width}×${viewport.height} the bars cover ${Math.round(covered * 100)}% of the height`);
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(sideways <= 0, `no sideways scroll at ${viewport.width}×${viewport.height}: ${sideways}px`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  }
});
