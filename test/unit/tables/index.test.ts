import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import { DEFAULT_PRINTER, PRINTERS, tableFor } from '../../../server/apiserver/tables/index.js';

const now = new Date('2024-05-01T12:00:00Z');

function object(kind: string, fields: Record<string, unknown> = {}, name = 'x'): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      uid: 'u-1',
      resourceVersion: '42',
      labels: { app: 'web' },
      creationTimestamp: '2024-05-01T11:00:00Z',
    },
    ...fields,
  };
}

describe('tableFor', () => {
  const pods = [
    object('Pod', { status: { phase: 'Pending' } }, 'a'),
    object('Pod', { status: { phase: 'Pending' } }, 'b'),
  ];

  it('builds a meta.k8s.io/v1 Table with column definitions and one row per object', () => {
    const table = tableFor('pods', pods, {
      now,
      includeObject: 'Metadata',
      listMeta: { resourceVersion: '99', continue: '' },
    });
    expect(table).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '99', continue: '' },
    });
    expect(table.columnDefinitions?.map((c) => c.name)).toEqual(PRINTERS.pods?.columns.map((c) => c.name));
    expect(table.rows.map((r) => r.cells[0])).toEqual(['a', 'b']);
    expect(table.rows[0]?.cells).toHaveLength(table.columnDefinitions?.length ?? -1);
  });

  it('carries PartialObjectMetadata in each row by default, for -A, -L and --show-labels', () => {
    const table = tableFor('pods', pods, { now, includeObject: 'Metadata' });
    expect(table.rows[0]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: pods[0]?.metadata,
    });
  });

  it('carries the whole object with includeObject=Object and nothing with None', () => {
    expect(tableFor('pods', pods, { now, includeObject: 'Object' }).rows[0]?.object).toBe(pods[0]);
    expect(tableFor('pods', pods, { now, includeObject: 'None' }).rows[0]).not.toHaveProperty('object');
  });

  it('leaves out column definitions for watch events after the first', () => {
    const table = tableFor('pods', pods.slice(0, 1), { now, includeObject: 'Metadata', noHeaders: true });
    expect(table).not.toHaveProperty('columnDefinitions');
    expect(table.rows).toHaveLength(1);
  });

  it('answers an empty list with no rows and empty metadata', () => {
    expect(tableFor('pods', [], { now, includeObject: 'Metadata' })).toMatchObject({ metadata: {}, rows: [] });
  });

  it('falls back to NAME and CREATED AT for resources without a printer', () => {
    const table = tableFor('roles', [object('Role')], { now, includeObject: 'Metadata' });
    expect(table.columnDefinitions).toEqual(DEFAULT_PRINTER.columns);
    expect(table.columnDefinitions?.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    expect(table.rows[0]?.cells).toEqual(['x', '2024-05-01T11:00:00Z']);
  });

  it('does not let a caller change the shared column definitions', () => {
    const table = tableFor('pods', [], { now, includeObject: 'None' });
    table.columnDefinitions![0]!.name = 'Changed';
    expect(PRINTERS.pods?.columns[0]?.name).toBe('Name');
  });

  it('gives every printer a name column and row cells matching its columns', () => {
    for (const [resource, printer] of Object.entries(PRINTERS)) {
      expect(
        printer.columns.filter((c) => c.format === 'name'),
        resource,
      ).toHaveLength(1);
      const cells = printer.row(object('Any'), now).cells;
      expect(cells, resource).toHaveLength(printer.columns.length);
    }
  });

  it.each([
    {
      resource: 'namespaces',
      object: object('Namespace', { status: { phase: 'Active' } }, 'dev'),
      want: ['dev', 'Active', '60m'],
    },
    {
      resource: 'configmaps',
      object: object('ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, 'cfg'),
      want: ['cfg', 3, '60m'],
    },
    { resource: 'configmaps', object: object('ConfigMap', {}, 'empty'), want: ['empty', 0, '60m'] },
    {
      resource: 'secrets',
      object: object('Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, 'tls'),
      want: ['tls', 'kubernetes.io/tls', 2, '60m'],
    },
    {
      resource: 'serviceaccounts',
      object: object('ServiceAccount', {}, 'default'),
      want: ['default', 0, '60m'],
    },
    {
      resource: 'serviceaccounts',
      object: object('ServiceAccount', { secrets: [{ name: 'token' }] }, 'builder'),
      want: ['builder', 1, '60m'],
    },
    {
      resource: 'leases',
      object: object('Lease', { spec: { holderIdentity: 'node-1' } }, 'node-1'),
      want: ['node-1', 'node-1', '60m'],
    },
    { resource: 'leases', object: object('Lease', { spec: {} }, 'free'), want: ['free', '', '60m'] },
    {
      resource: 'priorityclasses',
      object: object(
        'PriorityClass',
        { value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' },
        'system-node-critical',
      ),
      want: ['system-node-critical', 2000001000, false, '60m', 'PreemptLowerPriority'],
    },
    {
      resource: 'priorityclasses',
      object: object('PriorityClass', { value: 100, globalDefault: true }, 'default'),
      want: ['default', 100, true, '60m', ''],
    },
  ])('prints $resource $want', ({ resource, object, want }) => {
    expect(tableFor(resource, [object], { now, includeObject: 'None' }).rows[0]?.cells).toEqual(want);
  });
});
