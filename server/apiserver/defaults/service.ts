// Service defaults: kubernetes' pkg/apis/core/v1/defaults.go SetDefaults_Service, plus the IP-family fields the
// service registry fills in on create for a single-stack IPv4 cluster (pkg/registry/core/service/storage).
import type { Service } from '../../api/types/core.js';

/** The ClientIP affinity timeout upstream defaults to (three hours). */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

/** ClusterIP, no affinity, TCP ports targeting themselves, Cluster traffic policies, single-stack IPv4. */
export function defaultService(service: Service): void {
  const spec = service.spec;
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = ((spec.sessionAffinityConfig ??= {}).clientIP ??= {});
    clientIP.timeoutSeconds ??= DEFAULT_CLIENT_IP_TIMEOUT_SECONDS;
  }
  spec.type ||= 'ClusterIP';
  for (const port of spec.ports ?? []) {
    port.protocol ||= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external) spec.externalTrafficPolicy ||= 'Cluster';
  if (external || spec.type === 'ClusterIP') spec.internalTrafficPolicy ||= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.type !== 'ExternalName') {
    spec.ipFamilyPolicy ||= 'SingleStack';
    if (!spec.ipFamilies || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
    if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
  }
  service.status ??= { loadBalancer: {} };
}

/**
 * On update, keeps what the registry allocated when the client left it out (upstream's patchAllocatedValues), so a
 * `kubectl apply` or `replace` without clusterIP or nodePort does not look like a change: cluster IPs, node ports
 * (matched by port and protocol) and the health-check node port.
 */
export function patchAllocatedValues(service: Service, old: Service): void {
  const [spec, oldSpec] = [service.spec, old.spec];
  if (!spec || !oldSpec || spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return;
  if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
  if ((!spec.clusterIPs || spec.clusterIPs.length === 0) && oldSpec.clusterIPs && spec.clusterIP === oldSpec.clusterIP)
    spec.clusterIPs = [...oldSpec.clusterIPs];
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    for (const port of spec.ports ?? []) {
      if (port.nodePort) continue;
      const match = oldSpec.ports?.find(
        (p) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
      );
      if (match?.nodePort) port.nodePort = match.nodePort;
    }
  }
}
