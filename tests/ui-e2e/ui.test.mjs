// The web UI end to end: Debian's Chromium, driven by playwright-core, against the published native binary on
// demo data. Each tab is loaded and used as a person would; screenshots of each go to artifacts/ui.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchChromium, screenshotPath, startUdc } from './support/udc.mjs';

/** An admin key for the key routes; the access feature wants at least 16 characters. */
const adminKey = randomBytes(16).toString('hex');

let udc;
let vendor;
let browser;
let page;
const problems = [];

function watch(target) {
  target.on('console', (message) => {
    // A failed fetch (the 422 the error test provokes) is logged by Chromium itself; anything else is a bug.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  target.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
}

async function api(path, init = {}) {
  const response = await fetch(`${udc.url}${path}`, init);
  const body = (response.headers.get('content-type') || '').includes('json') ? await response.json() : await response.text();
  return { status: response.status, body };
}

async function openTab(name) {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`#panel-${name}:not([hidden])`);
}

describe('UDC web UI in Chromium', () => {
  before(async () => {
    // Two vendors on loopback for the jobs tab: 'lookup' answers at once with a result holding an email address,
    // 'slow' accepts (async) and never calls back, so its job waits until it is cancelled.
    vendor = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.url === '/slow') {
          response.writeHead(202).end();
        } else {
          response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: 'Ada', email: 'ada@example.com' }));
        }
      });
    });
    await new Promise((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    const vendorUrl = `http://127.0.0.1:${vendor.address().port}`;
    // RATE_LIMIT_PER_SOURCE=0: a page load is a dozen requests; this test is about the UI, not the limiter.
    // A CSV connector over a file of the data folder: it runs at start, with one row rejected for its empty id.
    udc = await startUdc({
      ADMIN_API_KEY: adminKey,
      RATE_LIMIT_PER_SOURCE: '0',
      UDC_VENDORS: 'lookup,slow',
      UDC_VENDOR_LOOKUP_URL: `${vendorUrl}/lookup`,
      UDC_VENDOR_SLOW_URL: `${vendorUrl}/slow`,
      UDC_VENDOR_SLOW_MODE: 'async',
      UDC_VENDOR_SLOW_SECRET: randomBytes(32).toString('hex'),
    }, (data) => {
      fs.mkdirSync(path.join(data, 'feeds'));
      fs.writeFileSync(path.join(data, 'feeds', 'prices.csv'), 'sku,name,price\nA1,tea,2.5\nB2,coffee,3\n,no sku,1\n');
      fs.writeFileSync(path.join(data, 'connectors.jsonc'), JSON.stringify({ connectors: { prices: { type: 'csv', path: 'feeds/prices.csv', id_columns: ['sku'] } } }));
    });
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? await browser.context.newPage();
    watch(page);
  });

  after(async () => {
    await browser?.close();
    await udc?.stop();
    vendor?.close();
  });

  test('the page loads with a strict Content-Security-Policy', async () => {
    const response = await page.goto(`${udc.url}/ui`);
    assert.equal(response.status(), 200);
    const headers = response.headers();
    assert.match(headers['content-security-policy'], /script-src 'self'/);
    assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
    assert.doesNotMatch(headers['content-security-policy'], /unsafe-inline|unsafe-eval/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    await page.waitForSelector('#explorer-table tbody tr');
    assert.equal(await page.getAttribute('#tab-explorer', 'aria-selected'), 'true');
  });

  test('explorer: filters from the column list, sort by a header, page, JSON view', async () => {
    await page.selectOption('#explorer-source', 'support');
    await page.waitForFunction(() => document.querySelector('#explorer-total')?.textContent.includes('50 tickets'));
    // Enums are dropdowns, the time column has date pickers, free text is a search box.
    assert.equal(await page.$eval('#filter-status', (e) => e.tagName), 'SELECT');
    assert.equal(await page.$eval('#filter-created_at', (e) => e.type), 'date');
    assert.equal(await page.$eval('#filter-subject', (e) => e.type), 'text');

    await page.selectOption('#filter-status', 'open');
    await page.click('#explorer-form button[type="submit"]');
    await page.waitForFunction(() => !document.querySelector('#explorer-total')?.textContent.includes('50 tickets'));
    const total = Number((await page.textContent('#explorer-total')).match(/^(\d+)/)[1]);
    const expected = await api('/data/support?status=open');
    assert.equal(total, expected.body.metadata.total_results);
    assert.ok(total > 10, 'the demo data has more than a page of open tickets');
    assert.equal(await page.textContent('#explorer-voice'), expected.body.metadata.voice_context);
    assert.match(await page.textContent('#explorer-facts'), /data updated .+\((fresh|stale|very stale)\)/);

    const statusColumn = await page.$$eval('#explorer-table thead th', (cells) => cells.findIndex((c) => c.textContent.startsWith('status')));
    const statuses = await page.$$eval(`#explorer-table tbody tr td:nth-child(${statusColumn + 1})`, (cells) => cells.map((c) => c.textContent));
    assert.ok(statuses.length === 10 && statuses.every((s) => s === 'open'), `every row is open: ${statuses}`);

    await page.click('#explorer-table th button[data-column="ticket_id"]');
    await page.waitForSelector('#explorer-table th[aria-sort="ascending"] button[data-column="ticket_id"]');
    const idColumn = await page.$$eval('#explorer-table thead th', (cells) => cells.findIndex((c) => c.textContent.startsWith('ticket_id')));
    const pageOne = await page.$$eval(`#explorer-table tbody tr td:nth-child(${idColumn + 1})`, (cells) => cells.map((c) => Number(c.textContent)));
    assert.deepEqual(pageOne, [...pageOne].sort((a, b) => a - b));

    await page.click('#page-next');
    await page.waitForFunction(() => document.querySelector('#page-info').textContent.startsWith('Page 2'));
    const pageTwo = await page.$$eval(`#explorer-table tbody tr td:nth-child(${idColumn + 1})`, (cells) => cells.map((c) => Number(c.textContent)));
    assert.ok(pageTwo[0] > pageOne[pageOne.length - 1], 'page 2 continues where page 1 ended');

    await page.click('#view-json');
    const json = JSON.parse(await page.textContent('#explorer-json'));
    assert.equal(json.metadata.page, 2);
    assert.deepEqual(json.metadata.sort, ['ticket_id']);
    assert.equal(await page.isVisible('#explorer-table-wrap'), false);
    await page.click('#view-table');
    await page.click('#page-prev');
    await page.waitForFunction(() => document.querySelector('#page-info').textContent.startsWith('Page 1'));
    await page.screenshot({ path: screenshotPath('explorer'), fullPage: true });
  });

  test('explorer: exports CSV and XLSX of exactly the applied filter and sort', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(csv.suggestedFilename(), /^support-\d{4}-\d{2}-\d{2}\.csv$/);
    const downloaded = fs.readFileSync(await csv.path());
    const direct = await fetch(`${udc.url}/export/support?status=open&sort=ticket_id&export_format=csv`);
    assert.deepEqual(downloaded, Buffer.from(await direct.arrayBuffer()));
    const lines = downloaded.toString('utf8').trimEnd().split('\r\n');
    const total = Number((await page.textContent('#explorer-total')).match(/^(\d+)/)[1]);
    assert.equal(lines.length, total + 1);
    assert.equal(lines[0], 'ticket_id,customer_id,subject,status,priority,created_at');
    await page.waitForFunction(() => document.querySelector('#export-status').textContent.startsWith('Downloaded support-'));

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    assert.match(xlsx.suggestedFilename(), /^support-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = fs.readFileSync(await xlsx.path());
    assert.equal(workbook.subarray(0, 2).toString('latin1'), 'PK');
    const directWorkbook = await fetch(`${udc.url}/export/support?status=open&sort=ticket_id&export_format=xlsx`);
    assert.equal(directWorkbook.headers.get('x-total-count'), String(total));
  });

  test('explorer: an invalid request shows a readable message, not JSON', async () => {
    await page.fill('#filter-created_at', '2024-03-10');
    await page.fill('#filter-created_at-to', '2024-03-01');
    await page.click('#explorer-form button[type="submit"]');
    await page.waitForSelector('#explorer-error:not([hidden])');
    const message = await page.textContent('#explorer-error');
    assert.match(message, /Loading support failed: Invalid request parameters/);
    assert.match(message, /end_date: end_date 2024-03-01 is before start_date 2024-03-10/);
    assert.match(message, /Error code VALIDATION_ERROR/);
    assert.doesNotMatch(message, /[{}"]/);
    await page.screenshot({ path: screenshotPath('explorer-error'), fullPage: false });
    await page.click('#explorer-reset');
    await page.waitForSelector('#explorer-error', { state: 'hidden' });
  });

  test('charts: a line chart per metric over the chosen dates, and a bar chart', async () => {
    await openTab('charts');
    await page.waitForSelector('#line-charts figure.chart svg path.series');
    const metrics = (await api('/data/analytics/aggregate?group_by=metric')).body.metadata.total_groups;
    assert.equal(await page.locator('#line-charts figure.chart').count(), metrics);
    const points = await page.$$eval('#line-charts figure.chart', (figures) => figures.map((f) => f.querySelectorAll('circle.point').length));
    assert.ok(points.every((n) => n >= 28), `a month of points per metric: ${points}`);
    await page.waitForSelector('#bar-chart svg rect.bar');
    assert.equal(await page.locator('#bar-chart svg rect.bar').count(), metrics);

    await page.fill('#charts-start', '2024-03-10');
    await page.fill('#charts-end', '2024-03-15');
    await page.click('#charts-form button[type="submit"]');
    await page.waitForFunction(() => [...document.querySelectorAll('#line-charts figure.chart')].every((f) => f.querySelectorAll('circle.point').length === 6));
    assert.match(await page.textContent('#line-charts svg desc'), /6 points from 2024-03-10 to 2024-03-15/);
    await page.screenshot({ path: screenshotPath('charts'), fullPage: true });
  });

  test('charts: unusual points marked, the forecast drawn as a band, and a reload redraws them live', async () => {
    await openTab('charts');
    await page.fill('#charts-start', '2024-03-01');
    await page.fill('#charts-end', '2024-03-31');
    await page.click('#charts-form button[type="submit"]');
    await page.waitForSelector('#line-charts svg path.forecast-band');
    const expected = (await api('/analytics/analytics/anomalies?series=metric&start_date=2024-03-01&end_date=2024-03-31')).body.data.length;
    // The charts draw one by one as their series arrive: wait for the last of them before counting.
    const charts = await page.locator('#line-charts figure.chart').count();
    await page.waitForFunction((n) => document.querySelectorAll('#line-charts svg path.forecast').length === n, charts, { timeout: 10000 }).catch(() => {});
    await page.waitForFunction((n) => document.querySelectorAll('#line-charts svg circle.anomaly').length >= n, expected, { timeout: 10000 }).catch(() => {});
    const marked = await page.locator('#line-charts svg circle.anomaly').count();
    assert.equal(marked, expected);
    assert.equal(await page.locator('#line-charts svg path.forecast').count(), await page.locator('#line-charts figure.chart').count());
    assert.match(await page.textContent('#line-charts figcaption'), /forecast to \d{4}-\d{2}-\d{2} with its 95% band/);

    // A new day with an outlier for every metric: the file is read again, /sse/metrics says so, the charts redraw.
    const file = `${udc.data}/analytics.json`;
    const rows = JSON.parse(fs.readFileSync(file, 'utf8'));
    const metrics = [...new Set(rows.map((r) => r.metric))];
    fs.writeFileSync(`${file}.tmp`, JSON.stringify([...rows, ...metrics.map((metric) => ({ metric, date: '2024-03-31', value: 1e7 }))]));
    fs.renameSync(`${file}.tmp`, file);
    await page.waitForFunction((before) => document.querySelectorAll('#line-charts svg circle.anomaly').length > before, marked, { timeout: 20000 });
    assert.match(await page.textContent('#live-note'), /^Live: /);
    await page.screenshot({ path: screenshotPath('charts-analytics'), fullPage: true });
  });

  test('quality: every source scored with its worst findings, and one source by column', async () => {
    await openTab('quality');
    await page.waitForSelector('#quality-table tbody tr');
    const sources = (await api('/quality')).body.data;
    assert.deepEqual(await page.$$eval('#quality-table tbody th', (cells) => cells.map((c) => c.textContent)), sources.map((s) => s.source));
    await page.waitForSelector('#quality-columns tbody tr');
    const first = (await api(`/quality/${sources[0].source}`)).body.data.columns.length;
    assert.equal(await page.locator('#quality-columns tbody tr').count(), first);
    await page.screenshot({ path: screenshotPath('quality'), fullPage: true });
  });

  test('explorer: the SQL box runs a SELECT and shows a refused one as a sentence', async () => {
    await openTab('explorer');
    await page.fill('#sql-text', "SELECT priority, COUNT(*) AS n FROM support WHERE status = 'open' OR status = 'pending' GROUP BY priority ORDER BY n DESC");
    await page.click('#sql-form button[type="submit"]');
    await page.waitForSelector('#sql-table tbody tr');
    const groups = (await api('/data/support/aggregate?status=open,pending&group_by=priority')).body.metadata.total_groups;
    assert.equal(await page.locator('#sql-table tbody tr').count(), groups);
    assert.deepEqual(await page.$$eval('#sql-table thead th', (cells) => cells.map((c) => c.textContent)), ['priority', 'n']);

    await page.fill('#sql-text', 'DROP TABLE support');
    await page.click('#sql-form button[type="submit"]');
    await page.waitForSelector('#sql-error:not([hidden])');
    const message = await page.textContent('#sql-error');
    assert.match(message, /only SELECT is allowed/);
    assert.doesNotMatch(message, /^\s*\{/);
  });

  test('assistant: a fast-path question shows the answer, tool call, tokens and latency', async () => {
    const question = "What's the status of ticket #123?";
    const probe = await api('/assistant/query', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user_query: question, mode: 'no_llm' }) });
    await openTab('assistant');
    await page.fill('#assistant-question', question);
    await page.selectOption('#assistant-mode', 'no_llm');
    await page.click('#assistant-form button[type="submit"]');
    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    await page.waitForSelector('#assistant-result:not([hidden])');
    assert.match(await page.textContent('#assistant-resolved'), /Fast path/);
    assert.equal(await page.textContent('#assistant-answer'), probe.body.answer);
    assert.match(probe.body.answer, /^Ticket 123 is /);
    const calls = await page.locator('#assistant-tools li.tool-call').count();
    assert.equal(calls, probe.body.tool_calls.length);
    assert.ok(calls >= 1);
    JSON.parse(await page.textContent('#assistant-tools li.tool-call pre'));
    assert.match(await page.textContent('#assistant-tokens'), /^\d+ \(\d+ prompt, \d+ completion\)$/);
    assert.match(await page.textContent('#assistant-latency'), /^[\d.,]+ ms$/);
    assert.equal(await page.isEnabled('#assistant-speak'), true);
    await page.screenshot({ path: screenshotPath('assistant'), fullPage: true });
  });

  test('keys: the admin key stays in session storage; create, list and revoke a key', async () => {
    const probe = await api('/auth/api-keys', { headers: { 'X-Admin-Key': adminKey } });
    await openTab('keys');
    await page.fill('#admin-key', adminKey);
    await page.click('#admin-form button[type="submit"]');
    const storage = await page.evaluate(() => ({ session: sessionStorage.getItem('udc.adminKey'), local: localStorage.length, cookies: document.cookie }));
    assert.deepEqual(storage, { session: adminKey, local: 0, cookies: '' });
    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    await page.fill('#key-name', 'ui-e2e');
    await page.check('#key-sources input[value="crm"]');
    await page.click('#key-create-form button[type="submit"]');
    await page.waitForSelector('#key-created:not([hidden])');
    const plaintext = await page.textContent('#key-created-value');
    assert.ok(plaintext.length >= 16, 'the new key is shown once');
    const row = page.locator('#keys-table tbody tr', { hasText: 'ui-e2e' });
    await row.waitFor();
    assert.match(await row.textContent(), /crm/);
    assert.match(await row.textContent(), /active/);
    await row.getByRole('button', { name: /Revoke/ }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('#keys-table tbody tr')].some((r) => r.textContent.includes('ui-e2e') && r.textContent.includes('revoked')));
    const listed = await api('/auth/api-keys', { headers: { 'X-Admin-Key': adminKey } });
    const keys = Array.isArray(listed.body) ? listed.body : listed.body.data;
    assert.equal(keys.find((k) => k.name === 'ui-e2e').revoked, true);
  });

  // The two tests below answer in the browser with bodies shaped as the contracts document them
  // (POST /assistant/query; /auth/api-keys), so what the page makes of a model's answer and of the key list is
  // checked whatever this binary contains.
  test('assistant, contract answer routed in the browser: a model answer with tool calls, tokens and speech', async () => {
    const answer = {
      provider: 'openai',
      model: 'gpt-4o-mini',
      answer: 'There are **15** open tickets; 4 are high priority.',
      voice_answer: 'There are 15 open tickets; 4 are high priority.',
      tool_calls: [
        { tool_name: 'query_support', arguments: { status: 'open' }, result: { data: [], metadata: { total_results: 15 } } },
        { tool_name: 'aggregate_support', arguments: { group_by: 'priority', status: 'open' }, result: { data: [{ priority: 'high', count: 4 }] } },
      ],
      usage: { prompt_tokens: 1000, completion_tokens: 234, total_tokens: 1234 },
      resolved_by: 'llm',
      latency_ms: 850.5,
    };
    let sent = null;
    await page.route('**/assistant/query', (route) => {
      sent = route.request().postDataJSON();
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
    });
    try {
      await openTab('assistant');
      await page.evaluate(() => { window.speechSynthesis.speak = (utterance) => { window.spokenText = utterance.text; }; });
      await page.fill('#assistant-question', 'How many open tickets are high priority?');
      await page.selectOption('#assistant-provider', 'openai');
      await page.fill('#assistant-model', 'gpt-4o-mini');
      await page.selectOption('#assistant-mode', 'llm');
      await page.fill('#assistant-temperature', '0.5');
      await page.click('#assistant-form button[type="submit"]');
      await page.waitForFunction(() => document.querySelector('#assistant-answer').textContent.startsWith('There are **15**'));
      assert.deepEqual(sent, { user_query: 'How many open tickets are high priority?', mode: 'llm', provider: 'openai', model: 'gpt-4o-mini', temperature: 0.5 });
      assert.equal(await page.textContent('#assistant-resolved'), 'Answered by a model');
      assert.equal(await page.textContent('#assistant-model-used'), 'openai · gpt-4o-mini');
      assert.equal(await page.locator('#assistant-tools li.tool-call').count(), 2);
      assert.deepEqual(JSON.parse(await page.locator('#assistant-tools li.tool-call').nth(1).locator('pre').first().textContent()), { group_by: 'priority', status: 'open' });
      assert.equal(await page.textContent('#assistant-tokens'), '1,234 (1,000 prompt, 234 completion)');
      assert.equal(await page.textContent('#assistant-latency'), '850.5 ms');
      await page.click('#assistant-speak');
      assert.equal(await page.evaluate(() => window.spokenText), answer.voice_answer);
      await page.screenshot({ path: screenshotPath('assistant-model-answer'), fullPage: true });
    } finally {
      await page.unroute('**/assistant/query');
    }
  });

  test('keys, contract answers routed in the browser: create shows the key once, list, revoke', async () => {
    const keys = [];
    const adminHeaders = [];
    await page.route('**/auth/api-keys**', async (route) => {
      const request = route.request();
      adminHeaders.push(request.headers()['x-admin-key']);
      const url = new URL(request.url());
      const revoke = /^\/auth\/api-keys\/([^/]+)\/revoke$/.exec(url.pathname);
      if (request.method() === 'POST' && revoke) {
        const key = keys.find((k) => k.key_id === revoke[1]);
        Object.assign(key, { revoked: true, revoked_at: '2026-11-23T12:00:00Z' });
        return route.fulfill({ status: 204 });
      }
      if (request.method() === 'POST') {
        const body = request.postDataJSON();
        const key = { key_id: `k${keys.length + 1}`, name: body.name, prefix: 'udc_k1_', sources: body.sources ?? null, created_at: '2026-11-23T11:00:00Z', expires_at: body.expires_at ?? null, revoked: false, revoked_at: null, last_used_at: null };
        keys.push(key);
        return route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ ...key, api_key: 'udc_k1_secretsecretsecret' }) });
      }
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(keys) });
    });
    try {
      await openTab('keys');
      await page.fill('#admin-key', adminKey);
      await page.click('#admin-form button[type="submit"]');
      await page.fill('#key-name', 'routed');
      await page.check('#key-sources input[value="support"]');
      await page.fill('#key-expires', '2030-01-01');
      // The key the previous test created is still on show until this one is submitted.
      assert.equal(await page.isVisible('#key-created'), true);
      await page.click('#key-create-form button[type="submit"]');
      await page.waitForSelector('#key-created:not([hidden])');
      assert.equal(await page.textContent('#key-created-value'), 'udc_k1_secretsecretsecret');
      const row = page.locator('#keys-table tbody tr', { hasText: 'routed' });
      await row.waitFor();
      assert.match(await row.textContent(), /routed.*k1.*support.*2026-11-23.*2030-01-01.*never.*active/);
      await row.getByRole('button', { name: 'Revoke routed' }).click();
      await page.waitForFunction(() => document.querySelector('#keys-table tbody tr')?.textContent.includes('revoked 2026-11-23'));
      assert.equal(await page.textContent('#keys-state'), '1 key, 0 active.');
      assert.ok(adminHeaders.length >= 4 && adminHeaders.every((h) => h === adminKey), 'every key route gets X-Admin-Key');
      assert.equal(await page.isVisible('#keys-error'), false);
      await page.screenshot({ path: screenshotPath('keys-routed'), fullPage: true });
    } finally {
      await page.unroute('**/auth/api-keys**');
      await page.click('#admin-forget');
      await page.locator('#key-sources input[value="support"]').uncheck();
    }
  });

  test('connectors: state, counts, last run and rejected rows; the admin runs one now', async () => {
    await page.evaluate((key) => sessionStorage.setItem('udc.adminKey', key), adminKey);
    await openTab('connectors');
    const row = page.locator('#connectors-table tbody tr[data-connector="prices"]');
    await row.waitFor();
    await page.waitForFunction(() => !document.querySelector('#connectors-table .last-run')?.textContent.startsWith('none'));
    const stats = (await api('/stats')).body.connectors[0];
    assert.equal(stats.records, 2);
    assert.equal(await row.locator('td').nth(2).textContent(), '2');
    assert.match(await row.textContent(), /id column 'sku' is empty/);
    const runsBefore = stats.runs;
    await row.locator('button[data-run="prices"]').click();
    await page.waitForFunction(() => /^Run \d+ of prices: not modified\.$/.test(document.getElementById('connectors-note').textContent), null, { timeout: 30_000 });
    assert.equal((await api('/stats')).body.connectors[0].runs, runsBefore + 1);
    assert.match(await row.locator('.last-run').textContent(), /not modified \(manual\)/);
    // The run before it, folded under the last one: the run at start that loaded the two rows.
    await row.locator('.earlier-runs summary').click();
    const earlier = await row.locator('.earlier-runs li').allTextContents();
    assert.equal(earlier.length, runsBefore);
    assert.match(earlier.at(-1), /^#\d+ succeeded \(\w+\), 1 pages: 2 new/);
    await page.screenshot({ path: screenshotPath('connectors'), fullPage: true });
  });

  test('jobs: an export runs as a job with progress and a download; the admin sees every job and cancels one', async () => {
    await page.evaluate((key) => sessionStorage.setItem('udc.adminKey', key), adminKey);
    await openTab('jobs');
    await page.waitForSelector('#job-export-source option[value="support"]', { state: 'attached' });
    await page.selectOption('#job-export-source', 'support');
    await page.selectOption('#job-export-format', 'csv');
    await page.click('#job-export-start');
    await page.waitForFunction(() => document.getElementById('job-export-state').textContent.startsWith('Ready'), null, { timeout: 30_000 });
    assert.equal(await page.$eval('#job-export-bar', (bar) => bar.value), 3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#job-export-link a')]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const total = (await api('/data/support?page_size=1')).body.metadata.total_results;
    assert.equal(csv.trim().split('\n').length, total + 1);
    assert.match(download.suggestedFilename(), /^support.*\.csv$/);

    // A vendor job that completes (its email masked) and one that waits for a callback that never comes.
    const post = (body) => api('/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const done = (await post({ vendor: 'lookup', user_id: 7 })).body.request_id;
    const waiting = (await post({ vendor: 'slow', user_id: 8 })).body.request_id;
    for (let check = 0; check < 300 && (await api(`/jobs/${waiting}`)).body.status !== 'waiting_for_vendor'; check++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.click('#jobs-refresh');
    await page.waitForFunction((id) => document.querySelector(`#jobs-table tr[data-job="${id}"] .job-state`)?.textContent === 'complete', done, { timeout: 30_000 });
    const lookupRow = page.locator(`#jobs-table tr[data-job="${done}"]`);
    assert.match(await lookupRow.textContent(), /lookup/);
    assert.doesNotMatch(await lookupRow.textContent(), /ada@example\.com/);
    assert.match(await page.locator('#jobs-table tr td.job-outcome a.job-download').first().textContent(), /^Download support.*\.csv \(\d+ rows/);

    const waitingRow = page.locator(`#jobs-table tr[data-job="${waiting}"]`);
    assert.equal(await waitingRow.locator('.job-state').textContent(), 'waiting for vendor');
    await waitingRow.locator('button[data-cancel]').click();
    await page.waitForFunction((id) => document.querySelector(`#jobs-table tr[data-job="${id}"] .job-state`)?.textContent === 'cancelled', waiting);
    assert.equal((await api(`/jobs/${waiting}`)).body.status, 'cancelled');
    assert.equal(await waitingRow.locator('button[data-cancel]').count(), 0);

    await page.selectOption('#jobs-status', 'cancelled');
    await page.waitForFunction(() => [...document.querySelectorAll('#jobs-table .job-state')].every((cell) => cell.textContent === 'cancelled'));
    assert.equal(await page.locator('#jobs-table tbody tr').count(), 1);
    await page.selectOption('#jobs-status', '');
    await page.screenshot({ path: screenshotPath('jobs'), fullPage: true });
  });

  test('explorer: "Export CSV as a job" writes the filtered, sorted rows the table shows, followed in the Jobs tab', async () => {
    await openTab('explorer');
    await page.selectOption('#explorer-source', 'support');
    await page.waitForSelector('#filter-status');
    await page.selectOption('#filter-status', 'open');
    await page.click('#explorer-form button[type="submit"]');
    await page.waitForFunction(() => !document.querySelector('#explorer-total')?.textContent.includes('50 tickets'));
    await page.click('#explorer-table th button[data-column="ticket_id"]');
    await page.waitForSelector('#explorer-table th[aria-sort="ascending"] button[data-column="ticket_id"]');
    await page.click('#explorer-table th button[data-column="ticket_id"]');
    await page.waitForSelector('#explorer-table th[aria-sort="descending"] button[data-column="ticket_id"]');

    await page.click('#export-job');

    assert.equal(await page.getAttribute('#tab-jobs', 'aria-selected'), 'true');
    await page.waitForFunction(() => document.getElementById('job-export-state').textContent.startsWith('Ready'), null, { timeout: 30_000 });
    assert.equal(await page.textContent('#job-export-what'), 'support as CSV: status open; sorted by -ticket_id');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#job-export-link a')]);
    const lines = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
    const expected = await api('/data/support?status=open&sort=-ticket_id&page_size=50');
    assert.equal(lines[0].split(',')[0], 'ticket_id');
    assert.deepEqual(lines.slice(1).map((line) => Number(line.split(',')[0])), expected.body.data.map((row) => row.ticket_id));
    assert.ok(expected.body.data.length > 10 && expected.body.data.length < 50, 'some tickets are open, not all');
  });

  test('status: source health and reload errors from /health/summary', async () => {
    await openTab('keys');
    await page.click('#status-refresh');
    // The three demo files and the prices connector's source.
    await page.waitForFunction(() => document.querySelectorAll('#status-sources tbody tr').length === 4);
    const rows = await page.$$eval('#status-sources tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[4]]), [['analytics', 'ready', 'none'], ['crm', 'ready', 'none'], ['prices', 'ready', 'none'], ['support', 'ready', 'none']]);
    assert.match(await page.textContent('#status-summary'), /All sources serving · UDC \d+\.\d+\.\d+/);
    assert.match(await page.textContent('#status-cache'), /cache/i);
    await page.screenshot({ path: screenshotPath('keys-and-status'), fullPage: true });
  });

  test('phone width: every tab fits 390 px without sideways scrolling', async () => {
    const phone = await browser.context.newPage();
    watch(phone);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${udc.url}/ui`);
    await phone.waitForSelector('#explorer-table tbody tr');
    for (const tab of ['explorer', 'charts', 'quality', 'connectors', 'jobs', 'assistant', 'keys', 'audit']) {
      await phone.click(`#tab-${tab}`);
      await phone.waitForSelector(`#panel-${tab}:not([hidden])`);
      if (tab === 'charts') await phone.waitForSelector('#line-charts svg');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${tab} is ${overflow} px wider than the phone`);
      if (tab === 'explorer') await phone.screenshot({ path: screenshotPath('explorer-phone'), fullPage: true });
    }
    await phone.close();
  });

  test('no script errors and no Content-Security-Policy violations on any tab', () => {
    assert.deepEqual(problems, []);
  });
});
