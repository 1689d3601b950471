// Cell formatting shared by the printers: placeholders, label maps, label selectors, container lists, and the
// columns every printer starts and ends with. Mirrors helpers of upstream's printers.go and apimachinery's labels.

import type { TableColumnDefinition } from './types.js';

/** Shown where a value is absent (no selector, no IP, no roles). */
export const NONE = '<none>';

/** Shown where an optional field is not set at all (a nil pointer upstream). */
export const UNSET = '<unset>';

// ObjectMeta's own field documentation, as upstream's column descriptions quote it.
const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow ' +
  'a client to request the generation of an appropriate name automatically. Name is primarily intended for ' +
  'creation idempotence and configuration definition. Cannot be updated. More info: ' +
  'https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not ' +
  'guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is ' +
  'represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: ' +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** Builds a column definition; `priority: 1` makes it a `-o wide` column. */
export function column(
  name: string,
  type: TableColumnDefinition['type'],
  description: string,
  priority = 0,
  format = '',
): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** The NAME column (format "name", which kubectl treats as the object's name). */
export const nameColumn = (priority = 0): TableColumnDefinition =>
  column('Name', 'string', NAME_DESCRIPTION, priority, 'name');

/** The AGE column: creationTimestamp rendered with humanDuration. */
export const ageColumn = (): TableColumnDefinition => column('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);

/** The CREATED AT column of upstream's default table (resources without a printer). */
export const createdAtColumn = (): TableColumnDefinition =>
  column('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION);

/** The CONTAINERS and IMAGES wide columns of every workload. */
export const containerColumns = (): TableColumnDefinition[] => [
  column('Containers', 'string', 'Names of each container in the template.', 1),
  column('Images', 'string', 'Images referenced by each container in the template.', 1),
];

/** A container as far as the workload printers look. */
export interface ContainerLike {
  name?: string;
  image?: string;
}

/** Container names and images, each comma-joined: upstream's layoutContainerCells. */
export function layoutContainerCells(containers: readonly ContainerLike[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** "k1=v1,k2=v2" sorted by key, or "<none>": apimachinery's labels.FormatLabels. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return NONE;
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/** metav1.LabelSelector as it appears on the wire. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * The selector in label-query syntax ("app=web,tier in (a,b),!legacy"), requirements sorted by key, as
 * metav1.LabelSelectorAsSelector(...).String(). Undefined when the selector is invalid; "" when it selects
 * nothing (absent) or everything (empty).
 */
export function labelSelectorString(selector: LabelSelector | undefined | null): string | undefined {
  if (!selector) return '';
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const sorted = [...values].sort().join(',');
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return undefined;
        requirements.push({ key, text: `${key} ${operator.toLowerCase()} (${sorted})` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        requirements.push({ key, text: operator === 'Exists' ? key : `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(',');
}

/** The selector for a SELECTOR column: "<none>" when empty, "<error>" when invalid (metav1.FormatLabelSelector). */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? NONE : text;
}

/** Joins the first `max` items and appends " + N more..."; "<unset>" when empty (upstream's listWithMoreString). */
export function listWithMore(items: readonly string[], max = 3): string {
  if (items.length === 0) return UNSET;
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

/** "True"/"False" for a set boolean, "<unset>" otherwise (upstream's printBoolPtr). */
export function printBoolPtr(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return UNSET;
  return value ? 'True' : 'False';
}
