// The one WebSocket to /ws/cells that every code cell shares. A run is matched to its `started` answer by request
// id, then its output and end by run id. The socket reconnects with back-off and re-attaches to runs still going.
import { CellServerMessage, type CellClientMessage, type RunEnd } from '../../../server/protocol/messages.js';
import { paths } from '../../../server/protocol/http.js';

/** How a run ended, as the `ended` message says. */
export interface RunEnded {
  exitCode: number | null;
  end: RunEnd;
  durationMs: number;
}

/** What a cell hears about its run. */
export interface RunListener {
  started(runId: string): void;
  output(data: string): void;
  ended(result: RunEnded): void;
  /** The server refused the run or the connection was lost before it started. */
  failed(message: string): void;
  /** The socket came back and is attaching again: the server replays the run's output, so drop what was shown. */
  reattaching(): void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;

/** One shared cells socket. Construct once in main and pass to the views. */
export class CellsSocket {
  private socket: WebSocket | null = null;
  private queue: string[] = [];
  private readonly pending = new Map<string, RunListener>();
  private readonly runs = new Map<string, RunListener>();
  private backoffMs = MIN_BACKOFF_MS;
  private requestSeq = 0;
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly noticeListeners = new Set<(message: string) => void>();
  private closed = false;

  constructor(private readonly url = socketUrl(paths.cellsSocket())) {
    this.connect();
  }

  /** Starts a run of `source` as cell `cell`; the listener hears `started`, the output and the end. */
  run(chapter: string, cell: string, source: string, listener: RunListener): void {
    const requestId = `${Date.now().toString(36)}-${++this.requestSeq}`;
    this.pending.set(requestId, listener);
    this.send({ type: 'run', chapter, cell, source, requestId });
  }

  /** Follows a run that started before this page was loaded (or before a reconnect). */
  attach(runId: string, listener: RunListener): void {
    this.runs.set(runId, listener);
    // When the socket is not open yet, the `open` handler attaches every run it knows.
    if (this.socket?.readyState === WebSocket.OPEN) this.send({ type: 'attach', runId });
  }

  stop(runId: string): void {
    this.send({ type: 'stop', runId });
  }

  /** Stops following a run (its cell was removed from the page); the run itself goes on. */
  detach(runId: string): void {
    this.runs.delete(runId);
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Errors the server sent without a request id (an attach to a run that has ended, a malformed message). */
  onNotice(listener: (message: string) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private send(message: CellClientMessage): void {
    const text = JSON.stringify(message);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
    else this.queue.push(text);
  }

  private connect(): void {
    this.setState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.backoffMs = MIN_BACKOFF_MS;
      this.setState('open');
      for (const [runId, listener] of this.runs) {
        listener.reattaching();
        socket.send(JSON.stringify({ type: 'attach', runId } satisfies CellClientMessage));
      }
      for (const text of this.queue.splice(0)) socket.send(text);
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      this.setState('closed');
      for (const listener of this.pending.values()) listener.failed('The connection to the lab server was lost.');
      this.pending.clear();
      if (this.closed) return;
      setTimeout(() => this.connect(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = CellServerMessage.safeParse(json);
    if (!parsed.success) {
      console.warn('cells socket: ignoring a message this page does not understand', parsed.error.issues);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'started': {
        const listener = this.pending.get(message.requestId);
        if (!listener) return;
        this.pending.delete(message.requestId);
        this.runs.set(message.runId, listener);
        listener.started(message.runId);
        return;
      }
      case 'output':
        this.runs.get(message.runId)?.output(message.data);
        return;
      case 'ended': {
        const listener = this.runs.get(message.runId);
        this.runs.delete(message.runId);
        listener?.ended({ exitCode: message.exitCode, end: message.end, durationMs: message.durationMs });
        return;
      }
      case 'error': {
        const listener = message.requestId
          ? this.pending.get(message.requestId)
          : message.runId
            ? this.runs.get(message.runId)
            : undefined;
        if (message.requestId) this.pending.delete(message.requestId);
        if (message.runId) this.runs.delete(message.runId);
        if (listener) listener.failed(message.message);
        else for (const notice of this.noticeListeners) notice(message.message);
        return;
      }
    }
  }

  private setState(state: ConnectionState): void {
    for (const listener of this.stateListeners) listener(state);
  }
}

/** ws:// or wss:// URL for a path on this page's host. */
export function socketUrl(path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}
