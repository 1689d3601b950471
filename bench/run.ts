// `npm run bench`: every benchmark, figures printed as a table and written to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleSize } from './bundle-size.js';
import { cellLatency } from './cell-latency.js';
import { storeThroughput } from './store-throughput.js';
import type { BenchResult } from './stats.js';

const RESULTS = resolve(import.meta.dirname, 'results');

const results: BenchResult[] = [bundleSize(), await cellLatency(), await storeThroughput()];
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
