// The checks both transports must pass, written once: every tool's schemas, good and bad calls, results
// compared with the data files, resources, and change notifications.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolListChangedNotificationSchema, ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { compile, errorsOf } from './schemas.mjs';

export const toolNames = ['aggregate_data', 'check_quality', 'describe_source', 'detect_anomalies', 'forecast_series', 'get_record', 'get_trend', 'list_sources', 'query_data', 'query_sql', 'start_export', 'get_job'].sort();

/** Good arguments for every tool; each must pass the tool's input schema and return a valid result. */
const goodCalls = [
  ['query_data', { source: 'support', filters: { status: 'open', priority__in: ['high', 'urgent'] } }],
  ['query_data', { source: 'crm', query: 'example.com', sort: ['name'], fields: ['customer_id', 'name'], page: 2, page_size: 5 }],
  ['query_data', { source: 'analytics', filters: { metric: 'daily_active_users', value__gte: 1000 }, start_date: '2024-03-01', end_date: '2024-03-31' }],
  ['aggregate_data', { source: 'support', group_by: ['status', 'priority'], metrics: ['count'] }],
  ['aggregate_data', { source: 'analytics', group_by: ['metric'], metrics: ['avg:value', 'max:date'], limit: 3 }],
  ['get_record', { source: 'support', id: 101 }],
  ['get_record', { source: 'crm', id: '7', fields: ['name', 'status'] }],
  ['list_sources', {}],
  ['describe_source', { source: 'analytics' }],
  ['get_trend', { source: 'analytics', filters: { metric: 'daily_active_users' }, bucket: 'week', function: 'sum' }],
  ['detect_anomalies', { source: 'analytics', window: 7, threshold: 2, points: 'all' }],
  ['forecast_series', { source: 'analytics', filters: { metric: 'daily_active_users' }, horizon: 7, method: 'linear' }],
  ['check_quality', { source: 'crm' }],
  ['query_sql', { sql: "SELECT status, COUNT(*) AS n FROM crm GROUP BY status ORDER BY n DESC" }],
];

/**
 * Bad arguments, the error code the result must carry and a word of the fix it must suggest. `schemaRejects`
 * says the input schema alone already catches it, as a validating client would.
 */
const badCalls = [
  ['query_data', { source: 'support', filters: { stauts: 'open' } }, 'VALIDATION_ERROR', 'status', true],
  ['query_data', { source: 'nope' }, 'UNKNOWN_DATA_SOURCE', 'crm', true],
  ['query_data', { source: 'support', page_size: 500 }, 'VALIDATION_ERROR', '50', true],
  ['query_data', { source: 'support', filters: { priority__gt: 'high' } }, 'VALIDATION_ERROR', 'contains', true],
  ['query_data', { source: 'crm', cursor: 'bogus' }, 'VALIDATION_ERROR', 'next_cursor', false],
  ['aggregate_data', { source: 'support', metrics: ['avg:subject'] }, 'VALIDATION_ERROR', 'numeric', true],
  ['aggregate_data', { source: 'support', group_by: ['nope'] }, 'VALIDATION_ERROR', 'ticket_id', true],
  ['get_record', { source: 'support', id: 99999 }, 'RECORD_NOT_FOUND', '101 to 150', false],
  ['get_record', { source: 'support', id: 'abc' }, 'VALIDATION_ERROR', 'integer', false],
  ['get_record', { source: 'support' }, 'VALIDATION_ERROR', 'id', false],
  ['describe_source', { source: 'orders' }, 'UNKNOWN_DATA_SOURCE', 'list_sources', true],
  ['list_sources', { max_tokens: 5 }, 'VALIDATION_ERROR', '100', true],
  ['query_sql', { sql: 'DELETE FROM crm' }, 'VALIDATION_ERROR', 'SELECT', false],
  ['forecast_series', { source: 'analytics', horizon: 0 }, 'VALIDATION_ERROR', 'horizon', true],
  ['start_export', { source: 'crm', format: 'pdf' }, 'VALIDATION_ERROR', 'csv, xlsx', true],
  ['get_job', { request_id: 'no-such-job' }, 'JOB_NOT_FOUND', 'start_export', false],
];

/** The JSON a model reads: inside one untrusted-data fence whose random tag opens and closes it. */
function unfenced(text) {
  const match = /^Result from UDC\..*\n<(untrusted-data-[0-9a-f]{16})>\n([\s\S]*)\n<\/\1>$/s.exec(text);
  assert.ok(match, `not a fenced result: ${text.slice(0, 200)}`);
  return JSON.parse(match[2]);
}

function textOf(result) {
  assert.equal(result.content.length, 1);
  assert.equal(result.content[0].type, 'text');
  return result.content[0].text;
}

async function toolsByName(client) {
  const { tools } = await client.listTools();
  return Object.fromEntries(tools.map((t) => [t.name, t]));
}

export async function listsReadOnlyToolsWithValidSchemas(client) {
  const tools = await toolsByName(client);
  assert.deepEqual(Object.keys(tools).sort(), toolNames);
  for (const tool of Object.values(tools)) {
    // start_export starts a job; every other tool only reads.
    assert.equal(tool.annotations?.readOnlyHint, tool.name !== 'start_export', tool.name);
    assert.equal(tool.annotations?.destructiveHint, false, tool.name);
    assert.ok(tool.description.length > 80, `${tool.name} has a real description`);
    compile(tool.inputSchema);
    compile(tool.outputSchema);
  }
  assert.deepEqual(tools.query_data.inputSchema.properties.source.enum, ['analytics', 'crm', 'support']);
}

export async function answersGoodCallsWithValidResults(client) {
  const tools = await toolsByName(client);
  for (const [name, args] of goodCalls) {
    const input = compile(tools[name].inputSchema);
    assert.ok(input(args), `${name} ${JSON.stringify(args)} fails its input schema: ${errorsOf(input)}`);
    const result = await client.callTool({ name, arguments: args });
    assert.notEqual(result.isError, true, `${name}: ${JSON.stringify(result.content)}`);
    const output = compile(tools[name].outputSchema);
    assert.ok(output(result.structuredContent), `${name} result fails its output schema: ${errorsOf(output)}`);
    assert.deepEqual(unfenced(textOf(result)), result.structuredContent, `${name}: text and structured content differ`);
    const { metadata } = result.structuredContent;
    assert.ok(metadata.voice_context.length > 0, `${name} has voice_context`);
    assert.match(metadata.data_freshness, /ago|just now/, `${name} has freshness`);
  }
}

/** start_export answers at once with a request_id; get_job reports the job until its file is ready. */
export async function startsAnExportAndPollsItsJob(client) {
  const tools = await toolsByName(client);
  const started = await client.callTool({ name: 'start_export', arguments: { source: 'support', filters: { status: 'open' }, format: 'csv' } });
  assert.notEqual(started.isError, true, JSON.stringify(started.content));
  assert.ok(compile(tools.start_export.outputSchema)(started.structuredContent));
  const id = started.structuredContent.request_id;
  for (let i = 0; i < 300; i++) {
    const job = await client.callTool({ name: 'get_job', arguments: { request_id: id } });
    assert.notEqual(job.isError, true, JSON.stringify(job.content));
    assert.ok(compile(tools.get_job.outputSchema)(job.structuredContent), errorsOf(compile(tools.get_job.outputSchema)));
    if (job.structuredContent.status === 'complete') {
      assert.match(job.structuredContent.result.download_url, /\/jobs\/.+\/download\?expires=\d+&signature=[0-9a-f]{64}$/);
      assert.ok(job.structuredContent.result.rows > 0);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the export never completed');
}

export async function answersBadCallsWithFixItErrors(client) {
  const tools = await toolsByName(client);
  for (const [name, args, code, hint, schemaRejects] of badCalls) {
    if (schemaRejects) {
      assert.equal(compile(tools[name].inputSchema)(args), false, `${name} ${JSON.stringify(args)} should fail the input schema`);
    }
    const result = await client.callTool({ name, arguments: args });
    assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} should be an error result`);
    assert.equal(result.structuredContent, undefined);
    const { error } = unfenced(textOf(result));
    assert.equal(error.code, code, `${name} ${JSON.stringify(args)}: ${error.message}`);
    assert.ok(error.message.includes(hint), `${name} ${JSON.stringify(args)}: '${error.message}' should mention '${hint}'`);
    assert.ok(Array.isArray(error.details));
  }
}

export async function matchesTheDataFiles(client, data) {
  const customers = data.read('customers.json');
  const tickets = data.read('support_tickets.json');
  const analytics = data.read('analytics.json');

  // Every customer, through cursors: a 600-token budget cuts the 50-row page into several results.
  const rows = [];
  let args = { source: 'crm', page_size: 50, sort: ['customer_id'], max_tokens: 600 };
  let calls = 0;
  for (;;) {
    const { structuredContent } = await client.callTool({ name: 'query_data', arguments: args });
    rows.push(...structuredContent.data);
    calls += 1;
    assert.ok(JSON.stringify(structuredContent).length <= 600 * 4 || structuredContent.data.length === 1, 'result within the token budget');
    if (!structuredContent.metadata.next_cursor) {
      break;
    }
    assert.equal(structuredContent.metadata.truncated, true);
    args = { source: 'crm', cursor: structuredContent.metadata.next_cursor, max_tokens: 600 };
  }
  assert.ok(calls > 1, 'the budget split the page');
  assert.deepEqual(rows, [...customers].sort((a, b) => a.customer_id - b.customer_id));

  for (const ticket of tickets.slice(0, 5)) {
    const { structuredContent } = await client.callTool({ name: 'get_record', arguments: { source: 'support', id: ticket.ticket_id } });
    assert.deepEqual(structuredContent.data, ticket);
  }

  const { structuredContent: groups } = await client.callTool({ name: 'aggregate_data', arguments: { source: 'support', group_by: ['status'] } });
  const counts = {};
  for (const ticket of tickets) {
    counts[ticket.status] = (counts[ticket.status] ?? 0) + 1;
  }
  assert.deepEqual(Object.fromEntries(groups.data.map((g) => [g.status, g.count])), counts);

  const march = analytics.filter((r) => r.metric === 'daily_active_users' && r.date >= '2024-03-01' && r.date <= '2024-03-31');
  const { structuredContent: dau } = await client.callTool({
    name: 'query_data',
    arguments: { source: 'analytics', filters: { metric: 'daily_active_users' }, start_date: '2024-03-01', end_date: '2024-03-31', page_size: 50 },
  });
  assert.equal(dau.metadata.total_results, march.length);

  const { structuredContent: sources } = await client.callTool({ name: 'list_sources', arguments: {} });
  const sizes = Object.fromEntries(sources.data.map((s) => [s.name, s.row_count]));
  assert.deepEqual(sizes, { analytics: analytics.length, crm: customers.length, support: tickets.length });
}

export async function readsSourceResources(client, data) {
  const { resources } = await client.listResources();
  assert.deepEqual(resources.map((r) => r.uri).sort(), ['udc://sources/analytics', 'udc://sources/crm', 'udc://sources/support']);
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate), ['udc://sources/{name}']);
  const files = { analytics: 'analytics.json', crm: 'customers.json', support: 'support_tickets.json' };
  for (const [name, file] of Object.entries(files)) {
    const { contents } = await client.readResource({ uri: `udc://sources/${name}` });
    assert.equal(contents[0].mimeType, 'application/json');
    const description = JSON.parse(contents[0].text);
    assert.deepEqual(description.data.columns.map((c) => c.name), Object.keys(data.read(file)[0]));
    assert.equal(description.data.row_count, data.read(file).length);
    assert.match(description.metadata.data_freshness, /ago|just now/);
  }
  await assert.rejects(client.readResource({ uri: 'udc://sources/nope' }), /Unknown data source 'nope'/);
}

/** A new data file changes the tools' schemas and the resources, and the client hears of both. */
export async function announcesNewDataFiles(client, data) {
  const toolsChanged = new Promise((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
  const resourcesChanged = new Promise((resolve) => client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve()));
  writeFileSync(join(data.dir, 'orders.csv'), 'order_id,status,amount\n1,paid,9.5\n2,open,12.25\n');
  await withTimeout(Promise.all([toolsChanged, resourcesChanged]), 10_000, 'list_changed notifications');

  const tools = await toolsByName(client);
  assert.ok(tools.query_data.inputSchema.properties.source.enum.includes('orders'));
  const result = await client.callTool({ name: 'query_data', arguments: { source: 'orders', filters: { amount__gt: 10 } } });
  assert.deepEqual(result.structuredContent.data, [{ order_id: 2, status: 'open', amount: 12.25 }]);
  const { resources } = await client.listResources();
  assert.ok(resources.some((r) => r.uri === 'udc://sources/orders'));
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
