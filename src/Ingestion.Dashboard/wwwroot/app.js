// The dashboard's single page: five views over the JSON API, refreshed by the /api/live event stream.
// Every piece of text from services goes in through textContent (the h() helper), never as HTML.
'use strict';

const palette = ['#5b4bdb', '#0e9384', '#dc6803', '#2e90fa', '#c11574', '#6172f3', '#099250', '#b54708'];
const resourceColors = new Map();
const view = document.getElementById('view');
let current = null; // { name, refresh(live, previous) }
let lastLive = null;

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function svg(tag, attributes, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
  for (const child of children.flat()) if (child) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

async function api(path, options) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) { location.href = '/login'; throw new Error('login required'); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || response.statusText);
  }
  return response.status === 202 ? null : response.json();
}

function colorOf(resource) {
  if (!resourceColors.has(resource)) resourceColors.set(resource, palette[resourceColors.size % palette.length]);
  return resourceColors.get(resource);
}

const time = iso => new Date(iso).toLocaleTimeString([], { hour12: false }) + '.' + String(new Date(iso).getMilliseconds()).padStart(3, '0');
const duration = ms => ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms >= 1 ? ms.toFixed(1) + ' ms' : (ms * 1000).toFixed(0) + ' µs';
const uptime = s => s == null ? '' : s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor(s % 3600 / 60)}m`;
const query = () => new URLSearchParams(location.hash.split('?')[1] || '');
const chip = resource => h('span', { class: 'chip', style: `background:${colorOf(resource)}` }, resource);

function setHash(path, params) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const hash = '#' + path + (search.toString() ? '?' + search : '');
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

// replaceChildren would print null and false as text; optional parts of a view are written as `cond ? x : null`.
function fill(element, ...children) { element.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false)); }

function show(...children) { fill(view, ...children); }

function problem(error) { return h('div', { class: 'empty', role: 'alert' }, String(error.message || error)); }

// ---------- Resources ----------

function resourcesView() {
  const body = h('tbody');
  const table = h('table', { id: 'resources' },
    h('thead', {}, h('tr', {}, ['Name', 'Type', 'State', 'Endpoints', 'Process', 'Uptime', 'Restarts', 'Actions'].map(t => h('th', {}, t)))),
    body);
  show(h('h1', {}, 'Resources'), h('div', { class: 'panel' }, table));

  async function act(name, action) {
    try { await api(`/api/resources/${encodeURIComponent(name)}/${action}`, { method: 'POST' }); }
    catch (error) { alert(`${action} ${name}: ${error.message}`); }
  }

  async function refresh() {
    const resources = await api('/api/resources');
    body.replaceChildren(...resources.map(r => {
      const running = ['running', 'healthy', 'unhealthy', 'starting'].includes(r.state);
      return h('tr', { 'data-resource': r.name, 'data-state': r.state },
        h('td', {}, h('a', { href: `#/console/${encodeURIComponent(r.name)}` }, r.name)),
        h('td', { class: 'muted' }, r.type),
        h('td', {}, h('span', { class: `badge state state-${r.state}` }, r.state),
          r.exitCode != null ? h('span', { class: 'muted' }, ` (exit ${r.exitCode})`) : null),
        h('td', {}, r.endpoints.map(e => e.startsWith('http')
          ? h('div', {}, h('a', { href: e, target: '_blank', rel: 'noopener' }, e))
          : h('div', { class: 'mono' }, e))),
        h('td', { class: 'mono' }, r.processId ?? ''),
        h('td', {}, uptime(r.uptimeSeconds)),
        h('td', {}, r.restartCount),
        h('td', {},
          h('button', { onclick: () => act(r.name, 'restart'), 'data-action': 'restart' }, 'Restart'), ' ',
          running
            ? h('button', { onclick: () => act(r.name, 'stop'), 'data-action': 'stop' }, 'Stop')
            : h('button', { onclick: () => act(r.name, 'start'), 'data-action': 'start' }, 'Start')));
    }));
  }

  let ticks = 0;
  return {
    refresh: async live => {
      // Uptime moves every second even when nothing else changes.
      if (live === 'tick' && ++ticks % 2) return;
      await refresh();
    },
    tick: true,
  };
}

// ---------- Console logs ----------

function consoleView(name) {
  const select = h('select', { id: 'console-resource', onchange: () => { location.hash = `#/console/${encodeURIComponent(select.value)}`; } });
  const output = h('div', { class: 'console mono', id: 'console-output' });
  show(h('h1', {}, 'Console logs'), h('div', { class: 'filters' }, h('label', {}, 'Resource ', select)), output);
  let last = 0;

  api('/api/resources').then(resources => {
    const chosen = name || (resources[0] && resources[0].name);
    select.replaceChildren(...resources.map(r => h('option', { value: r.name, selected: r.name === chosen }, r.name)));
    if (!name && chosen) { location.hash = `#/console/${encodeURIComponent(chosen)}`; }
  });

  // Refreshes run one after another: two overlapping ones (the first load and a live event) would both ask
  // for the lines after the same `last` and append them twice.
  let queue = Promise.resolve();
  function refresh() {
    queue = queue.then(load, load);
    return queue;
  }

  async function load() {
    if (!name) return;
    const page = await api(`/api/resources/${encodeURIComponent(name)}/console?after=${last}`);
    if (page.lines.length === 0) return;
    const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 30;
    output.append(...page.lines.map(line => h('div', { class: line.isError ? 'stderr' : 'stdout' },
      h('span', { class: 'ts' }, time(line.time)), line.text)));
    while (output.childElementCount > 5000) output.firstElementChild.remove();
    last = page.last;
    if (atBottom) output.scrollTop = output.scrollHeight;
  }

  return { refresh: async () => { await refresh(); } };
}

// ---------- Structured logs ----------

const levels = ['trace', 'debug', 'information', 'warning', 'error', 'critical'];

async function resourceOptions(select, selected, includeAll) {
  const names = await api('/api/telemetry/resources');
  select.replaceChildren(...(includeAll ? [h('option', { value: '' }, 'All resources')] : []),
    ...names.map(n => h('option', { value: n, selected: n === selected }, n)));
  return names;
}

// Typing in a filter refreshes once the typing pauses, not at every key.
function refreshOnFilterChange(refresh, ...inputs) {
  let timer;
  const changed = () => { clearTimeout(timer); timer = setTimeout(() => refresh().catch(() => {}), 200); };
  for (const input of inputs) input.addEventListener(input.type === 'search' ? 'input' : 'change', changed);
}

function logsView() {
  const params = query();
  const resource = h('select', { id: 'logs-resource' });
  const level = h('select', { id: 'logs-level' }, h('option', { value: '' }, 'Any level'),
    levels.map(l => h('option', { value: l, selected: l === params.get('level') }, `${l} and above`)));
  const text = h('input', { id: 'logs-text', type: 'search', placeholder: 'Filter text', value: params.get('text') || '' });
  const traceId = params.get('traceId') || '';
  const body = h('tbody');
  const table = h('table', { id: 'logs' },
    h('thead', {}, h('tr', {}, ['Time', 'Resource', 'Level', 'Message', 'Trace'].map(t => h('th', {}, t)))), body);
  show(h('h1', {}, 'Structured logs'),
    h('div', { class: 'filters' }, resource, level, text,
      traceId ? h('span', { class: 'badge' }, `trace ${traceId.slice(0, 12)}… `, h('a', { href: '#/logs' }, '×')) : null),
    h('div', { class: 'panel' }, table));
  resourceOptions(resource, params.get('resource'), true);

  refreshOnFilterChange(() => refresh(), resource, level, text);

  async function refresh() {
    const filter = { resource: resource.value || params.get('resource'), level: level.value, text: text.value, traceId };
    setHash('/logs', filter);
    const search = new URLSearchParams(Object.entries({ ...filter, limit: 500 }).filter(([, v]) => v));
    const logs = await api(`/api/telemetry/logs?${search}`);
    body.replaceChildren(...(logs.length === 0 ? [h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'No log records match.'))] : logs.flatMap(log => {
      const details = h('tr', { hidden: true }, h('td', { colspan: 5 },
        h('dl', { class: 'mono' }, [['category', log.category], ...log.attributes.map(a => [a.key, a.value]), ['span', log.spanId]]
          .filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))));
      const row = h('tr', { class: 'clickable log-row', 'data-resource': log.resource, onclick: () => { details.hidden = !details.hidden; } },
        h('td', { class: 'mono' }, time(log.time)),
        h('td', {}, chip(log.resource)),
        h('td', { class: `level-${log.level}` }, log.level),
        h('td', { class: 'message' }, log.message),
        h('td', {}, log.traceId ? h('a', { href: `#/traces/${log.traceId}`, class: 'mono', onclick: e => e.stopPropagation() }, log.traceId.slice(0, 8)) : ''));
      return [row, details];
    })));
  }

  return { refresh: async live => { if (!live || (lastLive && live.telemetry.logs !== lastLive.telemetry.logs)) await refresh(); } };
}

// ---------- Traces ----------

function tracesView() {
  const params = query();
  const resource = h('select', { id: 'traces-resource' });
  const text = h('input', { id: 'traces-text', type: 'search', placeholder: 'Span name, attribute or trace id', value: params.get('text') || '' });
  const errors = h('input', { id: 'traces-errors', type: 'checkbox', checked: params.get('errors') === 'true' });
  const body = h('tbody');
  const table = h('table', { id: 'traces' },
    h('thead', {}, h('tr', {}, ['Time', 'Root span', 'Resources', 'Duration', 'Spans', 'Errors'].map(t => h('th', {}, t)))), body);
  show(h('h1', {}, 'Traces'),
    h('div', { class: 'filters' }, resource, text, h('label', {}, errors, ' Errors only')),
    h('div', { class: 'panel' }, table));
  resourceOptions(resource, params.get('resource'), true);

  refreshOnFilterChange(() => refresh(), resource, text, errors);

  async function refresh() {
    const filter = { resource: resource.value || params.get('resource'), text: text.value, errors: errors.checked ? 'true' : '' };
    setHash('/traces', filter);
    const search = new URLSearchParams(Object.entries({ ...filter, limit: 200 }).filter(([, v]) => v));
    const traces = await api(`/api/telemetry/traces?${search}`);
    body.replaceChildren(...(traces.length === 0 ? [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No traces match.'))] : traces.map(t =>
      h('tr', { class: 'clickable trace-row', 'data-trace-id': t.traceId, onclick: () => { location.hash = `#/traces/${t.traceId}`; } },
        h('td', { class: 'mono' }, time(t.start)),
        h('td', {}, h('a', { href: `#/traces/${t.traceId}` }, `${t.rootResource}: ${t.rootName}`)),
        h('td', {}, t.resources.map(chip)),
        h('td', {}, duration(t.duration)),
        h('td', {}, t.spanCount),
        h('td', {}, t.hasError ? h('span', { class: 'error-flag' }, 'error') : '')))));
  }

  return { refresh: async live => { if (!live || (lastLive && live.telemetry.spans !== lastLive.telemetry.spans)) await refresh(); } };
}

function traceView(traceId) {
  const details = h('div', { class: 'panel details', id: 'span-details' }, h('span', { class: 'muted' }, 'Select a span to see its attributes and events.'));
  const waterfall = h('div', { class: 'waterfall', id: 'waterfall' });
  const header = h('div', { class: 'filters' });
  show(h('h1', {}, h('a', { href: '#/traces' }, 'Traces'), ' / ', h('span', { class: 'mono' }, traceId)), header,
    h('div', { class: 'panel' }, waterfall), details);
  let selected = null;

  function showDetails(span) {
    const rows = [
      ['name', span.name], ['resource', span.resource], ['instance', span.instance], ['kind', span.kind], ['scope', span.scope],
      ['span id', span.spanId], ['parent', span.parentSpanId], ['start', span.start], ['duration', duration(span.duration)],
      ['status', span.status + (span.statusMessage ? `: ${span.statusMessage}` : '')],
      ...span.attributes.map(a => [a.key, a.value]),
    ].filter(([, v]) => v !== null && v !== undefined && v !== '');
    fill(details,
      h('h2', {}, span.name),
      h('dl', { class: 'mono' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: k === 'status' && span.isError ? 'level-error' : '' }, v)])),
      span.events.length ? h('h2', {}, 'Events') : null,
      span.events.map(e => h('div', { class: 'mono' }, h('strong', {}, `${time(e.time)} ${e.name}`),
        h('dl', {}, e.attributes.flatMap(a => [h('dt', {}, a.key), h('dd', {}, a.value)])))),
      h('p', {}, h('a', { href: `#/logs?traceId=${span.traceId}` }, 'Log records of this trace')));
  }

  async function refresh() {
    let trace;
    try { trace = await api(`/api/telemetry/traces/${encodeURIComponent(traceId)}`); }
    catch (error) { waterfall.replaceChildren(problem(error)); return; }
    const total = Math.max(trace.duration, 0.001);
    const start = new Date(trace.start).getTime();
    const resources = [...new Set(trace.spans.map(s => s.span.resource))];
    header.replaceChildren(h('span', {}, `${trace.spans.length} spans · ${duration(trace.duration)} · `), ...resources.map(chip));
    waterfall.replaceChildren(
      h('div', { class: 'muted' }, h('strong', {}, 'Span')), h('div', { class: 'muted' }, h('strong', {}, 'Timeline')),
      ...trace.spans.map(({ span, depth }) => {
        const offset = (new Date(span.start).getTime() - start) / total * 100;
        const width = Math.max(span.duration / total * 100, 0.2);
        const row = h('div', {
          class: `span-row${span.isError ? ' span-error' : ''}${selected === span.spanId ? ' selected' : ''}`,
          'data-resource': span.resource, 'data-name': span.name, 'data-span-id': span.spanId,
          onclick: () => { selected = span.spanId; waterfall.querySelectorAll('.span-row').forEach(r => r.classList.toggle('selected', r === row)); showDetails(span); },
        },
        h('div', { style: `padding-left:${0.6 + depth * 1.1}rem` }, chip(span.resource), h('span', { class: 'name' }, span.name)),
        h('div', { class: 'bar-cell' },
          h('div', { class: 'bar', style: `left:${Math.min(offset, 99.5)}%;width:${Math.min(width, 100 - offset)}%;background:${span.isError ? 'var(--error)' : colorOf(span.resource)}` }),
          h('span', { class: 'bar-label', style: offset + width > 80 ? `right:${100 - offset + 0.5}%` : `left:${offset + width + 0.5}%` }, duration(span.duration))));
        return row;
      }));
    const chosen = trace.spans.find(s => s.span.spanId === selected);
    if (chosen) showDetails(chosen.span);
  }

  return { refresh: async live => { if (!live || (lastLive && live.telemetry.spans !== lastLive.telemetry.spans)) await refresh(); } };
}

// ---------- Metrics ----------

function metricsView(resourceName, instrumentName) {
  const resource = h('select', { id: 'metrics-resource', onchange: () => { location.hash = `#/metrics/${encodeURIComponent(resource.value)}`; } });
  const list = h('div', { class: 'panel instrument-list', id: 'instruments' });
  const chartPanel = h('div', { class: 'panel chart-panel', id: 'chart' }, h('div', { class: 'empty' }, 'Select an instrument.'));
  const statistic = h('select', { id: 'metrics-statistic' }, ['p50', 'p95', 'p99', 'value', 'count'].map(s =>
    h('option', { value: s, selected: s === 'p95' }, s === 'value' ? 'mean' : s)));
  statistic.addEventListener('change', () => refreshChart());
  show(h('h1', {}, 'Metrics'), h('div', { class: 'filters' }, h('label', {}, 'Resource ', resource)),
    h('div', { class: 'metrics-layout' }, list, chartPanel));

  resourceOptions(resource, resourceName, false).then(names => {
    if (!resourceName && names.length) location.hash = `#/metrics/${encodeURIComponent(names.includes('worker') ? 'worker' : names[0])}`;
  });

  async function refreshList() {
    if (!resourceName) return;
    const instruments = await api(`/api/telemetry/metrics?resource=${encodeURIComponent(resourceName)}`);
    // Grouped by meter, ours first: the instruments this system defines matter more than the runtime's.
    const scopes = [...new Set(instruments.map(i => i.scope))].sort((a, b) => (b === 'Ingestion') - (a === 'Ingestion') || a.localeCompare(b));
    fill(list, scopes.map(scope => [
      h('div', { class: 'scope' }, scope || 'unnamed meter'),
      instruments.filter(i => i.scope === scope).map(i => h('a', {
        href: `#/metrics/${encodeURIComponent(resourceName)}/${encodeURIComponent(i.name)}`,
        class: i.name === instrumentName ? 'active' : '', 'data-instrument': i.name, title: i.description || i.name,
      }, i.name, h('span', { class: 'muted' }, ` ${i.kind}${i.unit ? ', ' + i.unit : ''}`))),
    ]));
  }

  async function refreshChart() {
    if (!resourceName || !instrumentName) return;
    let chart;
    try { chart = await api(`/api/telemetry/metrics/${encodeURIComponent(resourceName)}/${encodeURIComponent(instrumentName)}`); }
    catch (error) { chartPanel.replaceChildren(problem(error)); return; }
    const isHistogram = chart.instrument.kind === 'histogram';
    const pick = p => isHistogram ? (statistic.value === 'count' ? p.count : p[statistic.value]) : p.value;
    const series = chart.series.map((s, i) => ({
      label: s.attributes.map(a => `${a.key}=${a.value}`).join(', ') || chart.instrument.name,
      color: palette[i % palette.length],
      points: s.points.filter(p => pick(p) !== null && pick(p) !== undefined).map(p => ({ t: new Date(p.time).getTime(), v: pick(p) })),
    }));
    fill(chartPanel,
      h('h2', {}, chart.instrument.name),
      h('div', { class: 'muted' }, [chart.instrument.description, chart.instrument.unit && `unit: ${chart.instrument.unit}`,
        isHistogram ? 'per export interval' : chart.instrument.kind].filter(Boolean).join(' · ')),
      isHistogram ? h('div', { class: 'filters' }, h('label', {}, 'Statistic ', statistic)) : null,
      lineChart(series, isHistogram && statistic.value !== 'count' ? chart.instrument.unit : ''),
      h('div', { class: 'legend' }, series.map(s => h('span', {}, h('i', { style: `background:${s.color}` }), s.label))));
  }

  return {
    refresh: async live => {
      if (live && lastLive && live.telemetry.metrics === lastLive.telemetry.metrics) return;
      await refreshList();
      await refreshChart();
    },
  };
}

function lineChart(series, unit) {
  const width = 900, height = 300, left = 64, right = 16, top = 12, bottom = 28;
  const all = series.flatMap(s => s.points);
  const total = all.length;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, 'data-points': String(total), role: 'img' });
  if (total === 0) {
    chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'No points yet'));
    return chart;
  }

  const minT = Math.min(...all.map(p => p.t)), maxT = Math.max(...all.map(p => p.t), minT + 1000);
  const maxV = Math.max(...all.map(p => p.v), 0) || 1, minV = Math.min(...all.map(p => p.v), 0);
  const x = t => left + (t - minT) / (maxT - minT) * (width - left - right);
  const y = v => top + (1 - (v - minV) / (maxV - minV || 1)) * (height - top - bottom);
  const format = v => (Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2)) + (unit ? ` ${unit}` : '');

  for (let i = 0; i <= 4; i++) {
    const v = minV + (maxV - minV) * i / 4;
    chart.append(svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(v), y2: y(v) }),
      svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  chart.append(svg('line', { class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
  for (let i = 0; i <= 4; i++) {
    const t = minT + (maxT - minT) * i / 4;
    chart.append(svg('text', { x: x(t), y: height - 8, 'text-anchor': 'middle' }, new Date(t).toLocaleTimeString([], { hour12: false })));
  }
  for (const s of series) {
    if (s.points.length === 0) continue;
    chart.append(svg('path', { class: 'series', stroke: s.color, d: s.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }));
    for (const p of s.points.slice(-120)) {
      chart.append(svg('circle', { class: 'point', cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 2.2, fill: s.color },
        svg('title', {}, `${new Date(p.t).toLocaleTimeString([], { hour12: false })}: ${format(p.v)}`)));
    }
  }
  return chart;
}

// ---------- Routing and live updates ----------

function route() {
  const [path] = location.hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const name = parts[0] || 'resources';
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === name));
  const views = {
    resources: () => resourcesView(),
    console: () => consoleView(parts[1]),
    logs: () => logsView(),
    traces: () => parts[1] ? traceView(parts[1]) : tracesView(),
    metrics: () => metricsView(parts[1], parts[2]),
  };
  current = (views[name] || views.resources)();
  current.refresh(null).catch(error => view.append(problem(error)));
}

function connectLive() {
  const indicator = document.getElementById('live');
  const source = new EventSource('/api/live');
  source.onopen = () => indicator.classList.add('on');
  source.onerror = () => indicator.classList.remove('on');
  source.onmessage = event => {
    const live = JSON.parse(event.data);
    if (current && lastLive) current.refresh(live).catch(() => {});
    lastLive = live;
  };
  setInterval(() => { if (current && current.tick) current.refresh('tick').catch(() => {}); }, 1000);
}

window.addEventListener('hashchange', route);
route();
connectLive();
