// Renders the rows of the PI inventory from the JSON block, with filters and
// sorting kept in the URL hash (#q=email&status=missing&db=…&cat=…&sort=-table)
// so a filtered view can be linked. Cells are set with textContent only: user
// data never becomes markup.
(function () {
  'use strict';
  var started = performance.now();
  var data = JSON.parse(document.getElementById('inventory-data').textContent);
  var S = data.s;
  var rows = data.r;
  var n = rows.length;
  var KEYS = ['db', 'schema', 'table', 'column', 'type', 'tags', 'expected', 'status',
    'category', 'confidence', 'created', 'commented', 'evidence'];
  var STATUS = 7, CATEGORY = 8, SUPPRESSED = 13;
  var tagged = {};
  data.tagged.forEach(function (s) { tagged[s] = true; });

  function str(i) { return i < 0 ? '' : S[i]; }

  var tbody = document.getElementById('rows');
  var q = document.getElementById('q');
  var statusSel = document.getElementById('status');
  var dbSel = document.getElementById('db');
  var catSel = document.getElementById('cat');
  var shown = document.getElementById('shown');
  var note = document.getElementById('filter-note');
  var heads = document.querySelectorAll('#rows-table th[data-key]');

  // Options of the selects, from the data.
  function distinct(field) {
    var seen = {}, out = [];
    for (var i = 0; i < n; i++) {
      var v = rows[i][field];
      if (!seen[v]) { seen[v] = true; out.push(v); }
    }
    return out.map(str).sort();
  }
  data.statuses.forEach(function (s) { statusSel.add(new Option(s, s)); });
  var databases = distinct(0);
  databases.forEach(function (d) { dbSel.add(new Option(d, d)); });
  if (databases.length === 1) {
    document.getElementById('rows-table').classList.add('one-db');
  }
  distinct(CATEGORY).forEach(function (c) {
    catSel.add(c === '' ? new Option('unclassified', 'unclassified') : new Option(c, c));
  });

  // Rows are built once, on first display, from one cloned template.
  var els = new Array(n);
  var template = document.createElement('tr');
  for (var k = 0; k < KEYS.length; k++) {
    template.appendChild(document.createElement('td'));
  }
  function rowEl(i) {
    var tr = els[i];
    if (tr) { return tr; }
    var r = rows[i];
    tr = template.cloneNode(true);
    var td = tr.firstChild;
    for (var f = 0; f < KEYS.length; f++, td = td.nextSibling) {
      if (f === 3 && r[3] < 0) {
        td.textContent = '(table)';
        td.className = 'tablerow';
      } else {
        td.textContent = str(r[f]);
      }
    }
    tr.children[STATUS].className = 'st st-' + str(r[STATUS]);
    if (r[SUPPRESSED]) {
      tr.className = 'suppressed';
      tr.title = 'A finding about this object is suppressed';
    }
    els[i] = tr;
    return tr;
  }

  var hay = null;
  function haystack(i) {
    if (!hay) { hay = new Array(n); }
    var h = hay[i];
    if (h === undefined) {
      var r = rows[i], parts = [];
      for (var f = 0; f < KEYS.length; f++) { parts.push(str(r[f])); }
      h = hay[i] = parts.join('\u0001').toLowerCase();
    }
    return h;
  }

  var state = { q: '', status: '', db: '', cat: '', sort: '', desc: false };

  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var sort = p.get('sort') || '';
    state.q = p.get('q') || '';
    state.status = p.get('status') || '';
    state.db = p.get('db') || '';
    state.cat = p.get('cat') || '';
    state.desc = sort.charAt(0) === '-';
    state.sort = KEYS.indexOf(sort.replace(/^-/, '')) >= 0 ? sort.replace(/^-/, '') : '';
  }

  function writeHash() {
    var p = new URLSearchParams();
    if (state.q) { p.set('q', state.q); }
    if (state.status) { p.set('status', state.status); }
    if (state.db) { p.set('db', state.db); }
    if (state.cat) { p.set('cat', state.cat); }
    if (state.sort) { p.set('sort', (state.desc ? '-' : '') + state.sort); }
    var hash = p.toString();
    var url = location.pathname + location.search + (hash ? '#' + hash : '');
    try {
      history.replaceState(null, '', url);
    } catch (e) {
      location.replace(hash ? '#' + hash : '#');
    }
  }

  function setSelect(sel, value) {
    sel.value = value;
    // A value from a link that is not among the options: add it, so the
    // control shows the filter that applies.
    if (sel.value !== value) {
      sel.add(new Option(value, value));
      sel.value = value;
    }
  }

  function syncControls() {
    q.value = state.q;
    setSelect(statusSel, state.status);
    setSelect(dbSel, state.db);
    setSelect(catSel, state.cat);
  }

  function matcher() {
    var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var statuses = null;
    if (state.status && state.status !== 'untagged') {
      statuses = {};
      state.status.split(',').forEach(function (s) { statuses[s] = true; });
    }
    var untagged = state.status === 'untagged';
    var db = state.db, cat = state.cat;
    return function (i) {
      var r = rows[i];
      var st = str(r[STATUS]);
      if (statuses && !statuses[st]) { return false; }
      if (untagged && tagged[st]) { return false; }
      if (db && str(r[0]) !== db) { return false; }
      if (cat && (cat === 'unclassified' ? r[CATEGORY] >= 0 : str(r[CATEGORY]) !== cat)) { return false; }
      if (terms.length) {
        var h = haystack(i);
        for (var t = 0; t < terms.length; t++) {
          if (h.indexOf(terms[t]) < 0) { return false; }
        }
      }
      return true;
    };
  }

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  function render() {
    var keep = matcher();
    var list = [];
    for (var i = 0; i < n; i++) {
      if (keep(i)) { list.push(i); }
    }
    if (state.sort) {
      var f = KEYS.indexOf(state.sort), sign = state.desc ? -1 : 1;
      list.sort(function (a, b) {
        var c = collator.compare(str(rows[a][f]), str(rows[b][f]));
        return c ? sign * c : a - b;
      });
    }
    matching = list;
    tbody.textContent = '';
    drawn = 0;
    more(FIRST);
    shown.textContent = String(list.length);
    for (var h = 0; h < heads.length; h++) {
      var key = heads[h].getAttribute('data-key');
      if (key === state.sort) {
        heads[h].setAttribute('aria-sort', state.desc ? 'descending' : 'ascending');
      } else {
        heads[h].removeAttribute('aria-sort');
      }
    }
    var filters = [];
    if (state.q) { filters.push('search “' + state.q + '”'); }
    if (state.status) { filters.push('status ' + state.status); }
    if (state.db) { filters.push('database ' + state.db); }
    if (state.cat) { filters.push('category ' + state.cat); }
    note.textContent = filters.length
      ? 'Filtered: ' + filters.join(', ') + ' — ' + list.length + ' of ' + n + ' rows.'
      : '';
  }

  // Rows are drawn in slices: the first at once, the next ones as the end
  // of the table scrolls into view (or all, on "show all" and before
  // printing), so that opening a page of 10,000 rows stays fast.
  var FIRST = 200, SLICE = 1000;
  var matching = [], drawn = 0;
  var moreRow = document.createElement('tr');
  moreRow.className = 'more';
  var moreCell = document.createElement('td');
  moreCell.colSpan = KEYS.length;
  var moreText = document.createElement('span');
  var allButton = document.createElement('button');
  allButton.type = 'button';
  allButton.textContent = 'show all';
  moreCell.appendChild(moreText);
  moreCell.appendChild(document.createTextNode(' '));
  moreCell.appendChild(allButton);
  moreRow.appendChild(moreCell);
  allButton.addEventListener('click', function () { more(Infinity); });

  function more(count) {
    var end = Math.min(matching.length, drawn + count);
    var frag = document.createDocumentFragment();
    for (var j = drawn; j < end; j++) { frag.appendChild(rowEl(matching[j])); }
    if (moreRow.parentNode) { tbody.removeChild(moreRow); }
    tbody.appendChild(frag);
    drawn = end;
    if (drawn < matching.length) {
      moreText.textContent = drawn + ' of ' + matching.length + ' rows drawn, more as you scroll —';
      tbody.appendChild(moreRow);
    }
  }

  if ('IntersectionObserver' in window) {
    new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { more(SLICE); }
    }, { rootMargin: '800px' }).observe(moreRow);
  }
  window.addEventListener('beforeprint', function () { more(Infinity); });

  function update() {
    writeHash();
    render();
  }

  var timer = 0;
  q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = q.value; update(); }, 120);
  });
  statusSel.addEventListener('change', function () { state.status = statusSel.value; update(); });
  dbSel.addEventListener('change', function () { state.db = dbSel.value; update(); });
  catSel.addEventListener('change', function () { state.cat = catSel.value; update(); });
  document.getElementById('controls').addEventListener('submit', function (e) { e.preventDefault(); });
  document.getElementById('controls').addEventListener('reset', function () {
    state = { q: '', status: '', db: '', cat: '', sort: '', desc: false };
    setTimeout(function () { syncControls(); update(); }, 0);
  });
  for (var h = 0; h < heads.length; h++) {
    heads[h].querySelector('button').addEventListener('click', function (e) {
      var key = e.currentTarget.parentNode.getAttribute('data-key');
      if (state.sort === key) {
        state.desc = !state.desc;
      } else {
        state.sort = key;
        state.desc = false;
      }
      update();
    });
  }
  // A link to a filtered view (the status counts, the categories, a link
  // from elsewhere) shows the table it filtered.
  function showTable() {
    if (location.hash.length > 1) {
      document.getElementById('columns').scrollIntoView();
    }
  }
  window.addEventListener('hashchange', function () {
    readHash();
    syncControls();
    render();
    showTable();
  });

  readHash();
  syncControls();
  render();
  showTable();
  // Time from navigation start to the table rendered and laid out (reading
  // a size forces the layout the first paint would do anyway), for the
  // benchmark.
  void document.body.offsetHeight;
  document.body.setAttribute('data-script-ms', started.toFixed(1));
  document.body.setAttribute('data-ready-ms', performance.now().toFixed(1));
})();
