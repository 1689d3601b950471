// The HTTP side of a watch: a chunked 200 whose lines go out one by one, with back-pressure. Node buffers whatever
// `res.write()` cannot hand to the socket at once, so a client that stops reading would make the API server hold
// every later event in memory. As upstream's apiserver (which closes a watcher whose buffer stays full) and kine
// (which drops a subscriber whose channel fills) do, a watcher that falls too far behind is closed instead: its
// client relists, or resumes from the last resourceVersion it saw, exactly as after any ended watch.
import type { ServerResponse } from 'node:http';

/**
 * How far behind a watcher may fall before it is closed. 16 MiB is thousands of events (a Pod is 2-8 KiB), far
 * more than a reading client ever has in flight, yet a bound on what one stuck client can cost. 30 s without the
 * buffer draining once while events keep coming means the client is not keeping up, whatever its buffer holds.
 */
export interface WatchLimits {
  maxBufferedBytes: number;
  maxBlockedMs: number;
}

const DEFAULT_WATCH_LIMITS: WatchLimits = { maxBufferedBytes: 16 * 1024 * 1024, maxBlockedMs: 30_000 };

/** One watch response. `write` answers false once the stream is closed (by the client, or for falling behind). */
export class WatchStream {
  private blockedSince: number | undefined;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly limits: WatchLimits = DEFAULT_WATCH_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    res.on('drain', () => (this.blockedSince = undefined));
    res.on('close', () => (this.closed = true));
  }

  /** Sends the headers at once: clients wait for them before they consider the watch established. */
  start(): void {
    if (this.res.headersSent) return;
    this.res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache',
      'Transfer-Encoding': 'chunked',
    });
    this.res.flushHeaders();
  }

  /** Writes one line (an encoded event); false when the watch is over and nothing more should be sent. */
  write(line: string): boolean {
    if (this.closed) return false;
    if (!this.res.write(line)) this.blockedSince ??= this.now();
    if (this.fallenBehind()) {
      // Nothing more can be said on a socket that is not being read: drop the connection.
      this.closed = true;
      this.res.destroy();
      return false;
    }
    return true;
  }

  /** Ends the response normally. */
  end(): void {
    this.closed = true;
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end();
  }

  /** Bytes written but not yet taken by the client: the response's buffer and its socket's. */
  private buffered(): number {
    return this.res.writableLength + (this.res.socket?.writableLength ?? 0);
  }

  private fallenBehind(): boolean {
    if (this.blockedSince === undefined) return false;
    return this.buffered() > this.limits.maxBufferedBytes || this.now() - this.blockedSince > this.limits.maxBlockedMs;
  }
}
