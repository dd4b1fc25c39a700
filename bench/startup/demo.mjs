// Start-up of one binary on one data folder, run after run: the spread, not only the best.
//   node demo.mjs BINARY DATADIR RUNS [NAME=VALUE ...]
// Starts the binary RUNS times (with the extra environment variables), polls /health/live then /health/ready every
// millisecond from the spawn, prints each start's times and sources' load_ms, then the minimum and the median.
// Alternate two binaries run by run to compare them on a shared machine.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
const [binary, dir, runsArg, ...kv] = process.argv.slice(2);
const env = { ...process.env, ...Object.fromEntries(kv.map((s) => s.split('='))) };
const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => r(port)); }); });
const get = (port, url) => new Promise((r) => { const q = http.get({ host: '127.0.0.1', port, path: url, agent: false }, (res) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => r({ status: res.statusCode, body: b })); }); q.on('error', () => r(null)); });
const lives = [], readies = [];
for (let i = 0; i < Number(runsArg); i++) {
  const port = await freePort();
  const t0 = process.hrtime.bigint();
  const child = spawn(binary, ['--data', dir, '--urls', `http://127.0.0.1:${port}`], { env, stdio: 'ignore' });
  const since = () => Number(process.hrtime.bigint() - t0) / 1e6;
  let live = null, ready = null;
  while (since() < 20000) {
    const r = await get(port, live === null ? '/health/live' : '/health/ready');
    if (r && live === null && r.status === 200) { live = since(); continue; }
    if (r && live !== null && r.status === 200) { ready = since(); break; }
    await new Promise((x) => setTimeout(x, 1));
  }
  const s = await get(port, '/health/summary');
  let loads = '';
  try { loads = Object.entries(JSON.parse(s.body).sources ?? {}).map(([n,x]) => ({name:n, ...x})).map((x) => `${x.name}:${x.load_ms ?? x.loadMs ?? '?'}`).join(' '); } catch { loads = s?.body?.slice(0, 200); }
  child.kill('SIGKILL');
  await new Promise((x) => child.on('exit', x));
  lives.push(live); readies.push(ready);
  console.log(`live ${live?.toFixed(1)} ready ${ready?.toFixed(1)} ${loads}`);
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`min live ${Math.min(...lives).toFixed(1)} ready ${Math.min(...readies).toFixed(1)}; median live ${med(lives).toFixed(1)} ready ${med(readies).toFixed(1)}`);
