// Charts: a line chart per metric of a time-series source over the chosen dates, and a bar chart of a grouped
// aggregate. Both come from /data/{source}/aggregate and are drawn as plain SVG with a data table beside.

import { api, showError, clearError, el, svg, describeSource, loadSources, fillSelect, formatNumber, followEvents } from './api.js';

const $ = (id) => document.getElementById(id);

/** The aggregate endpoint returns at most 1,000 groups; a longer series is cut, and the note says so. */
const MAX_POINTS = 1000;

/** Bars past 25 stop being readable on a phone; the rest are counted in the note. */
const MAX_BARS = 25;

const state = { source: '', describe: null, live: null, redraw: null };

/** Forecast buckets drawn past the last point: a week of days. */
const HORIZON = 7;

export async function initCharts() {
  $('charts-form').addEventListener('submit', (event) => {
    event.preventDefault();
    drawAll();
  });
  $('charts-source').addEventListener('change', () => selectSource($('charts-source').value));
  $('bar-form').addEventListener('submit', (event) => {
    event.preventDefault();
    drawBars();
  });
  const sources = await loadSources();
  if (!sources.ok) {
    showError($('charts-error'), 'Listing the sources failed', sources.error);
    return;
  }
  const list = sources.data.data.filter((s) => s.row_count !== undefined);
  fillSelect($('charts-source'), list.map((s) => [s.name, s.name]));
  // Time series first: that is what the line charts are for.
  const candidates = await Promise.all(list.map(async (s) => ({ s, d: await describeSource(s.name) })));
  const series = candidates.find(({ d }) => d.ok && d.data.data.time_column && measures(d.data.data).length > 0 && d.data.data.columns.some((c) => c.name === d.data.data.time_column && c.type === 'timestamp'));
  const chosen = series?.s ?? list[0];
  if (!chosen) {
    $('line-note').textContent = 'There are no sources to chart.';
    return;
  }
  $('charts-source').value = chosen.name;
  await selectSource(chosen.name);
  followLive();
}

/** New versions of the charted source (a reload, a webhook) redraw the charts, from /sse/metrics. */
function followLive() {
  if (state.live) return;
  state.live = followEvents('/sse/metrics', (item) => {
    if (item.data.source !== state.source || (item.event !== 'metrics' && item.event !== 'anomaly')) return;
    clearTimeout(state.redraw);
    state.redraw = setTimeout(async () => {
      await drawLines();
      $('live-note').textContent = `Live: ${item.event === 'anomaly' ? 'a new anomaly' : 'new data'} at ${new Date().toLocaleTimeString()}.`;
    }, 200);
  });
}

async function selectSource(name) {
  state.source = name;
  const result = await describeSource(name);
  if (state.source !== name) return;
  if (!result.ok) {
    showError($('charts-error'), `Reading the columns of ${name} failed`, result.error);
    return;
  }
  clearError($('charts-error'));
  state.describe = result.data.data;
  const time = timeColumn(state.describe);
  for (const id of ['charts-start', 'charts-end']) {
    $(id).value = '';
    $(id).disabled = !time;
  }
  if (time) {
    // The whole range of the data by default, as its profile states it.
    $('charts-start').value = time.min?.slice(0, 10) ?? '';
    $('charts-end').value = time.max?.slice(0, 10) ?? '';
  }
  const groups = state.describe.columns.filter((c) => (c.type === 'string' && Array.isArray(c.values)) || c.type === 'boolean');
  fillSelect($('bar-group'), groups.map((c) => [c.name, c.name]));
  fillSelect($('bar-measure'), [['count', 'Count of rows'], ...measures(state.describe).flatMap((c) => [[`sum:${c.name}`, `Sum of ${c.name}`], [`avg:${c.name}`, `Average of ${c.name}`]])]);
  $('bar-form').querySelector('button').disabled = groups.length === 0;
  await drawAll();
}

function timeColumn(describe) {
  return describe.columns.find((c) => c.name === describe.time_column && c.type === 'timestamp') ?? null;
}

function measures(describe) {
  return describe.columns.filter((c) => (c.type === 'integer' || c.type === 'number') && c.name !== describe.id_column);
}

/** The series column: the first text column with few values (analytics' metric), if any. */
function seriesColumn(describe) {
  return describe.columns.find((c) => c.type === 'string' && Array.isArray(c.values) && c.values.length <= 24) ?? null;
}

function dateParams() {
  const params = new URLSearchParams();
  if ($('charts-start').value) params.set('start_date', $('charts-start').value);
  if ($('charts-end').value) params.set('end_date', $('charts-end').value);
  return params;
}

async function drawAll() {
  await Promise.all([drawLines(), drawBars()]);
}

async function drawLines() {
  const target = $('line-charts');
  const note = $('line-note');
  const describe = state.describe;
  const time = timeColumn(describe);
  const values = measures(describe);
  if (!time || values.length === 0) {
    target.replaceChildren();
    note.textContent = `${state.source} is not a time series (it needs a time column and a numeric column), so it has no line charts. The bar chart below works for any source.`;
    return;
  }
  const series = seriesColumn(describe);
  const kind = $('charts-metric').value;
  const params = dateParams();
  params.set('group_by', series ? `${series.name},${time.name}` : time.name);
  params.set('metrics', values.map((c) => `${kind}:${c.name}`).join(','));
  params.set('limit', String(MAX_POINTS));
  const result = await api(`/data/${encodeURIComponent(state.source)}/aggregate?${params}`);
  if (!result.ok) {
    target.replaceChildren();
    note.textContent = '';
    showError($('charts-error'), 'Drawing the time series failed', result.error);
    return;
  }
  clearError($('charts-error'));
  const { data, metadata } = result.data;
  const extras = await analytics(series, values, params);
  const charts = [];
  const seriesValues = series ? [...new Set(data.map((g) => g[series.name]))].sort() : [null];
  for (const key of seriesValues) {
    for (const measure of values) {
      const field = `${kind}_${measure.name}`;
      const points = data
        .filter((g) => key === null || g[series.name] === key)
        .map((g) => ({ x: Date.parse(g[time.name]), label: String(g[time.name]).slice(0, 10), y: g[field] }))
        .filter((p) => Number.isFinite(p.x) && typeof p.y === 'number')
        .sort((a, b) => a.x - b.x);
      if (points.length === 0) continue;
      const title = key === null ? measure.name : values.length > 1 ? `${key} · ${measure.name}` : String(key);
      const mine = (row) => key === null || row[series.name] === key;
      const anomalies = (extras.get(measure.name)?.anomalies ?? []).filter(mine)
        .map((a) => ({ x: Date.parse(a[time.name]), label: String(a[time.name]).slice(0, 10), y: a.value, z: a.z_score }));
      const forecast = (extras.get(measure.name)?.forecast ?? []).filter(mine)
        .map((f) => ({ x: Date.parse(f[time.name]), label: String(f[time.name]).slice(0, 10), y: f.forecast, low: f.lower, high: f.upper }));
      charts.push(lineChart(title, `${kind} of ${measure.name} per ${time.name}`, points, anomalies, forecast));
    }
  }
  target.replaceChildren(...charts);
  const range = params.get('start_date') || params.get('end_date') ? ` from ${params.get('start_date') ?? 'the start'} to ${params.get('end_date') ?? 'the end'}` : '';
  note.textContent = charts.length === 0
    ? `No rows${range}.`
    : `${charts.length} ${charts.length === 1 ? 'chart' : 'charts'}${range}, ${formatNumber(metadata.total_results)} rows.${metadata.truncated ? ` Only ${formatNumber(MAX_POINTS)} of ${formatNumber(metadata.total_groups)} points are shown: narrow the dates.` : ''}`;
}

/**
 * Per measure, the flagged points (rolling z-score, /analytics/{source}/anomalies) and the next week's forecast with
 * its 95% band (/analytics/{source}/forecast), for the same rows as the lines. A source they cannot read (too short,
 * no measure) just has neither.
 */
async function analytics(series, values, params) {
  const extras = new Map();
  await Promise.all(values.map(async (measure) => {
    const query = new URLSearchParams(params);
    query.delete('group_by');
    query.delete('metrics');
    query.delete('limit');
    query.set('measure', measure.name);
    query.set('series', series ? series.name : 'none');
    const forecastQuery = new URLSearchParams(query);
    forecastQuery.set('horizon', String(HORIZON));
    const [anomalies, forecast] = await Promise.all([
      api(`/analytics/${encodeURIComponent(state.source)}/anomalies?${query}`),
      api(`/analytics/${encodeURIComponent(state.source)}/forecast?${forecastQuery}`),
    ]);
    extras.set(measure.name, { anomalies: anomalies.ok ? anomalies.data.data : [], forecast: forecast.ok ? forecast.data.data : [] });
  }));
  return extras;
}

async function drawBars() {
  const target = $('bar-chart');
  const note = $('bar-note');
  const group = $('bar-group').value;
  if (!group) {
    target.replaceChildren();
    note.textContent = `${state.source} has no column with few enough values to group by.`;
    return;
  }
  const measure = $('bar-measure').value || 'count';
  const params = dateParams();
  params.set('group_by', group);
  params.set('metrics', measure);
  params.set('limit', String(MAX_BARS));
  const result = await api(`/data/${encodeURIComponent(state.source)}/aggregate?${params}`);
  if (!result.ok) {
    target.replaceChildren();
    note.textContent = '';
    showError($('charts-error'), 'Drawing the bar chart failed', result.error);
    return;
  }
  const { data, metadata } = result.data;
  const field = measure === 'count' ? 'count' : measure.replace(':', '_');
  const bars = data.map((g) => ({ label: g[group] === null ? 'null' : String(g[group]), value: typeof g[field] === 'number' ? g[field] : 0 }));
  const label = $('bar-measure').selectedOptions[0]?.textContent ?? measure;
  target.replaceChildren(barChart(`${label} by ${group}`, bars));
  note.textContent = metadata.voice_context + (metadata.truncated ? ` The ${MAX_BARS} largest groups are drawn.` : '');
}

// --- Drawing -------------------------------------------------------------------------------------------------

let chartCount = 0;

/** Round steps (1, 2, 5 × 10^n) so axis labels read well. */
function ticks(min, max, count = 4) {
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const start = Math.floor(min / step) * step;
  const values = [];
  for (let v = start; v <= max + step * 1e-9; v += step) values.push(Number(v.toPrecision(12)));
  if (values[values.length - 1] < max) values.push(Number((values[values.length - 1] + step).toPrecision(12)));
  return values;
}

function lineChart(title, description, points, anomalies = [], forecast = []) {
  const id = `chart-${++chartCount}`;
  const width = 600;
  const height = 260;
  const left = 64;
  const right = 16;
  const top = 12;
  const bottom = 34;
  const ys = points.map((p) => p.y);
  const band = forecast.flatMap((f) => [f.low, f.high, f.y]).filter(Number.isFinite);
  const yTicks = ticks(Math.min(...ys, ...band), Math.max(...ys, ...band));
  const yMin = yTicks[0];
  const yMax = yTicks[yTicks.length - 1];
  const xMin = points[0].x;
  const xMax = forecast.length > 0 ? forecast[forecast.length - 1].x : points[points.length - 1].x;
  const sx = (x) => left + (xMax === xMin ? (width - left - right) / 2 : ((x - xMin) / (xMax - xMin)) * (width - left - right));
  const sy = (y) => top + (1 - (y - yMin) / (yMax - yMin)) * (height - top - bottom);

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'line-chart' });
  const low = Math.min(...ys);
  const high = Math.max(...ys);
  chart.append(
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, `${description}: ${points.length} points from ${points[0].label} to ${points[points.length - 1].label}; lowest ${formatNumber(low)}, highest ${formatNumber(high)}, last ${formatNumber(ys[ys.length - 1])}.`),
  );
  for (const value of yTicks) {
    const y = sy(value);
    chart.append(
      svg('line', { class: 'grid', x1: left, x2: width - right, y1: y, y2: y }),
      svg('text', { class: 'tick', x: left - 6, y: y + 4, 'text-anchor': 'end' }, formatNumber(value)),
    );
  }
  chart.append(
    svg('line', { class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }),
    svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: height - bottom }),
  );
  const labelled = points.length <= 3 ? points : [points[0], points[Math.floor(points.length / 2)], points[points.length - 1]];
  labelled.forEach((p, i) => {
    const anchor = labelled.length === 1 ? 'middle' : i === 0 ? 'start' : i === labelled.length - 1 ? 'end' : 'middle';
    chart.append(svg('text', { class: 'tick', x: sx(p.x), y: height - bottom + 18, 'text-anchor': anchor }, p.label));
  });
  const banded = forecast.filter((f) => Number.isFinite(f.low) && Number.isFinite(f.high));
  if (banded.length > 0) {
    const upper = banded.map((f) => `${sx(f.x).toFixed(1)},${sy(f.high).toFixed(1)}`);
    const lower = banded.map((f) => `${sx(f.x).toFixed(1)},${sy(f.low).toFixed(1)}`).reverse();
    chart.append(svg('path', { class: 'forecast-band', d: `M${upper.join(' L')} L${lower.join(' L')} Z` },
      svg('title', {}, `Forecast, 95% interval: ${banded.map((f) => `${f.label} ${formatNumber(f.low)} to ${formatNumber(f.high)}`).join('; ')}`)));
  }
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  chart.append(svg('path', { class: 'series', d: path }));
  if (forecast.length > 0) {
    const last = points[points.length - 1];
    const ahead = [last, ...forecast].map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    chart.append(svg('path', { class: 'forecast', d: ahead }));
  }
  if (points.length <= 120) {
    for (const p of points) {
      chart.append(svg('circle', { class: 'point', cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: 2.5 }, svg('title', {}, `${p.label}: ${formatNumber(p.y)}`)));
    }
  }
  for (const a of anomalies) {
    chart.append(svg('circle', { class: 'anomaly', cx: sx(a.x).toFixed(1), cy: sy(a.y).toFixed(1), r: 5 }, svg('title', {}, `Unusual: ${a.label} ${formatNumber(a.y)} (z = ${a.z.toFixed(1)})`)));
  }
  const notes = [
    anomalies.length > 0 ? `${anomalies.length} unusual ${anomalies.length === 1 ? 'point' : 'points'} marked` : null,
    forecast.length > 0 ? `forecast to ${forecast[forecast.length - 1].label} with its 95% band` : null,
  ].filter(Boolean);
  return el('figure', { class: 'chart', 'data-series': title, 'data-anomalies': String(anomalies.length), 'data-forecast': String(forecast.length) },
    el('figcaption', {}, notes.length > 0 ? `${title} (${notes.join('; ')})` : title),
    chart,
    dataTable(['Date', 'Value'], [...points.map((p) => [p.label, formatNumber(p.y)]), ...forecast.map((f) => [`${f.label} (forecast)`, formatNumber(f.y)])]));
}

function barChart(title, bars) {
  const id = `chart-${++chartCount}`;
  const width = 600;
  const rowHeight = 26;
  const labelWidth = 150;
  const valueWidth = 80;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const scale = (v) => (max <= 0 ? 0 : (Math.max(0, v) / max) * (width - labelWidth - valueWidth - 8));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'bar-chart' },
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, bars.map((b) => `${b.label}: ${formatNumber(b.value)}`).join('; ')));
  bars.forEach((b, i) => {
    const y = 4 + i * rowHeight;
    const label = b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label;
    chart.append(
      svg('text', { class: 'label', x: labelWidth - 8, y: y + 16, 'text-anchor': 'end' }, label),
      svg('rect', { class: 'bar', x: labelWidth, y: y + 3, width: scale(b.value).toFixed(1), height: rowHeight - 8, rx: 2 }, svg('title', {}, `${b.label}: ${formatNumber(b.value)}`)),
      svg('text', { class: 'value', x: labelWidth + scale(b.value) + 6, y: y + 16 }, formatNumber(b.value)),
    );
  });
  return el('figure', { class: 'chart', 'data-chart': 'bars' }, el('figcaption', {}, title), chart, dataTable(['Group', 'Value'], bars.map((b) => [b.label, formatNumber(b.value)])));
}

/** The numbers behind a chart, for screen readers and for copying. */
function dataTable(headings, rows) {
  return el('details', { class: 'chart-data' },
    el('summary', {}, 'Show data'),
    el('div', { class: 'table-wrap' },
      el('table', {},
        el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows.map((r) => el('tr', {}, r.map((v, i) => el('td', { class: i > 0 ? 'num' : null }, v))))))));
}
