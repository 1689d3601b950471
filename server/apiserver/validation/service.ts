// Validation of Services on create and update (pkg/apis/core/validation ValidateService, the common parts).
import type { Service } from '../../api/types/core.js';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from '../../api/field-error.js';
import { validateLabels } from './meta.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../../api/name-validation.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];

/** A Service on create: type, ports (required unless headless or ExternalName), selector, affinity. */
export function validateService(service: Service): FieldError[] {
  const spec = service.spec;
  if (!spec) return [required('spec')];
  const errors: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) errors.push(notSupported('spec.type', type, SERVICE_TYPES));
  const ports = spec.ports ?? [];
  if (type === 'ExternalName') {
    if (!spec.externalName) errors.push(required('spec.externalName'));
    else
      for (const m of isDNS1123Subdomain(spec.externalName))
        errors.push(invalid('spec.externalName', spec.externalName, m));
  } else if (ports.length === 0 && spec.clusterIP !== 'None') errors.push(required('spec.ports'));
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((port, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !port.name) errors.push(required(`${path}.name`));
    if (port.name) {
      for (const m of isDNS1123Label(port.name)) errors.push(invalid(`${path}.name`, port.name, m));
      if (names.has(port.name)) errors.push(duplicate(`${path}.name`, port.name));
      names.add(port.name);
    }
    for (const m of isValidPortNum(port.port)) errors.push(invalid(`${path}.port`, port.port, m));
    if (!port.protocol) errors.push(required(`${path}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol))
      errors.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
    const target = port.targetPort;
    if (typeof target === 'number')
      for (const m of isValidPortNum(target)) errors.push(invalid(`${path}.targetPort`, target, m));
    if (typeof target === 'string')
      for (const m of isValidPortName(target)) errors.push(invalid(`${path}.targetPort`, target, m));
    if (port.nodePort && type === 'ClusterIP')
      errors.push(forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    const key = `${port.protocol ?? ''}/${port.port}`;
    if (keys.has(key))
      errors.push(
        duplicate(path, {
          goLiteral: `core.ServicePort{Protocol:${JSON.stringify(port.protocol ?? '')}, Port:${port.port}}`,
        }),
      );
    keys.add(key);
  });
  errors.push(...validateLabels(spec.selector, 'spec.selector'));
  if (spec.sessionAffinity && !AFFINITIES.includes(spec.sessionAffinity))
    errors.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  if (spec.clusterIP && spec.clusterIP !== 'None' && !/^\d{1,3}(\.\d{1,3}){3}$|:/.test(spec.clusterIP))
    errors.push(
      invalid('spec.clusterIPs[0]', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'),
    );
  return errors;
}

/**
 * A Service update: its allocated cluster IP is fixed (unless moving to or from ExternalName). Call after copying
 * unset allocated values from the old object (defaults/service.ts `patchAllocatedValues`), as upstream's registry does.
 */
export function validateServiceUpdate(service: Service, old: Service): FieldError[] {
  const errors = validateService(service);
  const [type, oldType] = [service.spec?.type, old.spec?.type];
  if (type === 'ExternalName' || oldType === 'ExternalName') return errors;
  const [ip, oldIP] = [service.spec?.clusterIP, old.spec?.clusterIP];
  if (oldIP && !ip)
    errors.push(invalid('spec.clusterIPs', service.spec?.clusterIPs ?? null, 'primary clusterIP can not be unset'));
  else if (oldIP && ip !== oldIP)
    errors.push(invalid('spec.clusterIPs[0]', service.spec?.clusterIPs ?? [ip ?? ''], 'may not change once set'));
  return errors;
}
