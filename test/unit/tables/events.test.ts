import { describe, expect, it } from 'vitest';
import { eventColumns, type EventLike, printEvent } from '../../../server/apiserver/tables/events.js';

const now = new Date('2024-05-01T12:00:00Z');

function event(fields: Partial<EventLike>): EventLike {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.17c3a', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
    type: 'Normal',
    reason: 'Pulled',
    message: 'Successfully pulled image "nginx"\n',
    source: { component: 'kubelet', host: 'node-1' },
    ...fields,
  };
}

describe('printEvent', () => {
  it('has the columns of kubectl get events, NAME last and wide', () => {
    expect(eventColumns.map((c) => `${c.name}:${c.priority}:${c.format}`)).toEqual([
      'Last Seen:0:',
      'Type:0:',
      'Reason:0:',
      'Object:0:',
      'Subobject:1:',
      'Source:1:',
      'Message:0:',
      'First Seen:1:',
      'Count:1:',
      'Name:1:name',
    ]);
  });

  it.each([
    {
      why: 'a repeated kubelet event',
      fields: { firstTimestamp: '2024-05-01T11:00:00Z', lastTimestamp: '2024-05-01T11:58:00Z', count: 4 },
      want: [
        '2m',
        'Normal',
        'Pulled',
        'pod/web-1',
        'spec.containers{app}',
        'kubelet, node-1',
        'Successfully pulled image "nginx"',
        '60m',
        4,
        'web-1.17c3a',
      ],
    },
    {
      why: 'a singleton event of the newer API with eventTime only',
      fields: {
        eventTime: '2024-05-01T11:59:30Z',
        source: {},
        reportingComponent: 'default-scheduler',
        involvedObject: { kind: 'Pod', name: 'web-1' },
        reason: 'Scheduled',
        message: 'Successfully assigned default/web-1 to node-1',
      },
      want: [
        '30s',
        'Normal',
        'Scheduled',
        'pod/web-1',
        '',
        'default-scheduler',
        'Successfully assigned default/web-1 to node-1',
        '30s',
        1,
        'web-1.17c3a',
      ],
    },
    {
      why: 'a series event',
      fields: {
        eventTime: '2024-05-01T11:00:00Z',
        series: { count: 7, lastObservedTime: '2024-05-01T11:59:00Z' },
        source: {},
        reportingComponent: 'kubelet',
        reportingInstance: 'node-2',
        type: 'Warning',
        reason: 'BackOff',
      },
      want: [
        '60s',
        'Warning',
        'BackOff',
        'pod/web-1',
        'spec.containers{app}',
        'kubelet, node-2',
        'Successfully pulled image "nginx"',
        '60m',
        7,
        'web-1.17c3a',
      ],
    },
    {
      why: 'an event about a whole kind without timestamps',
      fields: { involvedObject: { kind: 'Node' }, source: { component: 'kubelet' }, reason: 'Starting' },
      want: [
        '<unknown>',
        'Normal',
        'Starting',
        'node',
        '',
        'kubelet',
        'Successfully pulled image "nginx"',
        '<unknown>',
        1,
        'web-1.17c3a',
      ],
    },
  ])('prints $why', ({ fields, want }) => {
    expect(printEvent(event(fields), now).cells).toEqual(want);
  });
});
