import { describe, expect, it } from 'vitest';
import {
  formatEndpoints,
  printEndpointSlice,
  printEndpoints,
  printService,
  serviceColumns,
  serviceExternalIP,
  type ServiceLike,
  servicePorts,
  type EndpointsLike,
} from '../../../server/apiserver/tables/services.js';

const now = new Date('2024-05-01T12:00:00Z');
const metadata = { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T11:15:00Z' };

function service(spec: ServiceLike['spec'], status?: ServiceLike['status']): ServiceLike {
  return { apiVersion: 'v1', kind: 'Service', metadata, spec, status };
}

describe('servicePorts', () => {
  it.each([
    { ports: [], want: '<none>' },
    { ports: [{ port: 80, protocol: 'TCP' }], want: '80/TCP' },
    { ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], want: '80:30080/TCP' },
    {
      ports: [
        { port: 53, protocol: 'UDP' },
        { port: 53, protocol: 'TCP' },
      ],
      want: '53/UDP,53/TCP',
    },
    { ports: [{ port: 443 }], want: '443/TCP' },
    { ports: [{ port: 80, nodePort: 0, protocol: 'SCTP' }], want: '80/SCTP' },
  ])('renders $ports as $want', ({ ports, want }) => {
    expect(servicePorts(service({ ports }))).toBe(want);
  });
});

describe('serviceExternalIP', () => {
  it.each([
    { why: 'ClusterIP without external IPs', spec: { type: 'ClusterIP' }, want: '<none>' },
    {
      why: 'ClusterIP with external IPs',
      spec: { type: 'ClusterIP', externalIPs: ['1.2.3.4', '5.6.7.8'] },
      want: '1.2.3.4,5.6.7.8',
    },
    { why: 'NodePort without external IPs', spec: { type: 'NodePort' }, want: '<none>' },
    { why: 'LoadBalancer not yet provisioned', spec: { type: 'LoadBalancer' }, want: '<pending>' },
    {
      why: 'LoadBalancer with ingress, sorted and deduplicated',
      spec: { type: 'LoadBalancer' },
      status: { loadBalancer: { ingress: [{ ip: '9.9.9.9' }, { hostname: 'lb.example.com' }, { ip: '9.9.9.9' }] } },
      want: '9.9.9.9,lb.example.com',
    },
    {
      why: 'LoadBalancer with ingress and external IPs',
      spec: { type: 'LoadBalancer', externalIPs: ['1.2.3.4'] },
      status: { loadBalancer: { ingress: [{ ip: '9.9.9.9' }] } },
      want: '9.9.9.9,1.2.3.4',
    },
    { why: 'ExternalName', spec: { type: 'ExternalName', externalName: 'db.example.com' }, want: 'db.example.com' },
    { why: 'an unknown type', spec: { type: 'Weird' }, want: '<unknown>' },
  ])('$why: $want', ({ spec, status, want }) => {
    expect(serviceExternalIP(service(spec, status))).toBe(want);
  });
});

describe('printService', () => {
  it('has NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE and wide SELECTOR', () => {
    expect(serviceColumns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Type:0',
      'Cluster-IP:0',
      'External-IP:0',
      'Port(s):0',
      'Age:0',
      'Selector:1',
    ]);
  });

  it.each([
    {
      why: 'a NodePort service',
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.20',
        clusterIPs: ['10.96.0.20'],
        ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
        selector: { tier: 'fe', app: 'web' },
      },
      want: ['web', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP', '45m', 'app=web,tier=fe'],
    },
    {
      why: 'a headless service',
      spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] },
      want: ['web', 'ClusterIP', 'None', '<none>', '<none>', '45m', '<none>'],
    },
    {
      why: 'an ExternalName service without cluster IP',
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
      want: ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '45m', '<none>'],
    },
    {
      why: 'a service with only clusterIP set',
      spec: { clusterIP: '10.96.0.1', ports: [{ port: 443, protocol: 'TCP' }] },
      want: ['web', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '45m', '<none>'],
    },
  ])('prints $why', ({ spec, want }) => {
    expect(printService(service(spec), now).cells).toEqual(want);
  });
});

const addresses = (...ips: string[]) => ips.map((ip) => ({ ip }));
const endpoints = (subsets: EndpointsLike['subsets']): EndpointsLike => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata,
  subsets,
});

describe('formatEndpoints', () => {
  it.each([
    { why: 'no subsets', subsets: undefined, want: '<none>' },
    { why: 'one address', subsets: [{ addresses: addresses('10.0.0.1'), ports: [{ port: 80 }] }], want: '10.0.0.1:80' },
    {
      why: 'three addresses',
      subsets: [{ addresses: addresses('10.0.0.1', '10.0.0.2', '10.0.0.3'), ports: [{ port: 80 }] }],
      want: '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80',
    },
    {
      why: 'more than three',
      subsets: [{ addresses: addresses('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'), ports: [{ port: 80 }] }],
      want: '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...',
    },
    {
      why: 'each port of each address',
      subsets: [{ addresses: addresses('10.0.0.1', '10.0.0.2'), ports: [{ port: 80 }, { port: 443 }] }],
      want: '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    },
    { why: 'a headless service without ports', subsets: [{ addresses: addresses('10.0.0.1') }], want: '10.0.0.1' },
    { why: 'IPv6', subsets: [{ addresses: addresses('fd00::1'), ports: [{ port: 80 }] }], want: '[fd00::1]:80' },
    { why: 'only not-ready addresses', subsets: [{ ports: [{ port: 80 }] }], want: '' },
  ])('$why: $want', ({ subsets, want }) => {
    expect(formatEndpoints(endpoints(subsets))).toBe(want);
  });

  it('prints NAME ENDPOINTS AGE', () => {
    const e = endpoints([{ addresses: addresses('10.0.0.1'), ports: [{ port: 80 }] }]);
    expect(printEndpoints(e, now).cells).toEqual(['web', '10.0.0.1:80', '45m']);
  });
});

describe('printEndpointSlice', () => {
  it.each([
    {
      why: 'a slice with endpoints',
      slice: {
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }],
      },
      want: ['web-abc12', 'IPv4', '80', '10.0.0.1,10.0.0.2', '45m'],
    },
    {
      why: 'an empty slice',
      slice: { addressType: 'IPv4', endpoints: [] },
      want: ['web-abc12', 'IPv4', '<unset>', '<unset>', '45m'],
    },
    {
      why: 'a slice with many endpoints and named or wildcard ports',
      slice: {
        addressType: 'IPv6',
        ports: [{ port: 80 }, { name: 'metrics' }, {}, { port: 9090 }],
        endpoints: [{ addresses: ['fd00::1', 'fd00::2'] }, { addresses: ['fd00::3'] }, { addresses: ['fd00::4'] }],
      },
      want: ['web-abc12', 'IPv6', '80,metrics,* + 1 more...', 'fd00::1,fd00::2,fd00::3 + 1 more...', '45m'],
    },
  ])('prints $why', ({ slice, want }) => {
    const object = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { ...metadata, name: 'web-abc12' },
      ...slice,
    };
    expect(printEndpointSlice(object, now).cells).toEqual(want);
  });
});
