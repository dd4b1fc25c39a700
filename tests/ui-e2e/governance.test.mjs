// Governance in the web UI, end to end against the published native binary with keys required: the admin makes a
// key with a row filter and column policies through the key form, the key reads its rows back restricted, and the
// audit view lists those reads, pages through them and exports them.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, screenshotPath, startUdc } from './support/udc.mjs';

const adminKey = randomBytes(16).toString('hex');

let udc;
let browser;
let page;
const problems = [];
let created;
let expectedRows;

async function api(route, init = {}) {
  const response = await fetch(`${udc.url}${route}`, init);
  const body = (response.headers.get('content-type') || '').includes('json') ? await response.json() : await response.text();
  return { status: response.status, body };
}

describe('UDC web UI: policies and the audit trail', () => {
  before(async () => {
    // Keys are required, so a key's policy applies; events are written every 50 ms so the view sees them at once.
    udc = await startUdc({ ADMIN_API_KEY: adminKey, AUTH_ENABLED: 'true', RATE_LIMIT_PER_SOURCE: '0', AUDIT_FLUSH_MS: '50' });
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${udc.url}/ui#keys`);
    await page.waitForSelector('#panel-keys:not([hidden])');
    await page.fill('#admin-key', adminKey);
    await page.click('#admin-form button[type="submit"]');
  });

  after(async () => {
    await browser?.close();
    await udc?.stop();
  });

  test('key form: a row filter and column policies set per source; the key reads only its rows, masked', async () => {
    // The admin key alone lists the sources and their columns (no client key on this page).
    await page.waitForSelector('#key-policy-sources details[data-source="crm"]', { state: 'attached' });
    await page.fill('#key-name', 'eu-support-bot');
    await page.check('#key-sources input[value="crm"]');
    await page.click('#key-policies summary');
    await page.click('#key-policy-sources details[data-source="crm"] summary');
    await page.waitForSelector('#key-column-crm-email');
    // The email column is flagged as personal data so the admin sees what to protect.
    assert.match(await page.textContent('#key-columns-crm'), /email\s*email/);
    await page.fill('#key-filter-crm', "status = 'active'");
    await page.selectOption('#key-column-crm-email', 'partial');
    await page.selectOption('#key-column-crm-name', 'hide');
    await page.click('#key-create-form button[type="submit"]');
    await page.waitForSelector('#key-created:not([hidden])');
    const plaintext = await page.textContent('#key-created-value');
    const row = page.locator('#keys-table tbody tr', { hasText: 'eu-support-bot' });
    await row.waitFor();
    assert.match(await row.locator('.policy-text').textContent(), /^crm: status = 'active' · crm\.name: hide · crm\.email: partial$/);
    // The form is cleared for the next key.
    assert.equal(await page.inputValue('#key-filter-crm'), '');

    const listed = await api('/auth/api-keys', { headers: { 'X-Admin-Key': adminKey } });
    created = (Array.isArray(listed.body) ? listed.body : listed.body.data).find((k) => k.name === 'eu-support-bot');
    assert.deepEqual(created.row_filters, { crm: "status = 'active'" });
    assert.deepEqual(created.column_policies, { crm: { email: 'partial', name: 'hide' } });

    const customers = JSON.parse(fs.readFileSync(path.join(udc.data, 'customers.json'), 'utf8'));
    const expected = customers.filter((c) => c.status === 'active').map((c) => ({
      customer_id: c.customer_id,
      email: `${c.email[0]}***${c.email.slice(c.email.indexOf('@'))}`,
      status: c.status,
      created_at: c.created_at,
    }));
    expectedRows = expected.length;
    const read = await api('/data/crm?page_size=50&sort=customer_id', { headers: { 'X-API-Key': plaintext } });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.deepEqual(read.body.data.map((r) => ({ customer_id: r.customer_id, email: r.email, status: r.status, created_at: r.created_at })), expected);
    assert.ok(read.body.data.every((r) => !('name' in r)), 'the hidden column is gone');
    assert.equal(read.body.metadata.total_results, expected.length);
    // Filtering on the hidden column is an unknown column, and another source is not this key's.
    assert.equal((await api('/data/crm?name=Lucas%20Smith', { headers: { 'X-API-Key': plaintext } })).status, 422);
    assert.equal((await api('/data/support', { headers: { 'X-API-Key': plaintext } })).status, 403);
    await page.screenshot({ path: screenshotPath('keys-policies'), fullPage: true });
  });

  test('audit view: the key\'s reads listed by caller, filtered by outcome, paged, exported', async () => {
    assert.ok(created, 'the key form test made the key');
    const caller = `key:${created.key_id}`;
    await page.click('#tab-audit');
    await page.waitForSelector('#panel-audit:not([hidden])');
    await page.fill('#audit-caller', caller);
    await page.selectOption('#audit-limit', '25');
    await page.click('#audit-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length === 3);
    const rows = await page.$$eval('#audit-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    // Newest first: the 403 on support, the 422 on the hidden column, the read of the active customers.
    assert.deepEqual(rows.map((r) => [r[1], r[2], r[3], r[8], r[9]]), [
      [caller, 'rest', 'GET /data/support', 'denied', '403'],
      [caller, 'rest', 'GET /data/crm', 'invalid', '422'],
      [caller, 'rest', 'GET /data/crm', 'ok', '200'],
    ]);
    assert.equal(rows[2][4], 'crm');
    assert.equal(rows[2][6], String(expectedRows));
    assert.match(await page.textContent('#audit-note'), /^3 events, newest first\. Kept 90 days\.$/);

    await page.selectOption('#audit-outcome', 'ok');
    await page.click('#audit-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length === 1);
    // A time range after every event matches none.
    await page.fill('#audit-from', '2099-01-01T00:00');
    await page.click('#audit-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('audit-note').textContent.startsWith('No event matches'));
    assert.equal(await page.locator('#audit-table tbody tr').count(), 0);
    await page.fill('#audit-from', '');

    // Paging: one event a page, the trail's cursor forward and back.
    await page.selectOption('#audit-outcome', '');
    await page.evaluate(() => {
      const select = document.getElementById('audit-limit');
      select.append(new Option('1', '1'));
      select.value = '1';
    });
    await page.click('#audit-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#audit-table tbody tr td:nth-child(9)')?.textContent === 'denied');
    assert.equal(await page.isDisabled('#audit-newer'), true);
    await page.click('#audit-older');
    await page.waitForFunction(() => document.querySelector('#audit-table tbody tr td:nth-child(9)')?.textContent === 'invalid');
    assert.equal(await page.textContent('#audit-page'), 'Page 2');
    await page.click('#audit-older');
    await page.waitForFunction(() => document.querySelector('#audit-table tbody tr td:nth-child(9)')?.textContent === 'ok');
    await page.click('#audit-newer');
    await page.waitForFunction(() => document.querySelector('#audit-table tbody tr td:nth-child(9)')?.textContent === 'invalid');

    const download = page.waitForEvent('download');
    await page.click('#audit-export-csv');
    const file = await (await download).path();
    const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
    assert.equal(lines[0], 'event_id,at,caller,surface,action,source,filters,rows,charge,outcome,status,partial,duration_ms');
    assert.equal(lines.length, 4);
    assert.ok(lines.slice(1).every((line) => line.includes(caller)));
    // The key's secret is nowhere in the trail.
    assert.ok(!fs.readFileSync(file, 'utf8').includes(await page.evaluate(() => document.getElementById('key-created-value').textContent)));
    await page.screenshot({ path: screenshotPath('audit'), fullPage: true });
  });

  test('audit view: without the admin key it says what to do and reads nothing', async () => {
    await page.click('#tab-keys');
    await page.click('#admin-forget');
    await page.click('#tab-audit');
    await page.waitForFunction(() => document.getElementById('audit-note').textContent.startsWith('Enter the admin key'));
    assert.equal(await page.locator('#audit-table tbody tr').count(), 0);
  });

  test('no script errors and no Content-Security-Policy violations', () => {
    assert.deepEqual(problems, []);
  });
});
