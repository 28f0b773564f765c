/* Browse page: facet filters, sorting, a shareable URL, and the list drawn a page at a time.
 *
 * Progressive enhancement. The page's HTML lists every credential: the first cards in [data-cc-cards], the
 * rest in a <noscript> list, which a browser running this script reads as text only, so a page of 10,000
 * credentials is ready as soon as a page of 50. The script reads the cards' data (rows of the fields it
 * lists) from the page's <script type="application/json" data-cc-cards-data>, or else loads the JSON file
 * named by data-cc-cards-url, builds the controls into [data-cc-controls], draws the
 * matching cards in the chosen order, PAGE at a time with a "Show more" button, and keeps the filter and
 * sort state in the query string. Loaded on every page (extra_javascript), and by the browse page itself
 * right after the list; it does nothing where there is no [data-cc-browse].
 *
 * API for the search field (search.js): window.ccBrowse.setQueryFilter(ids | null, options) restricts the
 * list to those card ids, best first ("Relevance" joins the sort menu); options.decorate(card) is called
 * on each card drawn (to mark the matched words), options.typed says the query was just typed (it then
 * starts in relevance order). Facet counts follow the query. It returns the number of matching cards.
 */
(function () {
  'use strict';
  if (window.ccBrowse) return; // loaded twice (the browse page's own tag, and every page's): once is enough

  // Facets in display and URL order. `field` is the card data's field; `list` marks lists of values;
  // `buckets` turn a number into range keys [key, label, test]; `order` puts known values first;
  // `text` values (names) are shown as written, other values are slugs made readable by label().
  const FACETS = [
    { key: 'area', legend: 'Competency area', field: 'area', text: true },
    { key: 'role', legend: 'Role', field: 'roles', list: true },
    { key: 'grade', legend: 'Grade band', field: 'grades', list: true,
      order: ['pre-k', 'k-2', '3-5', '6-8', '9-12', 'all'], labels: { all: 'All grades' } },
    { key: 'subject', legend: 'Subject', field: 'subjects', list: true, order: ['all'], labels: { all: 'All subjects' } },
    { key: 'cost', legend: 'Cost', field: 'cost_kind', order: ['free', 'paid'] },
    { key: 'hours', legend: 'Estimated hours', field: 'hours', buckets: [
      ['up-to-5', 'Up to 5 hours', (h) => h <= 5],
      ['5-10', '5–10 hours', (h) => h > 5 && h <= 10],
      ['10-20', '10–20 hours', (h) => h > 10 && h <= 20],
      ['over-20', 'Over 20 hours', (h) => h > 20],
    ] },
    { key: 'jurisdiction', legend: 'Recognised in', field: 'jurisdictions', list: true, text: true },
    { key: 'standards', legend: 'MPOS standards met', field: 'standards', buckets: [
      ['13', 'All 13', (n) => n >= 13],
      ['10-12', '10–12', (n) => n >= 10 && n < 13],
      ['7-9', '7–9', (n) => n >= 7 && n < 10],
      ['under-7', 'Under 7', (n) => n < 7],
    ] },
    { key: 'issuer', legend: 'Issuer', field: 'issuer', text: true },
    { key: 'status', legend: 'Status', field: 'status', order: ['active', 'draft', 'retired'] },
  ];

  const LABELS = { 'pre-k': 'Pre-K', 'pre-service-teacher': 'Pre-service teacher',
    'social-emotional-learning': 'Social-emotional learning', 'career-technical': 'Career and technical education' };

  // One collator: localeCompare with options builds a new one per call, far too slow for 10,000 cards.
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  // The data comes in title order (the build sorts it); `index` is that place, so sorting is by numbers.
  const byTitle = (a, b) => a.index - b.index;
  // Cards without the number sort last in both directions; ties go by title.
  const standardsOf = (card) => (isNaN(card.standards) ? -1 : card.standards);
  const hoursOf = (card) => (isNaN(card.hours) ? Infinity : card.hours);
  const SORTS = {
    title: { label: 'Title (A–Z)', compare: byTitle },
    standards: { label: 'Standards met (high to low)', compare: (a, b) => standardsOf(b) - standardsOf(a) || byTitle(a, b) },
    hours: { label: 'Hours (low to high)', compare: (a, b) => hoursOf(a) - hoursOf(b) || byTitle(a, b) },
  };
  const RELEVANCE = 'relevance'; // offered, and the default, while there is a query
  const DEFAULT_SORT = 'title';
  const COLLAPSE_AFTER = 6; // facets with more values show this many, plus a "Show all" button
  const PAGE = 50; // cards drawn at once; "Show more" draws the next PAGE

  const toNumber = (v) => (v == null || v === '' ? NaN : Number(v));
  const numbers = new Intl.NumberFormat('en'); // one formatter: toLocaleString makes one per call
  const plural = (n, word) => numbers.format(n) + ' ' + word + (n === 1 ? '' : 's');

  function label(facet, value) {
    if (facet.buckets) return facet.buckets.find((b) => b[0] === value)[1];
    if (facet.text) return value;
    if (facet.labels && facet.labels[value]) return facet.labels[value];
    if (LABELS[value]) return LABELS[value];
    if (/^[a-z]?\d*-\d+$/.test(value)) return value.toUpperCase().replace('-', '–'); // grade bands: K–2, 3–5
    return value.charAt(0).toUpperCase() + value.slice(1).replace(/-/g, ' ');
  }

  // ---- Pure functions: reading cards, matching, counting, URL state ----

  // A row of the cards file (its `fields` in order) as a card with each facet's values.
  function readCard(row, fields, index) {
    const card = { index, values: {} };
    for (let i = 0; i < fields.length; i++) card[fields[i]] = row[i];
    card.id = String(card.id);
    card.hours = toNumber(card.hours);
    card.standards = toNumber(card.standards);
    for (const facet of FACETS) {
      const raw = card[facet.field];
      if (facet.buckets) {
        const n = toNumber(raw); // NaN fails every test, so a card without the number has no bucket
        card.values[facet.key] = facet.buckets.filter((b) => b[2](n)).map((b) => b[0]);
      } else if (Array.isArray(raw)) {
        card.values[facet.key] = raw.every((v) => typeof v === 'string' && v) ? raw : raw.map(String).filter(Boolean);
      } else {
        card.values[facet.key] = raw == null || raw === '' ? [] : [String(raw)];
      }
    }
    return card;
  }
  // The values offered for each facet: fixed ranges, or every value found on a card, known ones first.
  function facetOptions(cards) {
    const options = {};
    for (const facet of FACETS) {
      if (facet.buckets) { options[facet.key] = facet.buckets.map((b) => b[0]); continue; }
      const seen = new Set();
      for (const card of cards) card.values[facet.key].forEach((v) => seen.add(v));
      const rank = (v) => { const i = (facet.order || []).indexOf(v); return i < 0 ? Infinity : i; };
      options[facet.key] = Array.from(seen).sort((a, b) =>
        rank(a) - rank(b) || collator.compare(label(facet, a), label(facet, b)));
    }
    return options;
  }

  // The facet whose selection the card fails, '' if none, null if two or more. Within a facet, values
  // combine with OR; across facets, AND. (No arrays made: this runs for every card on every change.)
  function failedFacet(card, selected) {
    let failed = '';
    for (const facet of FACETS) {
      const chosen = selected[facet.key];
      if (!chosen.size) continue;
      const values = card.values[facet.key];
      let hit = false;
      for (let i = 0; i < values.length && !hit; i++) hit = chosen.has(values[i]);
      if (hit) continue;
      if (failed) return null;
      failed = facet.key;
    }
    return failed;
  }

  const inQuery = (card, query) => query === null || query.has(card.id); // query: id -> rank
  const matches = (card, state) => inQuery(card, state.query) && failedFacet(card, state.selected) === '';

  // counts[facet][value] = cards that have the value and match the query and every *other* facet.
  // One pass: a card failing no facet counts for all its values; a card failing exactly one facet counts
  // only for that facet's values (toggling one of them on could admit it); failing two, it counts nowhere.
  function countOptions(cards, state) {
    const counts = {};
    for (const facet of FACETS) counts[facet.key] = new Map();
    for (const card of cards) {
      if (!inQuery(card, state.query)) continue;
      const failed = failedFacet(card, state.selected);
      if (failed === null) continue;
      for (const facet of FACETS) {
        if (failed && failed !== facet.key) continue;
        const map = counts[facet.key];
        for (const v of card.values[facet.key]) map.set(v, (map.get(v) || 0) + 1);
      }
    }
    return counts;
  }

  // The order shown: the one chosen, else relevance while there is a query, else by title.
  const defaultSort = (state) => (state.query ? RELEVANCE : DEFAULT_SORT);
  const sortOf = (state) => (state.sort && (state.sort !== RELEVANCE || state.query) ? state.sort : defaultSort(state));

  // Unknown parameters, and values no card offers, are ignored.
  function stateFromSearch(search, options) {
    const params = new URLSearchParams(search);
    const selected = {};
    for (const facet of FACETS) {
      selected[facet.key] = new Set(params.getAll(facet.key).filter((v) => options[facet.key].includes(v)));
    }
    const sort = params.get('sort');
    const known = sort === RELEVANCE || Object.prototype.hasOwnProperty.call(SORTS, sort);
    return { selected, sort: known ? sort : null, query: null, decorate: null };
  }

  // Our parameters in a canonical order; parameters we do not own (a search term, tracking) are kept.
  function searchFromState(state, options, search) {
    const params = new URLSearchParams(search);
    for (const facet of FACETS) params.delete(facet.key);
    params.delete('sort');
    for (const facet of FACETS) {
      for (const v of options[facet.key]) if (state.selected[facet.key].has(v)) params.append(facet.key, v);
    }
    if (state.sort && state.sort !== defaultSort(state)) params.set('sort', state.sort);
    const text = params.toString();
    return text ? '?' + text : '';
  }

  // ---- DOM ----

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

  function buildControls(container, options, state, prefix) {
    const sort = el('select', { id: prefix + '-sort' },
      Object.keys(SORTS).map((key) => el('option', { value: key, text: SORTS[key].label })));
    sort.value = state.sort;
    const anySelected = FACETS.some((f) => state.selected[f.key].size > 0);
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
    for (const facet of FACETS) {
      const values = options[facet.key];
      if (!values.length) continue;
      const list = el('ul', { class: 'cc-facet__list' });
      const fieldset = el('fieldset', { class: 'cc-facet', 'data-facet': facet.key },
        [el('legend', { class: 'cc-facet__legend', text: facet.legend }), list]);
      values.forEach((value, i) => {
        const input = el('input', { type: 'checkbox', name: facet.key, value });
        input.checked = state.selected[facet.key].has(value);
        const count = el('span', { class: 'cc-facet__count' });
        const item = el('li', { class: 'cc-facet__item' },
          [el('label', {}, [input, el('span', { class: 'cc-facet__value', text: label(facet, value) }), count])]);
        if (i >= COLLAPSE_AFTER && values.length > COLLAPSE_AFTER + 2) item.setAttribute('data-extra', '');
        list.append(item);
        inputs.push({ facet: facet.key, value, input, count });
      });
      const extras = list.querySelectorAll('[data-extra]');
      if (extras.length) {
        // Start expanded when a value in the folded part is chosen, so no active filter is out of sight.
        const open = Array.from(extras).some((li) => li.querySelector('input').checked);
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
    }
    toggle.addEventListener('click', () => {
      const expanded = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(expanded));
      panel.toggleAttribute('data-collapsed', !expanded);
    });
    return { sort, inputs };
  }

  // The markup of the build's cards (browse.md.j2), built with text nodes only: card data is contributors'.
  function cardElement(card, base) {
    const meta = [card.issuer, card.cost, card.hours_text];
    if (card.status && card.status !== 'active') meta.push(card.status);
    const badge = el('span', { class: 'cc-badge cc-badge--' + card.level,
      text: 'Meets ' + card.standards + ' of ' + card.standards_total + ' MPOS standards' });
    return el('li', { class: 'cc-card', id: 'card-' + card.id, 'data-id': card.id }, [
      el('h2', { class: 'cc-card__title' }, [el('a', { href: base + encodeURIComponent(card.id) + '/', text: card.title })]),
      el('p', { class: 'cc-card__summary', text: card.summary || '' }),
      el('p', { class: 'cc-card__meta' }, [meta.filter(Boolean).join(' · ') + ' · ', badge]),
    ]);
  }

  // If the data cannot be loaded, the cards of the <noscript> list join the list, so nothing is lost.
  function showAllFromHtml(root, list) {
    if (document.readyState === 'loading') { // the <noscript> list comes after this script in the page
      document.addEventListener('DOMContentLoaded', () => showAllFromHtml(root, list), { once: true });
      return;
    }
    const rest = root.querySelector('noscript');
    if (!rest) return;
    const template = document.createElement('template');
    template.innerHTML = rest.textContent; // the build's own HTML, contributors' text escaped in it
    for (const item of template.content.querySelectorAll('.cc-card')) list.append(item);
    rest.remove();
  }

  function init(root) {
    if (root.hasAttribute('data-cc-ready')) return null;
    root.setAttribute('data-cc-ready', '');
    const list = root.querySelector('[data-cc-cards]');
    const controls = root.querySelector('[data-cc-controls]');
    const live = root.querySelector('[data-cc-count]');
    const more = root.querySelector('[data-cc-more]');
    const inline = root.querySelector('script[data-cc-cards-data]');
    const url = root.getAttribute('data-cc-cards-url');
    const base = root.getAttribute('data-cc-base') || '';
    if (!list || !controls || !more || !(inline || url)) return null;

    let ready = null; // the page, once the data is in
    let pending = null; // a query given before that
    const api = {
      setQueryFilter(ids, options) {
        if (ready) return ready.setQueryFilter(ids, options);
        pending = [ids, options];
        return 0;
      },
      loaded: (inline ? Promise.resolve().then(() => JSON.parse(inline.textContent)) : fetch(url)
        .then((response) => { if (!response.ok) throw new Error('HTTP ' + response.status); return response.json(); }))
        .then((data) => {
          ready = setUp(data.cards.map((row, i) => readCard(row, data.fields, i)));
          if (pending) ready.setQueryFilter(...pending);
          pending = null;
          root.setAttribute('data-cc-loaded', '');
        }, (error) => {
          showAllFromHtml(root, list);
          if (live) live.textContent = 'Filters are unavailable (' + error.message + '); every credential is listed.';
          throw error;
        }),
    };
    return api;

    function setUp(cards) {
      const options = facetOptions(cards);
      const state = stateFromSearch(location.search, options);
      const ui = buildControls(controls, options, state, 'cc-browse-' + ++instances);
      const relevanceOption = el('option', { value: RELEVANCE, text: 'Relevance' });
      let matching = []; // the cards that match, in the order shown
      let sortBeforeQuery = null;
      let drawn = 0;

      function draw(count) {
        const fragment = document.createDocumentFragment();
        for (const card of matching.slice(drawn, count)) {
          const item = cardElement(card, base);
          if (state.decorate) state.decorate(item);
          fragment.append(item);
        }
        if (drawn === 0) list.replaceChildren(fragment); else list.append(fragment);
        drawn = Math.min(count, matching.length);
        const rest = matching.length - drawn;
        more.hidden = rest === 0;
        if (rest) {
          more.replaceChildren(el('button', { type: 'button', class: 'md-button', 'data-cc-show-more': '',
            text: rest > PAGE ? 'Show ' + PAGE + ' more (' + plural(rest, 'credential') + ' not shown yet)'
              : rest === 1 ? 'Show the last credential' : 'Show the last ' + plural(rest, 'credential') }));
        }
      }

      // The one place the page is updated from the state.
      function render(updateUrl) {
        matching = cards.filter((card) => matches(card, state));
        const sort = sortOf(state);
        if (sort === RELEVANCE) matching.sort((a, b) => state.query.get(a.id) - state.query.get(b.id));
        else matching.sort(SORTS[sort].compare);
        drawn = 0;
        draw(PAGE);
        const counts = countOptions(cards, state);
        for (const { facet, value, input, count } of ui.inputs) {
          const n = counts[facet].get(value) || 0;
          input.checked = state.selected[facet].has(value);
          input.disabled = n === 0 && !input.checked; // shown, not hidden, so the choices stay put
          count.textContent = '(' + n + ')';
        }
        if (state.query && !relevanceOption.parentNode) ui.sort.prepend(relevanceOption);
        if (!state.query) relevanceOption.remove();
        ui.sort.value = sort;
        if (live) live.textContent = 'Showing ' + numbers.format(matching.length) + ' of ' + plural(cards.length, 'credential');
        if (updateUrl) {
          const search = searchFromState(state, options, location.search);
          history.replaceState(history.state, '', location.pathname + search + location.hash);
        }
        return matching.length;
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
        for (const facet of FACETS) state.selected[facet.key].clear();
        render(true);
      });
      more.addEventListener('click', (event) => {
        if (!event.target.closest('[data-cc-show-more]')) return;
        const first = drawn;
        draw(drawn + PAGE);
        // Keyboard users go on from the first new card, not back to the top.
        const next = list.children[first] && list.children[first].querySelector('a');
        if (next) next.focus();
      });

      root.classList.add('cc-browse--enhanced');
      controls.hidden = false;
      render(false);
      return {
        setQueryFilter(ids, options = {}) {
          const wasActive = state.query !== null;
          state.query = ids == null ? null : new Map(Array.from(ids, (id, rank) => [String(id), rank]));
          state.decorate = state.query ? options.decorate || null : null;
          if (options.typed && state.query && !wasActive) { // a new query starts by relevance ...
            sortBeforeQuery = state.sort;
            state.sort = null;
          }
          if (!state.query && wasActive && (state.sort === null || state.sort === RELEVANCE)) {
            state.sort = sortBeforeQuery; // ... and without it, the list is back in the order chosen before
          }
          return render(Boolean(options.typed));
        },
      };
    }
  }

  // One stable API object; it talks to the browse list of the page being shown (instant navigation
  // replaces the page without reloading this script). `ready` settles once the page's data is in.
  let current = null;
  window.ccBrowse = {
    setQueryFilter: (ids, options) => (current ? current.setQueryFilter(ids, options) : 0),
    ready: () => (current ? current.loaded : Promise.reject(new Error('no browse list on this page'))),
  };

  function start() {
    const root = document.querySelector('[data-cc-browse]');
    current = root ? init(root) || current : null;
    if (current) current.loaded.catch(() => {});
  }

  // At once: on the browse page this script comes right after the list's markup, so the cards' data is
  // requested before the browser has read the rest of the page. Then, with Material's instant navigation,
  // on every page it shows (its document$ replays the current one, which init() recognises).
  start();
  const follow = () => {
    if (window.document$ && typeof window.document$.subscribe === 'function') window.document$.subscribe(start);
    else start();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', follow); else follow();
})();
