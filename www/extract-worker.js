// Reads files off the main thread, so a large one never freezes the page: the intake Wasm
// module, loaded in this worker, turns text, Markdown or a page's node tree (as JSON) into an
// article, sketches an article's wording (kind 'sketch', source its JSON), and reads
// annotation files (kind 'annotations') and pages newsmark exported (kind 'page'), and
// prepares a page's markup for the browser's parser (kind 'prepare', its UTF-8 bytes as a
// transferred buffer: flattened when it nests
// past what that parser reads quickly, without handler attributes and <base>).
// Messages: {id, kind, source} in; {id, result} or {id, error} out.
import init, { article_from as articleFrom, sketch_of as sketchOf, read_annotations as readAnnotations, read_page as readPage, prepare_markup as prepareMarkup } from './pkg/intake.js';

const ready = init();

function run(kind, source) {
  switch (kind) {
    case 'sketch': return sketchOf(source);
    case 'annotations': return readAnnotations(source);
    case 'page': return readPage(source);
    case 'prepare': return prepareMarkup(new Uint8Array(source));
    default: return articleFrom(kind, source);
  }
}

onmessage = async ({ data: { id, kind, source } }) => {
  try {
    await ready;
    const result = run(kind, source);
    // Prepared markup goes back as its buffer, transferred, not copied.
    postMessage({ id, result }, result?.bytes ? [result.bytes.buffer] : []);
  } catch (error) {
    postMessage({ id, error: error.message ?? String(error) });
  }
};
