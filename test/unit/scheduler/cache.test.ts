import { describe, expect, it } from 'vitest';
import { SchedulerCache } from '../../../server/scheduler/cache.js';
import { makeNode, makePod } from './helpers.js';

const requestedCpu = (cache: SchedulerCache) =>
  Object.fromEntries(cache.snapshot().map((info) => [info.name, info.requested.cpu ?? 0]));

describe('SchedulerCache', () => {
  it('counts pods that arrive before their node once the node comes', () => {
    const cache = new SchedulerCache();
    cache.addPod(makePod('early', { nodeName: 'node-1' }, { cpu: '250m' }));
    expect(cache.snapshot()).toEqual([]);
    expect(cache.has('default/early')).toBe(true);
    cache.setNode(makeNode('node-1'));
    expect(requestedCpu(cache)).toEqual({ 'node-1': 250 });
  });

  it('moves a pod whose node changed (an assumption corrected by the bound pod) and counts it once', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('node-1'));
    cache.setNode(makeNode('node-2'));
    cache.addPod(makePod('p', { nodeName: 'node-1' }, { cpu: '1' }));
    cache.addPod(makePod('p', { nodeName: 'node-2' }, { cpu: '1' }));
    cache.addPod(makePod('p', { nodeName: 'node-2' }, { cpu: '1' }));
    expect(requestedCpu(cache)).toEqual({ 'node-1': 0, 'node-2': 1000 });
  });

  it('keeps the pods of a deleted node counted until they go, and forgets them then', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('node-1'));
    cache.addPod(makePod('p', { nodeName: 'node-1' }, { cpu: '1' }));
    cache.removeNode('node-1');
    expect(cache.snapshot()).toEqual([]);
    cache.setNode(makeNode('node-1'));
    expect(requestedCpu(cache)).toEqual({ 'node-1': 1000 });
    expect(cache.removePod('default/p')).toBe(true);
    expect(cache.removePod('default/p')).toBe(false);
    expect(requestedCpu(cache)).toEqual({ 'node-1': 0 });
  });

  it('updates a node in place, keeping its pods', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('node-1'));
    cache.addPod(makePod('p', { nodeName: 'node-1' }, { cpu: '1' }));
    cache.setNode(makeNode('node-1', { allocatable: { cpu: '8', memory: '8Gi', pods: '10' } }));
    const [info] = cache.snapshot();
    expect([info?.allocatable.cpu, info?.pods.size]).toEqual([8000, 1]);
  });
});
