// `npm run bench`: every benchmark, figures printed as a table and written to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apiServerBench } from './apiserver.js';
import { bundleSize } from './bundle-size.js';
import { cellLatency } from './cell-latency.js';
import { idleRss } from './idle-rss.js';
import { schedulerBench } from './scheduler.js';
import { schedulerCycleBench } from './scheduler-cycle.js';
import { statusStartup } from './startup.js';
import { storeThroughput } from './store-throughput.js';
import { terminalPrompt } from './terminal-prompt.js';
import type { BenchResult } from './stats.js';

const RESULTS = resolve(import.meta.dirname, 'results');

/** Benchmarks by name; `npm run bench -- api store` runs only those named. */
const BENCHES: Record<string, () => Promise<BenchResult | BenchResult[]> | BenchResult> = {
  bundle: bundleSize,
  cells: cellLatency,
  terminal: terminalPrompt,
  store: storeThroughput,
  api: apiServerBench,
  scheduler: schedulerBench,
  cycle: schedulerCycleBench,
  startup: statusStartup,
  rss: idleRss,
};
const wanted = process.argv.slice(2);
const results: BenchResult[] = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length === 0 || wanted.includes(name)) results.push(...[await bench()].flat());
}
mkdirSync(RESULTS, { recursive: true });
for (const result of results) {
  const file = result.name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  writeFileSync(
    join(RESULTS, `${file}.json`),
    JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2) + '\n',
  );
  const figures = Object.entries(result.figures)
    .map(([key, value]) => `${key}=${Number.isInteger(value) ? value : value.toFixed(2)}`)
    .join('  ');
  console.log(`${result.name} [${result.unit}, ${result.runs} runs]\n  ${figures}\n  reference: ${result.reference}`);
}
process.exit(0);
