// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE (wide: SUBOBJECT SOURCE between OBJECT and MESSAGE,
// FIRST SEEN COUNT NAME after it). As upstream's printEvent for core/v1 Events; NAME is the name column but last.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince } from './duration.js';
import { column, nameColumn } from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** The parts of a core/v1 Event the printer reads. */
export interface EventLike extends KubeObject {
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/** Event columns, in upstream's order. */
export const eventColumns: TableColumnDefinition[] = [
  column('Last Seen', 'string', 'When the event was last observed.'),
  column('Type', 'string', 'Normal or Warning.'),
  column('Reason', 'string', 'A short, machine-readable reason for the event.'),
  column('Object', 'string', 'The object the event is about, as kind/name.'),
  column('Subobject', 'string', 'The part of the object, such as a container, the event is about.', 1),
  column('Source', 'string', 'The component (and host) that reported the event.', 1),
  column('Message', 'string', 'A human-readable description of the event.'),
  column('First Seen', 'string', 'When the event was first observed.', 1),
  column('Count', 'string', 'How many times the event has occurred.', 1),
  nameColumn(1),
];

/** "kubelet, node-1": component and host, each falling back to the reporting controller and instance. */
export function eventSource(event: EventLike): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** "pod/web-1" (kind lower-cased), or just the kind when the object has no name. */
export function eventObject(event: EventLike): string {
  const kind = (event.involvedObject?.kind ?? '').toLowerCase();
  const name = event.involvedObject?.name;
  return name ? `${kind}/${name}` : kind;
}

/** One event row. */
export function printEvent(object: KubeObject, now: Date): PrintedRow {
  const event = object as EventLike;
  // Events of the newer API may carry only eventTime, or a series instead of lastTimestamp and count.
  const firstSeen = translateTimestampSince(event.firstTimestamp || event.eventTime, now);
  let lastSeen = event.lastTimestamp ? translateTimestampSince(event.lastTimestamp, now) : firstSeen;
  let count = event.count || 1;
  if (event.series) {
    lastSeen = translateTimestampSince(event.series.lastObservedTime, now);
    count = event.series.count ?? 0;
  }
  return {
    cells: [
      lastSeen,
      event.type ?? '',
      event.reason ?? '',
      eventObject(event),
      event.involvedObject?.fieldPath ?? '',
      eventSource(event),
      (event.message ?? '').trim(),
      firstSeen,
      count,
      event.metadata.name ?? '',
    ],
  };
}
