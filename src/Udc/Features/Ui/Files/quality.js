// Quality: every source's score and worst findings (/quality), and one source's columns (/quality/{source}).

import { api, showError, clearError, el, fillSelect, formatNumber } from './api.js';

const $ = (id) => document.getElementById(id);

const score = (value) => (typeof value === 'number' ? formatNumber(value) : '—');

export async function initQuality() {
  $('quality-source').addEventListener('change', () => showColumns($('quality-source').value));
  const result = await api('/quality');
  if (!result.ok) {
    showError($('quality-error'), 'Checking the sources failed', result.error);
    return;
  }
  clearError($('quality-error'));
  const sources = result.data.data;
  $('quality-note').textContent = result.data.metadata.voice_context;
  $('quality-table').tBodies[0].replaceChildren(...sources.map((s) => el('tr', { 'data-source': s.source },
    el('th', { scope: 'row' }, s.source),
    el('td', { class: 'num' }, score(s.score)),
    el('td', { class: 'num' }, score(s.scores?.completeness)),
    el('td', { class: 'num' }, score(s.scores?.validity)),
    el('td', { class: 'num' }, score(s.scores?.timeliness)),
    el('td', { class: 'num' }, score(s.scores?.consistency)),
    el('td', {}, s.error ?? (s.findings.length === 0 ? 'none' : el('ul', {}, s.findings.map((f) => el('li', {}, f.message))))))));
  const loaded = sources.filter((s) => typeof s.score === 'number');
  fillSelect($('quality-source'), loaded.map((s) => [s.source, s.source]));
  if (loaded.length > 0) await showColumns(loaded[0].source);
}

async function showColumns(source) {
  const result = await api(`/quality/${encodeURIComponent(source)}`);
  if (!result.ok) {
    showError($('quality-error'), `Checking ${source} failed`, result.error);
    return;
  }
  $('quality-columns').tBodies[0].replaceChildren(...result.data.data.columns.map((c) => el('tr', {},
    el('th', { scope: 'row' }, c.name),
    el('td', {}, c.expected_type ? `${c.type} (mostly ${c.expected_type})` : c.type),
    el('td', { class: 'num' }, formatNumber(c.null_count)),
    el('td', { class: 'num' }, formatNumber(c.empty_count)),
    el('td', { class: 'num' }, formatNumber(c.invalid_count)),
    el('td', {}, c.invalid_reason ? `${c.invalid_reason}: ${c.invalid_examples.join(', ')}` : ''))));
}
