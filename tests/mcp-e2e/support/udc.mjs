// Runs the published native binary for the tests: demo data in a fresh folder, the HTTP server on a free
// loopback port, or the stdio server as the SDK's subprocess.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const binary = process.env.UDC_BINARY;
if (!binary) {
  throw new Error('UDC_BINARY must name the published udc binary (dotnet publish src/Udc -c Release)');
}

/** The binary starts in milliseconds; ten seconds allows for a loaded CI machine. */
const startTimeoutMs = 10_000;

/** A fresh folder of demo data written by the binary itself; the tests compare results with these files. */
export function demoData() {
  const dir = mkdtempSync(join(tmpdir(), 'udc-mcp-e2e-'));
  execFileSync(binary, ['generate', '--out', dir], { stdio: 'ignore' });
  return {
    dir,
    read: (file) => JSON.parse(readFileSync(join(dir, file), 'utf8')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `udc serve` on loopback; resolves once it has loaded its sources (/health/ready is no longer 503 SOURCE_LOADING). */
export async function startHttp(dataDir) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Every tool is called with good and bad arguments over one connection: more than the default 60 calls a minute.
  const env = { ...process.env, RATE_LIMIT_PER_SOURCE: '1000' };
  const child = spawn(binary, ['--data', dataDir, '--urls', base], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`udc exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const response = await fetch(`${base}/health/ready`);
      if (!(await stillLoading(response))) {
        return {
          base,
          mcpUrl: new URL('/mcp', base),
          output: () => output,
          stop: () => new Promise((resolve) => {
            if (child.exitCode !== null) {
              resolve();
              return;
            }
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
        };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`udc did not become live within ${startTimeoutMs} ms:\n${output}`);
}

export async function connectHttp(mcpUrl) {
  const client = new Client({ name: 'udc-e2e-http', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl));
  return client;
}

/** `udc mcp` as the SDK's subprocess; its stderr (logs) is collected apart from the protocol on stdout. */
export async function connectStdio(dataDir) {
  const transport = new StdioClientTransport({ command: binary, args: ['mcp', '--data', dataDir], stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => { stderr += d; });
  const client = new Client({ name: 'udc-e2e-stdio', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** A server listens before its sources load; until they have, /health/ready answers 503 SOURCE_LOADING. */
async function stillLoading(response) {
  return response.status === 503 && (await response.text()).includes('"SOURCE_LOADING"');
}
