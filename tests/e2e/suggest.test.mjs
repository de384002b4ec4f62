// Suggestions, as a reader uses them: Suggest (the button or S) marks likely claims,
// accusations and opinions and lists them, each with its reason; the reader accepts one (Enter,
// or a tag's key), rejects one (X, remembered for the article), or accepts all of a tag (asked
// first, one undo step). None is ever tagged without the reader, none shows under an
// annotation, and S again hides them.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './harness.mjs';
import { clickText, selectText } from './actions.mjs';

const session = useApp();
let page;
beforeEach(() => ({ page } = session));

const list = () => page.getByRole('list', { name: 'Suggestions' });
const items = () => list().getByRole('listitem');
const annotationQuotes = () => page.locator('#annotations li[data-id] .quote').allTextContents();
const suggested = () => page.evaluate(() => CSS.highlights.get('suggestion')?.size ?? 0);

async function suggest() {
  await page.getByRole('button', { name: /^Suggest/ }).click();
  await items().first().waitFor();
}

test('Suggest lists each suggestion with its tag, its quote as written and its reason, marks them, and S hides them', async () => {
  const before = await annotationQuotes();
  await suggest();
  assert.equal(await page.getByRole('button', { name: /^Suggest/ }).getAttribute('aria-pressed'), 'true');
  const texts = await items().allTextContents();
  assert.ok(texts.length >= 15, `${texts.length} suggestions on the demo article`);
  const article = await page.locator('#article').textContent();
  const quotes = await list().locator('.quote').allTextContents();
  let at = -1;
  for (const [i, quote] of quotes.entries()) {
    const found = article.indexOf(quote, at + 1);
    assert.ok(found > at, `suggestion ${i} is in the article, after the one before: ${quote}`);
    at = found;
    assert.match(texts[i], /^(claim|accusation|opinion)/, 'its tag word comes first');
    assert.ok(texts[i].includes(quote));
  }
  const reasons = await list().locator('.reason').allTextContents();
  assert.ok(reasons.some((r) => r.startsWith('attributed claim: ‘')), 'an attributed claim says who');
  assert.ok(reasons.some((r) => /^accusation: ‘accusations that’, target: Beijing$/.test(r)), reasons.join(' / '));
  assert.ok(reasons.some((r) => r.startsWith("the author's judgement: ‘hypocritical’")), 'an opinion says its words');
  assert.equal(await suggested(), quotes.length, 'each is marked in the article');
  assert.deepEqual(await annotationQuotes(), before, 'nothing is tagged by suggesting');
  // The first is chosen: its passage is shaded.
  assert.equal(await page.evaluate(() => CSS.highlights.get('suggestion-active').size), 1);

  // A click on a suggested passage chooses it in the list and says why it is suggested.
  const accused = list().getByRole('listitem').filter({ hasText: /^accusation/ }).first();
  const accusedQuote = await accused.locator('.quote').textContent();
  await page.locator('#article p', { hasText: 'White House accusations' }).scrollIntoViewIfNeeded();
  await clickText(page, 'White House accusations that Beijing');
  await page.waitForFunction((q) => document.querySelector('.suggestion-items li.selected .quote')?.textContent === q, accusedQuote);
  assert.match(await page.locator('#status').textContent(), /^Suggested as an accusation: accusation: ‘accusations that’, target: Beijing/);

  await page.locator('#article').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('s');
  await page.waitForFunction(() => document.querySelector('#suggestions').hidden);
  assert.equal(await suggested(), 0, 'hidden from the article too');
  assert.match(await page.locator('#status').textContent(), /Suggestions hidden/);
  await page.keyboard.press('s');
  await items().first().waitFor();
  assert.equal((await items().allTextContents()).length, texts.length, 'and back');
});

test('Enter or a tag key accepts a suggestion (undoable), X rejects it for good, and none shows under an annotation', async () => {
  await suggest();
  const first = items().first();
  const quote = await first.locator('.quote').textContent();
  const tag = (await first.locator('.chip').textContent()).trim();
  const n = await items().count();
  // The arrow keys (and j, k) move along the list.
  await first.focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), await items().nth(1).getAttribute('data-id'));
  await page.keyboard.press('k');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), await first.getAttribute('data-id'));
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Suggestions"] li').length === n - 1, n);
  assert.ok((await annotationQuotes()).includes(quote), 'accepted as an annotation');
  const made = page.locator('#annotations li[data-id]', { hasText: quote });
  assert.equal((await made.locator('.chip').first().textContent()).toLowerCase(), tag);
  // The focus went on to the next suggestion: keys keep working down the list.
  assert.equal(await page.evaluate(() => document.activeElement.closest('[aria-label="Suggestions"]') !== null), true);

  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Suggestions"] li').length === n, n);
  assert.ok(!(await annotationQuotes()).includes(quote), 'Undo takes the annotation back, and the suggestion returns');

  // Another tag's key accepts it with that tag.
  const claim = items().filter({ hasText: /^claim/ }).first();
  const claimQuote = await claim.locator('.quote').textContent();
  await claim.focus();
  await page.keyboard.press('3');
  await page.locator('#annotations li[data-id]', { hasText: claimQuote }).waitFor();
  assert.equal((await page.locator('#annotations li[data-id]', { hasText: claimQuote }).locator('.chip').first().textContent()).toLowerCase(), 'opinion');

  // X rejects: gone, and still gone after a reload.
  const reject = items().first();
  const rejected = await reject.locator('.quote').textContent();
  await reject.focus();
  await page.keyboard.press('x');
  await page.waitForFunction((q) => ![...document.querySelectorAll('[aria-label="Suggestions"] .quote')].some((e) => e.textContent === q), rejected);
  assert.ok(!(await annotationQuotes()).includes(rejected), 'rejecting tags nothing');

  // Tagging part of a suggested sentence by hand hides that suggestion.
  const next = await items().nth(1).locator('.quote').textContent();
  await selectText(page, next.split(' ').slice(1, 4).join(' '));
  await page.keyboard.press('1');
  await page.waitForFunction((q) => ![...document.querySelectorAll('[aria-label="Suggestions"] .quote')].some((e) => e.textContent === q), next);

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  await suggest();
  const after = await list().locator('.quote').allTextContents();
  assert.ok(!after.includes(rejected), 'the rejection is remembered for the article');
  assert.ok(!after.includes(next), 'and the annotation still hides its suggestion');
  await page.getByRole('button', { name: 'Bring back 1 rejected' }).click();
  await page.waitForFunction((q) => [...document.querySelectorAll('[aria-label="Suggestions"] .quote')].some((e) => e.textContent === q), rejected);
});

test('Accept all of one tag asks first, then tags them all as one undo step', async () => {
  await suggest();
  const before = (await annotationQuotes()).length;
  const opinions = await items().filter({ hasText: /^opinion/ }).count();
  assert.ok(opinions >= 2);
  await page.getByRole('button', { name: `Accept all ${opinions} opinions…` }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await annotationQuotes()).length, before, 'asking tags nothing');
  await page.getByRole('button', { name: `Accept all ${opinions} opinions…` }).click();
  assert.match(await page.getByRole('group', { name: 'Accept all of one tag' }).textContent(), new RegExp(`Tag all ${opinions} opinions as annotations\\?`));
  await page.getByRole('button', { name: `Accept ${opinions}`, exact: true }).click();
  await page.waitForFunction((n) => document.querySelectorAll('#annotations li[data-id]').length === n, before + opinions);
  assert.equal(await items().filter({ hasText: /^opinion/ }).count(), 0);
  assert.match(await page.locator('#status').textContent(), new RegExp(`Tagged ${opinions} opinions`));
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => document.querySelectorAll('#annotations li[data-id]').length === n, before);
  assert.equal(await items().filter({ hasText: /^opinion/ }).count(), opinions, 'one Undo brings them all back as suggestions');
});
