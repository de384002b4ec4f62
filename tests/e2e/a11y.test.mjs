// Accessibility in real headless Chromium: axe-core's audit of the main view, with annotations
// and one selected, with the suggestions shown, and with the library open, in the light and the dark theme; the theme button.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { appReady, useApp } from './harness.mjs';
import { tag } from './actions.mjs';

const session = useApp();
let page;
beforeEach(() => ({ page } = session));

const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** axe-core's serious and critical violations on the page as it is, one line each. */
async function violations() {
  // Evaluated by the test driver: the page's Content-Security-Policy does not apply to it.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.any?.[0]?.message ?? n.failureSummary})`).join('; ')}`);
  });
}

for (const theme of ['light', 'dark']) {
  test(`no serious or critical axe violation in the ${theme} theme: main view, annotations selected, suggestions, library`, async () => {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    assert.deepEqual(await violations(), [], 'the main view');
    await tag(page, 'officials seek an AI communications channel', '1');
    await tag(page, 'both countries could still use AI offensively', '2');
    await tag(page, 'The underlying concern is straightforward', '3');
    await page.getByRole('textbox', { name: 'Note' }).fill('Who says so?');
    await page.getByRole('searchbox', { name: 'Search annotations' }).fill('who');
    assert.deepEqual(await violations(), [], 'annotations, one selected, a search');
    await page.getByRole('button', { name: /^Suggest/ }).click();
    await page.getByRole('list', { name: 'Suggestions' }).getByRole('listitem').first().waitFor();
    await page.getByRole('button', { name: /^Accept all \d+ claims/ }).click();
    assert.deepEqual(await violations(), [], 'the suggestions, with Accept all asking');
    await page.getByRole('button', { name: 'Library' }).click();
    await page.waitForSelector('#library[open]');
    assert.deepEqual(await violations(), [], 'the library');
  });
}

test('the theme follows the system until the reader chooses, with the button', async () => {
  const button = page.getByRole('button', { name: 'Dark theme' });
  const paper = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  const light = await paper();
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  // The system went dark: the page follows (the media query's change event).
  await page.waitForFunction(() => document.querySelector('#theme').getAttribute('aria-pressed') === 'true');
  const dark = await paper();
  assert.notEqual(dark, light);
  await button.click();
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  assert.equal(await paper(), light, 'chosen light against a dark system');
  await button.click();
  assert.equal(await paper(), dark);
  // Where the bar is narrow, the choice is in the ⋯ menu.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.more summary').click();
  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await paper(), light);
  // Kept across visits: light chosen against the dark system, still light after a reload.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(100);
  await page.reload();
  await appReady(page);
  assert.equal(await paper(), light, 'the choice is kept');
  assert.equal(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed'), 'false');
});

test('the tag buttons fit their panel and the page has no sideways scroll, from 1280 px down to a phone', async () => {
  for (const width of [1280, 1100, 901, 390]) {
    await page.setViewportSize({ width, height: 800 });
    const fit = await page.evaluate(() => {
      const panel = document.querySelector('.tools').getBoundingClientRect();
      const buttons = [...document.querySelectorAll('.tools button')];
      return {
        inside: buttons.every((b) => b.getBoundingClientRect().right <= Math.ceil(panel.right) && b.getBoundingClientRect().left >= Math.floor(panel.left)),
        clipped: buttons.filter((b) => b.scrollWidth > b.clientWidth).map((b) => b.dataset.tag),
        sideways: document.documentElement.scrollWidth > innerWidth,
      };
    });
    assert.deepEqual(fit, { inside: true, clipped: [], sideways: false }, `at ${width} px`);
  }
});

/** Chromium's accessibility tree, as a screen reader is given it: the nodes not ignored. */
async function axTree() {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored);
  } finally {
    await cdp.detach();
  }
}

/** What the live region, as the accessibility tree holds it, says now. */
async function spoken() {
  const nodes = await axTree();
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const region = nodes.find((n) => n.properties?.some((p) => p.name === 'live' && p.value.value !== 'off'));
  assert.ok(region, 'a live region is in the tree');
  const text = (n) => (n.role?.value === 'StaticText' ? n.name?.value ?? '' : (n.childIds ?? []).map((id) => byId.get(id)).filter(Boolean).map(text).join(''));
  return text(region);
}

test('what a screen reader is given: paragraphs that hold annotations say so; making, deleting and undoing are read out', async () => {
  await tag(page, 'officials seek an AI communications channel', '1');
  await page.waitForFunction(() => document.querySelector('#announce').textContent.startsWith('Tagged'));
  assert.equal(await spoken(), 'Tagged as a claim: “officials seek an AI communications channel”. 1 annotation.');
  await tag(page, 'both countries could still use AI offensively', '3');
  // Highlights are drawn outside the page's tree: each paragraph holding some is described.
  await page.waitForFunction(() => document.querySelectorAll('#article [aria-description]').length === 2);
  const described = (await axTree()).filter((n) => n.description?.value).map((n) => [n.role.value, n.description.value]);
  assert.deepEqual(described.filter(([role]) => role === 'paragraph').sort(), [['paragraph', '1 annotation: claim'], ['paragraph', '1 annotation: opinion']]);
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelector('#announce').textContent.startsWith('Deleted'));
  assert.match(await spoken(), /^Deleted the opinion “both countries could still use AI offensively”/);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('#announce').textContent.startsWith('Undid'));
  assert.match(await spoken(), /^Undid: /);
});
