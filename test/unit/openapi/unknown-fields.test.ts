import { describe, expect, it } from 'vitest';
import {
  strictDecodingMessage,
  unknownFieldMessage,
  unknownFields,
} from '../../../server/apiserver/openapi/unknown-fields.js';

const nginxDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' }, annotations: { 'example.com/any': 'x' } },
  spec: {
    replicas: 3,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: 'nginx' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            imagePullPolicy: 'IfNotPresent',
            ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          },
        ],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
      },
    },
  },
  status: { replicas: 3, readyReplicas: 3, conditions: [{ type: 'Available', status: 'True' }] },
};

const podWithProbesVolumesEnv = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u', controller: true }] },
  spec: {
    restartPolicy: 'Always',
    volumes: [
      { name: 'config', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a.conf' }] } },
      { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'secret', secret: { secretName: 's', defaultMode: 420 } },
    ],
    initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] }],
    containers: [
      {
        name: 'app',
        image: 'app:1',
        args: ['--port=8080'],
        env: [
          { name: 'PLAIN', value: 'v' },
          { name: 'FROM_FIELD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } },
        ],
        envFrom: [{ configMapRef: { name: 'cfg' } }],
        livenessProbe: {
          httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X', value: 'y' }] },
          periodSeconds: 5,
        },
        readinessProbe: { tcpSocket: { port: 'http' }, initialDelaySeconds: 2 },
        startupProbe: { exec: { command: ['cat', '/ready'] }, failureThreshold: 30 },
        volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
        securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      },
    ],
  },
};

describe('unknownFields', () => {
  it.each([
    ['a full nginx Deployment', 'apps/v1', 'Deployment', nginxDeployment],
    ['a Pod with probes, volumes and env', 'v1', 'Pod', podWithProbesVolumesEnv],
    ['a ConfigMap with arbitrary data keys', 'v1', 'ConfigMap', { metadata: { name: 'c' }, data: { 'any.key': 'v' } }],
    ['a Service with a named target port', 'v1', 'Service', { spec: { ports: [{ port: 80, targetPort: 'http' }] } }],
  ])('accepts %s', (_name, apiVersion, kind, object) => {
    expect(unknownFields(apiVersion, kind, object)).toEqual([]);
  });

  it.each([
    ['a top-level field', 'v1', 'Pod', { apiVersion: 'v1', kind: 'Pod', specs: {} }, ['specs']],
    ['a spec field', 'apps/v1', 'Deployment', { spec: { foo: 1, replicas: 1 } }, ['spec.foo']],
    [
      'a misspelt container field deep in a template',
      'apps/v1',
      'Deployment',
      { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagePullPolcy: 'Always' }] } } } },
      ['spec.template.spec.containers[1].imagePullPolcy'],
    ],
    ['a field whose case differs', 'v1', 'Pod', { metadata: { Name: 'x' } }, ['metadata.Name']],
    [
      'several fields, in document order',
      'v1',
      'Pod',
      { spec: { containers: [{ name: 'a', ports: [{ port: 80 }] }], hostname: 'h', nodename: 'n' }, extra: true },
      ['spec.containers[0].ports[0].port', 'spec.nodename', 'extra'],
    ],
    [
      'a field inside a probe action',
      'v1',
      'Pod',
      { spec: { containers: [{ livenessProbe: { httpGet: { url: '/' } } }] } },
      ['spec.containers[0].livenessProbe.httpGet.url'],
    ],
    ['a field under metadata', 'batch/v1', 'Job', { metadata: { label: { a: 'b' } } }, ['metadata.label']],
  ])('finds %s', (_name, apiVersion, kind, object, expected) => {
    expect(unknownFields(apiVersion, kind, object)).toEqual(expected);
  });

  it('knows core Events apart from events.k8s.io Events', () => {
    expect(unknownFields('v1', 'Event', { involvedObject: { name: 'x' }, reason: 'r', note: 'n' })).toEqual(['note']);
  });

  it('leaves kinds without a schema and values of the wrong type alone', () => {
    expect(unknownFields('example.com/v1', 'Widget', { spec: { anything: true } })).toEqual([]);
    expect(unknownFields('v1', 'Pod', { spec: 'not an object', metadata: { labels: 'x' } })).toEqual([]);
  });
});

describe('strictDecodingMessage', () => {
  it('words the error as upstream create and update handlers do', () => {
    expect(strictDecodingMessage('apps/v1', 'Deployment', ['spec.foo', 'spec.bar'])).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ' +
        'unknown field "spec.foo", unknown field "spec.bar"',
    );
    expect(strictDecodingMessage('v1', 'Pod', ['x'])).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "x"',
    );
    expect(unknownFieldMessage('spec.foo')).toBe('unknown field "spec.foo"');
  });
});
