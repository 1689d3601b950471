// A watch stream closes a client that falls too far behind (bytes buffered, or time without draining), and only
// such a client.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WatchStream } from '../../../server/apiserver/http/watch-stream.js';

/** A response whose socket takes nothing: every write stays buffered until `drain()`. */
class StuckResponse extends EventEmitter {
  writableLength = 0;
  socket = { writableLength: 0 };
  destroyed = false;
  writableEnded = false;
  headersSent = true;
  write(chunk: string): boolean {
    this.writableLength += chunk.length;
    return false;
  }
  drain(): void {
    this.writableLength = 0;
    this.emit('drain');
  }
  destroy(): void {
    this.destroyed = true;
  }
  end(): void {
    this.writableEnded = true;
  }
}

function streamOver(limits = { maxBufferedBytes: 100, maxBlockedMs: 1000 }) {
  const res = new StuckResponse();
  let now = 0;
  const stream = new WatchStream(res as unknown as ServerResponse, limits, () => now);
  return { res, stream, advance: (ms: number) => (now += ms) };
}

describe('WatchStream', () => {
  it('closes a client whose buffer passes the byte limit', () => {
    const { res, stream } = streamOver();
    expect(stream.write('x'.repeat(60))).toBe(true);
    expect(stream.write('x'.repeat(60))).toBe(false);
    expect(res.destroyed).toBe(true);
    expect(stream.write('more')).toBe(false);
  });

  it('keeps a client that drains, however much it is sent over time', () => {
    const { res, stream } = streamOver();
    for (let i = 0; i < 100; i++) {
      expect(stream.write('x'.repeat(60))).toBe(true);
      res.drain();
    }
    expect(res.destroyed).toBe(false);
  });

  it('closes a client that has not drained for longer than the time limit', () => {
    const { res, stream, advance } = streamOver();
    expect(stream.write('x')).toBe(true);
    advance(999);
    expect(stream.write('x')).toBe(true);
    advance(2);
    expect(stream.write('x')).toBe(false);
    expect(res.destroyed).toBe(true);
  });

  it('counts the time from the last drain', () => {
    const { res, stream, advance } = streamOver();
    stream.write('x');
    advance(900);
    res.drain();
    advance(900);
    expect(stream.write('x')).toBe(true);
    expect(res.destroyed).toBe(false);
  });
});
