// The scheduler's decision for a pod, as the workbook shows it: the pod's scheduler.kubelab.dev/decision annotation,
// read through the API with the read-only (grader) kubeconfig and checked against the protocol's schema. The
// client is made on first use, so the lab server starts before the cluster does.
import { createClient, isNotFound, loadKubeconfig, type Client } from '../../client/index.js';
import { DECISION_ANNOTATION, SchedulingDecision } from '../../protocol/cluster.js';
import { parseJson } from '../http/json.js';

/** A failure the workbook can show as it is, with the HTTP status that fits it. */
export class ClusterError extends Error {
  constructor(
    readonly status: 404 | 502 | 503,
    message: string,
  ) {
    super(message);
  }
}

export class SchedulingDecisions {
  private client: Client | undefined;

  constructor(private readonly kubeconfigPath: string) {}

  /** The decision for namespace/name; a ClusterError when there is none or the cluster cannot be asked. */
  async forPod(namespace: string, name: string): Promise<SchedulingDecision> {
    const client = await this.connect();
    const pod = await client
      .pods(namespace)
      .get(name)
      .catch((error: unknown) => {
        if (isNotFound(error)) throw new ClusterError(404, `pod ${namespace}/${name} not found`);
        throw new ClusterError(503, `the API server did not answer: ${String(error)}`);
      });
    const text = pod.metadata.annotations?.[DECISION_ANNOTATION];
    if (text === undefined)
      throw new ClusterError(
        404,
        `pod ${namespace}/${name} has no scheduling decision yet (no scheduler has tried it)`,
      );
    const parsed = SchedulingDecision.safeParse(parseJson(text));
    if (!parsed.success)
      throw new ClusterError(
        502,
        `pod ${namespace}/${name} carries a ${DECISION_ANNOTATION} annotation that is not a decision`,
      );
    return parsed.data;
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    try {
      this.client = createClient(await loadKubeconfig(this.kubeconfigPath));
    } catch (error) {
      throw new ClusterError(503, `the cluster is not set up yet (${String(error)})`);
    }
    return this.client;
  }

  close(): void {
    this.client?.close();
  }
}
