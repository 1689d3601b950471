// Bodies the real kubectl 1.32 sent (captured as in test/integration/protobuf/kubectl-protobuf.test.ts), decoded to
// what `kubectl create ... --dry-run=client -o json` prints for the same command.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from '../../../server/apiserver/protobuf/decode.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/protobuf/${name}`, import.meta.url));

const CASES = [
  {
    file: 'deployment-web.pb',
    command: 'kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80',
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    },
  },
  {
    file: 'configmap-cfg.pb',
    command: 'kubectl create configmap cfg --from-literal=a=b',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', creationTimestamp: null },
      data: { a: 'b' },
    },
  },
  {
    file: 'secret-s.pb',
    command: 'kubectl create secret generic s --from-literal=k=v',
    object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', creationTimestamp: null }, data: { k: 'dg==' } },
  },
  {
    file: 'service-nodeport-web.pb',
    command: 'kubectl create service nodeport web --tcp=80:8080',
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
        selector: { app: 'web' },
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    file: 'namespace-lab.pb',
    command: 'kubectl create namespace lab',
    object: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'lab', creationTimestamp: null },
      spec: {},
      status: {},
    },
  },
  {
    file: 'cronjob-tick.pb',
    command: "kubectl create cronjob tick --image=busybox --schedule='*/5 * * * *' -- date",
    object: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', creationTimestamp: null },
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: {
          metadata: { name: 'tick', creationTimestamp: null },
          spec: {
            template: {
              metadata: { creationTimestamp: null },
              spec: {
                containers: [{ name: 'tick', image: 'busybox', command: ['date'], resources: {} }],
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
      },
      status: {},
    },
  },
  {
    file: 'pdb-web.pb',
    command: 'kubectl create poddisruptionbudget web --selector=app=web --min-available=50%',
    object: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', creationTimestamp: null },
      spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
  },
];

describe('bodies captured from kubectl 1.32', () => {
  it.each(CASES)('decodes `$command` to its JSON form', ({ file, object }) => {
    const decoded = decodeKubernetesProtobuf(fixture(file));
    expect(decoded.object).toEqual(object);
    expect(decoded.unknownFields).toEqual([]);
  });
});
