// The reader's data in real headless Chromium: two tabs, undo and redo (also after a reload),
// storage that is off, full or from a newer version, exports that keep the unplaced, and a
// trap in the core that costs nothing.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useApp, openApp, demoRecord, writeDemoRecord, appReady } from './harness.mjs';
import { selectText, tag } from './actions.mjs';

const session = useApp();
const scratch = mkdtempSync(join(tmpdir(), 'newsmark-data-'));
let page;
beforeEach(() => ({ page } = session));

const itemsOf = (p) => p.getByRole('list', { name: 'Annotations', exact: true }).getByRole('listitem');
const quotesOf = (p) => itemsOf(p).evaluateAll((lis) => lis.map((li) => li.querySelector('.quote').textContent));
const status = (p = page) => p.locator('#status').textContent();

async function reload(p = page) {
  await p.reload();
  await appReady(p);
}

test('two tabs keep both annotations, and each sees the other’s within a second', async () => {
  const other = await openApp(session.browser.context, session.server.url);
  const b = other.page;
  await tag(page, 'officials seek an AI communications channel');
  await tag(b, 'both sides fear the technology could evolve', '3');
  // Without a reload: the storage event brings the other tab's change.
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 2, null, { timeout: 1000 });
  await b.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 2, null, { timeout: 1000 });
  assert.deepEqual(await quotesOf(b), await quotesOf(page));
  // A note typed in one tab appears in the other.
  await page.getByRole('textbox', { name: 'Note' }).fill('Which officials?');
  await page.getByRole('textbox', { name: 'Note' }).blur();
  await b.waitForFunction(() => [...document.querySelectorAll('#annotations .note')].some((n) => n.textContent === 'Which officials?'), null, { timeout: 1000 });
  await reload();
  assert.deepEqual(await quotesOf(page), ['officials seek an AI communications channel', 'both sides fear the technology could evolve']);
  await b.close();
  assert.deepEqual(other.errors, [], 'no errors in the other tab');
});

test('a tab still on its first screen shows another tab’s change: the change brings the app module', async () => {
  const b = await session.browser.context.newPage();
  await b.goto(session.server.url);
  await b.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.equal(await b.evaluate(() => document.body.dataset.editor), undefined, 'nothing used yet');
  await tag(page, 'officials seek an AI communications channel');
  await b.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 1, null, { timeout: 2000 });
  assert.equal(await b.evaluate(() => document.body.dataset.editor), 'true');
  await b.close();
});

test('an edit of the same annotation in both tabs says which was kept', async () => {
  await tag(page, 'officials seek an AI communications channel');
  const other = await openApp(session.browser.context, session.server.url);
  const b = other.page;
  await itemsOf(b).first().click();
  // Tab A types a note and does not pause; tab B saves its own note meanwhile.
  await page.getByRole('textbox', { name: 'Note' }).pressSequentially('from A');
  await b.getByRole('textbox', { name: 'Note' }).fill('from B');
  await b.getByRole('textbox', { name: 'Note' }).blur();
  await page.waitForFunction(() => /changed in another tab too; the later change, from the other tab, is kept/.test(document.querySelector('#status').textContent), null, { timeout: 2000 });
  // The note keeps the focus through the other tab's change: Escape leaves it, then deselects.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Note');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  assert.equal(await itemsOf(page).first().locator('.note').textContent(), 'from B');
  await b.close();
  assert.deepEqual(other.errors, []);
});

test('a retag in one tab and a note typed in the other both stay', async () => {
  await tag(page, 'officials seek an AI communications channel');
  const other = await openApp(session.browser.context, session.server.url);
  const b = other.page;
  // Tab A starts a note and keeps typing; tab B retags the same annotation meanwhile.
  await page.getByRole('textbox', { name: 'Note' }).pressSequentially('Which');
  await itemsOf(b).first().click();
  await b.keyboard.press('3');
  await page.getByRole('textbox', { name: 'Note' }).pressSequentially(' officials?');
  await page.getByRole('textbox', { name: 'Note' }).blur();
  await page.waitForFunction(() => /both changes are kept/.test(document.querySelector('#status').textContent), null, { timeout: 2000 });
  await reload();
  assert.match(await itemsOf(page).first().textContent(), /^Opinion.*Which officials\?/i);
  await b.close();
  assert.deepEqual(other.errors, []);
});

test('typing a note while another tab saves never turns the keys into shortcuts', async () => {
  await tag(page, 'officials seek an AI communications channel');
  const other = await openApp(session.browser.context, session.server.url);
  const note = page.getByRole('textbox', { name: 'Note' });
  await note.pressSequentially('Check ');
  await tag(other.page, 'both sides fear the technology could evolve', '3');
  await page.waitForFunction(() => document.querySelectorAll('#annotations li[data-id]').length === 2, null, { timeout: 1000 });
  // "a", "c", "o", "2" and Backspace are shortcuts outside the note.
  await page.keyboard.type('a2co');
  await page.keyboard.press('Backspace');
  assert.equal(await note.inputValue(), 'Check a2c');
  assert.match(await itemsOf(page).first().textContent(), /^Claim/i, 'not retagged');
  assert.equal(await itemsOf(page).count(), 2, 'nothing deleted');
  await other.page.close();
  assert.deepEqual(other.errors, []);
});

test('undo and redo every change by button and key, a deletion offers Undo, and undo survives a reload', async () => {
  const undo = page.getByRole('button', { name: /^Undo/ });
  const redo = page.getByRole('button', { name: /^Redo/ });
  assert.ok(await undo.isDisabled(), 'nothing to undo yet');
  assert.ok(await redo.isDisabled());
  await tag(page, 'officials seek an AI communications channel');
  await page.getByRole('textbox', { name: 'Note' }).pressSequentially('Named nowhere.');
  await page.getByRole('textbox', { name: 'Note' }).blur();
  assert.equal(await undo.getAttribute('aria-label'), 'Undo note');
  await page.keyboard.press('2');
  assert.equal(await undo.getAttribute('aria-label'), 'Undo retag');
  await page.keyboard.press('Delete');
  assert.equal(await itemsOf(page).count(), 0);
  assert.match(await status(), /^Deleted the accusation “officials seek an AI communications channel”Undo$/);
  await page.locator('#status').getByRole('button', { name: 'Undo' }).click();
  assert.equal(await itemsOf(page).count(), 1);
  assert.match(await itemsOf(page).first().textContent(), /Named nowhere\./, 'the note came back with it');

  await itemsOf(page).first().click();
  await page.keyboard.press('Delete');
  await reload();
  assert.equal(await itemsOf(page).count(), 0);
  assert.equal(await undo.getAttribute('aria-label'), 'Undo delete', 'the log was saved with the article');
  await page.keyboard.press('Control+z');
  assert.equal(await itemsOf(page).count(), 1);
  assert.match(await itemsOf(page).first().textContent(), /ACCUSATION.*Named nowhere\./i);
  await page.keyboard.press('Control+z');
  assert.match(await itemsOf(page).first().textContent(), /CLAIM/i, 'the retag undone');
  await page.keyboard.press('Control+z');
  assert.doesNotMatch(await itemsOf(page).first().textContent(), /Named nowhere/, 'the whole typing burst is one step');
  await page.keyboard.press('Control+z');
  assert.equal(await itemsOf(page).count(), 0);
  assert.ok(await undo.isDisabled());
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+y');
  assert.equal(await itemsOf(page).count(), 1);
  assert.match(await itemsOf(page).first().textContent(), /Named nowhere\./);
  await redo.click();
  await redo.click();
  assert.equal(await itemsOf(page).count(), 0, 'redone up to the deletion');
  assert.ok(await redo.isDisabled());
});

test('tagging exactly an annotated passage selects it and says so, without retagging it', async () => {
  await tag(page, 'officials seek an AI communications channel', '1');
  await page.keyboard.press('Escape');
  await tag(page, 'officials seek an AI communications channel', '3');
  assert.equal(await itemsOf(page).count(), 1);
  assert.match(await itemsOf(page).first().textContent(), /^CLAIM/i, 'its tag is unchanged');
  assert.match(await status(), /already tagged as a claim: it is selected/);
  assert.equal(await itemsOf(page).first().getAttribute('aria-current'), 'true');
});

test('with storage off the app works in memory and says, lastingly, that nothing will be kept', async () => {
  for (const off of [
    // The localStorage getter throws (privacy settings, sandboxed frames)…
    () => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } }),
    // …or gives nothing…
    () => Object.defineProperty(window, 'localStorage', { get() { return null; } }),
    // …or every write throws.
    () => { Storage.prototype.setItem = () => { throw new DOMException('Writes are disabled.', 'SecurityError'); }; },
  ]) {
    await session.fresh();
    ({ page } = session);
    await page.addInitScript(off);
    await reload();
    const notice = page.locator('#notice');
    assert.match(await notice.textContent(), /Nothing will be kept: this browser does not let newsmark store anything here/);
    assert.equal(await page.locator('#save-state').textContent(), 'Not kept: storage is off');
    await tag(page, 'officials seek an AI communications channel');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+z');
    assert.equal(await itemsOf(page).count(), 1, 'tagging and undo work in memory');
    assert.ok(await notice.isVisible(), 'the notice stays');
    const [download] = await Promise.all([page.waitForEvent('download'), notice.getByRole('button', { name: 'Export JSON' }).click()]);
    assert.equal(JSON.parse(readFileSync(await download.path(), 'utf8')).total, 1, 'the export is offered, and holds the work');
  }
});

test('Firefox’s name for a full storage is understood too', async () => {
  await tag(page, 'officials seek an AI communications channel');
  await page.evaluate(() => {
    Storage.prototype.setItem = () => { throw new DOMException('Persistent storage maximum size reached', 'NS_ERROR_DOM_QUOTA_REACHED'); };
  });
  await tag(page, 'both sides fear the technology could evolve', '3');
  assert.match(await page.locator('#notice').textContent(), /Not saved: storage full — export now/);
});

test('a full storage keeps what was saved, keeps working, says so lastingly, and asks before the tab closes', async () => {
  await tag(page, 'officials seek an AI communications channel');
  await page.evaluate(() => {
    Storage.prototype.setItem = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await tag(page, 'both sides fear the technology could evolve', '3');
  assert.equal(await itemsOf(page).count(), 2, 'what is in memory stays');
  assert.match(await page.locator('#notice').textContent(), /Not saved: storage full — export now/);
  assert.equal(await page.locator('#save-state').textContent(), 'Not saved: storage full');
  // Leaving asks first.
  let asked = false;
  page.once('dialog', (d) => { asked = d.type() === 'beforeunload'; d.dismiss(); });
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(asked, 'closing the tab asks first');
  // The earlier saved state is intact.
  ({ page } = await openApp(session.browser.context, session.server.url));
  session.page = page;
  assert.deepEqual(await quotesOf(page), ['officials seek an AI communications channel']);
});

test('a record from a newer version opens read-only and is never overwritten', async () => {
  await tag(page, 'officials seek an AI communications channel');
  const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('newsmark:ann:')));
  const newer = '{"version":99,"revision":3,"something":"new"}';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, newer]);
  await reload();
  assert.match(await page.locator('#notice').textContent(), /saved by a newer newsmark \(version 99.*read-only/);
  await tag(page, 'both sides fear the technology could evolve');
  assert.match(await status(), /read-only/);
  assert.equal(await itemsOf(page).count(), 0);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), newer);
});

test('Export JSON keeps orphaned annotations, and importing it elsewhere gives the same sets', async () => {
  await tag(page, 'officials seek an AI communications channel');
  await tag(page, 'both sides fear the technology could evolve', '2');
  const record = await demoRecord(page);
  record.article = '0123456789abcdef';
  record.annotations[1].quote = 'a passage that is nowhere in this article any more';
  await writeDemoRecord(page, record);
  await reload();
  await page.waitForFunction(() => /orphaned/.test(document.querySelector('#banner-text').textContent));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export JSON/ }).click()]);
  const file = join(scratch, 'orphans.annotations.json');
  await download.saveAs(file);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(doc.total, 2, 'the orphan is exported too');
  assert.deepEqual(doc.first.items.map((a) => a['newsmark:anchoring'] ?? 'placed'), ['placed', 'orphan']);
  assert.match(await status(), /Exported 2 annotations \(1 of them not placed, with their selectors\)/);

  await session.fresh();
  ({ page } = session);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /^Import/ }).click()]);
  await chooser.setFiles(file);
  await page.waitForFunction(() => /orphaned/.test(document.querySelector('#banner-text').textContent));
  assert.equal(await itemsOf(page).count(), 1);
  assert.equal(await page.getByRole('list', { name: 'Not found in this article' }).getByRole('listitem').count(), 1);
  // The whole import is one step.
  await page.getByRole('button', { name: 'Undo import' }).click();
  assert.equal(await itemsOf(page).count(), 0);
  assert.ok(await page.locator('#unplaced').isHidden());
});

test('a trap in the core costs nothing: the article is reopened from what was saved', async () => {
  await tag(page, 'officials seek an AI communications channel');
  await page.getByRole('textbox', { name: 'Note' }).fill('Still here?');
  await page.evaluate(() => window.newsmarkTest.trap());
  await page.waitForFunction(() => /Something went wrong; your annotations are safe/.test(document.querySelector('#status').textContent));
  assert.deepEqual(await quotesOf(page), ['officials seek an AI communications channel']);
  assert.equal(await page.getByRole('textbox', { name: 'Note' }).inputValue(), 'Still here?', 'the note being typed too');
  await reload();
  assert.match(await itemsOf(page).first().textContent(), /Still here\?/, 'and it was saved');
  // And it goes on working.
  await tag(page, 'both sides fear the technology could evolve', '3');
  assert.equal(await itemsOf(page).count(), 2);
});

test('an earlier version’s data is carried over on first start, and nothing of it is lost', async () => {
  // What version 1 kept: one record per article with all its annotations, and the library list.
  await tag(page, 'officials seek an AI communications channel');
  const now = await demoRecord(page);
  await page.evaluate((record) => {
    localStorage.clear();
    const v1 = { version: 1, article: record.article, annotations: [{ ...record.annotations[0], note: 'from version 1' }, { id: 'urn:uuid:2', quote: 'gone from the text', tag: 'opinion', created: '2026-11-26T10:00:00.000Z', modified: '2026-11-26T10:00:00.000Z', unplaced: 'orphan' }] };
    localStorage.setItem('newsmark:article:demo/us-china-ai-talks.txt', JSON.stringify(v1));
    localStorage.setItem('newsmark:library', '[]');
  }, now);
  await reload();
  assert.deepEqual(await quotesOf(page), ['officials seek an AI communications channel']);
  assert.match(await itemsOf(page).first().textContent(), /from version 1/);
  assert.equal(await page.getByRole('list', { name: 'Not found in this article' }).getByRole('listitem').count(), 1, 'the orphan too');
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert.ok(!keys.some((k) => k.startsWith('newsmark:article:')), `the old record went once carried over: ${keys}`);
});

test('an article whose stored text is gone still shows in the library with its annotations, to download', async () => {
  await page.setInputFiles('#import-file', { name: 'story.txt', mimeType: 'text/plain', buffer: Buffer.from('A short story\n\nThe council approved the budget after a long night of talks with the unions.') });
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'A short story');
  await tag(page, 'approved the budget');
  await page.evaluate(() => localStorage.removeItem(Object.keys(localStorage).find((k) => k.startsWith('newsmark:text:'))));
  await page.getByRole('button', { name: 'Library' }).click();
  const entry = page.getByRole('list', { name: 'Articles' }).getByRole('listitem').filter({ hasText: 'A short story' });
  await entry.waitFor();
  assert.match(await entry.textContent(), /1 annotation.*no longer stored; its 1 annotation is kept/);
  await entry.getByRole('button', { name: 'A short story', exact: true }).click();
  assert.match(await status(), /text of “A short story” is no longer stored; its 1 annotation is kept/);
  const [download] = await Promise.all([page.waitForEvent('download'), entry.getByRole('button', { name: 'Download its annotations' }).click()]);
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(doc.total, 1);
  assert.equal(doc.first.items[0].target.selector[0].exact, 'approved the budget');
});

test('with storage off, a trap in the core costs nothing either', async () => {
  await page.addInitScript(() => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } }));
  await reload();
  await tag(page, 'officials seek an AI communications channel');
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.newsmarkTest.trap());
  await page.waitForFunction(() => /Something went wrong; your annotations are safe/.test(document.querySelector('#status').textContent));
  assert.deepEqual(await quotesOf(page), ['officials seek an AI communications channel'], 'kept in the page’s memory');
});
