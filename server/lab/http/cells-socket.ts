// WebSocket adapter for cell runs: run, stop, attach in; started, output, ended, error out. Runs outlive the
// socket: a closed page detaches its listeners, the run goes on and its output is saved when it ends.
import type { WebSocket } from 'ws';
import { CellClientMessage, type CellServerMessage } from '../../protocol/messages.js';
import type { Logger } from '../../log.js';
import type { CellRun } from '../cells/cell-run.js';
import { WorkbookError, type Workbook } from '../workbook.js';
import { parseJson } from './json.js';
import { flowControlledSender } from './socket-flow.js';

const RUN_GONE = 'that run has ended; reload the chapter to see its saved output';

export function serveCellsSocket(socket: WebSocket, workbook: Workbook, log: Logger): void {
  const detachers = new Set<() => void>();
  const send = (message: CellServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  const follow = (run: CellRun) => {
    const holder = {};
    const sendOutput = flowControlledSender(socket, {
      pause: () => run.pause(holder),
      resume: () => run.resume(holder),
    });
    const detach = run.attach({
      output: (data) => sendOutput(JSON.stringify({ type: 'output', runId: run.id, data } satisfies CellServerMessage)),
      ended: (result) => {
        send({
          type: 'ended',
          runId: run.id,
          exitCode: result.exitCode,
          end: result.end,
          durationMs: result.durationMs,
        });
        detachers.delete(detach);
      },
    });
    detachers.add(detach);
  };

  const handle = async (message: CellClientMessage) => {
    switch (message.type) {
      case 'run': {
        const run = await workbook.runCell(message.chapter, message.cell, message.source);
        send({ type: 'started', requestId: message.requestId, runId: run.id, cell: message.cell });
        follow(run);
        return;
      }
      case 'stop':
      case 'attach': {
        const run = workbook.run(message.runId);
        if (!run) send({ type: 'error', runId: message.runId, message: RUN_GONE });
        else if (message.type === 'stop') run.stop();
        else follow(run);
        return;
      }
    }
  };

  socket.on('message', (raw) => {
    const parsed = CellClientMessage.safeParse(parseJson(raw.toString()));
    if (!parsed.success) {
      send({ type: 'error', message: 'malformed message' });
      return;
    }
    handle(parsed.data).catch((error: unknown) => {
      const requestId = parsed.data.type === 'run' ? parsed.data.requestId : undefined;
      if (!(error instanceof WorkbookError)) log.error('cell message failed', { error: String(error) });
      const message = error instanceof WorkbookError ? error.message : 'internal error: see the lab server log';
      send({ type: 'error', requestId, message });
    });
  });
  socket.on('close', () => {
    for (const detach of detachers) detach();
    detachers.clear();
  });
}
