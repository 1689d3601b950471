// `kubelab check <chapter>`: the same checks the workbook runs, against the same working directory, printed for
// a terminal. Exits non-zero when any check fails, so graders and scripts can use it.
import { join } from 'node:path';
import type { CheckResult } from '../protocol/checks.js';
import { runCheck } from '../lab/checks/run.js';
import { ChapterCatalog } from '../lab/lessons/catalog.js';
import type { KubelabConfig } from './config.js';

export async function checkCommand(config: KubelabConfig, args: string[]): Promise<number> {
  const json = args.includes('--json');
  const wanted = args.find((arg) => !arg.startsWith('--'));
  const catalog = new ChapterCatalog(config.labsDir);
  const ids = await catalog.ids();
  const id = ids.find(
    (candidate) => candidate === wanted || candidate.slice(3) === wanted || candidate.slice(0, 2) === wanted,
  );
  if (!wanted || !id) {
    console.error(`usage: kubelab check <chapter> [--json]   chapters: ${ids.join(', ')}`);
    return 2;
  }
  const loaded = (await catalog.get(id))!;
  for (const error of loaded.chapter.errors) console.error(`${id}/lesson.md:${error.line}: ${error.message}`);
  const workDir = join(config.stateDir, 'work', id);
  const results: CheckResult[] = [];
  for (const check of loaded.checks) results.push(await runCheck(check, { workDir, chapterDir: loaded.dir }));
  if (json) console.log(JSON.stringify(results, null, 2));
  else process.stdout.write(formatResults(loaded.chapter.title, results, colorFor(process.stdout, process.env)));
  return results.every((result) => result.passed) && loaded.chapter.errors.length === 0 ? 0 : 1;
}

/** Colour only for a person at a terminal: not when piped or redirected, nor when NO_COLOR is set (no-color.org). */
export function colorFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** The check results as `kubelab check` prints them, with ANSI colours only when `color` is true. */
export function formatResults(title: string, results: CheckResult[], color: boolean): string {
  const paint = (code: number) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const green = paint(32);
  const red = paint(31);
  const lines = ['', title, ''];
  for (const result of results) {
    lines.push(`${result.passed ? green('PASS') : red('FAIL')}  ${result.title}  (${result.points} points)`);
    for (const c of result.criteria) {
      lines.push(`   ${c.passed ? green('✓') : red('✗')} ${c.name}`);
      if (!c.passed) lines.push(`       expected: ${c.expected}`, `       actual:   ${c.actual}`);
    }
    if (result.error) lines.push(`   ${red(result.error)}`);
    if (!result.passed) lines.push(`   hint: ${result.hint}`);
  }
  const earned = results.filter((r) => r.passed).reduce((sum, r) => sum + r.points, 0);
  const total = results.reduce((sum, r) => sum + r.points, 0);
  lines.push(
    '',
    `${results.filter((r) => r.passed).length}/${results.length} checks passed, ${earned}/${total} points`,
    '',
  );
  return lines.join('\n') + '\n';
}
