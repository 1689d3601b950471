import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { flowControlledSender } from '../../../server/lab/http/socket-flow.js';

/** A socket whose writes complete only when the test says so, like a slow browser. */
function slowSocket() {
  const callbacks: (() => void)[] = [];
  const socket = { OPEN: 1, readyState: 1, send: (_data: string, cb: () => void) => callbacks.push(cb) };
  return {
    socket: socket as unknown as WebSocket,
    pending: () => callbacks.length,
    flush: () => callbacks.splice(0).forEach((cb) => cb()),
  };
}

describe('flowControlledSender', () => {
  it('pauses the producer when the socket falls behind and resumes it once drained', () => {
    const { socket, flush } = slowSocket();
    const events: string[] = [];
    const send = flowControlledSender(socket, {
      pause: () => events.push('pause'),
      resume: () => events.push('resume'),
    });
    const chunk = 'x'.repeat(100 * 1024);
    for (let i = 0; i < 5; i++) send(chunk);
    expect(events).toEqual([]);
    send(chunk);
    expect(events).toEqual(['pause']);
    flush();
    expect(events).toEqual(['pause', 'resume']);
  });

  it('drops output for a closed socket instead of buffering it', () => {
    const { socket, pending } = slowSocket();
    (socket as unknown as { readyState: number }).readyState = 3;
    const send = flowControlledSender(socket, { pause: () => {}, resume: () => {} });
    send('late');
    expect(pending()).toBe(0);
  });
});
