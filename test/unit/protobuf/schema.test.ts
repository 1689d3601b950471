import { describe, expect, it } from 'vitest';
import { KIND_MESSAGES, MESSAGES, SCHEMA_GROUPS } from '../../../server/apiserver/protobuf/schema-kinds.js';
import type { FieldType } from '../../../server/apiserver/protobuf/schema-types.js';

const rows = Object.entries(MESSAGES).flatMap(([message, schema]) =>
  Object.entries(schema).map(([number, row]) => ({ message, number, row })),
);

function referencedMessage(type: FieldType): string | undefined {
  return /message:(\w+)/.exec(type)?.[1];
}

describe('protobuf schema tables', () => {
  it('define each message name in one group only', () => {
    const names = SCHEMA_GROUPS.flatMap((group) => Object.keys(group));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('refer only to messages they define', () => {
    const missing = rows
      .map(({ message, number, row }) => ({ at: `${message}.${number}`, target: referencedMessage(row[1]) }))
      .filter(({ target }) => target !== undefined && !MESSAGES[target]);
    expect(missing).toEqual([]);
  });

  it('map every supported kind to a defined message', () => {
    expect(Object.values(KIND_MESSAGES).filter((message) => !MESSAGES[message])).toEqual([]);
  });

  it('inline only plain message fields, and mark maps neither repeated nor inline', () => {
    const wrong = rows.filter(({ row: [, type, ...flags] }) =>
      type.startsWith('map<')
        ? flags.includes('repeated') || flags.includes('inline')
        : flags.includes('inline') && (!type.startsWith('message:') || flags.includes('repeated')),
    );
    expect(wrong).toEqual([]);
  });

  it('give every field of a message its own JSON name', () => {
    const clashes = Object.entries(MESSAGES).filter(([, schema]) => {
      const names = Object.values(schema).map(([json]) => json);
      return new Set(names).size !== names.length;
    });
    expect(clashes).toEqual([]);
  });
});
