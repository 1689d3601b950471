import { describe, expect, it } from 'vitest';
import {
  formatFieldSelector,
  matchesFieldSelector,
  objectFields,
  parseFieldSelector,
  validateFieldSelector,
} from '../../../server/api/fields.js';
import type { KubeObject } from '../../../server/api/meta.js';

const parsed = (text: string) => {
  const result = parseFieldSelector(text);
  if (!result.ok) throw new Error(result.error);
  return result.selector;
};

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'node-a', restartPolicy: 'Always', schedulerName: 'default-scheduler' },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] },
};

const event: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-1.abc', namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u-1' },
  reason: 'Scheduled',
  type: 'Normal',
  source: { component: 'default-scheduler' },
};

describe('parseFieldSelector', () => {
  it.each([
    ['', ''],
    ['metadata.name=web', 'metadata.name=web'],
    ['metadata.name==web', 'metadata.name=web'],
    ['status.phase!=Failed,spec.nodeName=n1', 'spec.nodeName=n1,status.phase!=Failed'],
    ['a=x\\,y\\=z\\\\', 'a=x\\,y\\=z\\\\'],
  ])('parses %j and formats it back as %j', (text, expected) => {
    expect(formatFieldSelector(parsed(text))).toBe(expected);
  });

  it('unescapes values', () => {
    expect(parsed('a=x\\,y')).toEqual([{ field: 'a', operator: '=', value: 'x,y' }]);
  });

  it.each([
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: ='],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
  ])('rejects %j', (text, error) => {
    expect(parseFieldSelector(text)).toEqual({ ok: false, error });
  });
});

describe('field selectors against objects', () => {
  it.each([
    ['pods', pod, 'spec.nodeName=node-a,status.phase!=Succeeded,status.phase!=Failed', true],
    ['pods', pod, 'spec.nodeName=node-b', false],
    ['pods', pod, 'status.podIP=10.0.0.5,metadata.namespace=default', true],
    ['pods', pod, 'metadata.name=web-1', true],
    ['pods', pod, 'spec.hostNetwork=false', true],
    ['events', event, 'involvedObject.kind=Pod,involvedObject.name=web-1,involvedObject.uid=u-1', true],
    ['events', event, 'source=default-scheduler,type=Normal,reason=Scheduled', true],
    ['events', event, 'involvedObject.name=web-2', false],
  ])('%s %j matches %j: %s', (resource, obj, text, expected) => {
    expect(matchesFieldSelector(parsed(text), objectFields(resource, obj))).toBe(expected);
  });

  it.each([
    ['pods', true, 'spec.nodeName=a,status.phase=Running', undefined],
    ['pods', true, 'spec.foo=x', 'field label not supported: spec.foo'],
    ['nodes', false, 'spec.unschedulable=true', undefined],
    ['nodes', false, 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['secrets', true, 'type=Opaque', undefined],
    ['jobs', true, 'status.successful=1', undefined],
    ['configmaps', true, 'data=x', 'field label not supported: data'],
  ])('%s (namespaced: %s) with %j → %s', (resource, namespaced, text, error) => {
    expect(validateFieldSelector(resource, namespaced, parsed(text))).toBe(error);
  });
});
