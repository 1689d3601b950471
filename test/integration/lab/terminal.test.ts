import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FIXTURE_LABS, startLabServer, type TestLabServer } from '../../support/lab-server.js';

let lab: TestLabServer;
beforeAll(async () => {
  lab = await startLabServer({ labsDir: FIXTURE_LABS });
});
afterAll(() => lab.close());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('terminal socket', () => {
  it('gives a root login shell that runs what is typed and is hung up when the panel closes', async () => {
    const socket = new WebSocket(`${lab.baseUrl.replace('http', 'ws')}/ws/terminal`, {
      headers: { cookie: `kubelab_token=${lab.token}`, origin: lab.baseUrl },
    });
    let screen = '';
    socket.on('message', (data) => (screen += data.toString()));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'resize', cols: 100, rows: 40 }));
    socket.send(
      JSON.stringify({ type: 'input', data: 'echo "uid=$(id -u) cols=$(tput cols) answer=$((6*7)) pid=$$"\r' }),
    );
    await expect.poll(() => /uid=0 cols=100 answer=42 pid=(\d+)/.exec(screen)?.[1]).toBeTruthy();
    const pid = Number(/answer=42 pid=(\d+)/.exec(screen)![1]);
    expect(alive(pid)).toBe(true);
    socket.close();
    await expect.poll(() => alive(pid), { timeout: 5_000 }).toBe(false);
  });

  it('ignores malformed messages and keeps the shell', async () => {
    const socket = new WebSocket(`${lab.baseUrl.replace('http', 'ws')}/ws/terminal`, {
      headers: { cookie: `kubelab_token=${lab.token}`, origin: lab.baseUrl },
    });
    let screen = '';
    socket.on('message', (data) => (screen += data.toString()));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('{not json');
    socket.send(JSON.stringify({ type: 'resize', cols: -1, rows: 5 }));
    socket.send(JSON.stringify({ type: 'input', data: 'echo still-$((1+1))\r' }));
    await expect.poll(() => screen).toContain('still-2');
    socket.close();
  });
});
