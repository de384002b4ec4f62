// Suggestions: passages the rule engine (the suggest module, fetched with this file) proposes
// to tag, each with its reason. They are drawn quietly in the article and listed under the
// Suggest button; nothing is tagged until the reader accepts one (the tag's key, or Enter),
// and a rejected one (x) stays hidden for the article. The engine decides what to suggest and
// what to hide; this file only draws and wires.

const PLURAL = { claim: 'claims', accusation: 'accusations', opinion: 'opinions' };
/** Words the engine reads between two breaths: a few milliseconds of work. */
const STEP_WORDS = 1500;

/**
 * @param ctx what app.js lends its lazily loaded parts (see `context` there)
 * @returns {{toggle: () => Promise<void>, changed: () => void}}
 */
export function wire(ctx) {
  document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL('suggest.css', import.meta.url).href }));
  const module = import('./pkg/suggest.js').then(async (m) => (await m.default(), m));
  const buttonEl = ctx.$('#suggest');
  const section = ctx.element('section', { id: 'suggestions', className: 'suggestions', hidden: true });
  section.setAttribute('aria-labelledby', 'suggestions-heading');
  const heading = ctx.element('h2', { id: 'suggestions-heading', tabIndex: -1 }, 'Suggestions ', ctx.element('span', { className: 'count' }));
  const hint = ctx.element('p', { className: 'hint' });
  const bulk = ctx.element('div', { className: 'bulk', role: 'group' });
  bulk.setAttribute('aria-label', 'Accept all of one tag');
  const list = ctx.element('ol', { className: 'items suggestion-items' });
  list.setAttribute('aria-label', 'Suggestions');
  section.append(heading, hint, bulk, list);
  buttonEl.closest('.suggest-row').after(section);

  let on = false;
  /** The engine over the article on screen, and which article that is (its map). */
  let engine = null;
  let engineFor = null;
  let reading = null;
  let shown = [];
  let rejected = [];
  /** The suggestion focused or last chosen, by id, and where it stood in the list. */
  let activeId = null;
  let asking = null;

  async function toggle() {
    on = !on;
    buttonEl.setAttribute('aria-pressed', String(on));
    if (!on) {
      clear();
      ctx.say('Suggestions hidden. Press S or Suggest to show them again.');
      return;
    }
    section.hidden = false;
    hint.textContent = 'Reading the article…';
    try {
      await read();
    } catch (error) {
      on = false;
      buttonEl.setAttribute('aria-pressed', 'false');
      clear();
      ctx.say(`Suggestions could not be made: ${error.message ?? error}. Your annotations are not touched.`, 'error');
      return;
    }
    render();
    ctx.say(shown.length ? `${shown.length} suggestion${shown.length === 1 ? '' : 's'}: the list is under Suggest. Nothing is tagged until you accept one.` : 'No suggestions for this article.');
    if (shown.length) list.querySelector('li')?.focus({ preventScroll: true });
  }

  /** Reads the article on screen, in slices that leave the page free between them. */
  function read() {
    if (engineFor === ctx.map && engine) return reading ?? Promise.resolve();
    reading = (async () => {
      const m = await module;
      const map = ctx.map;
      engine?.free();
      const blocks = ctx.app.article().blocks;
      engine = new m.Suggestions(blocks.map((b) => b.kind), blocks.map((b) => b.text));
      engineFor = map;
      while (!engine.step(STEP_WORDS)) await ctx.breathe();
      rejected = ctx.app.rejected_suggestions();
    })().finally(() => (reading = null));
    return reading;
  }

  function clear() {
    section.hidden = true;
    if ('highlights' in CSS) {
      CSS.highlights.delete('suggestion');
      CSS.highlights.delete('suggestion-active');
    }
  }

  /** The annotations or the article changed: the suggestions follow (none under an annotation). */
  function changed() {
    if (!on) return;
    if (engineFor !== ctx.map) {
      read().then(render, () => clear());
      return;
    }
    render();
  }

  function render() {
    if (!on || !engine) return;
    const annotated = ctx.annotations.flatMap((a) => [a.startU16, a.endU16]);
    shown = engine.visible(Uint32Array.from(annotated), rejected);
    heading.querySelector('.count').textContent = String(shown.length);
    hint.replaceChildren(
      shown.length
        ? 'Proposed, not tagged. On a suggestion: Enter accepts it, 1, 2 or 3 accepts it with that tag, X rejects it. Each says why.'
        : 'No suggestions left: every passage suggested is annotated or rejected.',
    );
    if (rejected.length) {
      hint.append(' ', ctx.button(`Bring back ${rejected.length} rejected`, restore, { className: 'link' }));
    }
    renderBulk();
    const focused = document.activeElement?.closest?.('.suggestion-items li');
    const at = focused ? [...list.children].indexOf(focused) : -1;
    list.replaceChildren(...shown.map(item));
    if (at >= 0 && list.children.length) list.children[Math.min(at, list.children.length - 1)].focus({ preventScroll: true });
    draw();
  }

  function item(s) {
    const li = ctx.element('li', { className: `item suggestion tag-${s.tag}${s.id === activeId ? ' selected' : ''}`, tabIndex: 0 });
    li.dataset.id = s.id;
    li.append(
      ctx.element('span', { className: 'chip' }, s.tag),
      ctx.element('q', { className: 'quote', dir: 'auto' }, s.quote),
      ctx.element('p', { className: 'reason' }, s.reason),
    );
    const actions = ctx.element('div', { className: 'suggestion-actions' });
    actions.append(
      ctx.button('Accept', () => accept(s, s.tag), { className: 'accept', title: `Tag it as ${ctx.withArticle(s.tag)} (Enter)` }),
      ctx.button('Reject', () => reject(s), { className: 'reject', title: 'Hide it for this article (X)' }),
    );
    li.append(actions);
    return li;
  }

  function renderBulk() {
    bulk.replaceChildren();
    if (asking) {
      const n = shown.filter((s) => s.tag === asking).length;
      bulk.append(
        ctx.element('span', {}, `Tag all ${n} ${n === 1 ? asking : PLURAL[asking]} as annotations?`),
        ctx.button(`Accept ${n}`, () => acceptAll(asking), { className: 'accept-all' }),
        ctx.button('Cancel', () => ((asking = null), renderBulk())),
      );
      return;
    }
    for (const tag of ctx.TAGS) {
      const n = shown.filter((s) => s.tag === tag).length;
      if (n > 1) bulk.append(ctx.button(`Accept all ${n} ${PLURAL[tag]}…`, () => ((asking = tag), renderBulk(), bulk.querySelector('.accept-all')?.focus())));
    }
  }

  /** The suggestions in the article: a quiet dashed underline, the chosen one shaded. */
  function draw() {
    if (!('highlights' in CSS)) return;
    const ranges = shown.map((s) => ctx.map.rangeOf(s.startU16, s.endU16));
    CSS.highlights.set('suggestion', new Highlight(...ranges));
    const active = shown.find((s) => s.id === activeId);
    CSS.highlights.set('suggestion-active', active ? new Highlight(ctx.map.rangeOf(active.startU16, active.endU16)) : new Highlight());
  }

  function choose(s, reveal = true) {
    activeId = s.id;
    for (const li of list.children) li.classList.toggle('selected', li.dataset.id === s.id);
    if (reveal) ctx.map.reveal(s.startU16, s.endU16);
    draw();
  }

  function accept(s, tag) {
    const next = following(s);
    ctx.tag(tag, { span: { start: s.startU16, end: s.endU16 } });
    // The list follows at the redraw; the focus goes on to the next suggestion.
    requestAnimationFrame(() => focusId(next));
  }

  function reject(s) {
    const next = following(s);
    const result = ctx.attempt(() => ctx.app.reject_suggestion(s.id));
    if (result === null) return;
    rejected.push(s.id);
    render();
    focusId(next);
    ctx.say(`Rejected: “${s.quote.length > 60 ? `${s.quote.slice(0, 60)}…` : s.quote}”. It stays hidden for this article.`);
  }

  function restore() {
    if (ctx.attempt(() => ctx.app.reject_suggestion(undefined)) === null) return;
    const n = rejected.length;
    rejected = [];
    render();
    ctx.say(`${n} rejected suggestion${n === 1 ? ' is' : 's are'} back.`);
  }

  function acceptAll(tag) {
    const chosen = shown.filter((s) => s.tag === tag);
    asking = null;
    const result = ctx.attempt(() => ctx.app.tag_all(Uint32Array.from(chosen.flatMap((s) => [s.startU16, s.endU16])), tag));
    if (!result) return renderBulk();
    ctx.showSaved(result);
    ctx.refresh();
    ctx.say(`Tagged ${result.made} ${result.made === 1 ? tag : PLURAL[tag]}. Undo takes them all back.`);
    heading.focus({ preventScroll: true });
  }

  /** The id of the suggestion after `s` (or before it, at the end), to go on to. */
  function following(s) {
    const i = shown.findIndex((x) => x.id === s.id);
    return (shown[i + 1] ?? shown[i - 1])?.id ?? null;
  }

  function focusId(id) {
    const li = id && list.querySelector(`li[data-id="${CSS.escape(id)}"]`);
    (li || heading).focus({ preventScroll: true });
  }

  // A click on a suggested passage in the article chooses its suggestion in the list (where an
  // annotation is, the annotation is chosen instead: suggestions never lie under one).
  ctx.articleEl.addEventListener('click', (event) => {
    if (!on || !getSelection().isCollapsed) return;
    const offset = ctx.map.offsetAtPoint(event.clientX, event.clientY);
    const s = offset !== null && shown.find((x) => x.startU16 <= offset && offset < x.endU16);
    if (!s) return;
    choose(s, false);
    list.querySelector(`li[data-id="${CSS.escape(s.id)}"]`)?.scrollIntoView({ block: 'nearest' });
    ctx.say(`Suggested as ${ctx.withArticle(s.tag)}: ${s.reason}. Enter on it in the list accepts it.`);
  });
  list.addEventListener('focusin', (event) => {
    const li = event.target.closest('li[data-id]');
    const s = li && shown.find((x) => x.id === li.dataset.id);
    if (s && s.id !== activeId) choose(s);
  });
  list.addEventListener('click', (event) => {
    const li = event.target.closest('li[data-id]');
    const s = li && !event.target.closest('button') && shown.find((x) => x.id === li.dataset.id);
    if (s) choose(s);
  });
  list.addEventListener('keydown', (event) => {
    const li = event.target.closest('li[data-id]');
    if (!li || event.target !== li || event.ctrlKey || event.metaKey || event.altKey) return;
    const s = shown.find((x) => x.id === li.dataset.id);
    const key = event.key.toLowerCase();
    const tag = ctx.KEYS[key] ?? (key === 'enter' ? s?.tag : null);
    const step = { arrowdown: 1, j: 1, arrowup: -1, k: -1 }[key];
    if (!s || !(tag || step || key === 'x' || key === 'delete')) return;
    // Handled here, not by the page's own keys (which would tag the text selection).
    event.preventDefault();
    event.stopPropagation();
    if (tag) accept(s, tag);
    else if (step) (li[step > 0 ? 'nextElementSibling' : 'previousElementSibling'] ?? li).focus();
    else reject(s);
  });

  return { toggle, changed };
}
