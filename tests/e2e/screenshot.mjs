// Takes screenshots of the demo with a few annotations, at desktop and phone sizes, light and
// dark, and saves the JSON export beside them; the suggestions (suggest.png); then the exported page opened with JavaScript
// off (page.png), and the banner after the article changed under its annotations
// (reanchored.png).
// Usage: node screenshot.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launch, openApp, appReady, demoRecord, writeDemoRecord } from './harness.mjs';
import { selectText } from './actions.mjs';

const out = process.argv[2] ?? 'artifacts';
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launch();
try {
  const { page } = await openApp(browser.context, server.url);
  await selectText(page, 'The race to build the most advanced AI systems is no longer a behind-the-scenes competition');
  await page.keyboard.press('1');
  await selectText(page, 'it highlights White House accusations that Beijing has carried out industrial-scale efforts');
  await page.keyboard.press('2');
  await selectText(page, 'any call for restraint can sound hypocritical');
  await page.keyboard.press('3');
  await selectText(page, 'Domestic governance and industry friction in the U.S.. are also complicating negotiations');
  await page.keyboard.press('1');
  await page.locator('.note-input').fill('Who says so? The report cites no source here.');
  await page.keyboard.press('Escape');
  await page.getByRole('listitem').filter({ hasText: 'hypocritical' }).click();
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: join(out, 'desktop.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export JSON/ }).click()]);
  await download.saveAs(join(out, download.suggestedFilename()));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(out, 'phone.png') });
  await page.evaluate(() => scrollTo(0, 1400));
  await page.screenshot({ path: join(out, 'phone-scrolled.png') });
  // The dark theme, at both sizes.
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.screenshot({ path: join(out, 'phone-dark.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: join(out, 'desktop-dark.png') });
  // The suggestions, one chosen (its passage shaded), then hidden again.
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.getByRole('button', { name: /^Suggest/ }).click();
  await page.getByRole('list', { name: 'Suggestions' }).getByRole('listitem').filter({ hasText: 'the report notes' }).focus();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'suggest.png') });
  await page.keyboard.press('s');
  // The exported page, as anyone opens it: from a file, with JavaScript off.
  const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export page/ }).click()]);
  const pagePath = join(out, exported.suggestedFilename());
  await exported.saveAs(pagePath);
  const plain = await launch({ javaScriptEnabled: false });
  try {
    const view = await plain.context.newPage();
    await view.goto(pathToFileURL(pagePath).href);
    await view.screenshot({ path: join(out, 'page.png') });
  } finally {
    await plain.close();
  }
  // The article changed under its annotations: one the same, one moved, one worded otherwise
  // (to review), one gone (orphaned). A fresh profile: these alone.
  const again = await launch();
  try {
    const { page: p } = await openApp(again.context, server.url);
    for (const [phrase, key] of [['officials seek an AI communications channel', '1'], ['U.S.. officials have signaled that they want to initiate discussion', '2'], ['both countries could still use AI offensively', '3'], ['China’s AI ecosystem is also positioned to compete globally', '1']]) {
      await selectText(p, phrase);
      await p.keyboard.press(key);
    }
    const record = await demoRecord(p);
    record.article = '0123456789abcdef';
    const [, edited, shifted, gone] = record.annotations;
    edited.quote = edited.quote.replace('signaled', 'signalled');
    shifted.start_cp -= 40;
    shifted.end_cp -= 40;
    gone.quote = 'China’s AI industry is also positioned to win the global market outright';
    gone.note = 'Compare with the export data';
    await writeDemoRecord(p, record);
    await p.reload();
    await appReady(p);
    await p.getByRole('listitem').filter({ hasText: 'signaled' }).click();
    await p.screenshot({ path: join(out, 'reanchored.png') });
  } finally {
    await again.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  server.stop();
}
