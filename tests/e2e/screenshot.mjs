// Takes screenshots of the demo with a few annotations, at desktop and phone sizes, light and
// dark, and saves
// the JSON export beside them.
// Usage: node screenshot.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, openApp } from './harness.mjs';
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
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  server.stop();
}
