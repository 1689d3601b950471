// Explicit back-pressure between a PTY and a WebSocket: count the bytes handed to the socket that it has not yet
// written; above HIGH the producer is paused, below LOW it resumes. A slow browser slows the PTY instead of
// growing the server's memory.
import type { WebSocket } from 'ws';

const HIGH_WATER = 512 * 1024;
const LOW_WATER = 64 * 1024;

export interface Producer {
  pause(): void;
  resume(): void;
}

/** A `send` for `socket` that pauses `producer` while the socket is behind. */
export function flowControlledSender(socket: WebSocket, producer: Producer): (text: string) => void {
  let pending = 0;
  let paused = false;
  return (text: string) => {
    if (socket.readyState !== socket.OPEN) return;
    const bytes = Buffer.byteLength(text);
    pending += bytes;
    socket.send(text, () => {
      pending -= bytes;
      if (paused && pending < LOW_WATER) {
        paused = false;
        producer.resume();
      }
    });
    if (!paused && pending > HIGH_WATER) {
      paused = true;
      producer.pause();
    }
  };
}
