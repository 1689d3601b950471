import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import {
  applyDefaults,
  strategyFor,
  validateForCreate,
  validateForUpdate,
} from '../../../server/apiserver/registry/strategies.js';
import { RESOURCES } from '../../../server/apiserver/resources.js';
import { addDefaultTolerations } from '../../../server/apiserver/registry/admission/default-toleration-seconds.js';
import type { Pod } from '../../../server/api/types/core.js';
import { errorString, invalidMessage, toCause } from '../../../server/apiserver/validation/index.js';

/** The served resource with this plural. */
const ref = (resource: string) => RESOURCES.find((info) => info.resource === resource)!;
/** Defaulted and given what the strategy's PrepareForCreate sets (a Job's generated selector). */
const preparedForCreate = (resource: string, obj: KubeObject) => {
  const prepared = applyDefaults(resource, obj);
  strategyFor(ref(resource)).prepareForCreate?.(prepared);
  return prepared;
};
const validateCreate = (resource: string, obj: KubeObject) => validateForCreate(ref(resource), obj);
const validateUpdate = (resource: string, obj: KubeObject, old: KubeObject) =>
  validateForUpdate(ref(resource), obj, old);

const podSpec = (extra: Record<string, unknown> = {}) => ({
  containers: [{ name: 'web', image: 'nginx:1.27' }],
  ...extra,
});
const object = (
  kind: string,
  name: string,
  body: Record<string, unknown>,
  namespace: string | undefined = 'default',
): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: namespace ? { name, namespace } : { name },
  ...body,
});
const deployment = (spec: Record<string, unknown>) =>
  applyDefaults(
    'deployments',
    object('Deployment', 'web', {
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: podSpec() },
        ...spec,
      },
    }),
  );
/** A pod as a create stores it: defaulted, with the tolerations DefaultTolerationSeconds adds. */
const pod = (spec: Record<string, unknown>, name = 'web') => {
  const created = applyDefaults('pods', object('Pod', name, { spec }));
  addDefaultTolerations(created as Pod);
  return created;
};
const messages = (errors: ReturnType<typeof validateCreate>) => errors.map(errorString);

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end " +
  "with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('validateCreate', () => {
  it.each([
    ['a valid Pod', 'pods', pod(podSpec()), []],
    ['a valid Deployment', 'deployments', deployment({}), []],
    [
      'a Pod with an upper-case name',
      'pods',
      pod(podSpec(), 'Web'),
      [`metadata.name: Invalid value: "Web": ${SUBDOMAIN_MESSAGE}`],
    ],
    ['a Pod without containers', 'pods', pod({ containers: [] }), ['spec.containers: Required value']],
    [
      'a Pod with a nameless, imageless container',
      'pods',
      pod({ containers: [{ name: '' }] }),
      ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value'],
    ],
    [
      'a Pod with duplicate container names and port names',
      'pods',
      pod({
        containers: [
          {
            name: 'a',
            image: 'x',
            ports: [
              { name: 'http', containerPort: 80 },
              { name: 'http', containerPort: 81 },
            ],
          },
          { name: 'a', image: 'y' },
        ],
      }),
      ['spec.containers[0].ports[1].name: Duplicate value: "http"', 'spec.containers[1].name: Duplicate value: "a"'],
    ],
    [
      'a Pod whose request exceeds its limit',
      'pods',
      pod(
        podSpec({
          containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } }],
        }),
      ),
      [
        'spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 500m',
      ],
    ],
    [
      'a Pod with an unknown restart policy and a missing volume',
      'pods',
      pod({
        restartPolicy: 'Sometimes',
        containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }] }],
      }),
      [
        'spec.containers[0].volumeMounts[0].name: Not found: "data"',
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    ],
    [
      'a Deployment without a selector',
      'deployments',
      deployment({ selector: undefined }),
      ['spec.selector: Required value'],
    ],
    [
      'a Deployment whose selector does not match its template',
      'deployments',
      deployment({ selector: { matchLabels: { app: 'x' } } }),
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'a Deployment with restartPolicy Never and maxSurge and maxUnavailable 0',
      'deployments',
      deployment({
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
        template: { metadata: { labels: { app: 'web' } }, spec: podSpec({ restartPolicy: 'Never' }) },
      }),
      [
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
      ],
    ],
    [
      'a Job whose pods would restart Always',
      'jobs',
      preparedForCreate('jobs', {
        ...object('Job', 'pi', { spec: { template: { spec: podSpec() } } }),
        metadata: { name: 'pi', namespace: 'default', uid: 'u' },
      }),
      ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'],
    ],
    [
      'a CronJob with a bad schedule',
      'cronjobs',
      applyDefaults(
        'cronjobs',
        object('CronJob', 'c', {
          spec: {
            schedule: 'hourly',
            jobTemplate: { spec: { template: { spec: podSpec({ restartPolicy: 'Never' }) } } },
          },
        }),
      ),
      ['spec.schedule: Invalid value: "hourly": expected exactly 5 fields, found 1: [hourly]'],
    ],
    [
      'a Service named like a number, with two unnamed ports',
      'services',
      applyDefaults('services', object('Service', '1web', { spec: { ports: [{ port: 80 }, { port: 443 }] } })),
      [
        'metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', ' +
          "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', " +
          "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        'spec.ports[0].name: Required value',
        'spec.ports[1].name: Required value',
      ],
    ],
    [
      'a Service without ports',
      'services',
      applyDefaults('services', object('Service', 's', { spec: {} })),
      ['spec.ports: Required value'],
    ],
    [
      'a headless Service without ports',
      'services',
      applyDefaults('services', object('Service', 's', { spec: { clusterIP: 'None' } })),
      [],
    ],
    [
      'a namespace with a dot and a namespace field',
      'namespaces',
      object('Namespace', 'a.b', {}, 'x'),
      [
        'metadata.name: Invalid value: "a.b": must not contain dots',
        'metadata.namespace: Forbidden: not allowed on this type',
      ],
    ],
    [
      'a ConfigMap with a bad label value',
      'configmaps',
      {
        ...object('ConfigMap', 'c', { data: { 'a/b': '1' } }),
        metadata: { name: 'c', namespace: 'default', labels: { app: '-x' } },
      },
      [
        'metadata.labels: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, ' +
          "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or " +
          "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' " +
          "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
  ])('%s', (_name, resource, obj, expected) => {
    expect(messages(validateCreate(resource, obj))).toEqual(expected);
  });
});

describe('validateUpdate', () => {
  const withSpec = (obj: KubeObject, spec: Record<string, unknown>) => ({
    ...obj,
    spec: { ...(obj.spec as object), ...spec },
  });
  const basePod = pod(podSpec({ nodeName: 'node-a' }));
  it.each([
    [
      'a Pod image change',
      'pods',
      withSpec(basePod, {
        containers: [{ ...(basePod.spec as { containers: object[] }).containers[0], image: 'nginx:1.28' }],
      }),
      basePod,
      [],
    ],
    [
      'an added toleration',
      'pods',
      withSpec(basePod, {
        tolerations: [...(basePod.spec as { tolerations: object[] }).tolerations, { key: 'k', operator: 'Exists' }],
      }),
      basePod,
      [],
    ],
    ['a Deployment scale', 'deployments', withSpec(deployment({}), { replicas: 5 }), deployment({}), []],
  ])('allows %s', (_name, resource, next, old, expected) => {
    expect(messages(validateUpdate(resource, next, old))).toEqual(expected);
  });

  it.each([
    [
      'a Pod node change',
      'pods',
      withSpec(basePod, { nodeName: 'node-b' }),
      basePod,
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`',
    ],
    [
      'a rename',
      'pods',
      { ...basePod, metadata: { ...basePod.metadata, name: 'other' } },
      basePod,
      'metadata.name: Invalid value: "other": field is immutable',
    ],
    [
      'a Deployment selector change',
      'deployments',
      deployment({
        selector: { matchLabels: { app: 'web', tier: 'x' } },
        template: { metadata: { labels: { app: 'web', tier: 'x' } }, spec: podSpec() },
      }),
      deployment({}),
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ],
    [
      'a Service cluster IP change',
      'services',
      object('Service', 's', {
        spec: { clusterIP: '10.43.0.2', clusterIPs: ['10.43.0.2'], ports: [{ port: 80, protocol: 'TCP' }] },
      }),
      object('Service', 's', {
        spec: { clusterIP: '10.43.0.1', clusterIPs: ['10.43.0.1'], ports: [{ port: 80, protocol: 'TCP' }] },
      }),
      'spec.clusterIPs[0]: Invalid value: []string{"10.43.0.2"}: may not change once set',
    ],
  ])('refuses %s', (_name, resource, next, old, expected) => {
    expect(messages(validateUpdate(resource, next, old)).join('\n')).toContain(expected);
  });
});

describe('Invalid status helpers', () => {
  it('words the message and causes as upstream', () => {
    const errors = validateCreate('deployments', deployment({ selector: { matchLabels: { app: 'x' } } }));
    expect(invalidMessage('Deployment', 'apps', 'web', errors)).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
    expect(errors.map(toCause)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message: 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      },
    ]);
  });

  it('brackets several errors', () => {
    const errors = validateCreate('pods', pod({ containers: [{ name: '' }] }));
    expect(invalidMessage('Pod', '', 'web', errors)).toBe(
      'Pod "web" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    );
  });
});
