// Start-up of the published udc binary, measured from outside: time to listen (/health/live) and to be ready
// (/health/ready), each source's load time and MB/s, resident memory, with and without snapshots; DuckDB reads the
// same files in the same run. Prints Markdown tables for bench/RESULTS.md.
//
//   node startup.mjs [--binary PATH] [--sizes 10000,1000000] [--formats json,ndjson,csv] [--runs 3] [--demo DIR]
//
// Every load loop is bounded: a server that is not ready within 120 s fails the run.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get, startUdc as startProcess, stop } from './udc-process.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const repository = path.resolve(import.meta.dirname, '..', '..');
const binary = path.resolve(args.binary ?? path.join(repository, 'artifacts', 'native', 'udc'));
const sizes = (args.sizes ?? '10000,1000000').split(',').map(Number);
const formats = (args.formats ?? 'json,ndjson,csv').split(',');
const runs = Number(args.runs ?? 3);
const demo = path.resolve(args.demo ?? path.join(repository, 'data'));
const readyTimeoutMs = 120_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'udc-startup-'));

const duck = await (await DuckDBInstance.create(':memory:', { threads: String(os.cpus().length) })).connect();
const quoted = (file) => `'${file.replaceAll("'", "''")}'`;

/** Starts udc on a folder: ms to live and to ready from the spawn, the summary, resident memory. */
const startUdc = (dataDir, env) => startProcess(binary, dataDir, env, readyTimeoutMs);

/** Waits until the server has written its snapshots (a background write after the first load). */
async function waitForSnapshots(udc, count) {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    const summary = JSON.parse((await get(udc.port, '/health/summary')).body);
    if (summary.snapshots.written >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('snapshots were not written in time');
}

async function duckdbBest(file, format) {
  const reader = {
    json: `read_json_auto(${quoted(file)}, format = 'array')`,
    ndjson: `read_json_auto(${quoted(file)}, format = 'newline_delimited')`,
    csv: `read_csv_auto(${quoted(file)})`,
  }[format];
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    await duck.run('DROP TABLE IF EXISTS t');
    const started = process.hrtime.bigint();
    await duck.run(`CREATE TABLE t AS SELECT * FROM ${reader}`);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  await duck.run('DROP TABLE IF EXISTS t');
  return best;
}

/** The best of `runs` starts (by time to ready) of udc on one folder. */
async function bestStart(dataDir, env) {
  let best = null;
  for (let run = 0; run < runs; run++) {
    const udc = await startUdc(dataDir, env);
    await stop(udc);
    if (best === null || udc.ready < best.ready) best = udc;
  }
  return best;
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const rows = [];

for (const size of sizes) {
  const generated = path.join(work, `gen-${size}`);
  execFileSync(binary, ['generate', '--out', generated, '--tickets', String(size), '--customers', '1'], { stdio: 'ignore' });
  const json = path.join(generated, 'support_tickets.json');
  for (const format of formats) {
    const folder = path.join(work, `${size}-${format}`);
    fs.mkdirSync(folder);
    const file = path.join(folder, `tickets.${format}`);
    if (format === 'json') fs.copyFileSync(json, file);
    else await duck.run(`COPY (SELECT * FROM read_json_auto(${quoted(json)})) TO ${quoted(file)} ${format === 'csv' ? '(FORMAT CSV, HEADER)' : '(FORMAT JSON)'}`);
    const bytes = fs.statSync(file).size;
    const state = path.join(work, `state-${size}-${format}`);

    const parsed = await bestStart(folder, { UDC_SNAPSHOT_MAX_MB: '0', UDC_STATE_DIR: state });
    const source = parsed.summary.sources[0];
    const duckMs = await duckdbBest(file, format);

    const first = await startUdc(folder, { UDC_STATE_DIR: state });
    await waitForSnapshots(first, 1);
    await stop(first);
    const restored = await bestStart(folder, { UDC_STATE_DIR: state });
    const restoredSource = restored.summary.sources[0];
    if (restoredSource.loaded_from !== 'snapshot') throw new Error(`restart of ${file} did not use its snapshot`);

    rows.push({ size, format, bytes, rowsLoaded: source.rows, loadMs: source.load_ms, live: parsed.live, ready: parsed.ready, rssKb: parsed.rssKb,
      duckMs, restoredLoadMs: restoredSource.load_ms, restoredReady: restored.ready, restoredRssKb: restored.rssKb });
    console.error(`${size} ${format}: load ${source.load_ms} ms, ready ${fmt(parsed.ready)} ms, duckdb ${fmt(duckMs)} ms, from snapshot ready ${fmt(restored.ready)} ms`);
  }
}

const demoParsed = await bestStart(demo, { UDC_SNAPSHOT_MAX_MB: '0', UDC_STATE_DIR: path.join(work, 'demo-state-off') });
const demoState = path.join(work, 'demo-state');
const demoFirst = await startUdc(demo, { UDC_STATE_DIR: demoState });
await waitForSnapshots(demoFirst, demoFirst.summary.sources.length);
await stop(demoFirst);
const demoRestored = await bestStart(demo, { UDC_STATE_DIR: demoState });

console.log(`Machine: ${os.cpus().length} CPUs (${os.cpus()[0].model}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end; udc ${execFileSync(binary, ['--version']).toString().trim()}; DuckDB node-api, ${os.cpus().length} threads; best of ${runs} runs.\n`);
console.log('| Rows | Format | File | UDC load | UDC MB/s | DuckDB | UDC vs DuckDB | Live | Ready | RSS | Ready from snapshot | Snapshot load | RSS (snapshot) |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${fmt(r.size)} | ${r.format} | ${fmt(r.bytes / 1e6, 1)} MB | ${fmt(r.loadMs, 1)} ms | ${fmt(r.bytes / 1e6 / (r.loadMs / 1000))} | ${fmt(r.duckMs)} ms | ${(r.duckMs / r.loadMs).toFixed(1)}x | ${fmt(r.live, 1)} ms | ${fmt(r.ready, 1)} ms | ${fmt(r.rssKb / 1024)} MB | ${fmt(r.restoredReady, 1)} ms | ${fmt(r.restoredLoadMs, 1)} ms | ${fmt(r.restoredRssKb / 1024)} MB |`);
}
console.log(`\nDemo data (${demo}): live ${fmt(demoParsed.live, 1)} ms, ready ${fmt(demoParsed.ready, 1)} ms parsed (snapshots off), ready ${fmt(demoRestored.ready, 1)} ms from snapshots; RSS ${fmt(demoParsed.rssKb / 1024)} MB.`);
fs.rmSync(work, { recursive: true, force: true });
duck.closeSync();
