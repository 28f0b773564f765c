/* Browse page: facet filters, sorting, a shareable URL, and the list drawn a page at a time.
 *
 * Progressive enhancement. The page's HTML lists every credential: the first cards in [data-cc-cards], the
 * rest in a <noscript> list, which a browser running this script reads as text only, so a page of 10,000
 * credentials is ready as soon as a page of 50. The script loads the cards' data, the JSON file named by
 * data-cc-cards-url (columns in title order, see site_plugins/browse_data.py; the page's <head> has already
 * asked for it), draws the matching cards in the chosen order, PAGE at a time with a "Show more" button,
 * builds the controls into [data-cc-controls], and keeps the filter and sort state in the query string.
 * Loaded on every page (extra_javascript), and by the browse page itself right after the list; it does
 * nothing where there is no [data-cc-browse].
 *
 * Cards are numbers (their place in the data) and filters work on value numbers, so that filtering and
 * counting 10,000 cards is a loop over small integers, and the first results need no object per card.
 *
 * API for the search field (search.js): window.ccBrowse.setQueryFilter(cards | null, options) restricts
 * the list to those cards, best first ("Relevance" joins the sort menu); `cards` are card numbers (the
 * search index numbers its documents the same way) or ids. options.decorate(element) is called on each
 * card drawn (to mark the matched words), options.typed says the query was just typed (it then starts in
 * relevance order). Facet counts follow the query. It returns the number of matching cards.
 * window.ccBrowse.fetchJson(url) gives a JSON file, taking the request the page's <head> started
 * (window.ccPreloaded, overrides/main.html) when there is one.
 */
(function () {
  'use strict';
  if (window.ccBrowse) return; // loaded twice (the browse page's own tag, and every page's): once is enough

  // The facets (filters) come with the data (data.facets, from site_plugins/browse_data.py), in display and
  // URL order: `field` is the card data's column; `labels` are the titles of its values (the schema's) and
  // `order` their order; `buckets` turn a number into range keys ({key, label, above, upto}: above < n <=
  // upto), and a bucket marked `unknown` holds the cards without the number ("Not published"). Values
  // without a title (names) are shown as written. No label and no rubric size is written here.

  const RELEVANCE = 'relevance'; // offered, and the default, while there is a query
  const DEFAULT_SORT = 'title';
  const SORT_LABELS = { title: 'Title (A–Z)', standards: 'Standards met (high to low)',
    hours: 'Hours (low to high)' };
  const COLLAPSE_AFTER = 6; // facets with more values show this many, plus a "Show all" button
  const PAGE = 50; // cards listed at once; "Show more" lists the next PAGE
  // Of a new list, the cards drawn in the frame that shows it (about a screenful, as many as the page's HTML
  // has); the rest of the PAGE follow right after that frame, so the first results wait for 12 cards, not 50.
  const FIRST_DRAWN = 12;

  const toNumber = (v) => (v == null || v === '' ? NaN : Number(v));
  // Thousands with commas, as the page is in English (no Intl object to set up before the first results).
  const format = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const plural = (n, word) => format(n) + ' ' + word + (n === 1 ? '' : 's');

  function label(facet, value) {
    if (facet.buckets) return facet.buckets.find((b) => b.key === value).label;
    return (facet.labels && facet.labels[value]) || value;
  }

  // Whether the number n (NaN: the card has none) is in a bucket.
  function inBucket(bucket, n) {
    if (bucket.unknown) return isNaN(n);
    return !isNaN(n) && (bucket.above == null || n > bucket.above) && (bucket.upto == null || n <= bucket.upto);
  }

  // ---- The catalog's data: columns in title order; a card is its number ----

  function Catalog(data) {
    if (!data || data.version !== 3 || !data.columns || !Array.isArray(data.columns.id) || !Array.isArray(data.facets)) {
      throw new Error('the card data is not in a format this page reads');
    }
    this.columns = data.columns;
    this.count = data.columns.id.length;
    this.defs = data.facets;
    this.numeric = {}; // a number column as numbers (NaN: none), made when first needed
    this.hours = this.numbers('hours');
    this.standards = this.numbers('standards');
    // Each facet's values at once (the URL's filters are checked against them); which card has which,
    // when a filter or the counts first need it (not for the first list).
    this.facets = this.defs.map((facet) => ({ facet, values: facet.buckets ? facet.buckets.map((b) => b.key)
      : this.columns[facet.field].values.map(String), start: null, vals: null }));
    this.status = this.defs.find((facet) => facet.field === 'status') || {};
    this.byId = null; // id -> card number, made when ids are given
  }
  function numbers(column, count) {
    const found = new Float64Array(count);
    for (let c = 0; c < count; c++) found[c] = toNumber(column[c]);
    return found;
  }
  Catalog.prototype.numbers = function (field) {
    if (!this.numeric[field]) this.numeric[field] = numbers(this.columns[field], this.count);
    return this.numeric[field];
  };
  // A column's value for a card, whether stored as written or as a value number.
  Catalog.prototype.text = function (name, card) { // not for the list columns
    const column = this.columns[name];
    if (Array.isArray(column)) return column[card];
    const code = column.codes[card];
    return code == null || code < 0 ? '' : column.values[code];
  };
  Catalog.prototype.number = function (id) {
    if (!this.byId) this.byId = new Map(this.columns.id.map((value, card) => [String(value), card]));
    return this.byId.get(String(id));
  };

  // Facet number i with each card's value numbers: card c has vals[start[c]] .. vals[start[c + 1] - 1].
  Catalog.prototype.facet = function (i) {
    const found = this.facets[i];
    if (!found.start) Object.assign(found, cardValues(found.facet, this));
    return found;
  };
  function cardValues(facet, catalog) {
    const count = catalog.count;
    const start = new Int32Array(count + 1);
    if (facet.buckets) { // ranges of a number, and the bucket of the cards without one
      const found = catalog.numbers(facet.field);
      const buckets = facet.buckets;
      const vals = [];
      for (let c = 0; c < count; c++) {
        for (let b = 0; b < buckets.length; b++) if (inBucket(buckets[b], found[c])) vals.push(b);
        start[c + 1] = vals.length;
      }
      return { start, vals: Int32Array.from(vals) };
    }
    const column = catalog.columns[facet.field];
    const codes = column.codes;
    let vals;
    if (column.counts) { // a list for each card, in a row
      const counts = column.counts;
      for (let c = 0; c < count; c++) start[c + 1] = start[c] + counts[c];
      vals = Int32Array.from(codes);
    } else { // one value or none (-1)
      vals = new Int32Array(count);
      let n = 0;
      for (let c = 0; c < count; c++) {
        if (codes[c] >= 0) vals[n++] = codes[c];
        start[c + 1] = n;
      }
      vals = vals.subarray(0, n);
    }
    return { start, vals };
  }

  // The values offered for each facet, in display order: fixed ranges, or known values first, then the
  // others in the data's order (the build sorts them as a reader expects; no collator to set up here).
  function facetOptions(catalog) {
    const options = {};
    for (const { facet, values } of catalog.facets) {
      const rank = (v) => { const i = (facet.order || []).indexOf(v); return i < 0 ? Infinity : i; };
      options[facet.key] = values.map((v, i) => [rank(v), i, v])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((r) => r[2]);
    }
    return options;
  }

  // The cards that match the query and the facets, in card order, and (withCounts) counts[facet][value] =
  // cards that have the value and match the query and every *other* facet. Within a facet, values combine
  // with OR; across facets, AND. One pass: a card failing no facet counts for all its values; a card failing
  // exactly one facet counts only for that facet's values (choosing one of them could admit it); failing
  // two, nowhere.
  function select(catalog, state, withCounts) {
    if (withCounts) catalog.facets.forEach((f, i) => catalog.facet(i));
    const facets = catalog.facets;
    const counts = withCounts ? facets.map((f) => new Int32Array(f.values.length)) : null;
    const active = []; // [facet number, chosen flags by value number]
    facets.forEach((f, i) => {
      const chosen = state.selected[f.facet.key];
      if (chosen.size) {
        catalog.facet(i);
        active.push([i, Uint8Array.from(f.values, (v) => (chosen.has(v) ? 1 : 0))]);
      }
    });
    const rank = state.rank;
    const matching = [];
    for (let c = 0; c < catalog.count; c++) {
      if (rank && rank[c] < 0) continue;
      let failed = -1;
      let fails = 0;
      for (let a = 0; a < active.length && fails < 2; a++) {
        const { start, vals } = facets[active[a][0]];
        const flags = active[a][1];
        let hit = false;
        for (let k = start[c]; k < start[c + 1] && !hit; k++) hit = flags[vals[k]] === 1;
        if (!hit) { fails++; failed = active[a][0]; }
      }
      if (fails > 1) continue;
      if (fails === 0) matching.push(c);
      if (!withCounts) continue;
      for (let i = 0; i < facets.length; i++) {
        if (fails === 1 && i !== failed) continue;
        const { start, vals } = facets[i];
        const count = counts[i];
        for (let k = start[c]; k < start[c + 1]; k++) count[vals[k]]++;
      }
    }
    return { matching, counts };
  }

  // Cards without the number sort last in both directions; ties go by title (the card number).
  function sortCards(matching, sort, catalog, state) {
    if (sort === RELEVANCE) { // places are 0, 1, 2, ...: put each card in its place, no comparisons
      const placed = new Int32Array(state.places).fill(-1);
      for (const card of matching) placed[state.rank[card]] = card;
      const ordered = [];
      for (let p = 0; p < placed.length; p++) if (placed[p] >= 0) ordered.push(placed[p]);
      return ordered;
    }
    if (sort === 'standards') {
      const n = catalog.standards;
      return matching.sort((a, b) => (isNaN(n[b]) ? -1 : n[b]) - (isNaN(n[a]) ? -1 : n[a]) || a - b);
    }
    if (sort === 'hours') {
      const h = catalog.hours;
      return matching.sort((a, b) => (isNaN(h[a]) ? Infinity : h[a]) - (isNaN(h[b]) ? Infinity : h[b]) || a - b);
    }
    return matching; // title: the cards are numbered in title order
  }

  // The order shown: the one chosen, else relevance while there is a query, else by title.
  const defaultSort = (state) => (state.rank ? RELEVANCE : DEFAULT_SORT);
  const sortOf = (state) => (state.sort && (state.sort !== RELEVANCE || state.rank) ? state.sort : defaultSort(state));

  // Unknown parameters, and values no card has, are ignored.
  function stateFromSearch(search, catalog) {
    const params = new URLSearchParams(search);
    const selected = {};
    for (const { facet, values } of catalog.facets) {
      selected[facet.key] = new Set(params.getAll(facet.key).filter((v) => values.includes(v)));
    }
    const sort = params.get('sort');
    const known = sort === RELEVANCE || Object.prototype.hasOwnProperty.call(SORT_LABELS, sort);
    return { selected, sort: known ? sort : null, rank: null, places: 0, decorate: null };
  }

  // Our parameters in a canonical order; parameters we do not own (a search term, tracking) are kept.
  function searchFromState(state, options, search, defs) {
    const params = new URLSearchParams(search);
    for (const facet of defs) params.delete(facet.key);
    params.delete('sort');
    for (const facet of defs) {
      for (const v of options[facet.key]) if (state.selected[facet.key].has(v)) params.append(facet.key, v);
    }
    if (state.sort && state.sort !== defaultSort(state)) params.set('sort', state.sort);
    const text = params.toString();
    return text ? '?' + text : '';
  }

  // ---- DOM ----

  // Work that follows right after the browser has drawn the next frame: what was just put on the page
  // shows first.
  const afterFrame = (work) => requestAnimationFrame(() => setTimeout(work, 0));
  // Work that can wait until the browser has drawn what is pending (a reader's first results, say).
  const whenIdle = (work) => (window.requestIdleCallback ? requestIdleCallback(work, { timeout: 500 })
    : setTimeout(() => afterFrame(work), 0));

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === 'text') node.textContent = value; // never innerHTML: card data comes from contributors' YAML
      else node.setAttribute(name, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  let instances = 0;

  function buildControls(container, options, state, prefix, defs) {
    const sort = el('select', { id: prefix + '-sort' },
      Object.keys(SORT_LABELS).map((key) => el('option', { value: key, text: SORT_LABELS[key] })));
    const anySelected = defs.some((f) => state.selected[f.key].size > 0);
    const panelId = prefix + '-filters';
    const panel = el('div', { class: 'cc-browse__filters', id: panelId });
    // On narrow screens the filters fold away behind this button (CSS shows it only there).
    const toggle = el('button', { type: 'button', class: 'cc-browse__toggle', 'aria-controls': panelId,
      'aria-expanded': String(anySelected), text: 'Filters' });
    if (!anySelected) panel.setAttribute('data-collapsed', '');
    container.append(el('div', { class: 'cc-browse__bar' }, [
      toggle,
      el('div', { class: 'cc-browse__sort' }, [el('label', { for: sort.id, text: 'Sort by' }), sort]),
      el('button', { type: 'button', class: 'cc-browse__clear', 'data-cc-clear': '', text: 'Clear filters' }),
    ]), panel);

    const inputs = [];
    defs.forEach((facet, number) => {
      const values = options[facet.key];
      if (!values.length) return;
      const list = el('ul', { class: 'cc-facet__list' });
      const fieldset = el('fieldset', { class: 'cc-facet', 'data-facet': facet.key },
        [el('legend', { class: 'cc-facet__legend', text: facet.legend }), list]);
      values.forEach((value, i) => {
        const input = el('input', { type: 'checkbox', name: facet.key, value });
        const count = el('span', { class: 'cc-facet__count' });
        const item = el('li', { class: 'cc-facet__item' },
          [el('label', {}, [input, el('span', { class: 'cc-facet__value', text: label(facet, value) }), count])]);
        if (i >= COLLAPSE_AFTER && values.length > COLLAPSE_AFTER + 2) item.setAttribute('data-extra', '');
        list.append(item);
        inputs.push({ facet: facet.key, number, value, input, count });
      });
      const extras = list.querySelectorAll('[data-extra]');
      if (extras.length) {
        // Start expanded when a value in the folded part is chosen, so no active filter is out of sight.
        const open = Array.from(extras).some((li) => state.selected[facet.key].has(li.querySelector('input').value));
        const more = el('button', { type: 'button', class: 'cc-facet__more', 'data-cc-more': '' });
        const show = (expanded) => {
          extras.forEach((li) => { li.hidden = !expanded; });
          more.setAttribute('aria-expanded', String(expanded));
          more.textContent = expanded ? 'Show fewer' : 'Show all ' + values.length;
        };
        more.addEventListener('click', () => show(more.getAttribute('aria-expanded') !== 'true'));
        show(open);
        fieldset.append(more);
      }
      panel.append(fieldset);
    });
    toggle.addEventListener('click', () => {
      const expanded = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(expanded));
      panel.toggleAttribute('data-collapsed', !expanded);
    });
    return { sort, inputs };
  }

  // The markup of the build's cards (browse.md.j2), built with text nodes only: card data is contributors'.
  function cardElement(catalog, card, base) {
    const text = (name) => catalog.text(name, card);
    const id = String(text('id'));
    const status = text('status');
    const url = text('url');
    const first = url ? el('a', { class: 'cc-card__enrol', href: url, text: 'Enrol at ' + text('issuer') }) : text('issuer');
    const meta = [first, ' · ' + text('cost') + ' · ' + text('hours_text')];
    if (status && status !== 'active') meta.push(' · ' + label(catalog.status, status));
    if (text('illustrative')) meta.push(' · ', el('span', { class: 'cc-tag cc-tag--illustrative', text: 'Illustrative' }));
    meta.push(' · ', el('span', { class: 'cc-badge cc-badge--' + text('level'), text: text('headline') }));
    return el('li', { class: 'cc-card', id: 'card-' + id, 'data-id': id }, [
      el('h2', { class: 'cc-card__title' }, [el('a', { href: base + encodeURIComponent(id) + '/', text: text('title') })]),
      el('p', { class: 'cc-card__summary', text: text('summary') || '' }),
      el('p', { class: 'cc-card__meta' }, meta),
    ]);
  }

  // The JSON file at `url`: the one the page's <head> started fetching (overrides/main.html), else fetched
  // now. Shared with search.js (window.ccBrowse.fetchJson).
  function fetchJson(url) {
    const absolute = new URL(url, location.href).href;
    const early = window.ccPreloaded && window.ccPreloaded[absolute];
    if (early) {
      delete window.ccPreloaded[absolute]; // once: a later page (instant navigation) fetches afresh
      return early;
    }
    return fetch(absolute).then((response) => {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    });
  }

  // If the data cannot be loaded, the <noscript> list of the other credentials is put on the page, so
  // nothing is lost.
  function showAllFromHtml(root) {
    if (document.readyState === 'loading') { // the <noscript> list comes after this script in the page
      document.addEventListener('DOMContentLoaded', () => showAllFromHtml(root), { once: true });
      return;
    }
    const rest = root.querySelector('noscript');
    if (!rest) return;
    const template = document.createElement('template');
    template.innerHTML = rest.textContent; // the build's own HTML, contributors' text escaped in it
    rest.replaceWith(template.content);
  }

  function init(root) {
    if (root.hasAttribute('data-cc-ready')) return null;
    const list = root.querySelector('[data-cc-cards]');
    const controls = root.querySelector('[data-cc-controls]');
    const live = root.querySelector('[data-cc-count]');
    const more = root.querySelector('[data-cc-more]');
    const url = root.getAttribute('data-cc-cards-url');
    const base = root.getAttribute('data-cc-base') || '';
    if (!list || !controls || !more || !url) return null;
    root.setAttribute('data-cc-ready', '');

    let ready = null; // the page, once the data is in
    let pending = null; // a query given before that
    const api = {
      setQueryFilter(cards, options) {
        if (ready) return ready.setQueryFilter(cards, options);
        pending = [cards, options];
        return 0;
      },
      loaded: fetchJson(url)
        .then((data) => {
          ready = setUp(new Catalog(data), pending); // a query typed meanwhile is in its first list
          pending = null;
          root.setAttribute('data-cc-loaded', '');
        }, (error) => {
          showAllFromHtml(root);
          if (live) live.textContent = 'Filters are unavailable (' + error.message + '); every credential is listed.';
          throw error;
        }),
    };
    return api;

    function setUp(catalog, query) {
      const state = stateFromSearch(location.search, catalog);
      let options = null; // the facets' values in display order, and the controls: made after the first cards
      let ui = null;
      const relevanceOption = el('option', { value: RELEVANCE, text: 'Relevance' });
      let matching = []; // the card numbers that match, in the order shown
      let counts = null;
      let sortBeforeQuery = null;
      let drawn = 0;
      let buildCards = true; // the list still has the cards of the page's HTML

      // Lists the matching cards up to `count`: with `later` (afterFrame or whenIdle), the first FIRST_DRAWN
      // of them now and the others then (unless the list has changed by then); the list is aria-busy meanwhile.
      let listed = 0; // the cards the list is to have; `drawn` of them are in it
      let version = 0;
      function draw(count, later) {
        listed = Math.min(count, matching.length);
        if (buildCards && !state.decorate) { // the build's cards stay if they begin this very list
          const shown = list.children;
          let same = 0;
          while (same < shown.length && same < listed &&
            shown[same].getAttribute('data-id') === String(catalog.columns.id[matching[same]])) same++;
          if (same === shown.length) drawn = same;
        }
        buildCards = false;
        fill(later ? Math.max(drawn, FIRST_DRAWN) : listed);
        const rest = matching.length - listed;
        more.hidden = rest === 0;
        if (rest) {
          more.replaceChildren(el('button', { type: 'button', class: 'md-button', 'data-cc-show-more': '',
            text: rest > PAGE ? 'Show ' + PAGE + ' more (' + plural(rest, 'credential') + ' not shown yet)'
              : rest === 1 ? 'Show the last credential' : 'Show the last ' + plural(rest, 'credential') }));
        }
        const drawing = ++version;
        if (drawn < listed) later(() => { if (drawing === version) fill(listed); });
      }

      // Puts the listed cards up to `upTo` into the list, after those already in it (none: a new list).
      function fill(upTo) {
        const fragment = document.createDocumentFragment();
        for (const card of matching.slice(drawn, Math.min(upTo, listed))) {
          const item = cardElement(catalog, card, base);
          if (state.decorate) state.decorate(item);
          fragment.append(item);
        }
        if (drawn === 0) list.replaceChildren(fragment); else list.append(fragment);
        drawn = Math.max(drawn, Math.min(upTo, listed));
        if (drawn < listed) list.setAttribute('aria-busy', 'true'); else list.removeAttribute('aria-busy');
      }

      function updateControls() {
        for (const { facet, number, code, value, input, count } of ui.inputs) {
          const n = counts[number][code] || 0;
          input.checked = state.selected[facet].has(value);
          input.disabled = n === 0 && !input.checked; // shown, not hidden, so the choices stay put
          count.textContent = '(' + n + ')';
        }
        if (state.rank && !relevanceOption.parentNode) ui.sort.prepend(relevanceOption);
        if (!state.rank) relevanceOption.remove();
        ui.sort.value = sortOf(state);
      }

      // The one place the page is updated from the state.
      function render(updateUrl, later = afterFrame) {
        matching = sortCards(select(catalog, state, false).matching, sortOf(state), catalog, state);
        drawn = 0;
        draw(PAGE, later);
        if (ui) countSoon();
        if (live) live.textContent = 'Showing ' + format(matching.length) + ' of ' + plural(catalog.count, 'credential');
        if (updateUrl) {
          const search = searchFromState(state, options || facetOptions(catalog), location.search, catalog.defs);
          history.replaceState(history.state, '', location.pathname + search + location.hash);
        }
        return matching.length;
      }

      // The filter counts, right after the frame that shows the cards: the cards come first. The controls
      // are aria-busy meanwhile.
      let counting = false;
      function countSoon() {
        if (counting) return;
        counting = true;
        controls.setAttribute('aria-busy', 'true');
        afterFrame(() => {
          counting = false;
          counts = select(catalog, state, true).counts;
          updateControls();
          controls.removeAttribute('aria-busy');
        });
      }

      // The controls: once the first cards (or results) are on screen, which need not wait for them.
      function buildUi() {
        options = options || facetOptions(catalog);
        ui = buildControls(controls, options, state, 'cc-browse-' + ++instances, catalog.defs);
        for (const item of ui.inputs) item.code = catalog.facets[item.number].values.indexOf(item.value); // once
        counts = select(catalog, state, true).counts;
        updateControls();
        controls.hidden = false;
      }

      controls.addEventListener('change', (event) => {
        const target = event.target;
        if (target === ui.sort) {
          state.sort = target.value === defaultSort(state) ? null : target.value;
        } else if (target.type === 'checkbox') {
          const chosen = state.selected[target.name];
          if (target.checked) chosen.add(target.value); else chosen.delete(target.value);
        } else {
          return;
        }
        render(true);
      });
      controls.addEventListener('click', (event) => {
        if (!event.target.closest('[data-cc-clear]')) return;
        // Clears the facets only: the sort order and a search query are not filters.
        for (const facet of catalog.defs) state.selected[facet.key].clear();
        render(true);
      });
      more.addEventListener('click', (event) => {
        if (!event.target.closest('[data-cc-show-more]')) return;
        const first = listed;
        draw(listed + PAGE, null);
        // Keyboard users go on from the first new card, not back to the top.
        const next = list.children[first] && list.children[first].querySelector('a');
        if (next) next.focus();
      });

      root.classList.add('cc-browse--enhanced');
      const page = {
        setQueryFilter(cards, options = {}) {
          const wasActive = state.rank !== null;
          if (cards == null) {
            state.rank = null;
          } else {
            state.rank = new Int32Array(catalog.count).fill(-1);
            let place = 0;
            for (const given of cards) {
              const card = typeof given === 'number' ? given : catalog.number(given);
              if (card >= 0 && card < catalog.count && state.rank[card] < 0) state.rank[card] = place++;
            }
            state.places = place;
          }
          state.decorate = state.rank ? options.decorate || null : null;
          if (options.typed && state.rank && !wasActive) { // a new query starts by relevance ...
            sortBeforeQuery = state.sort;
            state.sort = null;
          }
          if (!state.rank && wasActive && (state.sort === null || state.sort === RELEVANCE)) {
            state.sort = sortBeforeQuery; // ... and without it, the list is back in the order chosen before
          }
          return render(Boolean(options.typed));
        },
      };
      // The list as the page opens: the rest of its first PAGE, below the build's cards, when the browser is idle.
      if (query) page.setQueryFilter(...query); else render(false, whenIdle);
      whenIdle(buildUi);
      return page;
    }
  }

  // One stable API object; it talks to the browse list of the page being shown (instant navigation
  // replaces the page without reloading this script). `ready` settles once the page's data is in.
  let current = null;
  window.ccBrowse = {
    setQueryFilter: (cards, options) => (current ? current.setQueryFilter(cards, options) : 0),
    ready: () => (current ? current.loaded : Promise.reject(new Error('no browse list on this page'))),
    fetchJson,
  };

  function start() {
    const root = document.querySelector('[data-cc-browse]');
    current = root ? init(root) || current : null;
    if (current) current.loaded.catch(() => {});
  }

  // At once: on the browse page this script comes right after the list's markup. Then, with Material's
  // instant navigation, on every page it shows (its document$ replays the current one, which init()
  // recognises).
  start();
  const follow = () => {
    if (window.document$ && typeof window.document$.subscribe === 'function') window.document$.subscribe(start);
    else start();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', follow); else follow();
})();
