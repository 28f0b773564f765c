/* Browse page: facet filters, sorting and a shareable URL for the credential list.
 *
 * Progressive enhancement: the page ships the full list of cards ([data-cc-cards] > .cc-card, with data-*
 * attributes) and works without this script. The script builds the controls into [data-cc-controls],
 * hides non-matching cards with the `hidden` attribute and keeps filter and sort state in the query string.
 * Loaded on every page (extra_javascript); it does nothing where there is no [data-cc-browse].
 *
 * API for a later search box: window.ccBrowse.setQueryFilter(ids | null) restricts the list to those card
 * ids (null lifts the restriction); facet counts respect it. It returns the number of cards shown.
 */
(function () {
  'use strict';

  // Facets in display and URL order. `attr` is the card's data-* attribute; `list` marks space-separated
  // values; `buckets` turn a number into range keys [key, label, test]; `order` puts known values first;
  // `text` values (names) are shown as written, other values are slugs made readable by label().
  const FACETS = [
    { key: 'area', legend: 'Competency area', attr: 'area', text: true },
    { key: 'role', legend: 'Role', attr: 'roles', list: true },
    { key: 'grade', legend: 'Grade band', attr: 'grades', list: true,
      order: ['pre-k', 'k-2', '3-5', '6-8', '9-12', 'all'], labels: { all: 'All grades' } },
    { key: 'subject', legend: 'Subject', attr: 'subjects', list: true, order: ['all'], labels: { all: 'All subjects' } },
    { key: 'cost', legend: 'Cost', attr: 'cost', order: ['free', 'paid'] },
    { key: 'hours', legend: 'Estimated hours', attr: 'hours', buckets: [
      ['up-to-5', 'Up to 5 hours', (h) => h <= 5],
      ['5-10', '5–10 hours', (h) => h > 5 && h <= 10],
      ['10-20', '10–20 hours', (h) => h > 10 && h <= 20],
      ['over-20', 'Over 20 hours', (h) => h > 20],
    ] },
    { key: 'jurisdiction', legend: 'Recognised in', attr: 'jurisdictions', list: true, text: true },
    { key: 'standards', legend: 'MPOS standards met', attr: 'standards', buckets: [
      ['13', 'All 13', (n) => n >= 13],
      ['10-12', '10–12', (n) => n >= 10 && n < 13],
      ['7-9', '7–9', (n) => n >= 7 && n < 10],
      ['under-7', 'Under 7', (n) => n < 7],
    ] },
    { key: 'issuer', legend: 'Issuer', attr: 'issuer', text: true },
    { key: 'status', legend: 'Status', attr: 'status', order: ['active', 'draft', 'retired'] },
  ];

  const LABELS = { 'pre-k': 'Pre-K', 'pre-service-teacher': 'Pre-service teacher',
    'social-emotional-learning': 'Social-emotional learning', 'career-technical': 'Career and technical education' };

  // One collator: localeCompare with options builds a new one per call, far too slow for 10,000 cards.
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  const byTitle = (a, b) => collator.compare(a.title, b.title) || a.index - b.index;
  // Cards without the number sort last in both directions; ties go by title.
  const standardsOf = (card) => (isNaN(card.standards) ? -1 : card.standards);
  const hoursOf = (card) => (isNaN(card.hours) ? Infinity : card.hours);
  const SORTS = {
    title: { label: 'Title (A–Z)', compare: byTitle },
    standards: { label: 'Standards met (high to low)', compare: (a, b) => standardsOf(b) - standardsOf(a) || byTitle(a, b) },
    hours: { label: 'Hours (low to high)', compare: (a, b) => hoursOf(a) - hoursOf(b) || byTitle(a, b) },
  };
  const DEFAULT_SORT = 'title';
  const COLLAPSE_AFTER = 6; // facets with more values show this many, plus a "Show all" button

  const toNumber = (s) => (s == null || s.trim() === '' ? NaN : Number(s));

  function label(facet, value) {
    if (facet.buckets) return facet.buckets.find((b) => b[0] === value)[1];
    if (facet.text) return value;
    if (facet.labels && facet.labels[value]) return facet.labels[value];
    if (LABELS[value]) return LABELS[value];
    if (/^[a-z]?\d*-\d+$/.test(value)) return value.toUpperCase().replace('-', '–'); // grade bands: K–2, 3–5
    return value.charAt(0).toUpperCase() + value.slice(1).replace(/-/g, ' ');
  }

  // ---- Pure functions: reading cards, matching, counting, URL state ----

  function readCard(el, index) {
    const d = el.dataset;
    const card = { el, index, id: d.id || el.id, title: d.title || el.textContent.trim(),
      hours: toNumber(d.hours), standards: toNumber(d.standards), values: {} };
    for (const facet of FACETS) {
      const raw = (d[facet.attr] || '').trim();
      if (facet.buckets) {
        const n = toNumber(raw); // NaN fails every test, so a card without the number has no bucket
        card.values[facet.key] = facet.buckets.filter((b) => b[2](n)).map((b) => b[0]);
      } else {
        card.values[facet.key] = facet.list ? raw.split(/\s+/).filter(Boolean) : (raw ? [raw] : []);
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

  // Facets whose selection the card fails. Within a facet, values combine with OR; across facets, AND.
  function failedFacets(card, selected) {
    const failed = [];
    for (const facet of FACETS) {
      const chosen = selected[facet.key];
      if (chosen.size && !card.values[facet.key].some((v) => chosen.has(v))) failed.push(facet.key);
    }
    return failed;
  }

  const inQuery = (card, query) => query === null || query.has(card.id);
  const matches = (card, state) => inQuery(card, state.query) && failedFacets(card, state.selected).length === 0;

  // counts[facet][value] = cards that have the value and match the query and every *other* facet.
  // One pass: a card failing no facet counts for all its values; a card failing exactly one facet counts
  // only for that facet's values (toggling one of them on could admit it); failing two, it counts nowhere.
  function countOptions(cards, state) {
    const counts = {};
    for (const facet of FACETS) counts[facet.key] = new Map();
    for (const card of cards) {
      if (!inQuery(card, state.query)) continue;
      const failed = failedFacets(card, state.selected);
      if (failed.length > 1) continue;
      for (const facet of FACETS) {
        if (failed.length === 1 && failed[0] !== facet.key) continue;
        const map = counts[facet.key];
        for (const v of card.values[facet.key]) map.set(v, (map.get(v) || 0) + 1);
      }
    }
    return counts;
  }

  // Unknown parameters, and values no card offers, are ignored.
  function stateFromSearch(search, options) {
    const params = new URLSearchParams(search);
    const selected = {};
    for (const facet of FACETS) {
      selected[facet.key] = new Set(params.getAll(facet.key).filter((v) => options[facet.key].includes(v)));
    }
    const sort = params.get('sort');
    return { selected, sort: Object.prototype.hasOwnProperty.call(SORTS, sort) ? sort : DEFAULT_SORT, query: null };
  }

  // Our parameters in a canonical order; parameters we do not own (a search term, tracking) are kept.
  function searchFromState(state, options, search) {
    const params = new URLSearchParams(search);
    for (const facet of FACETS) params.delete(facet.key);
    params.delete('sort');
    for (const facet of FACETS) {
      for (const v of options[facet.key]) if (state.selected[facet.key].has(v)) params.append(facet.key, v);
    }
    if (state.sort !== DEFAULT_SORT) params.set('sort', state.sort);
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

  function init(root) {
    if (root.hasAttribute('data-cc-ready')) return null;
    root.setAttribute('data-cc-ready', '');
    const list = root.querySelector('[data-cc-cards]');
    const controls = root.querySelector('[data-cc-controls]');
    const live = root.querySelector('[data-cc-count]');
    if (!list || !controls) return null;

    const cards = Array.from(list.querySelectorAll('.cc-card')).map(readCard);
    const options = facetOptions(cards);
    const state = stateFromSearch(location.search, options);
    const ui = buildControls(controls, options, state, 'cc-browse-' + ++instances);
    let renderedSort = null;

    // The one place the page is updated from the state.
    function render(updateUrl) {
      let shown = 0;
      for (const card of cards) {
        const visible = matches(card, state);
        if (card.el.hidden === visible) card.el.hidden = !visible; // touch only what changes
        if (visible) shown += 1;
      }
      if (renderedSort !== state.sort) {
        const sorted = cards.slice().sort(SORTS[state.sort].compare);
        if (sorted.some((card, i) => list.children[i] !== card.el)) {
          // Empty the list in one go, then append: moving 10,000 cards one by one takes seconds in
          // Chromium (each move is a removal), this well under one.
          const fragment = document.createDocumentFragment();
          list.textContent = '';
          sorted.forEach((card) => fragment.appendChild(card.el));
          list.appendChild(fragment);
        }
        renderedSort = state.sort;
      }
      const counts = countOptions(cards, state);
      for (const { facet, value, input, count } of ui.inputs) {
        const n = counts[facet].get(value) || 0;
        input.checked = state.selected[facet].has(value);
        input.disabled = n === 0 && !input.checked; // shown, not hidden, so the choices stay put
        count.textContent = '(' + n + ')';
      }
      ui.sort.value = state.sort;
      if (live) {
        live.textContent = 'Showing ' + shown + ' of ' + cards.length + ' credential' + (cards.length === 1 ? '' : 's');
      }
      if (updateUrl) {
        const search = searchFromState(state, options, location.search);
        history.replaceState(history.state, '', location.pathname + search + location.hash);
      }
      return shown;
    }

    controls.addEventListener('change', (event) => {
      const target = event.target;
      if (target === ui.sort) {
        state.sort = target.value;
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
      // Clears the facets only: the sort order and a search box's query filter are not filters of ours.
      for (const facet of FACETS) state.selected[facet.key].clear();
      render(true);
    });

    root.classList.add('cc-browse--enhanced');
    controls.hidden = false;
    render(false);
    return {
      setQueryFilter(ids) {
        state.query = ids == null ? null : new Set(Array.from(ids, String));
        return render(false);
      },
    };
  }

  // One stable API object; it talks to the browse list of the page being shown (instant navigation
  // replaces the page without reloading this script).
  let current = null;
  window.ccBrowse = { setQueryFilter: (ids) => (current ? current.setQueryFilter(ids) : 0) };

  function start() {
    const root = document.querySelector('[data-cc-browse]');
    current = root ? init(root) || current : null;
  }

  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(start); // Material emits once per page, including the first
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
