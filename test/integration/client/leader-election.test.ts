import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
    const leaseClient = () =>
      client.resource<Lease>(
        { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true },
        'kube-system',
      );
    const leases = leaseClient();
    // A renewal every 200 ms against a 5 s lease: the leader would have to stall 25 renewals in a row on a loaded
    // machine before the other could take it, so the test does not depend on how fast the machine is.
    const timing = { leaseDurationMs: 5_000, renewDeadlineMs: 4_000, retryPeriodMs: 200, log: silentLogger };
    const leading: string[] = [];
    const first = new LeaderElector(leases, { name: 'test-manager', identity: 'first', ...timing });
    const secondLeases = leaseClient();
    const secondTries = vi.spyOn(secondLeases, 'get');
    const second = new LeaderElector(secondLeases, { name: 'test-manager', identity: 'second', ...timing });
    const lead = (who: string) => (lost: AbortSignal) => {
      leading.push(who);
      return new Promise<void>((resolve) => lost.addEventListener('abort', () => resolve()));
    };
    void first.run(lead('first'));
    await expect.poll(() => leading, { timeout: 30_000 }).toEqual(['first']);
    void second.run(lead('second'));
    // The second candidate has looked at the held Lease several times and still waits.
    await expect.poll(() => secondTries.mock.calls.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    expect(leading).toEqual(['first']);

    first.stop(); // it dies without giving the lease back, as a killed process would
    await expect.poll(() => leading, { timeout: 30_000 }).toEqual(['first', 'second']);
    const lease = await leases.get('test-manager');
    expect(lease.spec).toMatchObject({ holderIdentity: 'second', leaseTransitions: 1 });
    second.stop();
    client.close();
  });
});
