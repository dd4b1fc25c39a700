// Start-up of one binary on one data folder, run after run: the spread, not only the best.
//   node demo.mjs BINARY DATADIR RUNS [NAME=VALUE ...]
// Starts the binary RUNS times (with the extra environment variables), polls /health/live then /health/ready from
// the spawn, prints each start's times and sources' load_ms, then the minimum and the median.
// Alternate two binaries run by run to compare them on a shared machine. A start not ready within 60 s fails the run.
import { startUdc, stop } from './udc-process.mjs';

const [binary, dataDir, runs, ...variables] = process.argv.slice(2);
const env = Object.fromEntries(variables.map((variable) => variable.split('=')));
const lives = [];
const readies = [];
for (let run = 0; run < Number(runs); run++) {
  const udc = await startUdc(binary, dataDir, env, 60_000);
  await stop(udc);
  lives.push(udc.live);
  readies.push(udc.ready);
  const loads = udc.summary.sources.map((source) => `${source.name}:${source.load_ms}`).join(' ');
  console.log(`live ${udc.live.toFixed(1)} ready ${udc.ready.toFixed(1)} ${loads}`);
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(`min live ${Math.min(...lives).toFixed(1)} ready ${Math.min(...readies).toFixed(1)}; median live ${median(lives).toFixed(1)} ready ${median(readies).toFixed(1)}`);
