// The audit view, for the admin: GET /audit filtered by caller, surface, source, outcome and time, newest first,
// paged with the trail's own cursor (next_before), and GET /audit/export of the same filter as CSV or NDJSON.

import { api, headers, readResponse, showError, clearError, el, formatNumber, formatBytes, keys } from './api.js';

const $ = (id) => document.getElementById(id);

/** The `before` cursor of each page shown so far: the first page has none, "Older" pushes, "Newer" pops. */
let cursors = [null];

export function initAudit() {
  $('audit-form').addEventListener('submit', (event) => {
    event.preventDefault();
    cursors = [null];
    loadAudit();
  });
  $('audit-older').addEventListener('click', () => {
    cursors.push($('audit-older').dataset.before);
    loadAudit();
  });
  $('audit-newer').addEventListener('click', () => {
    if (cursors.length > 1) cursors.pop();
    loadAudit();
  });
  $('audit-export-csv').addEventListener('click', () => exportAudit('csv'));
  $('audit-export-ndjson').addEventListener('click', () => exportAudit('ndjson'));
  loadAudit();
}

/** Shown again: the page on show is read again, so new events appear. */
export function showAuditTab() {
  loadAudit();
}

/** The filter as query parameters; a datetime-local value is read as UTC, as the labels say. */
function filterParams() {
  const params = new URLSearchParams();
  for (const name of ['caller', 'surface', 'source', 'outcome']) {
    const value = $(`audit-${name}`).value.trim();
    if (value) params.set(name, value);
  }
  for (const name of ['from', 'to']) {
    const value = $(`audit-${name}`).value;
    if (value) params.set(name, `${value.length === 16 ? `${value}:00` : value}Z`);
  }
  return params;
}

async function loadAudit() {
  const body = $('audit-table').tBodies[0];
  if (!keys.admin()) {
    body.replaceChildren();
    $('audit-note').textContent = 'Enter the admin key under Keys and status to read the audit trail.';
    pager(null);
    return;
  }
  const params = filterParams();
  params.set('limit', $('audit-limit').value);
  const before = cursors[cursors.length - 1];
  if (before) params.set('before', before);
  const result = await api(`/audit?${params}`, { admin: true });
  if (!result.ok) {
    body.replaceChildren();
    $('audit-note').textContent = '';
    showError($('audit-error'), 'Reading the audit trail failed', result.error);
    pager(null);
    return;
  }
  clearError($('audit-error'));
  const { data, metadata } = result.data;
  body.replaceChildren(...data.map((event) => el('tr', { 'data-event-id': event.event_id },
    el('td', {}, event.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')),
    el('td', {}, el('code', {}, event.caller)),
    el('td', {}, event.surface),
    el('td', {}, event.action),
    el('td', {}, event.source ?? ''),
    el('td', { class: 'filters-text' }, event.filters ?? ''),
    el('td', { class: 'num' }, formatNumber(event.rows)),
    el('td', { class: 'num' }, formatNumber(event.charge)),
    el('td', { class: event.outcome === 'ok' ? 'state-fresh' : event.outcome === 'partial' ? '' : 'state-failed' }, event.outcome),
    el('td', { class: 'num' }, String(event.status)),
    el('td', { class: 'num' }, String(event.duration_ms)))));
  const dropped = metadata.dropped_events ? `; ${formatNumber(metadata.dropped_events)} dropped when the queue was full` : '';
  $('audit-note').textContent = data.length
    ? `${data.length} ${data.length === 1 ? 'event' : 'events'}, newest first. Kept ${metadata.retention_days} days${dropped}.`
    : `No event matches. Kept ${metadata.retention_days} days${dropped}.`;
  pager(metadata.next_before);
}

function pager(nextBefore) {
  $('audit-newer').disabled = cursors.length <= 1;
  $('audit-older').disabled = nextBefore === null || nextBefore === undefined;
  $('audit-older').dataset.before = nextBefore ?? '';
  $('audit-page').textContent = nextBefore === null && cursors.length === 1 ? '' : `Page ${cursors.length}`;
}

/** Through fetch, so the admin key goes as a header and never in a link. */
async function exportAudit(format) {
  const status = $('audit-export-status');
  const params = filterParams();
  params.set('format', format);
  clearError($('audit-error'));
  status.textContent = `Preparing ${format.toUpperCase()}…`;
  let response;
  try {
    response = await fetch(`/audit/export?${params}`, { headers: headers({ admin: true }), cache: 'no-store' });
  } catch (e) {
    showError($('audit-error'), 'Exporting the audit trail failed', { code: 'NETWORK_ERROR', message: `Could not reach the server (${e.message}).`, details: [] });
    status.textContent = '';
    return;
  }
  if (!response.ok) {
    showError($('audit-error'), 'Exporting the audit trail failed', (await readResponse(response)).error);
    status.textContent = '';
    return;
  }
  const blob = await response.blob();
  const name = `audit.${format}`;
  const link = el('a', { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  status.textContent = `Downloaded ${name}: ${formatBytes(blob.size)}.`;
}
