import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startServer, launch } from './harness.mjs';
const dir = '/work/shared/corpus/article-benchmark';
const ids = readdirSync(join(dir, 'html')).map((f) => f.slice(0, -8)).sort();
const server = await startServer();
const browser = await launch();
const page = await browser.context.newPage();
await page.goto(`${server.url}demo/`);
const tot = {};
for (const id of ids) {
  const bytes = gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('base64');
  const t = await page.evaluate(async (bytes) => {
    const intake = await import('/pkg/intake.js'); await intake.default();
    const files = await import('/intake.js');
    const html = await files.readText(new File([Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0))], 'p.html'), 'html');
    const r = {};
    let t = performance.now();
    const enc = new TextEncoder().encode(html); const flat = intake.prepare_markup(enc); r.prepare = performance.now() - t; t = performance.now();
    const doc = new DOMParser().parseFromString(flat.bytes ? new TextDecoder().decode(flat.bytes) : html, 'text/html'); r.parse = performance.now() - t; t = performance.now();
    await files.extractInWorker('sketch', '{}').catch(() => {}); r.worker_prepare = performance.now() - t; t = performance.now();
    const tree = await files.htmlTreeJson(html, undefined, Infinity); r.whole_tree = performance.now() - t; t = performance.now();
    const n = doc.getElementsByTagName('*').length; r.count = performance.now() - t; t = performance.now();
    intake.article_from('html', tree.json); r.wasm = performance.now() - t;
    r.jsonKB = tree.json.length / 1000;
    return r;
  }, bytes);
  for (const k in t) tot[k] = (tot[k] ?? 0) + t[k];
}
console.log(Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, Math.round(v)])));
await browser.close(); server.stop();
