// The report page's script (inlined into the HTML by page.ts; plain browser JavaScript, no library, no network).
// It reads the embedded JSON (#apln-data) and draws the table, the clause lists, the sequence diagrams and
// state panels, and the other sections. The URL fragment names the view: #MODEL/PROPERTY/step-N.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('apln-data').textContent);
  const PAGE = 200; // steps drawn per page of a long trace
  const SVGNS = 'http://www.w3.org/2000/svg';
  const hidden = new Set(); // state fields the reader hid
  const pageOf = {}; // trace id → page shown
  let shownTrace = null;

  // ---------- small helpers ----------
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const k of kids) if (k !== undefined && k !== null) e.append(k);
    return e;
  }
  function svg(tag, attrs, ...kids) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    for (const k of kids) if (k !== undefined && k !== null) e.append(k);
    return e;
  }
  const groupOf = (name) => (name.indexOf('.') < 0 ? name : name.slice(0, name.indexOf('.')));
  const fmt = (n) => Number(n).toLocaleString('en-US');
  const hashOf = (...parts) => '#' + parts.map(encodeURIComponent).join('/');
  function activate(node, f) {
    node.addEventListener('click', f);
    node.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        f(ev);
      }
    });
  }

  // ---------- verdict cells ----------
  function rank(p) {
    if (!p.meetsExpectation) return p.verdict === 'violated' ? 0 : p.verdict === 'unknown' ? 1 : 2;
    if (p.verdict === 'violated') return 3;
    if (p.kind === 'sometimes') return 5;
    return 4;
  }
  function cellText(p) {
    const word = p.verdict === 'violated' && p.expected === 'violated' ? 'VIOLATED' : p.verdict;
    return word + (p.meetsExpectation ? ' ✓' : ' ✗');
  }
  function cellClass(p) {
    if (!p.meetsExpectation) return 'unmet';
    if (p.verdict === 'violated') return 'expected-violation';
    return p.verdict === 'reached' ? 'reached' : 'holds';
  }
  function traceIdOf(run, p) {
    const id = run.model + '/' + p.name;
    return data.traces[id] ? id : undefined;
  }

  // ---------- the table ----------
  function columns() {
    const cols = [];
    for (const r of data.runs) for (const p of r.properties) if (!cols.includes(groupOf(p.name))) cols.push(groupOf(p.name));
    return cols;
  }
  function drawTable() {
    const host = document.getElementById('matrix-host');
    host.textContent = '';
    if (data.runs.length === 0) {
      host.append(el('p', { class: 'empty', text: 'No check results were given (apln check --json).' }));
      return;
    }
    const cols = columns();
    const hasDeadlock = data.runs.some((r) => r.deadlock);
    const head = el('tr', {}, el('th', { scope: 'col', text: 'variant' }));
    for (const c of cols) head.append(el('th', { scope: 'col', text: c }));
    if (hasDeadlock) head.append(el('th', { scope: 'col', text: 'deadlock' }));
    head.append(el('th', { scope: 'col', text: 'all met' }));
    const body = el('tbody');
    for (const r of data.runs) {
      const tr = el('tr', { 'data-model': r.model }, el('th', { scope: 'row', text: r.model }));
      for (const c of cols) {
        const clauses = r.properties.filter((p) => groupOf(p.name) === c);
        if (clauses.length === 0) {
          tr.append(el('td', { class: 'cell absent', 'data-group': c, text: '—' }));
          continue;
        }
        const worst = clauses.slice().sort((a, b) => rank(a) - rank(b))[0];
        const withTrace = clauses.slice().sort((a, b) => rank(a) - rank(b)).find((p) => traceIdOf(r, p) && p.verdict !== 'reached') || worst;
        const target = traceIdOf(r, withTrace) ? hashOf(r.model, withTrace.name) : hashOf(r.model, c);
        const b = el('button', {
          type: 'button',
          class: 'cell-button',
          'data-target': target,
          'aria-label': r.model + ' ' + c + ': ' + cellText(worst) + ' (' + clauses.length + ' clause' + (clauses.length === 1 ? '' : 's') + ')',
          text: cellText(worst),
        });
        b.addEventListener('click', () => (location.hash = target));
        tr.append(el('td', { class: 'cell ' + cellClass(worst), 'data-group': c, 'data-verdict': worst.verdict }, b));
      }
      if (hasDeadlock) tr.append(el('td', { class: 'cell ' + (r.deadlock ? 'unmet' : 'holds'), text: r.deadlock ? 'found ✗' : 'none ✓' }));
      tr.append(el('td', { class: 'cell ' + (r.ok ? 'holds' : 'unmet'), text: r.ok ? 'yes' : 'NO' }));
      body.append(tr);
    }
    host.append(el('table', { id: 'matrix', class: 'matrix' }, el('thead', {}, head), body));
  }

  // ---------- clause panel ----------
  function drawClauses(run, group, openName) {
    const host = el('section', { class: 'clauses', 'aria-label': 'clauses of ' + group });
    host.append(el('h3', { text: run.model + ' · ' + group }));
    const list = el('ul', { class: 'clause-list' });
    for (const p of run.properties.filter((q) => groupOf(q.name) === group)) {
      const id = traceIdOf(run, p);
      const verdict = el('span', { class: 'verdict ' + cellClass(p), text: cellText(p) });
      const name = id
        ? el('a', { href: hashOf(run.model, p.name), class: p.name === openName ? 'current' : undefined, text: p.name })
        : el('span', { text: p.name });
      const li = el('li', { 'data-clause': p.name }, verdict, ' ', name, el('span', { class: 'kind', text: ' ' + p.kind }));
      if (p.description) li.append(el('div', { class: 'description', text: p.description }));
      if (p.message) li.append(el('div', { class: 'message', text: p.message }));
      list.append(li);
    }
    host.append(list);
    return host;
  }

  // ---------- state at a step ----------
  const snapshots = {}; // trace id → [state at 0, at PAGE, at 2·PAGE, …]
  function stateAt(t, k) {
    let snaps = snapshots[t.id];
    if (!snaps) {
      snaps = [];
      let s = {};
      t.steps.forEach((step, i) => {
        s = Object.assign({}, s, step.set);
        if (i % PAGE === 0) snaps.push(s);
      });
      snapshots[t.id] = snaps;
    }
    const base = Math.floor(k / PAGE);
    let s = Object.assign({}, snaps[base]);
    for (let i = base * PAGE + 1; i <= k; i++) Object.assign(s, t.steps[i].set);
    return s;
  }
  function topVar(p) {
    const m = /^[^.[]+/.exec(p);
    return m ? m[0] : p;
  }
  const STRENGTH = { 'changed-keys': 3, 'new-element': 2, 'changed-value': 1 };
  function changeText(c) {
    if (c.added || c.removed) return [...(c.added || []).map((x) => '+' + x), ...(c.removed || []).map((x) => '−' + x)].join(' ') || '(same elements)';
    if (c.before === undefined) return '= ' + c.after + ' (new key)';
    if (c.after === undefined) return 'removed (was ' + c.before + ')';
    return c.before + ' → ' + c.after;
  }
  function requirementsOf(t, label) {
    const r = data.requirements;
    if (!r || !r.actions[t.model]) return [];
    return r.actions[t.model][label] || [];
  }
  function drawState(t, k) {
    const step = t.steps[k];
    const host = el('section', { class: 'state-panel', 'aria-label': 'state at step ' + k });
    const title = k === 0 ? 'Step 0: the initial state' : 'Step ' + k + ': ' + step.label;
    host.append(el('h4', { text: title }));
    if (k > 0) {
      const who = step.actor ? step.actor + (step.to ? ' → ' + step.to : '') + ': ' : '';
      host.append(el('p', { class: 'action', text: who + (step.msg || '') + (step.msg ? ' · ' : '') + step.action }));
      const ids = requirementsOf(t, step.label);
      if (ids.length > 0) {
        const p = el('p', { class: 'requirements' }, 'Implements ');
        ids.forEach((id, i) => {
          const req = data.requirements.index[id];
          const href = req && data.requirements.specHref ? data.requirements.specHref + req.file : undefined;
          const title = req ? id + ' (' + req.role + ', ' + req.strength + '): ' + req.summary : id;
          p.append(href ? el('a', { href, title, text: id }) : el('abbr', { title, text: id }));
          if (i + 1 < ids.length) p.append(', ');
        });
        host.append(p);
      }
    }
    if (k === t.markedStep) host.append(el('p', { class: 'mark-note', text: t.sentence }));
    const changed = {};
    if (step.changes.length > 0) {
      const table = el('table', { class: 'changes' }, el('caption', { text: 'What changed' }));
      for (const c of step.changes) {
        const v = topVar(c.path);
        if (!changed[v] || STRENGTH[c.cls] > STRENGTH[changed[v]]) changed[v] = c.cls;
        if (hidden.has(v)) continue;
        table.append(el('tr', { class: c.cls, 'data-path': c.path }, el('th', { scope: 'row', text: c.path }), el('td', { text: changeText(c) })));
      }
      host.append(table);
    } else if (k > 0) host.append(el('p', { class: 'muted', text: 'Nothing changed (a stutter step).' }));
    const state = stateAt(t, k);
    const fields = el('dl', { class: 'fields' });
    const folded = el('dl', { class: 'fields' });
    let foldedCount = 0;
    for (const v of t.vars) {
      if (hidden.has(v)) continue;
      const row = [el('dt', { class: changed[v] || undefined, text: v }), el('dd', { class: changed[v] || undefined, text: state[v] === undefined ? '' : state[v] })];
      if (changed[v] || k === 0) fields.append(...row);
      else {
        folded.append(...row);
        foldedCount++;
      }
    }
    host.append(fields);
    if (foldedCount > 0) host.append(el('details', { class: 'unchanged' }, el('summary', { text: foldedCount + ' unchanged field' + (foldedCount === 1 ? '' : 's') }), folded));
    const picker = el('details', { class: 'field-picker' }, el('summary', { text: 'Fields shown (' + (t.vars.length - hidden.size) + ' of ' + t.vars.length + ')' }));
    for (const v of t.vars) {
      const box = el('input', { type: 'checkbox', checked: !hidden.has(v), 'data-field': v });
      box.addEventListener('change', () => {
        if (box.checked) hidden.delete(v);
        else hidden.add(v);
        route();
        const again = document.querySelector('.field-picker input[data-field="' + CSS.escape(v) + '"]');
        if (again) {
          again.closest('details').open = true;
          again.focus();
        }
      });
      picker.append(el('label', {}, box, ' ' + v));
    }
    host.append(picker);
    return host;
  }

  // ---------- the sequence diagram ----------
  const COL = 150;
  const LEFT = 96;
  const ROW = 30;
  const TOP = 44;
  function drawDiagram(t, from, to, selected) {
    const parties = t.parties.length > 0 ? t.parties : ['chain'];
    const x = (p) => LEFT + parties.indexOf(p) * COL + COL / 2;
    const width = LEFT + parties.length * COL + 40;
    const rows = to - from + 1;
    const height = TOP + rows * ROW + 20;
    const root = svg('svg', { class: 'diagram', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'group', 'aria-label': 'sequence diagram of ' + t.id + ', steps ' + from + ' to ' + to });
    root.append(
      svg('defs', {}, svg('marker', { id: 'head', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'head' }))),
    );
    root.append(svg('text', { x: 8, y: 20, class: 'side-head' }, 'step'), svg('text', { x: 50, y: 20, class: 'side-head' }, 'block'));
    parties.forEach((p) => {
      root.append(svg('rect', { x: x(p) - 40, y: 6, width: 80, height: 24, rx: 4, class: p === 'chain' ? 'party chain' : 'party' }));
      root.append(svg('text', { x: x(p), y: 23, class: 'party-name', 'text-anchor': 'middle' }, p));
      root.append(svg('line', { x1: x(p), y1: 30, x2: x(p), y2: height - 10, class: p === 'chain' ? 'lifeline chain' : 'lifeline' }));
    });
    let lastHeight = from > 1 ? t.steps[from - 1].height : undefined;
    for (let i = from; i <= to; i++) {
      const s = t.steps[i];
      const y = TOP + (i - from) * ROW + ROW / 2;
      const marked = i === t.markedStep;
      const cls = 'arrow' + (marked ? ' breaking' : '') + (marked && t.verdict === 'reached' ? ' reached' : '') + (i === selected ? ' selected' : '');
      const g = svg('g', { class: cls, 'data-step': i, tabindex: 0, role: 'button', 'aria-label': 'step ' + i + ': ' + s.label + (marked ? ' (' + t.sentence + ')' : '') });
      g.append(svg('title', {}, i + '. ' + s.label + (s.msg ? ': ' + s.msg : '') + (s.action !== s.label ? ' · ' + s.action : '')));
      g.append(svg('rect', { x: 0, y: y - ROW / 2, width, height: ROW, class: 'row-band' }));
      g.append(svg('text', { x: 8, y: y + 4, class: 'step-no' }, String(i)));
      if (s.height !== undefined) {
        const changedHeight = s.height !== lastHeight;
        g.append(svg('text', { x: 50, y: y + 4, class: 'block' + (changedHeight ? ' new-block' : '') }, changedHeight ? '▮ ' + s.height : '│'));
        lastHeight = s.height;
      }
      const onChain = /publish|on chain|sweep/i.test(s.msg || '') || /Publish|OnChain|Sweep|TimeoutClose/.test(s.label);
      const src = s.actor !== undefined ? s.actor : 'chain';
      const dst = s.to !== undefined ? s.to : s.actor !== undefined && onChain && parties.includes('chain') ? 'chain' : src;
      const x1 = x(src);
      const x2 = x(dst);
      if (x1 !== x2) {
        const dir = x2 > x1 ? 1 : -1;
        g.append(svg('line', { x1, y1: y + 6, x2: x2 - dir * 2, y2: y + 6, class: 'shaft', 'marker-end': 'url(#head)' }));
        g.append(svg('text', { x: (x1 + x2) / 2, y: y, class: 'label', 'text-anchor': 'middle' }, s.label));
      } else {
        g.append(svg('path', { d: 'M' + x1 + ',' + (y - 6) + ' h22 v12 h-20', class: 'shaft self', 'marker-end': 'url(#head)' }));
        g.append(svg('text', { x: x1 + 28, y: y + 4, class: 'label' }, s.label));
      }
      if (marked) g.append(svg('text', { x: width - 30, y: y + 5, class: 'mark' }, t.verdict === 'reached' ? '✓' : '✗'));
      if (t.loop !== undefined && i === t.steps.length - 1 && t.loop < i) g.append(svg('text', { x: width - 60, y: y + 5, class: 'loop' }, '↺ ' + t.loop));
      activate(g, () => {
        location.hash = hashOf(t.model, t.property, 'step-' + i);
      });
      g.addEventListener('keydown', (ev) => {
        const next = ev.key === 'ArrowDown' || ev.key === 'j' ? i + 1 : ev.key === 'ArrowUp' || ev.key === 'k' ? i - 1 : undefined;
        if (next === undefined || next < 1 || next >= t.steps.length) return;
        ev.preventDefault();
        location.hash = hashOf(t.model, t.property, 'step-' + next);
      });
      root.append(g);
    }
    return root;
  }

  function drawTrace(t, selected) {
    const total = t.steps.length - 1;
    const page = selected !== undefined && selected > 0 ? Math.floor((selected - 1) / PAGE) : pageOf[t.id] || 0;
    pageOf[t.id] = page;
    const from = page * PAGE + 1;
    const to = Math.min(total, from + PAGE - 1);
    const host = el('section', { class: 'trace', 'data-trace': t.id, 'aria-label': 'trace ' + t.id });
    host.append(el('h3', { tabindex: -1, class: 'trace-title', text: t.model + ' · ' + t.property }));
    host.append(el('p', { class: 'sentence ' + (t.verdict === 'reached' ? 'reached' : 'violated'), text: t.sentence }));
    const meta = el('p', { class: 'repro' }, 'ITF file: ', el('a', { href: t.href, text: t.file }), ' · reproduce: ', el('code', { class: 'replay', text: t.replay }));
    host.append(meta);
    if (total > PAGE) {
      const pages = Math.ceil(total / PAGE);
      const go = (p) => () => {
        pageOf[t.id] = p;
        location.hash = hashOf(t.model, t.property, 'step-' + (p * PAGE + 1));
      };
      host.append(
        el(
          'div',
          { class: 'pager' },
          el('button', { type: 'button', disabled: page === 0, onclick: go(page - 1), text: '◀ earlier steps' }),
          el('span', { class: 'pager-text', text: ' steps ' + fmt(from) + '–' + fmt(to) + ' of ' + fmt(total) + ' (page ' + (page + 1) + ' of ' + pages + ') ' }),
          el('button', { type: 'button', disabled: page + 1 >= pages, onclick: go(page + 1), text: 'later steps ▶' }),
          t.markedStep !== undefined && Math.floor((t.markedStep - 1) / PAGE) !== page
            ? el('button', { type: 'button', onclick: () => (location.hash = hashOf(t.model, t.property, 'step-' + t.markedStep)), text: 'go to step ' + t.markedStep })
            : undefined,
        ),
      );
    }
    const body = el('div', { class: 'trace-body' });
    body.append(el('div', { class: 'diagram-wrap' }, total === 0 ? el('p', { text: 'The trace is its initial state (no step).' }) : drawDiagram(t, from, to, selected)));
    body.append(drawState(t, selected === undefined ? (t.markedStep !== undefined ? t.markedStep : 0) : selected));
    host.append(body);
    return host;
  }

  // ---------- routing ----------
  function parseHash() {
    const h = location.hash.replace(/^#/, '');
    if (h === '' && data.startView) return data.startView.split('/');
    return h === '' ? [] : h.split('/').map(decodeURIComponent);
  }
  function route() {
    const parts = parseHash();
    const detail = document.getElementById('detail');
    detail.textContent = '';
    document.querySelectorAll('.cell.open').forEach((c) => c.classList.remove('open'));
    if (parts.length === 1) {
      const target = document.getElementById(parts[0]);
      if (target) target.scrollIntoView();
      detail.hidden = true;
      shownTrace = null;
      return;
    }
    if (parts.length < 2) {
      detail.hidden = true;
      shownTrace = null;
      return;
    }
    const [model, name, stepPart] = parts;
    const run = data.runs.find((r) => r.model === model);
    const t = data.traces[model + '/' + name];
    if (!run && !t) {
      detail.hidden = false;
      detail.append(el('p', { class: 'not-found', text: 'Nothing named ' + model + '/' + name + ' in this report.' }));
      return;
    }
    detail.hidden = false;
    const group = groupOf(name);
    if (run) {
      detail.append(drawClauses(run, group, name));
      const row = document.querySelector('#matrix tr[data-model="' + CSS.escape(model) + '"]');
      const cell = row && row.querySelector('td[data-group="' + CSS.escape(group) + '"]');
      if (cell) cell.classList.add('open');
    }
    if (t) {
      const m = /^step-(\d+)$/.exec(stepPart || '');
      const step = m ? Math.min(Number(m[1]), t.steps.length - 1) : undefined;
      detail.append(drawTrace(t, step));
      if (shownTrace !== t.id) {
        shownTrace = t.id;
        if (step === undefined) detail.querySelector('.trace-title').focus();
      }
      if (step !== undefined) {
        const a = detail.querySelector('.arrow[data-step="' + step + '"]');
        if (a) a.focus({ preventScroll: false });
      }
    } else shownTrace = null;
  }

  // ---------- the other sections ----------
  function drawSpace() {
    const host = document.getElementById('space-host');
    if (data.runs.length === 0) return host.closest('section').remove();
    const head = el('tr', {}, ...['variant', 'states', 'transitions', 'depth', 'seconds', 'states/s', 'collision probability', 'search'].map((h) => el('th', { scope: 'col', text: h })));
    const body = el('tbody');
    for (const r of data.runs) {
      body.append(
        el(
          'tr',
          {},
          el('th', { scope: 'row', text: r.model }),
          el('td', { class: 'num', text: fmt(r.distinctStates) }),
          el('td', { class: 'num', text: fmt(r.generatedStates) }),
          el('td', { class: 'num', text: fmt(r.maxDepth) }),
          el('td', { class: 'num', text: r.seconds.toFixed(2) }),
          el('td', { class: 'num', text: r.seconds > 0 ? fmt(Math.round(r.distinctStates / r.seconds)) : '—' }),
          el('td', { class: 'num', text: r.collisionProbability.toExponential(1) }),
          el('td', { text: r.complete ? 'complete' : 'stopped by ' + (r.stoppedBy || 'a limit') }),
        ),
      );
    }
    host.append(el('table', { class: 'figures' }, el('thead', {}, head), body));
  }

  function drawCoverage() {
    const host = document.getElementById('coverage-host');
    const rows = [];
    for (const r of data.runs) {
      const seen = new Set();
      for (const t of Object.values(data.traces)) if (t.model === r.model) for (const s of t.steps.slice(1)) seen.add(s.label);
      const known = data.requirements && data.requirements.actions[r.model] ? Object.keys(data.requirements.actions[r.model]) : [];
      const missing = known.filter((l) => !seen.has(l));
      rows.push(
        el(
          'tr',
          {},
          el('th', { scope: 'row', text: r.model }),
          el('td', { class: 'num', text: known.length > 0 ? seen.size + ' of ' + known.length : String(seen.size) }),
          el('td', { class: 'labels', text: [...seen].sort().join(', ') }),
          el('td', { class: 'labels muted', text: missing.join(', ') }),
        ),
      );
    }
    if (rows.length > 0) {
      host.append(el('p', { text: 'Action labels that occur in the counterexample and witness traces of each variant, against the labels its model can produce.' }));
      const head = el('tr', {}, ...['variant', 'labels in traces', 'occur', 'never occur in a trace'].map((h) => el('th', { scope: 'col', text: h })));
      host.append(el('table', { class: 'figures' }, el('thead', {}, head), el('tbody', {}, ...rows)));
    }
    const c = data.conform;
    if (c) {
      host.append(el('h3', { text: 'On the implementation (apln conform)' }));
      const kinds = (title, k) => {
        const notCovered = Object.entries(k.kindsNotCovered);
        return el(
          'div',
          { class: 'kinds' },
          el('p', { text: title + ': ' + k.kindsCovered.length + ' of ' + (k.kindsCovered.length + notCovered.length) + ' action kinds exercised' }),
          el('p', { class: 'labels', text: k.kindsCovered.join(', ') }),
          notCovered.length > 0 ? el('ul', {}, ...notCovered.map(([kind, why]) => el('li', { text: kind + ': ' + why }))) : undefined,
        );
      };
      host.append(kinds('scheme 1', c));
      if (c.scheme2) host.append(kinds('scheme 2', c.scheme2));
    }
    if (rows.length === 0 && !c) host.closest('section').remove();
  }

  function drawConform() {
    const host = document.getElementById('conform-host');
    const c = data.conform;
    const m = data.mutants;
    if (!c && !m) return host.closest('section').remove();
    if (c) {
      host.append(
        el('p', {
          class: c.ok ? 'ok' : 'bad',
          text: fmt(c.runs) + ' runs, ' + fmt(c.steps) + ' steps, ' + c.divergences + ' divergences, ' + c.violations + ' property violations' +
            (c.adapterFailures ? ', ' + c.adapterFailures + ' adapter failures' : '') + (c.mutant ? ' (mutant ' + c.mutant + ')' : '') + (c.ok ? ': conformant' : ': NOT conformant'),
        }),
      );
      const head = el('tr', {}, ...['suite', 'runs', 'model steps', 'adversary steps', 'failures'].map((h) => el('th', { scope: 'col', text: h })));
      const body = el('tbody');
      for (const s of c.suites) {
        const failures = el('td', { class: s.failures.length > 0 ? 'unmet' : '' });
        if (s.failures.length === 0) failures.textContent = '0';
        for (const f of s.failures) failures.append(el('div', { text: f.kind + ': ' + f.text + (f.trace ? ' (' + f.trace + ')' : '') }));
        body.append(el('tr', {}, el('th', { scope: 'row', text: s.suite }), el('td', { class: 'num', text: fmt(s.runs) }), el('td', { class: 'num', text: s.modelSteps === undefined ? '' : fmt(s.modelSteps) }), el('td', { class: 'num', text: s.adversarySteps === undefined ? '' : fmt(s.adversarySteps) }), failures));
      }
      host.append(el('table', { class: 'figures' }, el('thead', {}, head), body));
    }
    if (m) {
      const caught = m.filter((x) => x.caught).length;
      host.append(el('h3', { text: 'Mutants caught: ' + caught + ' of ' + m.length }));
      const body = el('tbody', {}, ...m.map((x) => el('tr', {}, el('th', { scope: 'row', text: x.mutant }), el('td', { class: x.caught ? 'holds' : 'unmet', text: x.caught ? 'caught' : 'SURVIVED' }), el('td', { class: 'num', text: fmt(x.runs) }), el('td', { text: x.failure || '' }))));
      host.append(el('table', { class: 'figures' }, el('thead', {}, el('tr', {}, ...['mutant', 'result', 'runs', 'failure'].map((h) => el('th', { scope: 'col', text: h })))), body));
    }
  }

  function drawCoalitions() {
    const host = document.getElementById('coalitions-host');
    const c = data.coalitions;
    if (!c) return host.closest('section').remove();
    const name = (co) => '{' + co.join(',') + '}';
    const names = (list) => (list.length === 0 ? '—' : list.map(name).join(', '));
    host.append(el('p', { text: 'Variant ' + c.variant + ', parties ' + c.parties.join(', ') + ': ' + fmt(c.checked) + ' of ' + fmt(c.total) + ' coalitions checked' + (c.partial ? ' (partial run)' : '') + '. A vacuous cell: the clause protects a party of the coalition, so it promises nothing there.' }));
    const protects = (p) => (Array.isArray(p) ? (p.length === 0 ? 'none' : p.join(', ')) : p);
    const summary = el('tbody', {}, ...c.clauses.map((s) => el('tr', { 'data-clause': s.clause },
      el('th', { scope: 'row', text: s.clause }),
      el('td', { text: protects(s.protects) }),
      el('td', { class: 'minimal-violating' + (s.minimalViolating.length > 0 ? ' unmet' : ''), text: names(s.minimalViolating) }),
      el('td', { class: 'maximal-withstood', text: names(s.maximalWithstood) }),
      el('td', { class: 'num', text: fmt(s.held) }),
      el('td', { class: 'num', text: fmt(s.violated) }),
      el('td', { class: 'num vacuous', text: fmt(s.vacuous) }),
      el('td', { class: 'num', text: fmt(s.unknown) }),
      el('td', { text: s.nonMonotone.map((n) => name(n.violatedBy) + ' ⊂ ' + name(n.heldBy)).join('; ') }))));
    const cols = ['clause', 'protects', 'minimal violating', 'maximal withstood', 'held', 'violated', 'vacuous', 'unknown', 'non-monotone'];
    host.append(el('div', { class: 'scroll' }, el('table', { class: 'figures coalition-summary' }, el('thead', {}, el('tr', {}, ...cols.map((h) => el('th', { scope: 'col', text: h })))), summary)));
    const coalitions = [];
    for (const r of c.rows) if (!coalitions.includes(name(r.coalition))) coalitions.push(name(r.coalition));
    const head = el('tr', {}, el('th', { scope: 'col', text: 'clause \\ coalition' }), ...coalitions.map((x) => el('th', { scope: 'col', text: x })));
    const body = el('tbody');
    for (const s of c.clauses) {
      const tr = el('tr', {}, el('th', { scope: 'row', text: s.clause }));
      for (const co of coalitions) {
        const r = c.rows.find((x) => x.clause === s.clause && name(x.coalition) === co);
        if (!r) tr.append(el('td', { class: 'absent', text: '—' }));
        else {
          const cls = r.verdict === 'violated' ? 'unmet' : r.verdict === 'holds' ? 'holds' : r.verdict === 'vacuous' ? 'vacuous' : 'absent';
          const text = r.verdict === 'violated' && r.vacuous ? 'violated (vacuous)' : r.verdict;
          tr.append(el('td', { class: cls, title: r.traceFile || r.message || undefined, text }));
        }
      }
      body.append(tr);
    }
    host.append(el('details', {}, el('summary', { text: 'Every coalition' }), el('div', { class: 'scroll' }, el('table', { class: 'figures coalitions' }, el('thead', {}, head), body))));
  }

  function drawSynth() {
    const host = document.getElementById('synth-host');
    const s = data.synth;
    if (!s) return host.closest('section').remove();
    const keys = s.ranges.map((r) => r.key);
    host.append(el('p', { text: 'Variant ' + s.variant + ' over ' + s.ranges.map((r) => r.key + ' ' + r.lo + '..' + r.hi).join(', ') + (s.partial ? ' (partial run)' : '') + '.' }));
    const kx = keys[0];
    const ky = keys[1];
    const xs = [];
    for (let v = s.ranges[0].lo; v <= s.ranges[0].hi; v++) xs.push(v);
    const ys = [];
    if (ky === undefined) ys.push(0);
    else for (let v = s.ranges[1].lo; v <= s.ranges[1].hi; v++) ys.push(v);
    const untouched = [];
    for (const region of s.regions) {
      const clause = region.clause;
      if (region.violatedAt === 0) {
        untouched.push(clause);
        continue;
      }
      const cell = 34;
      const left = 60;
      const top = 20;
      const w = left + xs.length * cell + 20;
      const h = top + ys.length * cell + 40;
      const map = svg('svg', { class: 'heatmap', width: w, height: h, role: 'img', 'data-clause': clause, 'aria-label': clause + ' over ' + kx + (ky ? ' × ' + ky : '') });
      ys.forEach((yv, yi) => {
        const yy = top + (ys.length - 1 - yi) * cell;
        if (ky !== undefined) map.append(svg('text', { x: left - 6, y: yy + cell / 2 + 4, 'text-anchor': 'end', class: 'axis' }, String(yv)));
        xs.forEach((xv, xi) => {
          const here = s.points.filter((p) => p.values[0] === xv && (ky === undefined || p.values[1] === yv) && p.verdicts && p.verdicts[clause]);
          const holds = here.filter((p) => p.verdicts[clause].verdict === 'holds').length;
          const frac = here.length === 0 ? -1 : holds / here.length;
          const cls = frac < 0 ? 'hm-none' : frac === 1 ? 'hm-holds' : frac === 0 ? 'hm-violated' : 'hm-mixed';
          map.append(svg('rect', { x: left + xi * cell, y: yy, width: cell - 2, height: cell - 2, class: 'hm ' + cls }, svg('title', {}, kx + '=' + xv + (ky ? ', ' + ky + '=' + yv : '') + ': ' + holds + ' of ' + here.length + ' points hold')));
        });
      });
      xs.forEach((xv, xi) => map.append(svg('text', { x: left + xi * cell + cell / 2, y: top + ys.length * cell + 14, 'text-anchor': 'middle', class: 'axis' }, String(xv))));
      map.append(svg('text', { x: left + (xs.length * cell) / 2, y: h - 6, 'text-anchor': 'middle', class: 'axis-name' }, kx));
      if (ky !== undefined) map.append(svg('text', { x: 4, y: 12, class: 'axis-name' }, ky + ' ↑'));
      // Each inequality a·x + b·y ≤ bound over the two drawn keys, as the line a·x + b·y = bound (value v at the centre of its cell).
      const px = (v) => left + (v - xs[0]) * cell + cell / 2;
      const py = (v) => top + (ys.length - 1 - (v - ys[0])) * cell + cell / 2;
      for (const q of region.inequalities) {
        if (ky === undefined || q.coeffs.some((c, i) => i > 1 && c !== 0)) continue;
        const a = q.coeffs[0] || 0;
        const b = q.coeffs[1] || 0;
        let x0 = xs[0] - 0.5;
        let x1 = xs[xs.length - 1] + 0.5;
        if (b !== 0 && a !== 0) {
          // Clipped to the grid: x where the line crosses the bottom and top edges.
          const xa = (q.bound - b * (ys[0] - 0.5)) / a;
          const xb = (q.bound - b * (ys[ys.length - 1] + 0.5)) / a;
          x0 = Math.max(x0, Math.min(xa, xb));
          x1 = Math.min(x1, Math.max(xa, xb));
          if (x0 >= x1) continue;
        }
        if (b !== 0) map.append(svg('line', { x1: px(x0), y1: py((q.bound - a * x0) / b), x2: px(x1), y2: py((q.bound - a * x1) / b), class: 'constraint' }));
        else if (a !== 0) map.append(svg('line', { x1: px(q.bound / a), y1: py(ys[0] - 0.5), x2: px(q.bound / a), y2: py(ys[ys.length - 1] + 0.5), class: 'constraint' }));
      }
      const text = region.constraint.length === 0 ? 'no linear constraint found' : region.constraint.join(' ∧ ');
      const exact = region.exact ? ' (exact on the grid)' : ' (' + (region.exceptions || []).length + ' exceptions on the grid)';
      host.append(el('figure', { class: 'synth' }, map, el('figcaption', { text: clause + ' holds where ' + text + exact + ' [' + region.holdsAt + ' held, ' + region.violatedAt + ' violated]' })));
    }
    if (untouched.length > 0) host.append(el('p', { text: 'Holds at every checked point: ' + untouched.join(', ') + '.' }));
  }

  function drawSources() {
    const host = document.getElementById('sources-host');
    if (data.sources.length === 0) return host.closest('section').remove();
    host.append(el('ul', {}, ...data.sources.map((s) => el('li', {}, el('code', { text: s.file }), ' (' + s.kind + ')'))));
  }

  drawTable();
  drawSpace();
  drawCoverage();
  drawConform();
  drawCoalitions();
  drawSynth();
  drawSources();
  window.addEventListener('hashchange', route);
  route();
  document.body.setAttribute('data-ready', 'true');
})();
