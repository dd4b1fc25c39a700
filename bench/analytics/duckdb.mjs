// DuckDB's window-function equivalents of UDC's analytics operations on the series the .NET benchmarks read
// (AnalyticsSeries: /tmp/udc-bench/series-1m-seed42/series.csv). Each query runs 2 times to warm up, then 8 timed
// times; the median is printed in milliseconds. The table is loaded once, before any timing, as UDC's is.
import { DuckDBInstance } from '@duckdb/node-api';
import os from 'node:os';
import path from 'node:path';

const csv = process.argv[2] ?? path.join(os.tmpdir(), 'udc-bench', 'series-1m-seed42', 'series.csv');
const threads = process.env.DUCKDB_THREADS ?? '2';

const queries = {
  Latest: `SELECT arg_max(value, ts) FROM series WHERE value IS NOT NULL`,
  TrendDaily: `SELECT day, mean, mean - lag(mean) OVER (ORDER BY day) AS change
               FROM (SELECT date_trunc('day', ts) AS day, avg(value) AS mean FROM series GROUP BY day) ORDER BY day`,
  AnomaliesWindow60: `SELECT count(*) FROM (
                 SELECT value, avg(value) OVER w AS mean, stddev_samp(value) OVER w AS sd, count(value) OVER w AS n
                 FROM series WHERE value IS NOT NULL
                 WINDOW w AS (ORDER BY ts ROWS BETWEEN 60 PRECEDING AND 1 PRECEDING))
               WHERE n >= 3 AND sd > 0 AND abs((value - mean) / sd) > 2`,
  ForecastHourly: `SELECT regr_slope(mean, h) AS slope, regr_intercept(mean, h) AS intercept, regr_count(mean, h) AS n
               FROM (SELECT epoch(date_trunc('hour', ts)) / 3600 AS h, avg(value) AS mean FROM series GROUP BY 1)`,
  Quality: `SELECT count(*) - count(value) AS null_values, max(ts) AS newest, count(*) - (SELECT count(*) FROM (SELECT DISTINCT ts, value FROM series)) AS duplicate_rows,
               quantile_cont(value, 0.25) AS q1, quantile_cont(value, 0.75) AS q3 FROM series`,
  SqlHourlyHaving: `SELECT date_trunc('hour', ts) AS hour, avg(value) AS mean, count(*) AS n FROM series WHERE value > 140 OR value < 90
               GROUP BY hour HAVING count(*) > 5 ORDER BY hour LIMIT 100`,
};

const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
await connection.run(`CREATE TABLE series AS SELECT * FROM read_csv('${csv.replaceAll("'", "''")}', header = true, columns = {'ts': 'TIMESTAMP', 'value': 'DOUBLE'})`);
const rows = (await connection.runAndReadAll('SELECT count(*) FROM series')).getRows()[0][0];
console.log(`duckdb ${(await connection.runAndReadAll('SELECT version()')).getRows()[0][0]}, ${threads} threads, ${rows} rows`);
for (const [name, sql] of Object.entries(queries)) {
  const times = [];
  for (let i = 0; i < 10; i++) {
    const started = process.hrtime.bigint();
    await connection.runAndReadAll(sql);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= 2) {
      times.push(elapsed);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`${name}\t${((times[3] + times[4]) / 2).toFixed(2)} ms (median of 8; min ${times[0].toFixed(2)})`);
}
