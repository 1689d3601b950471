// The course's own lessons: a student reads "Exercise 1, 2, 3" top to bottom, so the numbers follow the page.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LABS_DIR = resolve(import.meta.dirname, '../../../labs');
const chapters = readdirSync(LABS_DIR).filter((name) => /^\d{2}-/.test(name));

/** The numbers of the "Exercise N" headings, in the order the lesson shows them. */
function exerciseNumbers(chapter: string): number[] {
  const lesson = readFileSync(join(LABS_DIR, chapter, 'lesson.md'), 'utf8');
  return [...lesson.matchAll(/^#+ Exercise (\d+)\b/gm)].map((match) => Number(match[1]));
}

describe('exercise numbering', () => {
  it.each(chapters)('numbers the exercises of %s 1, 2, 3, … in the order the lesson shows them', (chapter) => {
    const numbers = exerciseNumbers(chapter);
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
  });

  it('finds the exercises of chapter 1', () => {
    expect(exerciseNumbers('01-namespaces')).toHaveLength(5);
  });
});
