// ClusterIPs and NodePorts for Services, allocated by the API server as upstream's ipallocator and portallocator:
// each address is claimed with an atomic create of a key under /registry/ranges/, so two Services can never get the
// same one; deleting the Service releases its claims. The only code of the REST side that writes raw store keys.
import type { KubeObject } from '../../../api/meta.js';
import { KeyExistsError, type Store } from '../../../store/store.js';
import { errors } from '../../status.js';

const NODE_PORTS = { first: 30000, last: 32767 };

interface ServicePort {
  port?: number;
  nodePort?: number;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

/** The service CIDR, e.g. 10.96.0.0/16: the range ClusterIPs come from. */
export class ServiceCidr {
  readonly base: number;
  readonly size: number;

  constructor(readonly cidr: string) {
    const [address = '', bits = ''] = cidr.split('/');
    this.base = ipToNumber(address);
    this.size = 2 ** (32 - Number(bits));
    if (!Number.isFinite(this.base) || !(this.size >= 4)) throw new Error(`bad service CIDR ${cidr}`);
  }

  /** The n-th usable address (1-based: the network address itself is never handed out). */
  address(n: number): string {
    return numberToIp(this.base + n);
  }

  contains(ip: string): boolean {
    const value = ipToNumber(ip);
    return value > this.base && value < this.base + this.size - 1;
  }
}

const ipKey = (ip: string) => `/registry/ranges/serviceips/${ip}`;
const portKey = (port: number) => `/registry/ranges/servicenodeports/${port}`;

/** Claims and gives back a Service's ClusterIP and NodePorts: what the services strategy needs of the store. */
export interface ServiceAddressAllocator {
  /**
   * Fills in and claims spec.clusterIP(s) and the NodePorts of `service` (in place); a requested address that is out
   * of range or taken is a 422. On a dry run nothing is claimed, only checked.
   */
  allocate(service: KubeObject, dryRun: boolean): Promise<void>;
  /** Gives back what a deleted Service held. */
  release(service: KubeObject): Promise<void>;
}

/** The allocator over the store's /registry/ranges/ keys, built once per API server. */
export class StoreServiceAddresses implements ServiceAddressAllocator {
  constructor(
    private readonly store: Store,
    private readonly serviceCidr: ServiceCidr,
  ) {}

  async allocate(service: KubeObject, dryRun: boolean): Promise<void> {
    const spec = (service.spec ?? {}) as ServiceSpec;
    const claim = (key: string) =>
      dryRun ? this.store.get(key).then((found) => !found) : tryCreate(this.store, key, service);
    const invalid = (field: string, message: string) =>
      errors.invalid('Service', '', service.metadata.name ?? '', [{ type: 'FieldValueInvalid', field, message }]);
    const cidr = this.serviceCidr;

    if (spec.clusterIP !== 'None' && spec.type !== 'ExternalName') {
      if (spec.clusterIP) {
        if (!cidr.contains(spec.clusterIP)) {
          throw invalid(
            'spec.clusterIPs',
            `Invalid value: ["${spec.clusterIP}"]: failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${cidr.cidr}`,
          );
        }
        if (!(await claim(ipKey(spec.clusterIP)))) {
          throw invalid(
            'spec.clusterIPs',
            `Invalid value: ["${spec.clusterIP}"]: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
          );
        }
      } else {
        spec.clusterIP = await pick(
          cidr.size - 2,
          (n) => cidr.address(n + 1),
          (ip) => claim(ipKey(ip)),
          'IP',
        );
      }
      spec.clusterIPs = [spec.clusterIP];
    } else if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    }

    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const [index, port] of (spec.ports ?? []).entries()) {
        if (port.nodePort) {
          if (port.nodePort < NODE_PORTS.first || port.nodePort > NODE_PORTS.last) {
            throw invalid(
              `spec.ports[${index}].nodePort`,
              `Invalid value: ${port.nodePort}: provided port is not in the valid range. The range of valid ports is ${NODE_PORTS.first}-${NODE_PORTS.last}`,
            );
          }
          if (!(await claim(portKey(port.nodePort)))) {
            throw invalid(
              `spec.ports[${index}].nodePort`,
              `Invalid value: ${port.nodePort}: provided port is already allocated`,
            );
          }
        } else {
          const count = NODE_PORTS.last - NODE_PORTS.first + 1;
          port.nodePort = await pick(
            count,
            (n) => NODE_PORTS.first + n,
            (p) => claim(portKey(p)),
            'port',
          );
        }
      }
    }
    service.spec = spec;
  }

  async release(service: KubeObject): Promise<void> {
    const spec = (service.spec ?? {}) as ServiceSpec;
    const keys = [
      ...(spec.clusterIPs ?? []).filter((ip) => ip !== 'None').map(ipKey),
      ...(spec.ports ?? []).flatMap((port) => (port.nodePort ? [portKey(port.nodePort)] : [])),
    ];
    for (const key of keys) await this.store.delete(key).catch(() => undefined);
  }
}

/** Random probing, then a sweep: finds a free slot quickly while most are free, and surely when few are. */
async function pick<T>(
  count: number,
  nth: (n: number) => T,
  claim: (value: T) => Promise<boolean>,
  what: string,
): Promise<T> {
  for (let attempt = 0; attempt < 32; attempt++) {
    const value = nth(Math.floor(Math.random() * count));
    if (await claim(value)) return value;
  }
  for (let n = 0; n < count; n++) if (await claim(nth(n))) return nth(n);
  throw errors.internal(`range is full: no ${what} left to allocate`);
}

async function tryCreate(raw: Store, key: string, owner: KubeObject): Promise<boolean> {
  try {
    await raw.create(key, JSON.stringify({ namespace: owner.metadata.namespace, name: owner.metadata.name }));
    return true;
  } catch (error) {
    if (error instanceof KeyExistsError) return false;
    throw error;
  }
}

function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return Number.NaN;
  return parts.reduce((value, part) => value * 256 + part, 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
