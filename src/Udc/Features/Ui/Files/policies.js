// The policy part of the key form: per source, a row filter and a rule per column (shown, hide, mask, hash,
// partial), turned into the row_filters and column_policies that POST /auth/api-keys takes; and a key's policies as
// one line of the key list.

import { api, el } from './api.js';

const RULES = ['hide', 'mask', 'hash', 'partial'];

/**
 * One fieldset per source. A source's columns are read when its fieldset is first opened, with the admin key, so
 * the form costs no request until someone sets a policy. `names` null clears the fields and keeps the sources.
 */
export function showPolicySources(container, names) {
  const list = names ?? [...container.querySelectorAll('details[data-source]')].map((d) => d.dataset.source);
  container.replaceChildren(...list.map((name) => {
    const columns = el('div', { class: 'policy-columns', id: `key-columns-${name}` });
    const box = el('details', { 'data-source': name },
      el('summary', {}, name),
      el('label', {}, `Row filter for ${name}`,
        el('input', { id: `key-filter-${name}`, 'data-filter': name, maxlength: 2000, spellcheck: 'false', placeholder: "such as status = 'open'" })),
      columns);
    box.addEventListener('toggle', () => {
      if (box.open && !columns.dataset.loaded) showColumns(name, columns);
    });
    return box;
  }));
}

async function showColumns(name, columns) {
  columns.dataset.loaded = 'loading';
  const result = await api(`/sources/${encodeURIComponent(name)}`, { admin: true });
  if (!result.ok) {
    delete columns.dataset.loaded;
    columns.replaceChildren(el('p', { class: 'state-failed' }, `The columns of ${name} could not be read: ${result.error?.message ?? ''}`));
    return;
  }
  columns.replaceChildren(...result.data.data.columns.map((column) => el('label', {},
    el('span', {}, column.name, column.personal_data ? el('span', { class: 'badge personal', title: 'Its values look like personal data' }, column.personal_data) : null),
    el('select', { id: `key-column-${name}-${column.name}`, 'data-source': name, 'data-column': column.name },
      el('option', { value: '' }, 'shown'),
      ...RULES.map((rule) => el('option', { value: rule }, rule))))));
  columns.dataset.loaded = 'yes';
}

/** The request fields of what the form holds: only sources with a filter or a column rule appear. */
export function policyOf(container) {
  const rowFilters = {};
  const columnPolicies = {};
  for (const input of container.querySelectorAll('input[data-filter]')) {
    if (input.value.trim()) rowFilters[input.dataset.filter] = input.value.trim();
  }
  for (const select of container.querySelectorAll('select[data-column]')) {
    if (!select.value) continue;
    (columnPolicies[select.dataset.source] ??= {})[select.dataset.column] = select.value;
  }
  const body = {};
  if (Object.keys(rowFilters).length) body.row_filters = rowFilters;
  if (Object.keys(columnPolicies).length) body.column_policies = columnPolicies;
  return body;
}

/** "tenant 42 · support: status = 'open' · support.email: mask", or "none". */
export function policyText(key) {
  const parts = [];
  if (key.tenant) parts.push(`tenant ${key.tenant}`);
  for (const [source, filter] of Object.entries(key.row_filters ?? {})) parts.push(`${source}: ${filter}`);
  for (const [source, columns] of Object.entries(key.column_policies ?? {})) {
    for (const [column, rule] of Object.entries(columns)) parts.push(`${source}.${column}: ${rule}`);
  }
  return parts.length ? parts.join(' · ') : 'none';
}
