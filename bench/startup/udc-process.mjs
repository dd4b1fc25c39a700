// The published udc binary as a process the start-up scripts time from outside: spawn it on a free loopback port,
// measure ms to live and to ready from the spawn, read its summary, stop it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** GET on a fresh connection; resolves { status, body } or null when nothing listens yet. */
export function get(port, url) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: url, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('error', () => resolve(null));
  });
}

function residentKilobytes(pid) {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]);
}

/**
 * Starts `binary` on a folder, with `env` on top of this process's environment; measures ms to live and to ready from
 * the spawn (failing past `readyTimeoutMs`), then reads the summary and the resident memory.
 */
export async function startUdc(binary, dataDir, env, readyTimeoutMs) {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(binary, ['--data', dataDir, '--urls', `http://127.0.0.1:${port}`], { env: { ...process.env, ...env }, stdio: 'ignore' });
  const since = () => Number(process.hrtime.bigint() - started) / 1e6;
  let live = null;
  let ready = null;
  while (ready === null) {
    if (since() > readyTimeoutMs) throw new Error(`udc was not ready within ${readyTimeoutMs} ms on ${dataDir}`);
    if (child.exitCode !== null) throw new Error(`udc exited with ${child.exitCode} on ${dataDir}`);
    const response = await get(port, live === null ? '/health/live' : '/health/ready');
    if (response?.status === 200) {
      if (live === null) live = since();
      else ready = since();
    } else if (response === null || live !== null) {
      await new Promise((resolve) => setTimeout(resolve, live === null ? 1 : 2));
    }
  }
  const summary = JSON.parse((await get(port, '/health/summary')).body);
  return { child, port, live, ready, summary, rssKb: residentKilobytes(child.pid) };
}

export async function stop(udc) {
  const exited = new Promise((resolve) => udc.child.once('exit', resolve));
  udc.child.kill('SIGTERM');
  await exited;
}
