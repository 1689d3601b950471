// The chapters under labs/: each folder NN-slug holds lesson.md and checks.ts. Read on demand, so an author's edit
// shows on the next page load; a broken chapter carries its errors instead of taking the workbook down.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Chapter, LessonError } from '../../protocol/lesson.js';
import type { Check } from '../checks/define.js';
import { parseLesson } from './parse.js';

const CHAPTER_DIR = /^(\d{2})-[a-z0-9-]+$/;

/** A chapter as the lab server uses it: what the browser sees plus where it lives and its check code. */
export interface LoadedChapter {
  chapter: Chapter;
  order: number;
  dir: string;
  checks: Check[];
}

export class ChapterCatalog {
  constructor(private readonly labsDir: string) {}

  /** Chapter ids in course order. */
  async ids(): Promise<string[]> {
    const entries = await readdir(this.labsDir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && CHAPTER_DIR.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  /** Every chapter, loaded. */
  async all(): Promise<LoadedChapter[]> {
    return Promise.all((await this.ids()).map((id) => this.load(id)));
  }

  /** One chapter, or null when there is no such chapter. */
  async get(id: string): Promise<LoadedChapter | null> {
    return (await this.ids()).includes(id) ? this.load(id) : null;
  }

  private async load(id: string): Promise<LoadedChapter> {
    const dir = join(this.labsDir, id);
    const errors: LessonError[] = [];
    let text = '';
    try {
      text = await readFile(join(dir, 'lesson.md'), 'utf8');
    } catch {
      errors.push({ line: 0, message: `${id}/lesson.md cannot be read` });
    }
    const lesson = parseLesson(text);
    errors.push(...lesson.errors);
    const checks = await loadChecks(dir, errors);
    const known = new Set(checks.map((check) => check.id));
    for (const block of lesson.blocks) {
      if (block.kind === 'check' && !known.has(block.id)) {
        errors.push({ line: 0, message: `the lesson places check "${block.id}" but checks.ts does not define it` });
      }
    }
    const chapter: Chapter = {
      id,
      title: lesson.title || id,
      summary: lesson.summary,
      blocks: lesson.blocks,
      checks: checks.map(({ id, title, points, hint }) => ({ id, title, points, hint })),
      errors,
    };
    return { chapter, order: Number(CHAPTER_DIR.exec(id)?.[1] ?? 0), dir, checks };
  }
}

async function loadChecks(dir: string, errors: LessonError[]): Promise<Check[]> {
  try {
    const module = (await import(pathToFileURL(join(dir, 'checks.ts')).href)) as { default?: unknown };
    if (!Array.isArray(module.default)) throw new Error('checks.ts must `export default defineChecks([...])`');
    return module.default as Check[];
  } catch (error) {
    errors.push({ line: 0, message: `checks.ts cannot be loaded: ${(error as Error).message.split('\n')[0]}` });
    return [];
  }
}
