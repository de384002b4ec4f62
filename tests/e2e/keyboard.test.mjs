// A reader with the keyboard alone: reach the article, select a passage with the reading
// cursor, tag it; the focus goes somewhere sensible after every action; changes are announced.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './harness.mjs';
import { tag } from './actions.mjs';

const session = useApp();
let page;
beforeEach(() => ({ page } = session));

const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return { id: el?.id ?? '', tag: el?.tagName ?? '', item: el?.dataset?.id ? el.querySelector('.quote')?.textContent : null, current: el?.getAttribute('aria-current') };
});
const listed = () => page.locator('#annotations li[data-id] .quote').allTextContents();

test('Tab reaches the article; arrow keys with Shift select a passage, a key tags it, no mouse at all', async () => {
  // From the top of the page, Tab until the article has the focus.
  let tabs = 0;
  while ((await focused()).id !== 'article') {
    await page.keyboard.press('Tab');
    assert.ok(++tabs < 30, 'the article is reachable with Tab');
  }
  assert.ok(await page.locator('.caret').isVisible(), 'a reading cursor is drawn');
  // The caret starts at the first words (the kicker): on to the body, a few words selected.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  const selected = (await page.evaluate(() => getSelection().toString())).trim();
  assert.ok(selected.match(/\w+/g)?.length >= 2, `words are selected: ${selected}`);
  // What is selected is said.
  await page.waitForFunction(() => document.querySelector('#announce').textContent.startsWith('Selected “'));
  await page.keyboard.press('1');
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 1);
  assert.equal((await focused()).id, 'article', 'the focus stays in the article to read on');
  const first = (await listed())[0];
  assert.ok(first.includes(selected) || selected.includes(first), `the words selected are annotated: ${first} / ${selected}`);
  await page.waitForFunction(() => document.querySelector('#announce').textContent.startsWith('Tagged as a claim: “'));

  // On to a sentence of the body: down moves by sentence, Shift+↓ selects one.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  const sentence = (await page.evaluate(() => getSelection().toString())).trim();
  assert.ok(sentence.split(/\s+/).length >= 4, `a sentence is selected: ${sentence}`);
  await page.keyboard.press('3');
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 2);
  const quotes = await listed();
  assert.ok(quotes.some((q) => sentence.startsWith(q) || q.startsWith(sentence.slice(0, 20))), `the sentence is annotated: ${quotes.join(' | ')}`);
  const tags = await page.locator('#annotations li[data-id] .chip').allTextContents();
  assert.deepEqual(tags.sort(), ['Claim', 'Opinion']);
  // Escape lets go of a selection and keeps the caret; Home and End move within the paragraph.
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => getSelection().isCollapsed && document.querySelector('article').contains(getSelection().focusNode)), true);
  assert.equal((await focused()).id, 'article');
});

test('the focus follows j and k, goes to the next item after Delete, stays on an item after Enter', async () => {
  await tag(page, 'The race to build the most advanced AI systems', '1');
  await tag(page, 'any call for restraint can sound hypocritical', '3');
  await tag(page, 'both sides fear the technology could evolve', '2');
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  const order = await listed();
  await page.keyboard.press('j');
  let f = await focused();
  assert.equal(f.current, 'true', 'j selects the first and focuses it');
  assert.equal(f.item, order[0]);
  await page.keyboard.press('j');
  f = await focused();
  assert.equal(f.item, order[1], 'j again: the next, focused');
  await page.keyboard.press('k');
  assert.equal((await focused()).item, order[0], 'k: back');
  await page.keyboard.press('j');
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 2);
  f = await focused();
  assert.equal(f.item, order[2], `after Delete the focus is on the item in its place, not the page: ${JSON.stringify(f)}`);
  await page.keyboard.press('Enter');
  f = await focused();
  assert.equal(f.current, 'true', 'Enter selects the focused item and keeps the focus on it');
  assert.equal(f.item, order[2]);
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 1);
  assert.equal((await focused()).item, order[0], 'the last one left takes the place');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 0);
  assert.equal((await focused()).id, 'list-heading', 'none left: the list heading');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 1);
  assert.match(await page.locator('#status').textContent(), /Undid/, 'undo is said (in a status region)');
});
