// Validation of containers: names, images, ports, env, mounts, resources, probes, policies. As the container
// parts of kubernetes' pkg/apis/core/validation/validation.go.
import type { Container, ContainerPort, Probe } from '../../api/types/core.js';
import { compareQuantities, formatQuantity, type Quantity } from '../../api/quantity.js';
import { quantityField } from './quantities.js';
import { duplicate, invalid, notFound, notSupported, required, type FieldError } from '../../api/field-error.js';
import { isDNS1123Label, isValidPortName, isValidPortNum, regexError } from '../../api/name-validation.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';

/** Ports: valid numbers and names, names unique in the container, a known protocol. */
function validatePorts(ports: ContainerPort[] | undefined, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const path = `${field}[${i}]`;
    if (port.name) {
      for (const m of isValidPortName(port.name)) errors.push(invalid(`${path}.name`, port.name, m));
      if (names.has(port.name)) errors.push(duplicate(`${path}.name`, port.name));
      names.add(port.name);
    }
    if (port.containerPort === undefined || port.containerPort === 0) errors.push(required(`${path}.containerPort`));
    else
      for (const m of isValidPortNum(port.containerPort))
        errors.push(invalid(`${path}.containerPort`, port.containerPort, m));
    if (port.hostPort)
      for (const m of isValidPortNum(port.hostPort)) errors.push(invalid(`${path}.hostPort`, port.hostPort, m));
    if (!port.protocol) errors.push(required(`${path}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol))
      errors.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  });
  return errors;
}

/** Resource quantities must parse, and a request may not exceed its limit. */
function validateResources(c: Container, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const parsed: Record<'limits' | 'requests', Record<string, Quantity>> = { limits: {}, requests: {} };
  for (const kind of ['limits', 'requests'] as const) {
    for (const [name, value] of Object.entries(c.resources?.[kind] ?? {})) {
      const checked = quantityField(value, `${field}.${kind}[${name}]`);
      if ('error' in checked) errors.push(checked.error);
      else parsed[kind][name] = checked.quantity;
    }
  }
  for (const [name, request] of Object.entries(parsed.requests)) {
    const limit = parsed.limits[name];
    if (limit && compareQuantities(request, limit) > 0)
      errors.push(
        invalid(
          `${field}.requests[${name}]`,
          formatQuantity(request),
          `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
        ),
      );
  }
  return errors;
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** A probe has exactly one handler and sane thresholds; liveness and startup probes need successThreshold 1. */
function validateProbe(probe: Probe | undefined, field: string, mustSucceedOnce: boolean): FieldError[] {
  if (!probe) return [];
  const errors: FieldError[] = [];
  const handlers = HANDLERS.filter((h) => probe[h] !== undefined);
  if (handlers.length === 0) errors.push(required(field, 'must specify a handler type'));
  if (handlers.length > 1)
    errors.push({
      type: 'FieldValueForbidden',
      field: `${field}.${handlers[1]}`,
      detail: 'may not specify more than 1 handler type',
    });
  for (const key of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    const value = probe[key];
    if (value !== undefined && value < 0)
      errors.push(invalid(`${field}.${key}`, value, 'must be greater than or equal to 0'));
  }
  if (mustSucceedOnce && probe.successThreshold !== undefined && probe.successThreshold !== 1)
    errors.push(invalid(`${field}.successThreshold`, probe.successThreshold, 'must be 1'));
  return errors;
}

/** One container (validateContainerCommon): `volumes` are the pod's volume names, for its mounts. */
export function validateContainer(c: Container, field: string, volumes: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  if (!c.name) errors.push(required(`${field}.name`));
  else for (const m of isDNS1123Label(c.name)) errors.push(invalid(`${field}.name`, c.name, m));
  if (!c.image) errors.push(required(`${field}.image`));
  else if (c.image.trim() !== c.image)
    errors.push(invalid(`${field}.image`, c.image, 'must not have leading or trailing whitespace'));
  if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy))
    errors.push(notSupported(`${field}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  if (c.terminationMessagePolicy && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy))
    errors.push(
      notSupported(`${field}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES),
    );
  errors.push(...validatePorts(c.ports, `${field}.ports`));
  (c.env ?? []).forEach((env, i) => {
    if (!env.name) errors.push(required(`${field}.env[${i}].name`));
    else if (!new RegExp(`^${ENV_VAR_NAME_FMT}$`).test(env.name))
      errors.push(
        invalid(
          `${field}.env[${i}].name`,
          env.name,
          regexError(
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
            ENV_VAR_NAME_FMT,
            'my.env-name',
            'MY_ENV.NAME',
            'MyEnvName1',
          ),
        ),
      );
  });
  (c.volumeMounts ?? []).forEach((mount, i) => {
    const path = `${field}.volumeMounts[${i}]`;
    if (!mount.name) errors.push(required(`${path}.name`));
    else if (!volumes.has(mount.name)) errors.push(notFound(`${path}.name`, mount.name));
    if (!mount.mountPath) errors.push(required(`${path}.mountPath`));
  });
  errors.push(...validateResources(c, `${field}.resources`));
  errors.push(...validateProbe(c.livenessProbe, `${field}.livenessProbe`, true));
  errors.push(...validateProbe(c.readinessProbe, `${field}.readinessProbe`, false));
  errors.push(...validateProbe(c.startupProbe, `${field}.startupProbe`, true));
  return errors;
}

/** Host ports must be unique per protocol and host IP across the pod (AccumulateUniqueHostPorts). */
export function validateHostPorts(groups: { containers: Container[]; field: string }[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const { containers, field } of groups)
    containers.forEach((c, i) =>
      (c.ports ?? []).forEach((port, j) => {
        if (!port.hostPort) return;
        const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
        if (seen.has(key)) errors.push(duplicate(`${field}[${i}].ports[${j}].hostPort`, key));
        seen.add(key);
      }),
    );
  return errors;
}
