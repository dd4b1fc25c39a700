// The published binary's stdio server (udc mcp), started by the official TypeScript SDK as a subprocess.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cases from './support/cases.mjs';
import { connectStdio, demoData } from './support/udc.mjs';

describe('stdio (udc mcp)', () => {
  let data;
  let session;

  before(async () => {
    data = demoData();
    session = await connectStdio(data.dir);
  });

  after(async () => {
    await session?.client.close();
    data?.remove();
  });

  it('lists every tool (read-only but start_export) whose schemas compile', () => cases.listsReadOnlyToolsWithValidSchemas(session.client));
  it('answers good calls with results that fit the output schemas', () => cases.answersGoodCallsWithValidResults(session.client));
  it('answers bad calls with isError results that say how to fix them', () => cases.answersBadCallsWithFixItErrors(session.client));
  it('starts an export as a job and polls it to a download link', () => cases.startsAnExportAndPollsItsJob(session.client));
  it('returns what the data files hold', () => cases.matchesTheDataFiles(session.client, data));
  it('serves one resource per source', () => cases.readsSourceResources(session.client, data));
  it('announces a new data file to the session', () => cases.announcesNewDataFiles(session.client, data));

  it('logs to stderr, keeping stdout for the protocol', () => {
    assert.match(session.stderr(), /Source crm loaded/);
  });
});
