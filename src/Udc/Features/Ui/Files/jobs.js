// Jobs: start an export that runs as a job (POST /jobs, kind export) and follow it to its download link; and, for
// the admin, every job (GET /jobs) with its state, vendor or source, attempts, result or error and times, and a
// cancel button for the unfinished ones (DELETE /jobs/{id}).

import { api, showError, clearError, el, formatNumber, formatBytes, loadSources, fillSelect } from './api.js';

const $ = (id) => document.getElementById(id);

/** An export of a demo source takes well under a second; the follow gives up after two minutes of half-second checks. */
const followChecks = 240;
const followDelayMs = 500;

/** One page of the newest jobs: the admin view is for watching and cancelling, not for archaeology. */
const pageSize = 50;

const unfinished = new Set(['queued', 'running', 'waiting_for_vendor']);

/** The states shown on the progress bar, in order: a job is 1/3 of the way when queued, full when it ends. */
const steps = { queued: 1, running: 2, waiting_for_vendor: 2, complete: 3, failed: 3, cancelled: 3 };

export async function initJobs() {
  $('jobs-refresh').addEventListener('click', () => load());
  $('jobs-status').addEventListener('change', () => load());
  $('job-export-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { kind: 'export', source: $('job-export-source').value, format: $('job-export-format').value };
    const text = $('job-export-query').value.trim();
    if (text) body.query = text;
    exportAsJob(body);
  });
  const sources = await loadSources();
  if (sources.ok) {
    fillSelect($('job-export-source'), sources.data.data.map((s) => [s.name, s.name]), sources.data.data[0]?.name);
  } else {
    showError($('job-export-error'), 'Reading the sources failed', sources.error);
  }
  await load();
}

async function load() {
  const status = $('jobs-status').value;
  const params = new URLSearchParams({ page_size: String(pageSize) });
  if (status) params.set('status', status);
  const result = await api(`/jobs?${params}`, { admin: true });
  if (!result.ok) {
    showError($('jobs-error'), 'Reading the jobs failed', result.error);
    $('jobs-table').tBodies[0].replaceChildren();
    $('jobs-note').textContent = '';
    return;
  }
  clearError($('jobs-error'));
  const { data, metadata } = result.data;
  $('jobs-note').textContent = data.length === 0
    ? 'No jobs yet.'
    : `${formatNumber(data.length)} of ${formatNumber(metadata.total_results)} jobs, newest first.`;
  $('jobs-table').tBodies[0].replaceChildren(...data.map(row));
}

function row(job) {
  const cells = [
    el('th', { scope: 'row' }, el('code', { title: job.request_id }, job.request_id.slice(-12))),
    el('td', {}, job.kind),
    el('td', {}, job.vendor ?? (job.result?.source || '')),
    el('td', { class: 'job-state' }, job.status.replaceAll('_', ' ')),
    el('td', { class: 'num' }, formatNumber(job.attempts)),
    el('td', { class: 'job-outcome' }, outcome(job)),
    el('td', {}, time(job.created_at)),
    el('td', {}, time(job.finished_at)),
  ];
  const action = el('td');
  if (unfinished.has(job.status)) {
    const button = el('button', { type: 'button', 'data-cancel': job.request_id }, 'Cancel');
    button.addEventListener('click', () => cancel(job.request_id, button));
    action.append(button);
  }
  return el('tr', { 'data-job': job.request_id }, ...cells, action);
}

/** The result in a sentence, the error as given, or nothing while the job runs. */
function outcome(job) {
  if (job.error) return job.error;
  if (job.status !== 'complete' || job.result === null) return '';
  if (job.kind === 'export') return download(job.result);
  const text = JSON.stringify(job.result);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** The signed link as a path on this server: the page talks to the origin it came from. */
function download(result) {
  const url = new URL(result.download_url, location.href);
  return el('a', { href: url.pathname + url.search, download: result.file_name, class: 'job-download' },
    `Download ${result.file_name} (${formatNumber(result.rows)} rows, ${formatBytes(result.bytes)})`);
}

function time(value) {
  return value ? new Date(value).toISOString().replace('T', ' ').slice(0, 19) : '';
}

async function cancel(id, button) {
  button.disabled = true;
  const result = await api(`/jobs/${encodeURIComponent(id)}`, { method: 'DELETE', admin: true });
  if (!result.ok) {
    showError($('jobs-error'), 'Cancelling the job failed', result.error);
  } else {
    clearError($('jobs-error'));
  }
  await load();
}

/** Starts an export job (from this tab's form or the explorer's filters) and follows it to its download. */
export async function exportAsJob(body) {
  const button = $('job-export-start');
  $('job-export-what').textContent = describe(body);
  button.disabled = true;
  const started = await api('/jobs', { method: 'POST', body });
  if (!started.ok) {
    showError($('job-export-error'), 'Starting the export failed', started.error);
    button.disabled = false;
    return;
  }
  clearError($('job-export-error'));
  $('job-export-progress').hidden = false;
  show(started.data);
  let job = started.data;
  for (let check = 0; check < followChecks && unfinished.has(job.status); check++) {
    await new Promise((resolve) => setTimeout(resolve, followDelayMs));
    const polled = await api(started.data.status_url);
    if (polled.ok) {
      job = polled.data;
      show(job);
    }
  }
  button.disabled = false;
  await load();
}

/** "support as CSV: status open, priority high or urgent; sorted by -created_at". */
function describe(body) {
  const parts = Object.entries(body.filters ?? {}).map(([name, value]) => `${name.replace('__', ' ')} ${[value].flat().join(' or ')}`);
  if (body.query) parts.push(`text "${body.query}"`);
  if (body.start_date || body.end_date) parts.push(`from ${body.start_date ?? 'the start'} to ${body.end_date ?? 'now'}`);
  const what = `${body.source} as ${body.format.toUpperCase()}${parts.length ? `: ${parts.join(', ')}` : ', every row'}`;
  return body.sort?.length ? `${what}; sorted by ${body.sort.join(', ')}` : what;
}

/** The followed export: a bar by state, the state in words, and the download when it is there. */
function show(job) {
  const bar = $('job-export-bar');
  bar.value = steps[job.status] ?? 0;
  const words = { queued: 'Queued', running: `Writing the file (attempt ${job.attempts ?? 1})`, complete: 'Ready', failed: 'Failed', cancelled: 'Cancelled' };
  $('job-export-state').textContent = `${words[job.status] ?? job.status}: job ${job.request_id}`;
  const link = $('job-export-link');
  link.replaceChildren();
  if (job.status === 'complete' && job.result) link.append(download(job.result));
  else if (job.error) link.append(el('span', { class: 'error-text' }, job.error));
}
