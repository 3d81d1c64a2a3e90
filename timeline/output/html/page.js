/* timeline -F html: search, facets, dates, URL state, keyboard and paging over the
   embedded events. Every text from the data goes in through textContent or an
   attribute property; nothing here parses data as HTML. */
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var CHUNK = 50;
  var FACET_LIMIT = 12;
  var FACETS = [['tag', 'tags'], ['person', 'people'], ['org', 'orgs'], ['place', 'places']];
  var FACT_LABELS = [['people', '人物'], ['orgs', '机构'], ['places', '地点']];

  // ---------------------------------------------------------------- search folding
  // Exactly timeline.text.fold: casefold(NFKC(text)). toLowerCase is Python's str.lower;
  // FOLDS lists each character whose casefold differs from it (key, then its folding),
  // generated from Python's unicodedata; tests/test_html.py checks it code point by code point.
  var FOLDS = 'ßss ǰǰ ͅι ΐΐ ΰΰ ςσ ᏸᏰ ᏹᏱ ᏺᏲ ᏻᏳ ᏼᏴ ᏽᏵ ᲀв ᲁд ᲂо ᲃс ᲄт ᲅт ᲆъ ᲇѣ ᲈꙋ ẖẖ ẗẗ ẘẘ ẙẙ ὐὐ ὒὒ ὔὔ ὖὖ ᾀἀι ᾁἁι ᾂἂι ᾃἃι ᾄἄι ᾅἅι ᾆἆι ᾇἇι ᾐἠι ᾑἡι ᾒἢι ᾓἣι ᾔἤι ᾕἥι ᾖἦι ᾗἧι ᾠὠι ᾡὡι ᾢὢι ᾣὣι ᾤὤι ᾥὥι ᾦὦι ᾧὧι ᾲὰι ᾳαι ᾴάι ᾶᾶ ᾷᾶι ῂὴι ῃηι ῄήι ῆῆ ῇῆι ῒῒ ῖῖ ῗῗ ῢῢ ῤῤ ῦῦ ῧῧ ῲὼι ῳωι ῴώι ῶῶ ῷῶι ꭰᎠ ꭱᎡ ꭲᎢ ꭳᎣ ꭴᎤ ꭵᎥ ꭶᎦ ꭷᎧ ꭸᎨ ꭹᎩ ꭺᎪ ꭻᎫ ꭼᎬ ꭽᎭ ꭾᎮ ꭿᎯ ꮀᎰ ꮁᎱ ꮂᎲ ꮃᎳ ꮄᎴ ꮅᎵ ꮆᎶ ꮇᎷ ꮈᎸ ꮉᎹ ꮊᎺ ꮋᎻ ꮌᎼ ꮍᎽ ꮎᎾ ꮏᎿ ꮐᏀ ꮑᏁ ꮒᏂ ꮓᏃ ꮔᏄ ꮕᏅ ꮖᏆ ꮗᏇ ꮘᏈ ꮙᏉ ꮚᏊ ꮛᏋ ꮜᏌ ꮝᏍ ꮞᏎ ꮟᏏ ꮠᏐ ꮡᏑ ꮢᏒ ꮣᏓ ꮤᏔ ꮥᏕ ꮦᏖ ꮧᏗ ꮨᏘ ꮩᏙ ꮪᏚ ꮫᏛ ꮬᏜ ꮭᏝ ꮮᏞ ꮯᏟ ꮰᏠ ꮱᏡ ꮲᏢ ꮳᏣ ꮴᏤ ꮵᏥ ꮶᏦ ꮷᏧ ꮸᏨ ꮹᏩ ꮺᏪ ꮻᏫ ꮼᏬ ꮽᏭ ꮾᏮ ꮿᏯ';
  var foldMap = {};
  FOLDS.split(' ').forEach(function (p) { foldMap[p[0]] = p.slice(1); });
  var FOLD_RE = new RegExp('[' + Object.keys(foldMap).join('') + ']', 'g');
  var foldOne = function (c) { return foldMap[c]; };
  function fold(s) { return s.normalize('NFKC').toLowerCase().replace(FOLD_RE, foldOne); }
  // Python's str.split() whitespace: a query splits into terms as a shell splits arguments.
  var SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  function terms(q) { return q.split(SPACE).filter(Boolean).map(fold); }

  // Shown text loses what timeline.output.safety.clean_line / clean_text remove.
  var CONTROLS = /[\0-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
  function line(s) { return String(s).replace(/[\t\n\r\u2028\u2029]+/g, ' ').replace(CONTROLS, ''); }
  function para(s) {
    return String(s).replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(CONTROLS, '');
  }
  function $(sel, el) { return (el || doc).querySelector(sel); }
  function make(tag, cls, text) {
    var el = doc.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // ---------------------------------------------------------------- data and indexes
  var data = JSON.parse($('script.timeline-data').textContent);
  var events = data.events;
  var n = events.length;
  var seeds = data.sources;
  var KINDS = data.kinds;  // as_of 截至, since 以来, report 报道日: as every view marks them
  var byId = new Map();
  events.forEach(function (e, i) { byId.set(e.id, i); });
  var keys = [];          // facet key number -> {kind, f (folded), label, total}
  var keyByFold = FACETS.map(function () { return new Map(); });
  var keyByRaw = FACETS.map(function () { return new Map(); });
  function keyFor(kind, raw) {
    var k = keyByRaw[kind].get(raw);
    if (k !== undefined) return k;
    var f = fold(raw);
    k = keyByFold[kind].get(f);
    if (k === undefined) {
      k = keys.length;
      keys.push({ kind: kind, f: f, label: line(raw), total: 0 });
      keyByFold[kind].set(f, k);
    }
    keyByRaw[kind].set(raw, k);
    return k;
  }
  var eventKeys = events.map(function (e) {
    return FACETS.map(function (facet, kind) {
      var own = [];
      e[facet[1]].forEach(function (v) {
        var k = keyFor(kind, v);
        if (own.indexOf(k) < 0) { own.push(k); keys[k].total++; }
      });
      return own;
    });
  });
  // Folded search text per event, as timeline.query.search_text builds it: made in small
  // batches while the page is idle, finished at once if a search comes first.
  var hay = new Array(n), folded = 0;
  function foldUpTo(limit) {
    for (; folded < limit; folded++) {
      var e = events[folded];
      var parts = [e.title, e.summary].concat(e.tags, e.people, e.orgs, e.places);
      e.sources.forEach(function (src) { parts.push(src.quote); });
      hay[folded] = fold(parts.join('\n'));
    }
  }
  function haystacks() {
    foldUpTo(n);
    return hay;
  }
  function foldLater() {
    foldUpTo(Math.min(n, folded + 500));
    if (folded < n) setTimeout(foldLater, 0);
  }

  // ---------------------------------------------------------------- state
  var st;
  function clearState() {
    st = { q: '', terms: [], from: '', to: '', sel: FACETS.map(function () { return new Map(); }) };
  }
  clearState();
  function active() {
    return st.terms.length || st.from || st.to || st.sel.some(function (m) { return m.size; });
  }
  function stateHash() {
    var parts = [];
    var q = st.q.trim();
    if (q) parts.push('q=' + encodeURIComponent(q));
    FACETS.forEach(function (facet, kind) {
      st.sel[kind].forEach(function (label) { parts.push(facet[0] + '=' + encodeURIComponent(label)); });
    });
    if (st.from) parts.push('from=' + st.from);
    if (st.to) parts.push('to=' + st.to);
    return parts.join('&');
  }
  function dec(s) { try { return decodeURIComponent(s); } catch (err) { return s; } }
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  function readHash(h) {
    clearState();
    h.split('&').forEach(function (pair) {
      var eq = pair.indexOf('=');
      if (eq < 0) return;
      var name = pair.slice(0, eq), value = dec(pair.slice(eq + 1).replace(/\+/g, ' '));
      var kind = FACETS.findIndex(function (f) { return f[0] === name; });
      if (name === 'q') st.q = value;
      else if ((name === 'from' || name === 'to') && DATE.test(value)) st[name] = value;
      else if (kind >= 0 && value) st.sel[kind].set(fold(value), line(value));
    });
    st.terms = terms(st.q);
  }

  // ---------------------------------------------------------------- filtering
  var shown = [];
  function selectedKeys() {
    var out = [];
    st.sel.forEach(function (m, kind) {
      m.forEach(function (label, f) {
        var k = keyByFold[kind].get(f);
        out.push([kind, k === undefined ? -1 : k]);
      });
    });
    return out;
  }
  function passes(i, sel, h) {
    var e = events[i], j;
    if (st.from && (e.end || e.start) < st.from) return false;
    if (st.to && e.start > st.to) return false;
    for (j = 0; j < sel.length; j++) {
      if (eventKeys[i][sel[j][0]].indexOf(sel[j][1]) < 0) return false;
    }
    for (j = 0; h && j < st.terms.length; j++) {
      if (h[i].indexOf(st.terms[j]) < 0) return false;
    }
    return true;
  }
  function filter() {
    var sel = selectedKeys();
    var h = st.terms.length ? haystacks() : null;
    shown = [];
    for (var i = 0; i < n; i++) if (passes(i, sel, h)) shown.push(i);
  }

  // ---------------------------------------------------------------- rendering
  var daysEl = $('.days');
  var moreBtn = $('.more');
  var tplDay = $('template.tpl-day').content.firstElementChild;
  var tplEvent = $('template.tpl-event').content.firstElementChild;
  var rendered = 0, lastDay = null, lastList = null;

  function timeEl(value, text) {
    var t = make('time', '', text === undefined ? value : text);
    t.dateTime = value;
    return t;
  }
  function weekday(date) {
    var p = date.split('-');
    return '周' + '日一二三四五六'[new Date(Date.UTC(+p[0], p[1] - 1, +p[2])).getUTCDay()];
  }
  // A day's heading; an event dated only to a part of a month heads its own (2022-03 中旬).
  function dayNode(e) {
    var sec = tplDay.cloneNode(true);
    var t = $('time', sec), day = e.precision === 'day';
    t.dateTime = day ? e.start : e.start.slice(0, e.precision === 'month' ? 7 : 4);
    t.textContent = e.date;
    $('.weekday', sec).textContent = day ? weekday(e.start) : '';
    return sec;
  }
  function chip(kind, k, text) {
    var b = make('button', 'chip', text);
    b.type = 'button';
    b.dataset.kind = kind;
    b.dataset.key = k;
    b.setAttribute('aria-pressed', String(st.sel[kind].has(keys[k].f)));
    return b;
  }
  // Each source: its quote inside its sentence, then who published it and where it is.
  function citedNode(e, k) {
    var src = e.sources[k], c = e.contexts[k] || {}, seed = c.seed == null ? null : seeds[c.seed];
    var fig = make('figure', 'cited-source'), p = make('p');
    p.append(make('span', 'before', para(c.before || '')), make('mark', 'quoted', para(src.quote)),
      make('span', 'after', para(c.after || '')));
    var quote = make('blockquote', 'quote');
    quote.append(p);
    var about = seed ? [seed.title, seed.publisher, seed.dateline].filter(Boolean) : [];
    var where = line(src.file) + (c.line ? ' 第 ' + c.line + ' 行' : '（引文未在文件中找到）');
    var label = e.sources.length > 1 ? '来源 ' + (k + 1) + ' ' : '';
    fig.append(quote, make('figcaption', 'cite', label + '—— ' + about.concat(where).join(' · ')));
    return fig;
  }
  function fillDetails(e, li) {
    var det = $('details', li), facts = $('.facts', li), cited = $('.cited', li);
    FACT_LABELS.forEach(function (f) {
      if (!e[f[0]].length) return;
      facts.append(make('dt', '', f[1]), make('dd', '', e[f[0]].map(line).join('、')));
    });
    if (e.date_note) facts.append(make('dt', '', '日期说明'), make('dd', '', para(e.date_note)));
    if (!facts.firstChild) facts.remove();
    e.sources.forEach(function (src, k) { cited.append(citedNode(e, k)); });
    if (!e.sources.length) {
      cited.remove();
      $('summary', det).textContent = '详情';
    }
    if (!e.sources.length && !facts.firstChild) det.remove();
  }
  function eventNode(i) {
    var e = events[i], li = tplEvent.cloneNode(true);
    var title = line(e.title), summary = para(e.summary).trim();
    li.id = e.id;
    li.dataset.index = i;
    var link = $('.permalink', li), clock = $('.clock', li), kind = KINDS[e.date_kind] || '';
    link.href = '#' + encodeURIComponent(e.id);
    link.textContent = title;
    clock.dateTime = e.time ? e.start + 'T' + e.time : e.start;
    if (e.time) clock.textContent = e.time;
    else li.classList.add('untimed');
    if (!e.time && !kind && !e.end) li.classList.add('bare');
    $('.kind', li).textContent = kind;
    if (e.end && e.precision === 'day') $('.until', li).append('至 ', timeEl(e.end));
    if (summary && summary !== title.trim()) $('.summary', li).textContent = summary;
    var figs = $('.figures', li), tags = $('.tags', li);
    e.figures.forEach(function (f) {
      var item = make('li');
      if (f.label) item.append(make('span', 'label', line(f.label)));
      item.append(make('strong', '', line(f.text)));
      if (e.sources.length > 1) item.append(make('sup', 'from', '来源 ' + f.source));
      figs.append(item);
    });
    eventKeys[i][0].forEach(function (k) {
      var item = make('li');
      item.append(chip(0, k, keys[k].label));
      tags.append(item);
    });
    fillDetails(e, li);
    return li;
  }
  function renderTo(limit) {
    limit = Math.min(limit, shown.length);
    var frag = doc.createDocumentFragment();
    for (; rendered < limit; rendered++) {
      var i = shown[rendered];
      if (events[i].date !== lastDay) {
        var sec = dayNode(events[i]);
        frag.append(sec);
        lastList = $('ol', sec);
        lastDay = events[i].date;
      }
      lastList.append(eventNode(i));
    }
    daysEl.append(frag);
    moreBtn.hidden = rendered >= shown.length;
  }
  function resetList() {
    daysEl.textContent = '';
    rendered = 0;
    lastDay = lastList = null;
  }

  // ---------------------------------------------------------------- facets
  var expanded = FACETS.map(function () { return false; });
  var facetEls = FACETS.map(function (f) { return $('.facet[data-kind="' + f[0] + '"]'); });
  function facetCounts() {
    var counts = new Int32Array(keys.length);
    shown.forEach(function (i) {
      eventKeys[i].forEach(function (own) { own.forEach(function (k) { counts[k]++; }); });
    });
    return counts;
  }
  function facetChip(kind, k, label, count) {
    var b = k < 0 ? make('button', 'chip', label) : chip(kind, k, label);
    if (k < 0) {  // a value from the URL that no event has: shown so it can be turned off
      b.type = 'button';
      b.dataset.kind = kind;
      b.dataset.fold = fold(label);
      b.setAttribute('aria-pressed', 'true');
    }
    b.append(' ', make('span', 'n', String(count)));
    var item = make('li');
    item.append(b);
    return item;
  }
  function renderFacet(kind, counts) {
    var el = facetEls[kind], list = $('ul', el), more = $('.facet-more', el);
    var sel = st.sel[kind], ks = [];
    keys.forEach(function (key, k) {
      if (key.kind === kind && (counts[k] || sel.has(key.f))) ks.push(k);
    });
    ks.sort(function (a, b) {
      return (sel.has(keys[b].f) - sel.has(keys[a].f)) || (counts[b] - counts[a]) ||
        (keys[a].label < keys[b].label ? -1 : keys[a].label > keys[b].label ? 1 : 0);
    });
    var limit = expanded[kind] ? 1000 : FACET_LIMIT;
    list.textContent = '';
    sel.forEach(function (label, f) {
      if (!keyByFold[kind].has(f)) list.append(facetChip(kind, -1, label, 0));
    });
    ks.slice(0, limit).forEach(function (k) { list.append(facetChip(kind, k, keys[k].label, counts[k])); });
    el.hidden = !keyByFold[kind].size;
    el.classList.toggle('open', expanded[kind]);
    more.hidden = ks.length <= FACET_LIMIT;
    more.textContent = expanded[kind] ? '收起' : '更多（' + ks.length + '）';
    more.setAttribute('aria-expanded', String(expanded[kind]));
  }
  function renderFacets() {
    var counts = facetCounts();
    for (var kind = 0; kind < FACETS.length; kind++) renderFacet(kind, counts);
  }

  // ---------------------------------------------------------------- controls and URL
  var form = $('form.controls');
  var search = form.elements.q, fromIn = form.elements.from, toIn = form.elements.to;
  var count = $('.count .shown'), empty = $('.empty');
  $('.count .total').textContent = n;
  function showControls() {
    search.value = st.q;
    fromIn.value = st.from;
    toIn.value = st.to;
  }
  function writeHash() {
    var h = stateHash();
    if (location.hash.slice(1) === h) return;
    var url = location.href.split('#')[0] + (h ? '#' + h : '');
    try { history.replaceState(null, '', url); } catch (err) { location.replace('#' + h); }
  }
  // Focus survives a re-render: the same chip (in its event, else in its facet) gets it back.
  function rememberFocus() {
    var a = doc.activeElement;
    if (!a || !a.classList || !a.classList.contains('chip')) return null;
    var li = a.closest('.event');
    return { kind: a.dataset.kind, key: a.dataset.key, fold: a.dataset.fold, event: li && li.id };
  }
  function restoreFocus(was) {
    if (!was) return;
    var sel = was.key !== undefined ? '.chip[data-kind="' + was.kind + '"][data-key="' + was.key + '"]' : null;
    var li = was.event && byId.has(was.event) ? $('[data-index="' + byId.get(was.event) + '"]', daysEl) : null;
    var target = sel && ((li && $(sel, li)) || $('.facets ' + sel));
    if (target) target.focus();
  }
  function update(toHash) {
    var was = rememberFocus();
    filter();
    resetList();
    renderTo(CHUNK);
    renderFacets();
    count.textContent = shown.length;
    empty.hidden = shown.length > 0;
    if (toHash) writeHash();
    restoreFocus(was);
  }
  search.addEventListener('input', function () {
    st.q = search.value;
    st.terms = terms(st.q);
    update(true);
  });
  [fromIn, toIn].forEach(function (input) {
    input.addEventListener('change', function () {
      st[input.name] = DATE.test(input.value) ? input.value : '';
      update(true);
    });
  });
  form.addEventListener('submit', function (ev) { ev.preventDefault(); });
  function clearAll() {
    clearState();
    showControls();
    update(true);
  }
  $('.clear', form).addEventListener('click', clearAll);
  function toggleChip(b) {
    var kind = +b.dataset.kind;
    var f = b.dataset.key !== undefined ? keys[+b.dataset.key].f : b.dataset.fold;
    if (st.sel[kind].has(f)) st.sel[kind].delete(f);
    else st.sel[kind].set(f, keys[+b.dataset.key].label);
    update(true);
  }
  function onChipClick(ev) {
    var b = ev.target.closest('.chip');
    if (b) toggleChip(b);
  }
  daysEl.addEventListener('click', onChipClick);
  $('.facets').addEventListener('click', function (ev) {
    var more = ev.target.closest('.facet-more');
    if (!more) return onChipClick(ev);
    var kind = facetEls.indexOf(more.closest('.facet'));
    expanded[kind] = !expanded[kind];
    renderFacets();
    more.focus();
  });
  moreBtn.addEventListener('click', function () { renderTo(rendered + CHUNK); });
  if (window.IntersectionObserver) {
    new IntersectionObserver(function (seen) {
      if (seen[0].isIntersecting && !moreBtn.hidden) renderTo(rendered + CHUNK);
    }, { rootMargin: '1200px 0px' }).observe(moreBtn);
  }

  // ---------------------------------------------------------------- permalinks
  var target = null;
  function showEvent(i) {
    var pos = shown.indexOf(i);
    if (pos < 0) {  // hidden by the filters: drop them, the link names this event
      clearState();
      showControls();
      update(false);
      pos = shown.indexOf(i);
    }
    renderTo(Math.max(rendered, pos + 1 + CHUNK / 2));
    var el = $('[data-index="' + i + '"]', daysEl);
    if (target) target.classList.remove('is-target');
    target = el;
    el.classList.add('is-target');
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'center' });
  }
  function fromHash() {
    var h = location.hash.slice(1);
    var id = dec(h);
    if (h && byId.has(id)) return showEvent(byId.get(id));
    readHash(h);
    showControls();
    update(false);
  }
  window.addEventListener('hashchange', function () {
    if (location.hash.slice(1) !== stateHash()) fromHash();
  });

  // ---------------------------------------------------------------- keyboard
  function sibling(li, dir) {
    var next = dir > 0 ? li.nextElementSibling : li.previousElementSibling;
    var day = li.closest('.day');
    while (!next && day) {
      day = dir > 0 ? day.nextElementSibling : day.previousElementSibling;
      var all = day ? day.querySelectorAll('.event') : [];
      next = all.length ? all[dir > 0 ? 0 : all.length - 1] : null;
    }
    return next;
  }
  function move(dir) {
    var a = doc.activeElement, cur = a && a.closest ? a.closest('.event') : null;
    var next = null;
    if (cur) {
      next = sibling(cur, dir);
      if (!next && dir > 0 && rendered < shown.length) {
        renderTo(rendered + CHUNK);
        next = sibling(cur, dir);
      }
    } else {
      var all = daysEl.querySelectorAll('.event');
      next = Array.prototype.find.call(all, function (el) { return el.getBoundingClientRect().bottom > 0; });
    }
    if (!next) return;
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: 'nearest' });
  }
  function onEscape(t) {
    if (t === search && search.value) {
      st.q = search.value = '';
      st.terms = [];
      update(true);
    } else if (active()) clearAll();
    if (target) target.classList.remove('is-target');
  }
  doc.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing || ev.defaultPrevented) return;
    var t = ev.target;
    if (ev.key === 'Escape') return onEscape(t);
    if (t.closest && t.closest('input, textarea, select, [contenteditable]')) return;
    if (ev.key === '/') {
      ev.preventDefault();
      search.focus();
      search.select();
    } else if (ev.key === 'j' || ev.key === 'k') {
      ev.preventDefault();
      move(ev.key === 'j' ? 1 : -1);
    } else if (ev.key === 'Enter' && t.classList && t.classList.contains('event')) {
      var det = $('details', t);
      if (det) { ev.preventDefault(); det.open = !det.open; }
    }
  });

  // ---------------------------------------------------------------- print
  var printed = null;  // the details print opened, closed again afterwards
  function beforePrint() {
    if (printed) return;
    renderTo(shown.length);
    printed = Array.prototype.filter.call(daysEl.querySelectorAll('details'), function (d) {
      return !d.open;
    });
    printed.forEach(function (d) { d.open = true; });
  }
  function afterPrint() {
    if (!printed) return;
    printed.forEach(function (d) { d.open = false; });
    printed = null;
  }
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  var printMedia = window.matchMedia('print');
  printMedia.addEventListener('change', function (m) { (m.matches ? beforePrint : afterPrint)(); });

  fromHash();
  if (printMedia.matches) beforePrint();
  window.timelinePage = Object.freeze({
    fold: fold,
    terms: terms,
    searchText: function (id) { return byId.has(id) ? haystacks()[byId.get(id)] : null; },
    shownIds: function () { return shown.map(function (i) { return events[i].id; }); },
  });
  setTimeout(foldLater, 0);
  performance.mark('timeline-ready');
  root.setAttribute('data-ready', '');
}());
