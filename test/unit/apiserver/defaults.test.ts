import { describe, expect, it } from 'vitest';
import { imageTag } from '../../../server/apiserver/defaults/pod.js';
import { podQOSClass } from '../../../server/apiserver/registry/core/pod-qos.js';
import { applyDefaults } from '../../../server/apiserver/registry/strategies.js';
import { patchAllocatedValues } from '../../../server/apiserver/defaults/service.js';
import type { Service } from '../../../server/api/types/core.js';
import { DEFAULTED_POD_SPEC, obj } from '../../support/api-objects.js';

const template = (spec: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
});

describe('applyDefaults', () => {
  it.each([
    [
      'a Deployment',
      'deployments',
      obj('Deployment', { spec: { selector: { matchLabels: { app: 'web' } }, template: template() } }),
      {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: { metadata: { labels: { app: 'web' } }, spec: DEFAULTED_POD_SPEC },
      },
    ],
    [
      'a Recreate Deployment with 3 replicas',
      'deployments',
      obj('Deployment', { spec: { replicas: 3, strategy: { type: 'Recreate' }, template: template() } }),
      {
        replicas: 3,
        strategy: { type: 'Recreate' },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: { metadata: { labels: { app: 'web' } }, spec: DEFAULTED_POD_SPEC },
      },
    ],
    [
      'a ReplicaSet',
      'replicasets',
      obj('ReplicaSet', { spec: { template: template() } }),
      { replicas: 1, template: { metadata: { labels: { app: 'web' } }, spec: DEFAULTED_POD_SPEC } },
    ],
    [
      'a DaemonSet',
      'daemonsets',
      obj('DaemonSet', { spec: { template: template() } }),
      {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
        template: { metadata: { labels: { app: 'web' } }, spec: DEFAULTED_POD_SPEC },
      },
    ],
    [
      'a StatefulSet',
      'statefulsets',
      obj('StatefulSet', { spec: { serviceName: 'web', template: template() } }),
      {
        serviceName: 'web',
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: { metadata: { labels: { app: 'web' } }, spec: DEFAULTED_POD_SPEC },
      },
    ],
    [
      'a CronJob',
      'cronjobs',
      obj('CronJob', {
        spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template({ restartPolicy: 'Never' }) } } },
      }),
      {
        schedule: '* * * * *',
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          spec: {
            template: { metadata: { labels: { app: 'web' } }, spec: { ...DEFAULTED_POD_SPEC, restartPolicy: 'Never' } },
          },
        },
      },
    ],
    [
      'a ClusterIP Service',
      'services',
      obj('Service', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }),
      {
        type: 'ClusterIP',
        selector: { app: 'web' },
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
      },
    ],
    [
      'a NodePort Service',
      'services',
      obj('Service', { spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 'http', protocol: 'UDP' }] } }),
      {
        type: 'NodePort',
        ports: [{ port: 80, protocol: 'UDP', targetPort: 'http' }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
      },
    ],
  ])('defaults %s', (_name, resource, input, expectedSpec) => {
    expect(applyDefaults(resource, input).spec).toEqual(expectedSpec);
  });

  it('does not run create-only steps on update', () => {
    const pod = applyDefaults('pods', obj('Pod', { spec: { containers: [{ name: 'a', image: 'busybox' }] } }));
    expect(pod.spec).not.toHaveProperty('tolerations');
    expect(pod).not.toHaveProperty('status');
  });

  it('never overwrites what the user set', () => {
    const spec = {
      replicas: 0,
      revisionHistoryLimit: 2,
      progressDeadlineSeconds: 60,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      template: template({ restartPolicy: 'Always', dnsPolicy: 'Default', terminationGracePeriodSeconds: 5 }),
    };
    const out = applyDefaults('deployments', obj('Deployment', { spec })).spec as typeof spec;
    expect([out.replicas, out.revisionHistoryLimit, out.progressDeadlineSeconds, out.strategy]).toEqual([
      0,
      2,
      60,
      { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    ]);
    expect(out.template.spec).toMatchObject({ dnsPolicy: 'Default', terminationGracePeriodSeconds: 5 });
  });

  it('does not modify its argument', () => {
    const input = obj('ReplicaSet', { spec: { template: template() } });
    const before = structuredClone(input);
    applyDefaults('replicasets', input);
    expect(input).toEqual(before);
  });

  it('defaults probes, ports and volumes inside a pod template', () => {
    const spec = {
      containers: [
        {
          name: 'web',
          image: 'nginx@sha256:abc',
          ports: [{ containerPort: 80 }],
          livenessProbe: { httpGet: { port: 80 } },
          readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
        },
      ],
      volumes: [
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'scratch' },
        { name: 's', secret: { secretName: 's', defaultMode: 256 } },
      ],
    };
    const out = applyDefaults('replicasets', obj('ReplicaSet', { spec: { template: { spec } } })).spec as {
      template: { spec: typeof spec };
    };
    const c = out.template.spec.containers[0];
    expect(c).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      livenessProbe: {
        httpGet: { port: 80, path: '/', scheme: 'HTTP' },
        timeoutSeconds: 1,
        periodSeconds: 10,
        successThreshold: 1,
        failureThreshold: 3,
      },
      readinessProbe: { periodSeconds: 5, timeoutSeconds: 1 },
    });
    expect(out.template.spec.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
      { name: 's', secret: { secretName: 's', defaultMode: 256 } },
    ]);
  });

  it.each([
    ['nginx', 'latest'],
    ['nginx:1.27', '1.27'],
    ['registry:5000/team/app', 'latest'],
    ['registry:5000/team/app:v2', 'v2'],
    ['nginx@sha256:abc', ''],
    ['nginx:latest', 'latest'],
  ])('reads the tag of %j as %j', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });

  it.each([
    [
      'namespaces',
      obj('Namespace', {}, { name: 'dev' }),
      { labels: { 'kubernetes.io/metadata.name': 'dev' } },
      { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
    ],
    ['secrets', obj('Secret', {}), {}, { type: 'Opaque' }],
    [
      'nodes',
      obj('Node', { status: { capacity: { cpu: '2' } } }, { name: 'n' }),
      {},
      { status: { capacity: { cpu: '2' }, allocatable: { cpu: '2' } } },
    ],
  ])('defaults %s', (resource, input, metadata, body) => {
    expect(applyDefaults(resource, input)).toMatchObject({ metadata, ...body });
  });
});

describe('podQOSClass', () => {
  it.each([
    [[{ name: 'a' }], 'BestEffort'],
    [[{ name: 'a', resources: { requests: { cpu: '100m' } } }], 'Burstable'],
    [[{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }], 'Guaranteed'],
    [
      [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } } }],
      'Guaranteed',
    ],
    [[{ name: 'a', resources: { limits: { cpu: '1' } } }], 'Burstable'],
    [[{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }, { name: 'b' }], 'Burstable'],
  ])('classifies %j as %s', (containers, expected) => {
    expect(podQOSClass(containers)).toBe(expected);
  });
});

describe('patchAllocatedValues', () => {
  it('keeps the allocated cluster IP and node ports when an update leaves them out', () => {
    const old: Service = obj('Service', {
      spec: {
        type: 'NodePort',
        clusterIP: '10.43.0.9',
        clusterIPs: ['10.43.0.9'],
        ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }],
      },
    }) as Service;
    const next: Service = obj('Service', {
      spec: { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP' }] },
    }) as Service;
    patchAllocatedValues(next, old);
    expect(next.spec).toEqual(old.spec);
  });
});
