// Connectors: each connector's state, counts, last runs, drift and rejected rows (/stats), and a run-now button
// for the admin (POST /ingest/{connector}/run), followed until the run ends (/ingest/runs/{id}).

import { api, showError, clearError, el, formatNumber, formatAge } from './api.js';

const $ = (id) => document.getElementById(id);

/** A run ends within seconds; the button's wait gives up after a minute of half-second checks. */
const followChecks = 120;
const followDelayMs = 500;

export async function initConnectors() {
  $('connectors-refresh').addEventListener('click', () => load());
  await load();
}

async function load() {
  const result = await api('/stats?limit=5', { admin: true });
  if (!result.ok) {
    showError($('connectors-error'), 'Reading the connectors failed', result.error);
    return;
  }
  clearError($('connectors-error'));
  const { connectors, totals, problems } = result.data;
  $('connectors-note').textContent = connectors.length === 0
    ? 'No connectors are configured: declare them in connectors.jsonc in the data folder.'
    : `${formatNumber(totals.connectors)} connectors, ${formatNumber(totals.records)} records, ${formatNumber(totals.rejected)} rejected rows.`;
  $('connectors-table').tBodies[0].replaceChildren(...connectors.map(row));
  $('connectors-problems').replaceChildren(...problems.map((p) => el('li', {}, p.message)));
}

function row(c) {
  const last = c.last_run;
  const button = el('button', { type: 'button', 'data-run': c.name }, 'Run now');
  button.addEventListener('click', () => runNow(c.name, button));
  return el('tr', { 'data-connector': c.name },
    el('th', { scope: 'row' }, c.name),
    el('td', {}, c.type),
    el('td', {}, c.state),
    el('td', { class: 'num' }, formatNumber(c.records)),
    el('td', { class: 'num' }, formatNumber(c.rejected)),
    el('td', {}, c.lag_seconds === null ? 'never' : `${formatAge(c.lag_seconds)} ago`),
    el('td', {}, last === null ? el('span', { class: 'last-run' }, 'none') : runCell(last, c.recent_runs)),
    el('td', {}, c.drift.length === 0 ? 'none' : el('ul', {}, c.drift.map((d) => el('li', {}, `${d.kind.replaceAll('_', ' ')}: ${d.field} (${d.detail})`)))),
    el('td', {}, c.recent_rejected.length === 0 ? 'none' : el('ul', {}, c.recent_rejected.map((r) => el('li', {}, `${r.source_id ?? 'no id'}: ${r.reason}`)))),
    el('td', {}, button));
}

/** The last run, and the runs before it (as many as /stats?limit= gives) folded under it. */
function runCell(last, recent) {
  const earlier = recent.filter((r) => r.run_id !== last.run_id);
  return [
    el('span', { class: 'last-run' }, runText(last)),
    earlier.length === 0 ? null : el('details', { class: 'earlier-runs' },
      el('summary', {}, `${earlier.length} earlier ${earlier.length === 1 ? 'run' : 'runs'}`),
      el('ol', {}, earlier.map((r) => el('li', {}, runText(r))))),
  ];
}

function runText(run) {
  const counts = `${formatNumber(run.inserted)} new, ${formatNumber(run.updated)} changed, ${formatNumber(run.unchanged)} unchanged, ${formatNumber(run.rejected)} rejected`;
  const text = `#${run.run_id} ${run.status.replaceAll('_', ' ')} (${run.trigger}), ${formatNumber(run.pages)} pages: ${counts}`;
  return run.error ? `${text}. ${run.error}` : text;
}

async function runNow(name, button) {
  button.disabled = true;
  const started = await api(`/ingest/${encodeURIComponent(name)}/run`, { method: 'POST', admin: true });
  if (!started.ok) {
    showError($('connectors-error'), `Running ${name} failed`, started.error);
    button.disabled = false;
    return;
  }
  clearError($('connectors-error'));
  $('connectors-note').textContent = `Run ${started.data.run_id} of ${name} queued.`;
  let ended = null;
  for (let check = 0; check < followChecks && ended === null; check++) {
    await new Promise((resolve) => setTimeout(resolve, followDelayMs));
    const run = await api(started.data.run_url, { admin: true });
    if (run.ok && run.data.status !== 'queued' && run.data.status !== 'running') ended = run.data;
  }
  await load();
  if (ended !== null) $('connectors-note').textContent = `Run ${ended.run_id} of ${name}: ${ended.status.replaceAll('_', ' ')}.`;
  button.disabled = false;
}
