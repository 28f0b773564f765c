/* Browse page search: a query field over the catalog index built at build time, combined with the facets.
 *
 * site_plugins/search_index.py builds the index (docs/search.md explains the format and the choice); the
 * page's <head> starts fetching it (ccBrowse.fetchJson takes that request), and this script never builds
 * one. Words become terms with lunr.js's own tokenizer, trimmer, stop word filter and stemmer
 * (vendor/lunr.min.js, loaded before this script), the steps the index was built with. The matching
 * credentials, best first, go to browse.js (ccBrowse.setQueryFilter), which keeps only those cards,
 * offers and applies "Relevance" in the sort menu, draws the first cards, which this script marks the
 * matched words in, and then recounts the facets. The query is kept in the URL (`query=`). browse.js's
 * count, a live region, announces the results. Does nothing where there is no [data-cc-search] field.
 */
(function () {
  'use strict';

  // Must agree with search_index.py (tests check): weights of prefix and typo matches, length limits.
  const PREFIX_WEIGHT = 0.7;
  const TYPO_WEIGHT = 0.5;
  const MIN_PREFIX = 2;
  const FORM_MIN = 4;
  // The query's name in the URL. Not `q`: Material's own search opens with a `q` it finds there.
  const PARAM = 'query';
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

  // Documents matching every word, best first (ties in browse order), as numbers (a document's number is
  // its card's in the browse data; its id is this.ids[number]), and the terms that matched.
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
    // Best first, ties in browse order: documents grouped by score (a query gives few distinct scores),
    // then the groups in order, which is a comparison sort of the scores, not of thousands of documents.
    const byScore = new Map();
    for (let d = 0; d < count; d++) {
      const score = totals[d];
      if (!(score > 0)) continue;
      const group = byScore.get(score);
      if (group) group.push(d); else byScore.set(score, [d]);
    }
    const ranked = [];
    for (const score of Array.from(byScore.keys()).sort((a, b) => b - a)) {
      for (const d of byScore.get(score)) ranked.push(d);
    }
    return { docs: ranked, matched };
  };

  // ---- Marking matched words in a card ----

  // `element` is freshly drawn by browse.js (decorate), so its text is still plain.
  function mark(element, matched) {
    const text = element.textContent;
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
    if (parts.length) element.replaceChildren(...parts, text.slice(last));
  }

  // ---- The page ----

  function init(root) {
    const input = root.querySelector('input[data-cc-search-index]');
    const live = root.querySelector('[data-cc-count]');
    if (!input || input.hasAttribute('data-cc-ready')) return null;
    input.setAttribute('data-cc-ready', '');
    const box = input.closest('[data-cc-search]') || input.parentElement;
    let index = null; let loading = null; let frame = 0; let urlTimer = 0;

    function load() {
      // The index, and the browse list's data (the results are drawn from it), both in.
      loading = loading || Promise.all([
        window.ccBrowse.fetchJson(input.getAttribute('data-cc-search-index')),
        window.ccBrowse.ready(),
      ]).then(([data]) => { index = new Index(data); });
      return loading;
    }

    // Debounced, so that typing a word leaves one entry's worth of URL changes, not one per key.
    const syncUrlSoon = () => { clearTimeout(urlTimer); urlTimer = setTimeout(syncUrl, 300); };
    function syncUrl() {
      const url = new URLSearchParams(location.search);
      if (input.value) url.set(PARAM, input.value); else url.delete(PARAM);
      const text = url.toString();
      history.replaceState(history.state, '', location.pathname + (text ? '?' + text : '') + location.hash);
    }

    function run(typed) {
      const words = queryWords(input.value);
      if (words.length && !index) { // one wait, which then searches for what the field holds by then
        if (!box.hasAttribute('aria-busy')) {
          box.setAttribute('aria-busy', 'true');
          load().then(() => run(typed), (error) => {
            box.removeAttribute('aria-busy');
            if (live) live.textContent = 'Search is unavailable (' + error.message + '); every credential is listed.';
          });
        }
        return;
      }
      box.removeAttribute('aria-busy');
      const result = words.length ? index.search(words) : null;
      const decorate = (card) => {
        for (const element of card.querySelectorAll('.cc-card__title a, .cc-card__summary')) mark(element, result.matched);
      };
      window.ccBrowse.setQueryFilter(result && result.docs, { decorate, typed });
      if (typed) syncUrlSoon();
      box.setAttribute('data-cc-query', input.value); // the query whose results are shown (for tests)
      performance.mark('cc-search-results');
    }

    // At once, then at most once a frame while keys come faster than frames.
    input.addEventListener('input', () => {
      if (frame) return;
      run(true);
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (index && input.value !== box.getAttribute('data-cc-query')) run(true);
      });
    });
    load().catch(() => {}); // at once (the request is already out): the first query need not wait

    // The page shows the field before this script has arrived: keep what was typed into it meanwhile.
    if (!input.value) input.value = new URLSearchParams(location.search).get(PARAM) || '';
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

  function start() {
    const root = document.querySelector('[data-cc-browse]');
    if (!root || !window.lunr || !window.ccBrowse) { current = null; return; }
    current = init(root) || current;
  }

  // Loaded by the browse page right after its field and list (and after browse.js): start at once, then
  // follow Material's page events (document$ replays the current page, which init() recognises).
  start();
  const follow = () => {
    if (window.document$ && typeof window.document$.subscribe === 'function') window.document$.subscribe(() => start());
    else start();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', follow); else follow();
})();
