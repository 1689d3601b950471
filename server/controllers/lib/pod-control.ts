// How controllers create and delete their pods, as upstream's RealPodControl: through the API, recording on the
// owner the events `kubectl describe` shows (SuccessfulCreate "Created pod: web-x2k4", FailedCreate, ...).
import type { KubeObject } from '../../api/meta.js';
import type { Pod } from '../../api/types/core.js';
import { isNotFound, type Client, type EventRecorder } from '../../client/index.js';

/** An error's message without its class name, as events show it. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PodControl {
  constructor(
    private readonly client: Client,
    private readonly events: EventRecorder,
  ) {}

  /** Creates `pod` for `owner`: SuccessfulCreate, or FailedCreate and the error rethrown. */
  async create(owner: KubeObject, pod: Pod): Promise<Pod> {
    try {
      const created = await this.client.pods(pod.metadata.namespace ?? owner.metadata.namespace).create(pod);
      this.events.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      return created;
    } catch (error) {
      this.events.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorText(error)}`);
      throw error;
    }
  }

  /** Deletes `pod` of `owner`: SuccessfulDelete, or FailedDelete and the error rethrown (NotFound without event). */
  async delete(owner: KubeObject, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? '';
    try {
      await this.client.pods(pod.metadata.namespace).delete(name);
      this.events.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (error) {
      if (!isNotFound(error))
        this.events.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorText(error)}`);
      throw error;
    }
  }
}
