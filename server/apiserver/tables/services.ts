// Services and where they route: services, endpoints, endpointslices.
// As upstream's printService, printEndpoints (formatEndpoints) and printEndpointSlice.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince } from './duration.js';
import { ageColumn, column, formatLabels, listWithMore, nameColumn, NONE } from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** The parts of a v1 Service the printer reads. */
export interface ServiceLike extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    selector?: Record<string, string>;
    ports?: { port: number; nodePort?: number; protocol?: string }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** Service columns. */
export const serviceColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Type', 'string', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
  column('Cluster-IP', 'string', 'The virtual IP of the service inside the cluster.'),
  column('External-IP', 'string', 'Addresses the service is reachable on from outside the cluster.'),
  column('Port(s)', 'string', 'The ports the service exposes, with node ports.'),
  ageColumn(),
  column('Selector', 'string', 'Labels of the pods the service routes to.', 1),
];

/** "80/TCP", or "80:30080/TCP" with a node port, comma-joined (upstream's makePortString). */
export function servicePorts(service: ServiceLike): string {
  const ports = (service.spec?.ports ?? []).map((p) => {
    // API defaulting sets protocol TCP when omitted.
    const protocol = p.protocol ?? 'TCP';
    return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  });
  return ports.join(',') || NONE;
}

/** EXTERNAL-IP by type: external IPs or "<none>"; load balancer ingress or "<pending>"; the external name. */
export function serviceExternalIP(service: ServiceLike): string {
  const spec = service.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : NONE;
    case 'LoadBalancer': {
      const ingress = (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '');
      const balancers = [...new Set(ingress.filter(Boolean))].sort();
      const all = [...balancers, ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** One service row. */
export function printService(object: KubeObject, now: Date): PrintedRow {
  const service = object as ServiceLike;
  const spec = service.spec ?? {};
  // The apiserver fills clusterIPs from clusterIP; read either.
  const clusterIP = spec.clusterIPs?.[0] ?? spec.clusterIP ?? NONE;
  return {
    cells: [
      service.metadata.name ?? '',
      spec.type ?? 'ClusterIP',
      clusterIP || NONE,
      serviceExternalIP(service),
      servicePorts(service),
      translateTimestampSince(service.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ],
  };
}

/** The parts of v1 Endpoints the printer reads. */
export interface EndpointsLike extends KubeObject {
  subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[];
}

/** Endpoints columns. */
export const endpointsColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Endpoints', 'string', 'Ready addresses and ports behind the service.'),
  ageColumn(),
];

const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...": each ready address per port, or "<none>" (formatEndpoints). */
export function formatEndpoints(endpoints: EndpointsLike): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return NONE;
  const entries: string[] = [];
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    // Headless services may have no ports: list bare IPs.
    if (ports.length === 0) entries.push(...addresses.map((a) => a.ip));
    for (const port of ports) entries.push(...addresses.map((a) => hostPort(a.ip, port.port)));
  }
  const max = 3;
  const shown = entries.slice(0, max).join(',');
  return entries.length > max ? `${shown} + ${entries.length - max} more...` : shown;
}

/** One endpoints row. */
export function printEndpoints(object: KubeObject, now: Date): PrintedRow {
  const endpoints = object as EndpointsLike;
  return {
    cells: [
      endpoints.metadata.name ?? '',
      formatEndpoints(endpoints),
      translateTimestampSince(endpoints.metadata.creationTimestamp, now),
    ],
  };
}

/** The parts of a discovery.k8s.io/v1 EndpointSlice the printer reads. */
export interface EndpointSliceLike extends KubeObject {
  addressType?: string;
  ports?: { port?: number; name?: string }[];
  endpoints?: { addresses?: string[] }[];
}

/** EndpointSlice columns. */
export const endpointSliceColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('AddressType', 'string', 'The type of address the slice carries: IPv4, IPv6 or FQDN.'),
  column('Ports', 'string', 'The ports of the slice.'),
  column('Endpoints', 'string', 'Addresses of the endpoints in the slice.'),
  ageColumn(),
];

/** One endpointslice row: ports and addresses each as "a,b,c + N more..." or "<unset>". */
export function printEndpointSlice(object: KubeObject, now: Date): PrintedRow {
  const slice = object as EndpointSliceLike;
  const ports = (slice.ports ?? []).map((p) => (typeof p.port === 'number' ? String(p.port) : (p.name ?? '*')));
  const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
  return {
    cells: [
      slice.metadata.name ?? '',
      slice.addressType ?? '',
      listWithMore(ports),
      listWithMore(addresses),
      translateTimestampSince(slice.metadata.creationTimestamp, now),
    ],
  };
}
