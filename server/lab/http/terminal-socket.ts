// WebSocket adapter for the terminal panel: JSON input/resize messages in, raw terminal text out.
import type { WebSocket } from 'ws';
import { TerminalClientMessage } from '../../protocol/messages.js';
import { TerminalSession, type TerminalSessionOptions } from '../terminal/terminal-session.js';
import { parseJson } from './json.js';
import { flowControlledSender } from './socket-flow.js';

export function serveTerminalSocket(socket: WebSocket, options: TerminalSessionOptions): void {
  const session = new TerminalSession(options);
  const send = flowControlledSender(socket, session);
  session.onOutput(send);
  session.onExit(() => socket.close(1000, 'shell exited'));
  socket.on('message', (raw) => {
    const parsed = TerminalClientMessage.safeParse(parseJson(raw.toString()));
    if (!parsed.success) return;
    if (parsed.data.type === 'input') session.write(parsed.data.data);
    else session.resize(parsed.data.cols, parsed.data.rows);
  });
  socket.on('close', () => session.close());
}
