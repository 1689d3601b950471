/** One benchmark's figures, written to bench/results/<name>.json and shown in the table `npm run bench` prints. */
export interface BenchResult {
  name: string;
  unit: string;
  runs: number;
  figures: Record<string, number>;
  reference: string;
}

export function percentile(values: number[], p: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
