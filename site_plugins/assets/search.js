/* Browse page search: a query field over the catalog index built at build time, combined with the facets.
 *
 * site_plugins/search_index.py builds the index (docs/search.md explains the format and the choice); this
 * script fetches it once, on first use (focus, a key, or a `q` in the URL), and never builds one. Words
 * become terms with lunr.js's own tokenizer, trimmer, stop word filter and stemmer (vendor/lunr.min.js,
 * loaded before this script), the steps the index was built with. The matching ids go to browse.js
 * (ccBrowse.setQueryFilter), which hides the other cards and recounts the facets; this script orders the
 * cards by relevance ("Relevance" in the sort menu while there is a query), marks the matched words in the
 * cards on screen and keeps `q` (and `sort`, which the query changes the meaning of) in the URL. browse.js's
 * count, a live region, announces the results. Does nothing where there is no [data-cc-search] field.
 */
(function () {
  'use strict';

  // Must agree with search_index.py (tests check): weights of prefix and typo matches, length limits.
  const PREFIX_WEIGHT = 0.7;
  const TYPO_WEIGHT = 0.5;
  const MIN_PREFIX = 2;
  const FORM_MIN = 4;
  const DEFAULT_SORT = 'title';
  const MARK_NOW = 24; // cards whose words are marked at once; the rest when scrolled to
  const TOP = 100; // cards put in order of relevance (see relevanceOrder)
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const DIGIT = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

  // ---- Text to terms, with lunr.js's pipeline ----

  const cache = new Map(); // token -> [word trimmed, term ('' for a stop word or punctuation)]
  function analyse(token) {
    let found = cache.get(token);
    if (!found) {
      const t = window.lunr.trimmer(new window.lunr.Token(token, {}));
      const written = t.toString();
      found = [written, written && window.lunr.stopWordFilter(t) ? window.lunr.stemmer(t).toString() : ''];
      cache.set(token, found);
    }
    return found;
  }

  // The query's words that are not stop words. Only the last, still being typed (no space after it),
  // also matches words it starts.
  function queryWords(query) {
    const words = [];
    for (const token of window.lunr.tokenizer(query)) {
      const [written, term] = analyse(token.toString());
      if (term) words.push({ written, term, prefix: false });
    }
    const last = words[words.length - 1];
    if (last && !/[\s-]$/.test(query)) last.prefix = last.written.length >= MIN_PREFIX;
    return words;
  }

  // At most one letter inserted, deleted, replaced, or two neighbours swapped.
  function withinOneEdit(a, b) {
    if (a === b) return true;
    if (Math.abs(a.length - b.length) > 1) return false;
    if (a.length > b.length) [a, b] = [b, a];
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length < b.length) return a.slice(i) === b.slice(i + 1);
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i + 1] === b[i] && a[i] === b[i + 1] && a.slice(i + 2) === b.slice(i + 2));
  }
  const typoOk = (word, other) => Math.min(word.length, other.length) >= FORM_MIN &&
    Math.max(word.length, other.length) >= 5 && withinOneEdit(word, other);

  // ---- The index ----

  function Index(data) {
    this.ids = data.ids;
    this.terms = data.terms;
    this.postings = data.postings;
    this.number = new Map(data.terms.map((t, i) => [t, i]));
    this.forms = []; // [word as written, term number]
    data.forms.forEach((list, i) => { if (list) list.split(' ').forEach((w) => this.forms.push([w, i])); });
    this.weights = []; // field mask -> sum of the boosts of its fields
    for (let mask = 0; mask < 16; mask++) {
      this.weights.push(data.boosts.reduce((sum, boost, bit) => (mask & (1 << bit) ? sum + boost : sum), 0));
    }
    this.decoded = new Map();
  }

  // A term's postings (see encode_postings in search_index.py), decoded on first use.
  Index.prototype.decode = function (i) {
    let found = this.decoded.get(i);
    if (found) return found;
    const text = this.postings[i];
    const docs = []; const masks = [];
    let doc = -1; let value = 0; let shift = 0;
    for (let k = 0; k < text.length; k++) {
      const digit = DIGIT[text.charCodeAt(k)];
      value += (digit & 31) * 2 ** shift; // arithmetic, not <<, so large gaps cannot overflow 32 bits
      if (digit & 32) { shift += 5; continue; }
      doc += Math.floor(value / 16) + 1;
      docs.push(doc); masks.push(value % 16);
      value = 0; shift = 0;
    }
    found = { docs, masks };
    this.decoded.set(i, found);
    return found;
  };

  // Term number -> weight for one word: its own term, else (while typed) terms and words it starts,
  // else terms and words one typo away.
  Index.prototype.variants = function (word) {
    const variants = new Map();
    if (this.number.has(word.term)) variants.set(this.number.get(word.term), 1);
    const add = (i, weight) => { if (!variants.has(i)) variants.set(i, weight); };
    if (word.prefix) {
      this.terms.forEach((t, i) => { if (t.startsWith(word.written)) add(i, PREFIX_WEIGHT); });
      for (const [w, i] of this.forms) if (w.startsWith(word.written)) add(i, PREFIX_WEIGHT);
    }
    if (variants.size) return variants;
    this.terms.forEach((t, i) => { if (typoOk(word.term, t) || typoOk(word.written, t)) add(i, TYPO_WEIGHT); });
    for (const [w, i] of this.forms) if (typoOk(word.written, w)) add(i, TYPO_WEIGHT);
    return variants;
  };

  // Documents matching every word, best first (ties in browse order), and the terms that matched.
  // A word scores weight x idf x boosts of the fields holding it, its best variant counting.
  Index.prototype.search = function (words) {
    const count = this.ids.length;
    const matched = new Set();
    let totals = null;
    for (const word of words) {
      const best = new Float64Array(count);
      for (const [i, weight] of this.variants(word)) {
        matched.add(this.terms[i]);
        const { docs, masks } = this.decode(i);
        const idf = Math.log(1 + count / docs.length);
        for (let k = 0; k < docs.length; k++) {
          const score = weight * idf * this.weights[masks[k]];
          if (score > best[docs[k]]) best[docs[k]] = score;
        }
      }
      if (totals === null) totals = best;
      else for (let d = 0; d < count; d++) totals[d] = totals[d] > 0 && best[d] > 0 ? totals[d] + best[d] : 0;
    }
    const ranked = [];
    for (let d = 0; d < count; d++) if (totals[d] > 0) ranked.push(d);
    ranked.sort((a, b) => totals[b] - totals[a] || a - b);
    return { ids: ranked.map((d) => this.ids[d]), scores: ranked.map((d) => totals[d]), matched };
  };

  // ---- Marking matched words, in cards as they come into view ----

  const originals = new WeakMap(); // element -> its text before marking

  function mark(element, matched) {
    if (!originals.has(element)) originals.set(element, element.textContent);
    const text = originals.get(element);
    const parts = [];
    let last = 0;
    for (const piece of text.matchAll(/[^\s-]+/g)) { // the tokenizer's pieces, with their positions
      const lower = piece[0].toLowerCase();
      const [written, term] = analyse(lower);
      if (!term || !matched.has(term) || lower.length !== piece[0].length) continue;
      const start = piece.index + lower.indexOf(written);
      const node = document.createElement('mark');
      node.textContent = text.slice(start, start + written.length); // never innerHTML: text is contributors'
      parts.push(text.slice(last, start), node);
      last = start + written.length;
    }
    if (parts.length || element.childElementCount) element.replaceChildren(...parts, text.slice(last));
  }

  // ---- The page ----

  function init(root) {
    const input = root.querySelector('input[data-cc-search-index]');
    const list = root.querySelector('[data-cc-cards]');
    const select = root.querySelector('.cc-browse__sort select');
    const live = root.querySelector('[data-cc-count]');
    if (!input || !list || !select || input.hasAttribute('data-cc-ready')) return null;
    input.setAttribute('data-cc-ready', '');
    const box = input.closest('[data-cc-search]') || input.parentElement;
    const cards = new Map(Array.from(list.children, (el) => [el.getAttribute('data-id'), el]));
    const relevanceOption = Object.assign(document.createElement('option'), { value: 'relevance', text: 'Relevance' });
    const params = new URLSearchParams(location.search);
    let index = null; let loading = null; let frame = 0; let urlTimer = 0;
    let active = false; // a query with words is applied
    let relevance = !params.has('sort') || params.get('sort') === 'relevance'; // the URL decides, at first
    let browseSort = select.value; // browse.js's own sort, which a query leaves alone
    let result = { ids: [], matched: new Set() };
    const marked = new Set();
    const done = new WeakMap(); // card -> the result it was marked for

    function load() {
      loading = loading || fetch(input.getAttribute('data-cc-search-index'))
        .then((response) => { if (!response.ok) throw new Error('HTTP ' + response.status); return response.json(); })
        .then((data) => { index = new Index(data); });
      return loading;
    }

    function markCard(card) {
      if (!active || done.get(card) === result) return;
      done.set(card, result);
      for (const element of card.querySelectorAll('.cc-card__title a, .cc-card__summary')) {
        mark(element, result.matched);
        marked.add(element);
      }
    }
    // Cards scrolled to are marked then. (Not an IntersectionObserver: on 10,000 cards it costs Chromium
    // some 200 ms on every change of the list.) Cards are in rows in page order: a binary search finds the
    // first one on screen.
    let shownCards = []; let scrollFrame = 0;
    function markOnScreen() {
      scrollFrame = 0;
      let low = 0; let high = shownCards.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (shownCards[middle].getBoundingClientRect().bottom < 0) low = middle + 1; else high = middle;
      }
      for (let i = low; i < shownCards.length && shownCards[i].getBoundingClientRect().top < innerHeight; i++) {
        markCard(shownCards[i]);
      }
    }
    const markSoon = () => { if (active && !scrollFrame) scrollFrame = requestAnimationFrame(markOnScreen); };
    window.addEventListener('scroll', markSoon, { passive: true });
    window.addEventListener('resize', markSoon, { passive: true });

    // The white space between the cards in the page's HTML makes Chromium re-check every neighbour of a
    // moved card: moving 2,500 of 10,000 cards takes seconds with it, milliseconds without. So, once
    // (when the field gets focus, before any query), the list is rebuilt of its cards alone.
    let compacted = false;
    function compact() {
      if (compacted || list.childNodes.length === list.children.length) return;
      compacted = true;
      const all = Array.from(list.children);
      list.textContent = ''; // empty in one go, then append: removing 10,000 nodes one by one is slow too
      list.append(...all);
    }

    // Relevance order puts the best TOP cards shown first; the others keep browse.js's order. Reordering all
    // 10,000 makes Chromium restyle every card (seconds) for an order nobody reads that far. `order` is the
    // list in browse.js's order, `moved` the cards put first.
    let order = null; let place = null; let moved = [];
    function putBack() {
      // Last first, each goes before its successor in browse.js's order, which is in place by then.
      moved.map((card) => place.get(card)).sort((a, b) => b - a)
        .forEach((i) => list.insertBefore(order[i], order[i + 1] || null));
      moved = [];
    }

    function relevanceOrder(ids) {
      const top = [];
      for (let i = 0; i < ids.length && top.length < TOP; i++) {
        const card = cards.get(ids[i]);
        if (card && !card.hidden) top.push(card); // facets hide some
      }
      if (top.every((card, i) => list.children[i] === card)) return;
      compact();
      if (!order) { order = Array.from(list.children); place = new Map(order.map((card, i) => [card, i])); }
      putBack();
      list.prepend(...top);
      moved = top;
    }

    // Debounced: replaceState makes Chromium restyle the page's 10,000 links, so not on every key.
    const syncUrlSoon = () => { clearTimeout(urlTimer); urlTimer = setTimeout(syncUrl, 300); };

    function syncUrl() {
      const url = new URLSearchParams(location.search);
      if (input.value) url.set('q', input.value); else url.delete('q');
      url.delete('sort');
      if (active ? !relevance : browseSort !== DEFAULT_SORT) url.set('sort', browseSort);
      const text = url.toString();
      history.replaceState(history.state, '', location.pathname + (text ? '?' + text : '') + location.hash);
    }

    // After browse.js has rendered: it resets the sort menu to its own sort.
    function afterBrowse() {
      if (select.value !== 'relevance') browseSort = select.value;
      if (active && !relevanceOption.parentNode) select.prepend(relevanceOption);
      if (!active) relevanceOption.remove();
      select.value = active && relevance ? 'relevance' : browseSort;
    }

    // After browse.js has shown the cards of a query or a filter: order them, mark the first (no layout
    // needed), and those on screen once drawn, if the page is scrolled.
    function present() {
      afterBrowse();
      if (active && relevance) relevanceOrder(result.ids); else putBack();
      shownCards = active ? Array.from(list.children).filter((card) => !card.hidden) : [];
      shownCards.slice(0, MARK_NOW).forEach(markCard);
      markSoon();
    }

    function run(updateUrl) {
      const words = queryWords(input.value);
      if (words.length && !index) {
        box.setAttribute('aria-busy', 'true');
        load().then(() => run(updateUrl), (error) => {
          box.removeAttribute('aria-busy');
          if (live) live.textContent = 'Search is unavailable (' + error.message + '); every credential is listed.';
        });
        return;
      }
      box.removeAttribute('aria-busy');
      if (words.length && !active && updateUrl) relevance = true; // a newly typed query starts by relevance
      active = words.length > 0;
      result = active ? index.search(words) : { ids: [], matched: new Set() };
      window.ccBrowse.setQueryFilter(active ? result.ids : null);
      marked.forEach((element) => { element.textContent = originals.get(element); });
      marked.clear();
      present();
      if (updateUrl) syncUrlSoon();
      box.setAttribute('data-cc-query', input.value); // the query whose results are shown (for tests)
      performance.mark('cc-search-results');
    }

    input.addEventListener('input', () => {
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; run(true); }); // one search per frame
    });
    input.addEventListener('focus', () => { compact(); load().catch(() => {}); }, { once: true });
    // Capture, before browse.js: "Relevance" is ours; another sort first puts browse.js's order back.
    root.addEventListener('change', (event) => {
      if (event.target !== select) return;
      relevance = select.value === 'relevance';
      if (relevance) { event.stopPropagation(); run(true); return; }
      putBack(); // browse.js sorts from its own order, and may change it
      order = null;
    }, true);
    // Bubbling, after browse.js has handled a filter, sort or "Clear filters".
    const after = () => { present(); syncUrlSoon(); };
    root.addEventListener('change', after);
    root.addEventListener('click', after);

    input.value = params.get('q') || '';
    box.hidden = false;
    if (input.value) run(false);
    return { input };
  }

  // The engine alone, for benchmarks/search.py's bare-page comparison.
  window.ccSearch = { Index, queryWords };

  let current = null;

  // `/` goes to the search field, unless typed into a field (and before Material's own search takes it).
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || !current) return;
    const target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    event.stopPropagation();
    current.input.focus();
  });

  function start(attempt = 0) {
    const root = document.querySelector('[data-cc-browse]');
    if (!root || !window.lunr) { current = null; return; }
    // browse.js builds the sort menu: if this script ran first, wait for it (up to a second).
    if (!root.hasAttribute('data-cc-ready') && attempt < 50) { setTimeout(() => start(attempt + 1), 20); return; }
    current = init(root) || current;
  }

  // Loaded from the page itself, this runs before Material's bundle and browse.js: wait for the document,
  // then follow Material's page events (document$ replays the current page), after browse.js.
  function boot() {
    if (window.document$ && typeof window.document$.subscribe === 'function') window.document$.subscribe(() => start());
    else start();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot); else boot();
})();
