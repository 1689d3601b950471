import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, LeaderElector, loadKubeconfig, type Lease } from '../../../server/client/index.js';
import { silentLogger } from '../../../server/log.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

describe('LeaderElector', () => {
  it('lets exactly one candidate lead, and another take over once the leader stops renewing', async () => {
    const client = createClient(await loadKubeconfig(api.kubeconfig));
    const leases = client.resource<Lease>(
      { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true },
      'kube-system',
    );
    const timing = { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200, log: silentLogger };
    const leading: string[] = [];
    const first = new LeaderElector(leases, { name: 'test-manager', identity: 'first', ...timing });
    const second = new LeaderElector(leases, { name: 'test-manager', identity: 'second', ...timing });
    const lead = (who: string) => (lost: AbortSignal) => {
      leading.push(who);
      return new Promise<void>((resolve) => lost.addEventListener('abort', () => resolve()));
    };
    void first.run(lead('first'));
    await expect.poll(() => leading).toEqual(['first']);
    void second.run(lead('second'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(leading).toEqual(['first']);

    first.stop(); // it dies without giving the lease back, as a killed process would
    await expect.poll(() => leading, { timeout: 5_000 }).toEqual(['first', 'second']);
    const lease = await leases.get('test-manager');
    expect(lease.spec).toMatchObject({ holderIdentity: 'second', leaseTransitions: 1 });
    second.stop();
    client.close();
  });
});
