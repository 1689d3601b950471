// Initial JavaScript of the workbook, gzipped: the scripts index.html loads (entry and modulepreloads) before
// Monaco. Reference in the same build: Monaco's own chunks, which must arrive only later, by dynamic import.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from './stats.js';

const DIST = resolve(import.meta.dirname, '../web/dist');

export function bundleSize(): BenchResult {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const all = readdirSync(join(DIST, 'assets')).filter((file) => file.endsWith('.js'));
  const gzipKb = (file: string) => gzipSync(readFileSync(join(DIST, file))).length / 1024;
  const initialKb = initial.reduce((sum, file) => sum + gzipKb(file), 0);
  const laterKb = all
    .filter((file) => !initial.includes(`assets/${file}`))
    .reduce((sum, f) => sum + gzipKb(`assets/${f}`), 0);
  return {
    name: 'initial JavaScript before Monaco (gzipped)',
    unit: 'KiB',
    runs: 1,
    figures: {
      initialKb,
      lazyKb: laterKb,
      initialScripts: initial.length,
      ratioToLazy: initialKb / laterKb,
      target: 300,
    },
    reference: 'the lazily loaded chunks (Monaco and its languages) of the same build',
  };
}
