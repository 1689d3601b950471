// Parses a lesson.md: YAML front matter, Markdown, and fenced blocks that are cells (```sh run) or checks (```check id).
// Problems come back as a list of errors with line numbers; the parser never throws on bad input.
import { Marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import {
  CELL_LANGUAGES,
  type CellLanguage,
  type CellOptions,
  type LessonBlock,
  type LessonError,
} from '../../protocol/lesson.js';

export interface ParsedLesson {
  title: string;
  summary: string;
  blocks: LessonBlock[];
  errors: LessonError[];
}

const DEFAULT_TIMEOUT_SECONDS = 60;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;

const markdown = new Marked({ gfm: true, async: false });
const render = (text: string) => (text.trim() ? (markdown.parse(text) as string) : '');

interface Fence {
  info: string;
  body: string;
  line: number;
}

/** Parses the text of one lesson file. */
export function parseLesson(text: string): ParsedLesson {
  const errors: LessonError[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { meta, bodyStart } = readFrontMatter(lines, errors);
  const blocks: LessonBlock[] = [];
  const cellIds = new Set<string>();
  let prose: string[] = [];
  const flushProse = () => {
    const html = render(prose.join('\n'));
    if (html) blocks.push({ kind: 'markdown', html });
    prose = [];
  };

  for (let i = bodyStart; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) {
      prose.push(lines[i] ?? '');
      continue;
    }
    const marker = open[1] ?? '```';
    const end = findClosingFence(lines, i + 1, marker);
    if (end === -1) {
      errors.push({ line: i + 1, message: `code block opened here is never closed (expected a line "${marker}")` });
      prose.push(...lines.slice(i));
      break;
    }
    const fence: Fence = { info: (open[2] ?? '').trim(), body: lines.slice(i + 1, end).join('\n'), line: i + 1 };
    const block = toBlock(fence, blocks.filter((b) => b.kind === 'cell').length, errors);
    if (block) {
      if (block.kind !== 'markdown' && cellIds.has(block.id)) {
        errors.push({ line: fence.line, message: `id "${block.id}" is used twice in this lesson` });
      } else {
        flushProse();
        if (block.kind !== 'markdown') cellIds.add(block.id);
        blocks.push(block);
      }
    } else {
      prose.push(...lines.slice(i, end + 1));
    }
    i = end;
  }
  flushProse();
  return { title: meta.title, summary: meta.summary, blocks, errors };
}

function readFrontMatter(
  lines: string[],
  errors: LessonError[],
): { meta: { title: string; summary: string }; bodyStart: number } {
  const meta = { title: '', summary: '' };
  if (lines[0]?.trim() !== '---') {
    errors.push({ line: 1, message: 'the lesson must start with front matter (--- title: ... ---)' });
    return { meta, bodyStart: 0 };
  }
  const close = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (close === -1) {
    errors.push({ line: 1, message: 'front matter opened on line 1 is never closed with ---' });
    return { meta, bodyStart: lines.length };
  }
  let data: unknown;
  try {
    data = parseYaml(lines.slice(1, close).join('\n'));
  } catch (error) {
    errors.push({ line: 2, message: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}` });
    return { meta, bodyStart: close + 1 };
  }
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  if (typeof record.title === 'string' && record.title.trim()) meta.title = record.title.trim();
  else errors.push({ line: 2, message: 'front matter needs a title' });
  if (typeof record.summary === 'string') meta.summary = record.summary.trim();
  return { meta, bodyStart: close + 1 };
}

function findClosingFence(lines: string[], from: number, marker: string): number {
  for (let i = from; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    if (line.startsWith(marker) && /^(`+|~+)$/.test(line) && line[0] === marker[0]) return i;
  }
  return -1;
}

/** A cell, a check, or null for an ordinary code block that stays part of the prose. */
function toBlock(fence: Fence, cellsSoFar: number, errors: LessonError[]): LessonBlock | null {
  const [first = '', second = '', ...rest] = fence.info.split(/\s+/);
  if (first === 'check') {
    if (!ID_PATTERN.test(second)) {
      errors.push({
        line: fence.line,
        message: `a check block needs an id of lowercase letters, digits and dashes: "check ${second}"`,
      });
      return null;
    }
    return { kind: 'check', id: second, html: render(fence.body) };
  }
  if (second !== 'run' && second !== 'apply') return null;
  if (!(first in CELL_LANGUAGES)) {
    const known = Object.keys(CELL_LANGUAGES).join(', ');
    errors.push({ line: fence.line, message: `unknown cell language "${first}" (known: ${known})` });
    return null;
  }
  const language = first as CellLanguage;
  if (CELL_LANGUAGES[language] !== second) {
    errors.push({
      line: fence.line,
      message: `"${language}" cells use "${CELL_LANGUAGES[language]}", not "${second}"`,
    });
    return null;
  }
  const parsed = parseOptions(rest, fence.line, errors);
  if (!parsed) return null;
  const id = parsed.id ?? `cell-${cellsSoFar + 1}`;
  return { kind: 'cell', id, language, action: second, options: parsed.options, source: fence.body };
}

function parseOptions(
  words: string[],
  line: number,
  errors: LessonError[],
): { id?: string; options: CellOptions } | null {
  const options: CellOptions = { timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, background: false };
  let id: string | undefined;
  for (const word of words) {
    const [key, value] = word.split('=', 2);
    if (key === 'background' && value === undefined) {
      options.background = true;
      options.timeoutSeconds = null;
    } else if (key === 'timeout' && value && /^\d+$/.test(value) && Number(value) > 0) {
      options.timeoutSeconds = Number(value);
    } else if (key === 'node' && value && ID_PATTERN.test(value)) {
      options.node = value;
    } else if (key === 'id' && value && ID_PATTERN.test(value)) {
      id = value;
    } else {
      errors.push({
        line,
        message: `unknown or malformed cell option "${word}" (known: id=, timeout=SECONDS, background, node=)`,
      });
      return null;
    }
  }
  return { id, options };
}
