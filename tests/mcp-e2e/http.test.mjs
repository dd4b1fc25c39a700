// The published binary's Streamable HTTP endpoint, driven by the official TypeScript SDK.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import * as cases from './support/cases.mjs';
import { connectHttp, demoData, startHttp } from './support/udc.mjs';

const initialize = JSON.stringify({
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function post(server, body, headers = {}) {
  return fetch(server.mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
  });
}

describe('Streamable HTTP (udc serve, /mcp)', () => {
  let data;
  let server;
  let client;

  before(async () => {
    data = demoData();
    server = await startHttp(data.dir);
    client = await connectHttp(server.mcpUrl);
  });

  after(async () => {
    await client?.close();
    await server?.stop();
    data?.remove();
  });

  it('lists every tool (read-only but start_export) whose schemas compile', () => cases.listsReadOnlyToolsWithValidSchemas(client));
  it('answers good calls with results that fit the output schemas', () => cases.answersGoodCallsWithValidResults(client));
  it('answers bad calls with isError results that say how to fix them', () => cases.answersBadCallsWithFixItErrors(client));
  it('starts an export as a job and polls it to a download link', () => cases.startsAnExportAndPollsItsJob(client));
  it('returns what the data files hold', () => cases.matchesTheDataFiles(client, data));
  it('serves one resource per source', () => cases.readsSourceResources(client, data));

  it('refuses a foreign Origin with 403', async () => {
    const response = await post(server, initialize, { origin: 'https://evil.example' });
    assert.equal(response.status, 403);
    const body = await response.json();
    assert.equal(body.jsonrpc, '2.0');
    assert.match(body.error.message, /origin/);
  });

  it('accepts a loopback Origin', async () => {
    const response = await post(server, initialize, { origin: 'http://localhost:6274' });
    assert.equal(response.status, 200);
    await response.body?.cancel();
  });

  it('refuses a foreign Host with 403', async () => {
    const status = await new Promise((resolve, reject) => {
      const req = request(server.mcpUrl, {
        method: 'POST',
        headers: { host: 'rebound.evil.example', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      }, (res) => { res.resume(); resolve(res.statusCode); });
      req.on('error', reject);
      req.end(initialize);
    });
    assert.equal(status, 403);
  });

  it('answers malformed JSON-RPC with a JSON-RPC error and keeps serving', async () => {
    for (const body of ['{"jsonrpc": "2.0", "id": 1, "method":', '[]', '42']) {
      const response = await post(server, body);
      assert.equal(response.status, 400, body);
      const error = await response.json();
      assert.equal(error.jsonrpc, '2.0');
      assert.ok(error.error.code < 0);
    }
    const { tools } = await client.listTools();
    assert.equal(tools.length, cases.toolNames.length);
  });

  it('announces a new data file to the session', () => cases.announcesNewDataFiles(client, data));
});
