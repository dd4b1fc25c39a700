// Starts the published native binary on demo data and a free loopback port, and Debian's Chromium with a fresh
// profile. Both are stopped by the caller; nothing here reaches past 127.0.0.1.

import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = path.resolve(here, '..', '..', '..');

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Screenshots are test artifacts: artifacts/ui at the repository root (ignored by git) unless told otherwise. */
export const artifactsDirectory = process.env.UDC_UI_ARTIFACTS || path.join(repositoryRoot, 'artifacts', 'ui');

/** Starting takes milliseconds; ten seconds allows for a loaded CI machine. */
const startTimeoutMs = 10_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `prepare(dataFolder)` writes extra files (a connectors file, a CSV) before the server starts. */
export async function startUdc(env = {}, prepare = () => {}) {
  const binary = process.env.UDC_BINARY || path.join(repositoryRoot, 'artifacts', 'native', 'udc');
  if (!fs.existsSync(binary)) {
    throw new Error(`the native binary ${binary} does not exist: publish it (dotnet publish src/Udc -c Release -o artifacts/native) or set UDC_BINARY`);
  }
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'udc-ui-e2e-'));
  execFileSync(binary, ['generate', '--out', data], { stdio: 'ignore' });
  prepare(data);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ['--data', data, '--urls', url], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`udc exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (!(await stillLoading(response))) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`udc did not start within ${startTimeoutMs} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url,
    data,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with a profile of its own that is deleted afterwards. */
export async function launchChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'udc-ui-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name) {
  fs.mkdirSync(artifactsDirectory, { recursive: true });
  return path.join(artifactsDirectory, `${name}.png`);
}

/** A server listens before its sources load; until they have, /health/ready answers 503 SOURCE_LOADING. */
async function stillLoading(response) {
  return response.status === 503 && (await response.text()).includes('"SOURCE_LOADING"');
}
