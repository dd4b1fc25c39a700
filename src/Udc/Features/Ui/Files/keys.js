// Keys and status: the admin key (session storage only), creating, listing and revoking API keys through
// /auth/api-keys (with their tenant, row filters and column policies), the client key this page sends, and source
// health and cache figures from /health/summary.

import { api, keys, showError, clearError, el, formatNumber, formatAge, isMissingEndpoint } from './api.js';
import { policyOf, policyText, showPolicySources } from './policies.js';

const $ = (id) => document.getElementById(id);

export async function initKeys() {
  $('admin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    keys.setAdmin($('admin-key').value.trim());
    $('admin-key').value = '';
    showKeyState();
    listKeys();
    fillSources();
  });
  $('admin-forget').addEventListener('click', () => {
    keys.setAdmin('');
    showKeyState();
    $('keys-table').tBodies[0].replaceChildren();
    $('keys-state').textContent = 'Enter the admin key to list and manage API keys.';
  });
  $('client-form').addEventListener('submit', (event) => {
    event.preventDefault();
    keys.setClient($('client-key').value.trim());
    $('client-key').value = '';
    showKeyState();
  });
  $('client-forget').addEventListener('click', () => {
    keys.setClient('');
    showKeyState();
  });
  $('key-create-form').addEventListener('submit', (event) => {
    event.preventDefault();
    createKey();
  });
  $('keys-refresh').addEventListener('click', () => listKeys());
  $('status-refresh').addEventListener('click', () => loadStatus());
  $('key-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('key-created-value').textContent);
      $('key-copy').textContent = 'Copied';
    } catch {
      $('key-copy').textContent = 'Select and copy it by hand';
    }
  });

  showKeyState();
  await Promise.all([fillSources(), listKeys(), loadStatus()]);
}

/**
 * The source choices and each source's policy fields. Read with the admin key when one is set, so an admin can
 * make keys on a server where every read needs a key.
 */
async function fillSources() {
  const sources = await api('/sources', { admin: true });
  if (!sources.ok) return;
  const names = sources.data.data.map((s) => s.name);
  const ticked = new Set([...document.querySelectorAll('input[name="key-source"]:checked')].map((c) => c.value));
  $('key-sources').replaceChildren($('key-sources').querySelector('legend'),
    ...names.map((name) => el('label', {}, el('input', { type: 'checkbox', name: 'key-source', value: name, checked: ticked.has(name) }), name)));
  showPolicySources($('key-policy-sources'), names);
}

/** Shown again: the status is refreshed, the key list too when an admin key is set. */
export function showKeysTab() {
  loadStatus();
  if (keys.admin()) listKeys();
}

function showKeyState() {
  $('admin-state').textContent = keys.admin() ? 'An admin key is set for this tab.' : 'No admin key is set.';
  $('client-state').textContent = keys.client() ? 'This page sends a client API key with its requests.' : 'This page sends no client API key.';
}

async function listKeys() {
  const body = $('keys-table').tBodies[0];
  if (!keys.admin()) {
    body.replaceChildren();
    $('keys-state').textContent = 'Enter the admin key to list and manage API keys.';
    return;
  }
  const result = await api('/auth/api-keys', { admin: true });
  if (!result.ok) {
    body.replaceChildren();
    $('keys-state').textContent = '';
    showError($('keys-error'), isMissingEndpoint(result) ? 'API keys are not available' : 'Listing API keys failed', result.error);
    return;
  }
  clearError($('keys-error'));
  const list = Array.isArray(result.data) ? result.data : result.data?.data ?? [];
  const active = list.filter((k) => !k.revoked).length;
  $('keys-state').textContent = `${list.length} ${list.length === 1 ? 'key' : 'keys'}, ${active} active.`;
  body.replaceChildren(...list.map((key) => el('tr', { 'data-key-id': key.key_id },
    el('td', {}, key.name ?? ''),
    el('td', {}, el('code', {}, key.key_id)),
    el('td', {}, Array.isArray(key.sources) ? key.sources.join(', ') : 'all'),
    el('td', { class: 'policy-text' }, policyText(key)),
    el('td', {}, day(key.created_at)),
    el('td', {}, key.expires_at ? day(key.expires_at) : 'never'),
    el('td', {}, key.last_used_at ? day(key.last_used_at) : 'never'),
    el('td', { class: key.revoked ? 'state-failed' : 'state-fresh' }, key.revoked ? `revoked ${day(key.revoked_at)}` : 'active'),
    el('td', {}, key.revoked ? '' : el('button', { type: 'button', class: 'danger', onclick: () => revoke(key) }, `Revoke ${key.name ?? key.key_id}`)))));
}

async function createKey() {
  const name = $('key-name').value.trim();
  if (!keys.admin()) {
    showError($('keys-error'), 'Creating a key failed', { code: 'ADMIN_KEY_MISSING', message: 'Enter the admin key above first.', details: [] });
    return;
  }
  if (!name) {
    showError($('keys-error'), 'Creating a key failed', { code: 'VALIDATION_ERROR', message: 'Give the key a name.', details: [] });
    return;
  }
  // The key shown from an earlier creation goes first: it must never be copied as the one being made now.
  $('key-created').hidden = true;
  $('key-created-value').textContent = '';
  const body = { name };
  const sources = [...document.querySelectorAll('input[name="key-source"]:checked')].map((c) => c.value);
  if (sources.length) body.sources = sources;
  if ($('key-expires').value) body.expires_at = `${$('key-expires').value}T00:00:00Z`;
  if ($('key-tenant').value.trim()) body.tenant = $('key-tenant').value.trim();
  Object.assign(body, policyOf($('key-policy-sources')));
  const result = await api('/auth/api-keys', { method: 'POST', body, admin: true });
  if (!result.ok) {
    showError($('keys-error'), isMissingEndpoint(result) ? 'API keys are not available' : 'Creating a key failed', result.error);
    return;
  }
  clearError($('keys-error'));
  $('key-created-value').textContent = result.data.api_key;
  $('key-copy').textContent = 'Copy';
  $('key-created').hidden = false;
  $('key-name').value = '';
  $('key-tenant').value = '';
  showPolicySources($('key-policy-sources'), null);
  await listKeys();
}

async function revoke(key) {
  const result = await api(`/auth/api-keys/${encodeURIComponent(key.key_id)}/revoke`, { method: 'POST', admin: true });
  if (!result.ok) {
    showError($('keys-error'), `Revoking ${key.name ?? key.key_id} failed`, result.error);
    return;
  }
  clearError($('keys-error'));
  await listKeys();
}

async function loadStatus() {
  // With keys on the summary needs a key: the admin key if one is entered, else the client key.
  const result = await api('/health/summary', { admin: true });
  if (!result.ok) {
    showError($('status-error'), 'Reading the server status failed', result.error);
    return;
  }
  clearError($('status-error'));
  const summary = result.data;
  $('status-summary').replaceChildren(
    el('strong', { class: summary.status === 'ok' ? 'state-fresh' : 'state-failed' }, summary.status === 'ok' ? 'All sources serving' : 'Degraded: a source failed to load'),
    ` · UDC ${summary.version} · up ${formatAge(summary.uptime_seconds)}`);
  $('status-cache').textContent = cacheLine(summary.cache);
  $('status-sources').tBodies[0].replaceChildren(...(summary.sources ?? []).map((s) => el('tr', {},
    el('th', { scope: 'row' }, s.name),
    el('td', { class: s.status === 'ready' ? 'state-fresh' : 'state-failed' }, s.status),
    el('td', { class: 'num' }, s.rows === undefined ? '—' : formatNumber(s.rows)),
    el('td', {}, s.snapshot_age_seconds === undefined ? '—' : `${formatAge(s.snapshot_age_seconds)} ago`),
    el('td', { class: s.last_reload_error ? 'state-failed' : 'muted' }, s.last_reload_error
      ? `${s.last_reload_error}${s.last_reload_error_at ? ` (at ${s.last_reload_error_at})` : ''}`
      : 'none'))));
}

/** "Cache hit rate: 87.5% (70 hits, 10 misses)", when the server reports its cache. */
function cacheLine(cache) {
  if (!cache || typeof cache !== 'object') return 'This server reports no response cache.';
  if (cache.enabled === false) return 'The response cache is off.';
  const hits = cache.hits ?? 0;
  const misses = cache.misses ?? 0;
  const ratio = typeof cache.hit_ratio === 'number' ? cache.hit_ratio : hits + misses > 0 ? hits / (hits + misses) : 0;
  return `Cache hit rate: ${(ratio * 100).toFixed(1)}% (${formatNumber(hits)} hits, ${formatNumber(misses)} misses).`;
}

function day(value) {
  return typeof value === 'string' ? value.slice(0, 10) : '';
}
