import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../server/lab/lessons/parse.js';

const lesson = (body: string, front = 'title: Namespaces\nsummary: Processes that see their own world.') =>
  `---\n${front}\n---\n${body}`;

describe('parseLesson', () => {
  it('reads the front matter and renders prose as HTML', () => {
    const parsed = parseLesson(lesson('# Why\n\nA *process* is all there is.\n'));
    expect(parsed).toMatchObject({ title: 'Namespaces', summary: 'Processes that see their own world.', errors: [] });
    expect(parsed.blocks).toEqual([{ kind: 'markdown', html: expect.stringContaining('<em>process</em>') }]);
  });

  it('turns fenced blocks with an action into cells, numbering those without an id', () => {
    const parsed = parseLesson(
      lesson(
        '```sh run\necho one\n```\ntext\n```c run id=clone timeout=5\nint main(){}\n```\n```yaml apply\nkind: Pod\n```\n',
      ),
    );
    expect(parsed.errors).toEqual([]);
    const cells = parsed.blocks.filter((b) => b.kind === 'cell');
    expect(cells).toEqual([
      {
        kind: 'cell',
        id: 'cell-1',
        language: 'sh',
        action: 'run',
        source: 'echo one',
        options: { timeoutSeconds: 60, background: false },
      },
      {
        kind: 'cell',
        id: 'clone',
        language: 'c',
        action: 'run',
        source: 'int main(){}',
        options: { timeoutSeconds: 5, background: false },
      },
      {
        kind: 'cell',
        id: 'cell-3',
        language: 'yaml',
        action: 'apply',
        source: 'kind: Pod',
        options: { timeoutSeconds: 60, background: false },
      },
    ]);
  });

  it('gives background cells no time limit and keeps a node option', () => {
    const [cell] = parseLesson(lesson('```sh run background node=node-2\nsleep infinity\n```\n')).blocks;
    expect(cell).toMatchObject({ options: { timeoutSeconds: null, background: true, node: 'node-2' } });
  });

  it('places check blocks with their exercise text', () => {
    const [check] = parseLesson(lesson('```check pid-namespace\nStart a **shell**.\n```\n')).blocks;
    expect(check).toEqual({
      kind: 'check',
      id: 'pid-namespace',
      html: expect.stringContaining('<strong>shell</strong>'),
    });
  });

  it('leaves code blocks without an action in the prose, including fences nested in longer fences', () => {
    const parsed = parseLesson(lesson('````md\n```sh run\nnot a cell\n```\n````\n\n```sh\nls\n```\n'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.blocks).toHaveLength(1);
    expect(parsed.blocks[0]).toMatchObject({ kind: 'markdown', html: expect.stringContaining('not a cell') });
  });

  it.each([
    ['no front matter', '# Title only\n', 'must start with front matter'],
    ['front matter never closed', '---\ntitle: x\n', 'never closed with ---'],
    ['front matter that is not YAML', lesson('', 'title: [oops'), 'front matter is not valid YAML'],
    ['no title', lesson('', 'summary: only'), 'front matter needs a title'],
    ['an unknown language', lesson('```rust run\nfn main(){}\n```\n'), 'unknown cell language "rust"'],
    ['the wrong action', lesson('```sh apply\nls\n```\n'), '"sh" cells use "run", not "apply"'],
    ['an unknown option', lesson('```sh run colour=red\nls\n```\n'), 'unknown or malformed cell option "colour=red"'],
    ['a bad timeout', lesson('```sh run timeout=soon\nls\n```\n'), 'unknown or malformed cell option "timeout=soon"'],
    ['a check without an id', lesson('```check\n```\n'), 'a check block needs an id'],
    ['a duplicate id', lesson('```sh run id=a\nls\n```\n```check a\n```\n'), 'id "a" is used twice'],
    ['an unclosed fence', lesson('```sh run\nls\n'), 'never closed'],
  ])('reports %s as an error with its line', (_name, text, message) => {
    const parsed = parseLesson(text);
    expect(parsed.errors.map((e) => e.message).join('\n')).toContain(message);
    expect(parsed.errors.every((e) => e.line >= 1)).toBe(true);
  });

  it('reports the line of the offending fence', () => {
    const parsed = parseLesson(lesson('text\n\n```sh run nope\nls\n```\n'));
    expect(parsed.errors).toEqual([{ line: 7, message: expect.stringContaining('"nope"') }]);
  });
});
