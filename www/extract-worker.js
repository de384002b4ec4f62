// Extracts articles off the main thread, so a large file never freezes the page: the intake
// Wasm module, loaded in this worker, turns text, Markdown or a page's node tree (as JSON) into
// an article, or sketches an article's wording (kind 'sketch', source its JSON).
// Messages: {id, kind, source} in; {id, result} or {id, error} out.
import init, { article_from as articleFrom, sketch_of as sketchOf } from './pkg/intake.js';

const ready = init();

onmessage = async ({ data: { id, kind, source } }) => {
  try {
    await ready;
    postMessage({ id, result: kind === 'sketch' ? sketchOf(source) : articleFrom(kind, source) });
  } catch (error) {
    postMessage({ id, error: error.message ?? String(error) });
  }
};
