import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TerminalSession } from '../../../server/lab/terminal/terminal-session.js';
import { FIXTURE_LABS, startLabServer, type TestLabServer } from '../../support/lab-server.js';

/** How long a shell may take to answer on a loaded machine: no test depends on how fast the shell starts. */
const SHELL_ANSWER = { timeout: 30_000 };

let lab: TestLabServer;
beforeAll(async () => {
  lab = await startLabServer({ labsDir: FIXTURE_LABS });
});
afterAll(() => lab.close());

async function openTerminal(): Promise<{ socket: WebSocket; screen: () => string }> {
  const socket = new WebSocket(`${lab.baseUrl.replace('http', 'ws')}/ws/terminal`, {
    headers: { cookie: `kubelab_token=${lab.token}`, origin: lab.baseUrl },
  });
  let screen = '';
  socket.on('message', (data) => (screen += data.toString()));
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, screen: () => screen };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('terminal', () => {
  it('gives a root login shell that runs what is typed and is hung up when the panel closes', async () => {
    const { socket, screen } = await openTerminal();
    socket.send(JSON.stringify({ type: 'resize', cols: 100, rows: 40 }));
    socket.send(
      JSON.stringify({
        type: 'input',
        data: 'shopt -q login_shell && echo "uid=$(id -u) cols=$(tput cols) answer=$((6*7)) pid=$$"\r',
      }),
    );
    await expect.poll(() => /uid=0 cols=100 answer=42 pid=(\d+)/.exec(screen())?.[1], SHELL_ANSWER).toBeTruthy();
    const pid = Number(/answer=42 pid=(\d+)/.exec(screen())![1]);
    expect(alive(pid)).toBe(true);
    socket.close();
    await expect.poll(() => alive(pid), SHELL_ANSWER).toBe(false);
  });

  it('ignores malformed messages and keeps the shell', async () => {
    const { socket, screen } = await openTerminal();
    socket.send('{not json');
    socket.send(JSON.stringify({ type: 'resize', cols: -1, rows: 5 }));
    socket.send(JSON.stringify({ type: 'input', data: 'echo still-$((1+1))\r' }));
    await expect.poll(screen, SHELL_ANSWER).toContain('still-2');
    socket.close();
  });

  it('echoes what is typed before the first prompt once, then runs it', async () => {
    // A shell slow to reach its first prompt, as one reading heavy profile files is.
    const session = new TerminalSession({
      cwd: tmpdir(),
      env: { PATH: process.env.PATH!, PROMPT_COMMAND: 'sleep 1; unset PROMPT_COMMAND' },
    });
    let screen = '';
    session.onOutput((data) => (screen += data));
    session.write('echo early-$((2+3))\r');
    await expect.poll(() => screen, SHELL_ANSWER).toContain('early-5');
    expect(screen.split('echo early-$((2+3))')).toHaveLength(2);
    session.close();
  });

  it('shows a prompt without being sent anything', async () => {
    const { socket, screen } = await openTerminal();
    await expect.poll(screen, SHELL_ANSWER).toMatch(/[#$] $/);
    socket.close();
  });
});
