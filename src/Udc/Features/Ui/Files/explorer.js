// Data explorer: pick a source, filter it with controls built from its column list, sort by a header, page
// through /data, read the voice context, and export exactly the applied filters and sort as CSV or XLSX.

import { api, readResponse, headers, showError, clearError, el, describeSource, loadSources, fillSelect, nextDay, formatBytes, formatNumber } from './api.js';
import { exportAsJob } from './jobs.js';

const $ = (id) => document.getElementById(id);

const state = {
  source: '',
  describe: null,
  controls: [],
  applied: new URLSearchParams(),
  sort: null,
  page: 1,
  pageSize: 10,
  view: 'table',
  response: null,
  loading: null,
};

/** The SQL box: the statement goes to POST /query; the rows come back as a table in select order. */
function initSql() {
  $('sql-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await api('/query', { method: 'POST', body: { sql: $('sql-text').value } });
    const table = $('sql-table');
    if (!result.ok) {
      table.tHead.replaceChildren();
      table.tBodies[0].replaceChildren();
      $('sql-voice').textContent = '';
      showError($('sql-error'), 'The SQL statement was refused', result.error);
      return;
    }
    clearError($('sql-error'));
    const { data, metadata } = result.data;
    $('sql-voice').textContent = metadata.voice_context;
    table.tHead.replaceChildren(el('tr', {}, metadata.columns.map((c) => el('th', { scope: 'col' }, c))));
    table.tBodies[0].replaceChildren(...data.map((row) => el('tr', {}, metadata.columns.map((c) => el('td', {}, row[c] === null ? '' : String(row[c]))))));
  });
}

export async function initExplorer() {
  initSql();
  $('explorer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  $('explorer-source').addEventListener('change', () => selectSource($('explorer-source').value));
  $('explorer-page-size').addEventListener('change', () => {
    state.pageSize = Number($('explorer-page-size').value);
    state.page = 1;
    load();
  });
  $('explorer-reset').addEventListener('click', () => {
    $('explorer-query').value = '';
    for (const control of state.controls) control.clear();
    apply();
  });
  $('page-prev').addEventListener('click', () => goTo(state.page - 1));
  $('page-next').addEventListener('click', () => goTo(state.page + 1));
  $('view-table').addEventListener('click', () => setView('table'));
  $('view-json').addEventListener('click', () => setView('json'));
  $('export-csv').addEventListener('click', () => exportFile('csv'));
  $('export-xlsx').addEventListener('click', () => exportFile('xlsx'));
  $('export-job').addEventListener('click', () => {
    // The Jobs tab shows the job's progress and its download; the explorer only says what to export.
    document.getElementById('tab-jobs').click();
    exportAsJob(jobBody('csv'));
  });

  const sources = await loadSources();
  if (!sources.ok) {
    showError($('explorer-error'), 'Listing the sources failed', sources.error);
    return;
  }
  const list = sources.data.data;
  fillSelect($('explorer-source'), list.map((s) => [s.name, s.status === 'ready' || s.row_count !== undefined ? `${s.name} (${formatNumber(s.row_count ?? 0)} rows)` : `${s.name} (not available)`]));
  const first = list.find((s) => s.row_count !== undefined) || list[0];
  if (first) {
    $('explorer-source').value = first.name;
    await selectSource(first.name);
  } else {
    $('explorer-voice').textContent = 'There are no data sources: put a JSON, NDJSON or CSV file in the data folder.';
  }
}

async function selectSource(name) {
  state.source = name;
  state.sort = null;
  state.page = 1;
  const result = await describeSource(name);
  if (state.source !== name) return;
  if (!result.ok) {
    showError($('explorer-error'), `Reading the columns of ${name} failed`, result.error);
    return;
  }
  state.describe = result.data.data;
  buildFilters(state.describe);
  apply();
}

function apply() {
  state.applied = filterParams();
  $('export-status').textContent = '';
  state.page = 1;
  const active = [...state.applied.keys()].length;
  $('explorer-filter-count').textContent = active ? `(${active} applied)` : '';
  load();
}

function goTo(page) {
  state.page = Math.max(1, page);
  load();
}

function filterParams() {
  const params = new URLSearchParams();
  const text = $('explorer-query').value.trim();
  if (text) params.set('query', text);
  for (const control of state.controls) {
    for (const [name, value] of control.params()) params.append(name, value);
  }
  return params;
}

/** The applied filters and sort: what the table shows, and what an export contains. */
function queryParams() {
  const params = new URLSearchParams(state.applied);
  if (state.sort) params.set('sort', state.sort);
  return params;
}

/**
 * The applied filters and sort as an export job's fields (POST /jobs, kind export), so the job writes the rows the
 * table shows: filter values as /data reads them (comma lists split, text operators whole), the rest as arguments.
 */
function jobBody(format) {
  const params = queryParams();
  const body = { kind: 'export', source: state.source, format };
  const filters = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    const split = values.flatMap((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
    if (name === 'sort') body.sort = split;
    else if (['query', 'start_date', 'end_date'].includes(name)) body[name] = values.at(-1);
    else {
      const list = /__(contains|startswith)$/.test(name) ? values : split;
      filters[name] = list.length === 1 ? list[0] : list;
    }
  }
  if (Object.keys(filters).length) body.filters = filters;
  return body;
}

async function load() {
  if (!state.source) return;
  state.loading?.abort();
  const controller = new AbortController();
  state.loading = controller;
  const params = queryParams();
  params.set('page', String(state.page));
  params.set('page_size', String(state.pageSize));
  $('explorer-table-wrap').setAttribute('aria-busy', 'true');
  const result = await api(`/data/${encodeURIComponent(state.source)}?${params}`, { signal: controller.signal });
  if (result.aborted || state.loading !== controller) return;
  $('explorer-table-wrap').removeAttribute('aria-busy');
  if (!result.ok) {
    showError($('explorer-error'), `Loading ${state.source} failed`, result.error);
    state.response = null;
    render();
    return;
  }
  clearError($('explorer-error'));
  state.response = result.data;
  render();
}

function render() {
  const response = state.response;
  const metadata = response?.metadata;
  $('explorer-summary').hidden = !metadata;
  $('explorer-voice').textContent = metadata?.voice_context ?? '';
  $('explorer-facts').replaceChildren(...(metadata ? facts(metadata) : []));
  renderTable(response);
  $('explorer-json').textContent = response ? JSON.stringify(response, null, 2) : '';
  $('page-prev').disabled = !metadata || state.page <= 1;
  $('page-next').disabled = !metadata || !metadata.has_next;
  if (metadata) {
    const first = metadata.returned_results ? (metadata.page - 1) * metadata.page_size + 1 : 0;
    const last = first ? first + metadata.returned_results - 1 : 0;
    $('page-info').textContent = metadata.total_pages
      ? `Page ${metadata.page} of ${metadata.total_pages} · rows ${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(metadata.total_results)}`
      : 'No rows match';
  } else {
    $('page-info').textContent = '';
  }
  const exportable = Boolean(metadata);
  $('export-csv').disabled = !exportable;
  $('export-xlsx').disabled = !exportable;
  $('export-job').disabled = !exportable;
}

function facts(metadata) {
  const noun = state.describe?.noun || 'rows';
  return [
    el('strong', { id: 'explorer-total' }, `${formatNumber(metadata.total_results)} ${noun}`),
    ' · data updated ',
    el('span', { class: `state-${metadata.staleness_indicator}` }, `${metadata.data_freshness} (${String(metadata.staleness_indicator).replace('_', ' ')})`),
    ` · ${metadata.data_type}`,
    metadata.sort?.length ? ` · sorted by ${metadata.sort.join(', ')}` : '',
  ];
}

function renderTable(response) {
  const columns = state.describe?.columns ?? [];
  const sortKey = response?.metadata?.sort?.[0] ?? state.sort ?? '';
  const head = el('tr', {}, columns.map((column) => {
    const direction = sortKey === column.name ? 'ascending' : sortKey === `-${column.name}` ? 'descending' : 'none';
    const arrow = direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕';
    const button = el('button', { type: 'button', class: 'sort', 'data-column': column.name, onclick: () => sortBy(column.name, direction) },
      column.name, el('span', { class: 'arrow', 'aria-hidden': 'true' }, arrow));
    button.setAttribute('aria-label', `${column.name}: sort ${direction === 'ascending' ? 'descending' : 'ascending'}`);
    return el('th', { scope: 'col', 'aria-sort': direction }, button);
  }));
  $('explorer-table').tHead.replaceChildren(head);
  const rows = response?.data ?? [];
  $('explorer-table').tBodies[0].replaceChildren(...rows.map((row) => el('tr', {}, columns.map((column) => cell(column, row[column.name])))));
  $('explorer-caption').textContent = `${state.source}: ${rows.length} rows shown`;
}

function cell(column, value) {
  if (value === null || value === undefined) return el('td', {}, el('span', { class: 'null' }, 'null'));
  const numeric = column.type === 'integer' || column.type === 'number';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return el('td', { class: numeric ? 'num' : column.type === 'string' ? 'text' : null }, text);
}

function sortBy(column, direction) {
  state.sort = direction === 'ascending' ? `-${column}` : column;
  state.page = 1;
  load();
}

function setView(view) {
  state.view = view;
  $('view-table').setAttribute('aria-pressed', String(view === 'table'));
  $('view-json').setAttribute('aria-pressed', String(view === 'json'));
  $('explorer-table-wrap').hidden = view !== 'table';
  $('explorer-json').hidden = view !== 'json';
}

/**
 * Downloads an export through fetch, so the client key header goes with it and an error (such as the row
 * cap) is shown as a message instead of being saved as a file.
 */
async function exportFile(format) {
  const status = $('export-status');
  const buttons = [$('export-csv'), $('export-xlsx')];
  const params = queryParams();
  params.set('export_format', format);
  const url = `/export/${encodeURIComponent(state.source)}?${params}`;
  clearError($('export-error'));
  status.textContent = `Preparing ${format.toUpperCase()}…`;
  buttons.forEach((b) => { b.disabled = true; });
  try {
    let response;
    try {
      response = await fetch(url, { headers: headers(), cache: 'no-store' });
    } catch (e) {
      showError($('export-error'), 'Export failed', { code: 'NETWORK_ERROR', message: `Could not reach the server (${e.message}).`, details: [] });
      status.textContent = '';
      return;
    }
    if (!response.ok) {
      const result = await readResponse(response);
      showError($('export-error'), `Exporting ${format.toUpperCase()} failed`, result.error);
      status.textContent = '';
      return;
    }
    const blob = await response.blob();
    const name = fileName(response.headers.get('Content-Disposition')) || `${state.source}.${format}`;
    const link = el('a', { href: URL.createObjectURL(blob), download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    const rows = response.headers.get('X-Total-Count');
    status.textContent = `Downloaded ${name}: ${rows === null ? '' : `${formatNumber(Number(rows))} rows, `}${formatBytes(blob.size)}.`;
  } finally {
    buttons.forEach((b) => { b.disabled = !state.response; });
  }
}

/** The file name of a Content-Disposition header: filename* (RFC 5987) first, else filename. */
function fileName(disposition) {
  if (!disposition) return '';
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : '';
}

/** One control (or pair) per column: enums as dropdowns, dates as date pickers, numbers as ranges, text as "contains". */
function buildFilters(describe) {
  const box = $('explorer-filters');
  state.controls = [];
  const nodes = [];
  for (const column of describe.columns) {
    const control = filterFor(column, describe.time_column);
    if (control) {
      state.controls.push(control);
      nodes.push(control.node);
    }
  }
  box.replaceChildren(...nodes);
  $('explorer-filter-count').textContent = '';
}

function filterFor(column, timeColumn) {
  const name = column.name;
  const id = `filter-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  if (column.type === 'string' && Array.isArray(column.values)) {
    return select(id, name, [['', 'Any'], ...column.values.map((v) => [v, v])]);
  }
  if (column.type === 'boolean') {
    return select(id, name, [['', 'Any'], ['true', 'true'], ['false', 'false']]);
  }
  if (column.type === 'string') {
    const input = el('input', { id, type: 'text', maxlength: 1000, placeholder: 'contains…', 'data-param': `${name}__contains` });
    return {
      node: el('label', { for: id }, `${name} contains`, input),
      params: () => (input.value.trim() ? [[`${name}__contains`, input.value.trim()]] : []),
      clear: () => { input.value = ''; },
    };
  }
  if (column.type === 'timestamp') {
    const isTime = name === timeColumn;
    const bounds = { min: column.min?.slice(0, 10), max: column.max?.slice(0, 10) };
    const from = el('input', { id, type: 'date', ...bounds, 'aria-label': `${name} from`, 'data-param': isTime ? 'start_date' : `${name}__gte` });
    const to = el('input', { id: `${id}-to`, type: 'date', ...bounds, 'aria-label': `${name} to`, 'data-param': isTime ? 'end_date' : `${name}__lt` });
    return range(name, from, to, () => {
      const params = [];
      if (from.value) params.push([isTime ? 'start_date' : `${name}__gte`, from.value]);
      // A date "to" includes its whole day: end_date does that itself; other columns stop before the next day.
      if (to.value) params.push(isTime ? ['end_date', to.value] : [`${name}__lt`, nextDay(to.value)]);
      return params;
    });
  }
  if (column.type === 'integer' || column.type === 'number') {
    const step = column.type === 'integer' ? '1' : 'any';
    const from = el('input', { id, type: 'number', step, placeholder: column.min ?? 'from', 'aria-label': `${name} from`, 'data-param': `${name}__gte` });
    const to = el('input', { id: `${id}-to`, type: 'number', step, placeholder: column.max ?? 'to', 'aria-label': `${name} to`, 'data-param': `${name}__lte` });
    return range(name, from, to, () => [
      ...(from.value !== '' ? [[`${name}__gte`, from.value]] : []),
      ...(to.value !== '' ? [[`${name}__lte`, to.value]] : []),
    ]);
  }
  return null;
}

function select(id, name, options) {
  const node = el('select', { id, 'data-param': name });
  fillSelect(node, options, '');
  return {
    node: el('label', { for: id }, name, node),
    params: () => (node.value ? [[name, node.value]] : []),
    clear: () => { node.value = ''; },
  };
}

function range(name, from, to, params) {
  return {
    node: el('fieldset', {}, el('legend', {}, `${name} from – to`), el('div', { class: 'pair' }, from, to)),
    params,
    clear: () => { from.value = ''; to.value = ''; },
  };
}
