// Shared set-up for the browser tests: newsmark's own static server on a free port, and Debian's
// Chromium driven by playwright-core (no browser download).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVE = join(ROOT, 'target', 'release', 'serve');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts the static server on the built site (target/site) and resolves to its base URL once it answers. */
export async function startServer() {
  const port = await freePort();
  const child = spawn(SERVE, [join(ROOT, 'target', 'site')], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('running') && resolve());
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/**
 * Launches headless Chromium with a fresh profile; `close` removes the profile too. `options`
 * go to the browser context (a phone: `{ viewport, hasTouch: true, isMobile: true }`).
 */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'newsmark-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    ...options,
  });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/**
 * Waits until the first screen is drawn (by the view module), then starts using the page as a
 * reader would, with a key that does nothing (Shift), and waits until the app module that
 * changes annotations has arrived, and has found again what waited to be (an edited article):
 * the tests' actions then take effect at once. The first
 * screen without the app module has its own test (annotate.test.mjs).
 */
export async function appReady(page, timeout = 10_000) {
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout });
  await page.keyboard.press('Shift');
  await page.waitForSelector('body[data-editor="true"]', { state: 'attached', timeout });
  // Saved annotations of an earlier text are found again, in the background: until they are.
  await page.waitForFunction(() => !document.querySelector('#banner-text').textContent.startsWith('Finding'), null, { timeout });
}

/** Opens the app and waits until the article is drawn. Page errors fail the test that reads `errors`. */
export async function openApp(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => { errors.push(e.message); if (process.env.STACKS) console.error(e.stack); });
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  // The app's Content-Security-Policy is never in the way of what it does: a violation fails
  // the test (reported through a binding, so it counts even if the page goes away).
  await page.exposeBinding('reportCspViolation', (_, what) => errors.push(`CSP violation: ${what}`)).catch(() => {});
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation?.(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  try {
    await appReady(page, 15_000);
  } catch (e) {
    const status = await page.locator('#status').textContent().catch(() => '');
    throw new Error(`the app did not start: ${[status, ...errors].join(' | ')}`);
  }
  return { page, errors };
}

/**
 * Registers the hooks every browser test file needs: one server for the file, a fresh
 * Chromium profile with the app open for each test, and, after each test, a check that the
 * page logged no error. Returns the live session: `page`, `server`, and `fresh()` to start over
 * in a new profile within a test.
 */
export function useApp() {
  const session = { server: null, browser: null, page: null, errors: null };
  const open = async () => {
    session.browser = await launch();
    ({ page: session.page, errors: session.errors } = await openApp(session.browser.context, session.server.url));
  };
  session.fresh = async () => {
    await session.browser.close();
    assert.deepEqual(session.errors, [], 'no errors in the page');
    await open();
  };
  before(async () => {
    session.server = await startServer();
  });
  after(() => session.server.stop());
  beforeEach(open);
  afterEach(async () => {
    await session.browser.close();
    assert.deepEqual(session.errors, [], 'no errors in the page');
  });
  return session;
}

/**
 * Starts timing the page's main thread with a heartbeat; the function it resolves to stops it
 * and gives the longest the page went without running it (ms): how long the tab froze.
 */
export async function watchPauses(page) {
  await page.evaluate(() => {
    const watch = { longest: 0, last: performance.now() };
    watch.timer = setInterval(() => {
      const now = performance.now();
      watch.longest = Math.max(watch.longest, now - watch.last);
      watch.last = now;
    }, 5);
    window.pauseWatch = watch;
  });
  return () => page.evaluate(() => (clearInterval(window.pauseWatch.timer), window.pauseWatch.longest));
}

/**
 * The demo article's stored annotations as one record, `{article, annotations}` (the text's
 * fingerprint and the annotations in text order), read from the library's per-annotation
 * records: what tests inspect and edit to play an older version of the article, or damage.
 */
export function demoRecord(page) {
  return page.evaluate(() => {
    const prefix = 'newsmark:ann:demo/us-china-ai-talks.txt ';
    const records = Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => JSON.parse(localStorage.getItem(k)));
    const live = records.filter((r) => r.annotation);
    live.sort((a, b) => (a.annotation.start_cp ?? 1e9) - (b.annotation.start_cp ?? 1e9));
    return { article: live[0]?.text ?? null, annotations: live.map((r) => r.annotation) };
  });
}

/** Writes `{article, annotations}` back as the library's records (see `demoRecord`). */
export function writeDemoRecord(page, record) {
  return page.evaluate((record) => {
    const prefix = 'newsmark:ann:demo/us-china-ai-talks.txt ';
    for (const annotation of record.annotations) {
      const key = prefix + annotation.id;
      const old = JSON.parse(localStorage.getItem(key) ?? '{"revision":0}');
      const stored = { version: 2, revision: old.revision + 1, text: record.article, written: new Date().toISOString(), annotation };
      localStorage.setItem(key, JSON.stringify(stored));
    }
  }, record);
}
