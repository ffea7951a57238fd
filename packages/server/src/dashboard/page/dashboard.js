// The dashboard page: reads /v1/telemetry/summary with the admin key the user types (kept for this
// tab only, in sessionStorage) and draws it with Observable Plot (loaded beside this file as its
// published UMD build, so the page runs under `script-src 'self'` with no inline script).
/* global Plot, document, sessionStorage, fetch */

const KEY = 'hearth.dashboard.key';
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const form = /** @type {HTMLFormElement} */ (document.getElementById('key-form'));
const charts = /** @type {HTMLElement} */ (document.getElementById('charts'));

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ (document.getElementById('admin-key'));
  sessionStorage.setItem(KEY, input.value);
  void load();
});

async function load() {
  status.textContent = 'Loading…';
  const key = sessionStorage.getItem(KEY);
  const response = await fetch('/v1/telemetry/summary', { headers: key ? { Authorization: `Bearer ${key}` } : {}, cache: 'no-store' });
  if (response.status === 401 || response.status === 403) {
    form.hidden = false;
    status.textContent = key ? 'That key may not read the dashboard: it needs the admin scope.' : 'Enter an admin API key to see the dashboard.';
    /** @type {HTMLInputElement} */ (document.getElementById('admin-key')).focus();
    return;
  }
  if (!response.ok) {
    status.textContent = `The gateway answered HTTP ${response.status}.`;
    return;
  }
  form.hidden = true;
  render(await response.json());
  document.body.dataset['rendered'] = 'true';
}

/** @param {any} s the DashboardSummary */
function render(s) {
  charts.replaceChildren();
  status.textContent = `${s.totalReports} reports over the last ${s.days} days. Cells with fewer than ${s.minGroup} reports are hidden.`;
  section('Where requests ran');
  counts('Share of routes', s.routes, s.minGroup, 'reports');
  counts('Share of engines', s.engines, s.minGroup, 'reports');
  section('Devices and models');
  counts('Device classes (compute · memory · browser)', s.devices, s.minGroup, 'reports');
  counts('Model choices', s.models, s.minGroup, 'reports');
  section('Speed');
  for (const d of s.ttft) distribution(`Time to first token, ${d.group} (estimated share of requests)`, d, s.minGroup);
  for (const d of s.decode) distribution(`Decode speed, ${d.group} (estimated share of requests)`, d, s.minGroup);
  if (s.ttft.length + s.decode.length === 0) note('No speed reports yet.');
  section('Evaluator pass rates');
  passRates(s.passRates, s.minGroup);
  section('Fallback reasons over time');
  fallbacks(s.fallbacks, s.minGroup);
}

/** @param {string} text */
function section(text) {
  const h = document.createElement('h2');
  h.textContent = text;
  charts.append(h);
}

/** @param {string} text */
function note(text) {
  const p = document.createElement('p');
  p.className = 'hidden-note';
  p.textContent = text;
  charts.append(p);
}

/**
 * A figure: caption, the chart (an SVG with an accessible name), a line naming hidden cells, and
 * the numbers as a table for screen readers and keyboard users.
 * @param {string} title @param {SVGElement | HTMLElement | null} chart @param {string[]} hidden @param {string[]} head @param {Array<Array<string>>} rows
 */
function figure(title, chart, hidden, head, rows) {
  const fig = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  fig.append(caption);
  if (chart) {
    // One accessible image per chart: Plot labels its inner <g> elements ("bar", "x-axis tick"),
    // which has no meaning without a role there; the table below carries the numbers.
    for (const inner of chart.querySelectorAll('[aria-label], [aria-description]')) {
      inner.removeAttribute('aria-label');
      inner.removeAttribute('aria-description');
    }
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', `${title}: chart; the table below has the numbers.`);
    fig.append(chart);
  }
  if (hidden.length) {
    const p = document.createElement('p');
    p.className = 'hidden-note';
    p.textContent = `Hidden (fewer reports than the threshold): ${hidden.join(', ')}.`;
    fig.append(p);
  }
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = 'Data table';
  const table = document.createElement('table');
  const caption2 = document.createElement('caption');
  caption2.textContent = title;
  const thead = table.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    thead.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const v of r) tr.insertCell().textContent = v;
  }
  table.prepend(caption2);
  details.append(summary, table);
  fig.append(details);
  charts.append(fig);
}

const pct = (/** @type {number} */ v) => `${(v * 100).toFixed(1)} %`;
const hiddenLabel = (/** @type {number} */ k) => `hidden (< ${k} reports)`;

/** @param {string} title @param {Array<{label: string, n: number | null, hidden: boolean}>} cells @param {number} k @param {string} unit */
function counts(title, cells, k, unit) {
  const shown = cells.filter((c) => !c.hidden);
  const chart = shown.length
    ? Plot.plot({
        marginLeft: 180,
        height: 40 + 28 * shown.length,
        x: { label: unit, grid: true },
        y: { label: null },
        marks: [Plot.barX(shown, { x: 'n', y: 'label', fill: '#1f4e8c', sort: { y: '-x' } }), Plot.ruleX([0])],
      })
    : null;
  if (!chart) note(`${title}: no group has ${k} reports yet.`);
  figure(
    title,
    chart,
    cells.filter((c) => c.hidden).map((c) => c.label),
    ['group', unit],
    cells.map((c) => [c.label, c.hidden ? hiddenLabel(k) : String(c.n)]),
  );
}

/** @param {string} title @param {any} d @param {number} k */
function distribution(title, d, k) {
  if (d.hidden) {
    figure(title, null, [`all ${d.reports} reports`], ['bucket', 'estimated share'], []);
    return;
  }
  const chart = Plot.plot({
    marginBottom: 50,
    x: { label: null, domain: d.buckets.map((/** @type {any} */ b) => b.label), tickRotate: -20 },
    y: { label: 'share of requests', domain: [0, 1], grid: true, tickFormat: '%' },
    marks: [
      Plot.barY(d.buckets, { x: 'label', y: (/** @type {any} */ b) => Math.max(0, b.estimate), fill: '#4f8fd6' }),
      Plot.ruleX(d.buckets, { x: 'label', y1: 'low', y2: 'high', stroke: '#1a1a1a', strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  });
  figure(
    `${title}, ${d.reports} reports`,
    chart,
    [],
    ['bucket', 'estimate', '95% interval'],
    d.buckets.map((/** @type {any} */ b) => [b.label, pct(b.estimate), `${pct(b.low)} – ${pct(b.high)}`]),
  );
  void k;
}

/** @param {any[]} rates @param {number} k */
function passRates(rates, k) {
  const shown = rates.filter((r) => !r.hidden);
  const chart = shown.length
    ? Plot.plot({
        marginLeft: 260,
        height: 40 + 30 * shown.length,
        x: { label: 'pass rate (95% interval)', domain: [0, 1], grid: true, tickFormat: '%' },
        y: { label: null },
        marks: [
          Plot.ruleY(shown, { y: 'label', x1: 'low', x2: 'high', stroke: '#1a1a1a', strokeWidth: 2 }),
          Plot.dot(shown, { x: (/** @type {any} */ r) => Math.min(1, Math.max(0, r.estimate)), y: 'label', fill: '#c26a00', r: 5 }),
        ],
      })
    : null;
  if (!chart) note(`No evaluator has ${k} reports yet.`);
  figure(
    'Pass rate per prompt pack, version and evaluator',
    chart,
    rates.filter((r) => r.hidden).map((r) => r.label),
    ['pack', 'version', 'evaluator', 'reports', 'pass rate', '95% interval'],
    rates.map((r) => [
      r.pack,
      r.version,
      r.evaluator,
      String(r.reports),
      r.hidden ? hiddenLabel(k) : pct(r.estimate),
      r.hidden ? '' : `${pct(r.low)} – ${pct(r.high)}`,
    ]),
  );
}

/** @param {Array<{day: string, reason: string, n: number | null, hidden: boolean}>} rows @param {number} k */
function fallbacks(rows, k) {
  const shown = rows.filter((r) => !r.hidden);
  const chart = shown.length
    ? Plot.plot({
        x: { label: 'day', type: 'band' },
        y: { label: 'handovers', grid: true },
        color: { legend: true },
        marks: [Plot.barY(shown, { x: 'day', y: 'n', fill: 'reason' }), Plot.ruleY([0])],
      })
    : null;
  if (!chart) note(`No fallback reason has ${k} reports on any day yet.`);
  figure(
    'Fallback reasons per day',
    chart,
    rows.filter((r) => r.hidden).map((r) => `${r.day} ${r.reason}`),
    ['day', 'reason', 'handovers'],
    rows.map((r) => [r.day, r.reason, r.hidden ? hiddenLabel(k) : String(r.n)]),
  );
}

void load().catch((/** @type {unknown} */ error) => {
  status.textContent = `The dashboard failed: ${error instanceof Error ? error.message : String(error)}`;
});
