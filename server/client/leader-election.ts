// Leader election through a Lease, as client-go's leaderelection: candidates race to hold the Lease; the holder
// renews it every retry period; the others wait until it has not been renewed for a lease duration, then take it.
// So two controller-managers can run and exactly one works; when it dies, the other takes over.
import type { KubeObject } from '../api/meta.js';
import type { Logger } from '../log.js';
import { isAlreadyExists, isConflict, isNotFound } from './http.js';
import type { ResourceClient } from './resource-client.js';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export type Lease = KubeObject & { spec?: LeaseSpec };

export interface LeaderElectionOptions {
  /** Lease name, e.g. kube-controller-manager; it lives in kube-system. */
  name: string;
  identity: string;
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it gives up leadership. */
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  now?: () => Date;
  log: Logger;
}

/**
 * Holds the Lease while `lead` runs; resolves when leadership is lost or `stop()` is called. Timing as client-go's
 * defaults: a 15 s lease, a 10 s renew deadline, a 2 s retry period.
 */
export class LeaderElector {
  private stopped = false;
  private renewals = 0;
  private readonly now: () => Date;
  private readonly durationMs: number;
  private readonly deadlineMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly leases: ResourceClient<Lease>,
    private readonly options: LeaderElectionOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.durationMs = options.leaseDurationMs ?? 15_000;
    this.deadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryMs = options.retryPeriodMs ?? 2_000;
  }

  /** How many times this elector has renewed the Lease it holds (acquiring it does not count). */
  get renewCount(): number {
    return this.renewals;
  }

  /**
   * As client-go's LeaderElector.Run: acquire (retrying every retry period), call `lead` (given an AbortSignal that
   * fires when leadership is lost), renew until lost or stopped.
   */
  async run(lead: (lost: AbortSignal) => Promise<void> | void): Promise<void> {
    while (!this.stopped && !(await this.tryAcquireOrRenew())) await this.sleep(this.retryMs);
    if (this.stopped) return;
    this.options.log.info('became leader', { lease: this.options.name, identity: this.options.identity });
    const lost = new AbortController();
    const leading = Promise.resolve(lead(lost.signal));
    await this.renew();
    if (!this.stopped)
      this.options.log.warn('leadership lost', { lease: this.options.name, identity: this.options.identity });
    lost.abort();
    await leading;
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * As client-go's renew loop: a renewal every retry period, on its own timer (not after the component's work);
   * a failed one is retried every retry period until the renew deadline has passed since the last successful one,
   * and an attempt still unanswered at that moment counts as failed. Returns when leadership is lost or on stop().
   */
  private async renew(): Promise<void> {
    let lastRenew = this.now().getTime();
    while (!this.stopped) {
      await this.sleep(this.retryMs);
      if (this.stopped) return;
      const started = this.now().getTime();
      const deadline = lastRenew + this.deadlineMs;
      if (started >= deadline) return;
      if (await this.beforeDeadline(this.tryAcquireOrRenew(), deadline - started)) {
        lastRenew = started;
        this.renewals++;
      } else if (this.now().getTime() >= deadline) return;
    }
  }

  /** `attempt`'s answer, or false once `ms` have passed without one. */
  private async beforeDeadline(attempt: Promise<boolean>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([attempt, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** As client-go's tryAcquireOrRenew: create the Lease, renew ours, or take one whose holder stopped renewing. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.now();
    const mine: LeaseSpec = {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.durationMs / 1000),
      renewTime: microTime(now),
    };
    try {
      const lease = await this.leases.get(this.options.name).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      });
      if (!lease) {
        await this.leases.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.options.name },
          spec: { ...mine, acquireTime: microTime(now), leaseTransitions: 0 },
        });
        return true;
      }
      const spec = lease.spec ?? {};
      const held = spec.holderIdentity === this.options.identity;
      const renewed = Date.parse(spec.renewTime ?? '') || 0;
      const expired = renewed + (spec.leaseDurationSeconds ?? 0) * 1000 < now.getTime();
      if (!held && spec.holderIdentity && !expired) return false;
      const next: LeaseSpec = held
        ? { ...spec, ...mine }
        : { ...mine, acquireTime: microTime(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 };
      await this.leases.update({ ...lease, spec: next });
      return true;
    } catch (error) {
      if (isConflict(error) || isAlreadyExists(error)) return false;
      this.options.log.warn('lease update failed', { lease: this.options.name, error: String(error) });
      return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
