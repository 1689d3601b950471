// Terminal panel open → first prompt, as the browser sees it: a new socket to /ws/terminal of a real lab server on
// loopback, until the shell's output ends in a prompt (`# ` or `$ `). References in the same run: a plain `sh -i`
// in a PTY until its prompt (the floor), and `bash --login` in a PTY (what the panel spawned before it stopped
// reading profile files).
import { barePty, startBenchLabServer, type BenchLabServer } from './lab-server.js';
import { percentile, type BenchResult } from './stats.js';

const RUNS = 7;
const PROMPT = /[#$] $/;
/** A shell that shows no prompt in this long fails the bench instead of hanging it. */
const GIVE_UP_MS = 30_000;

/** Median, min and max of open → prompt over RUNS panels, with the references measured alongside. */
export async function terminalPrompt(): Promise<BenchResult> {
  const server = await startBenchLabServer();
  const panel: number[] = [];
  const plainSh: number[] = [];
  const loginBash: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    panel.push(await openPanel(server));
    plainSh.push(await ptyPrompt(['sh', '-i']));
    loginBash.push(await ptyPrompt(['bash', '--login']));
  }
  await server.close();

  const p50 = percentile(panel, 50);
  return {
    name: 'terminal panel open → prompt',
    unit: 'ms',
    runs: RUNS,
    figures: {
      p50,
      min: Math.min(...panel),
      max: Math.max(...panel),
      plainShP50: percentile(plainSh, 50),
      ratioToPlainSh: p50 / percentile(plainSh, 50),
      loginBashP50: percentile(loginBash, 50),
    },
    reference: 'a plain `sh -i` and a `bash --login` in a PTY until their prompt, same machine, same run',
  };
}

function openPanel(server: BenchLabServer): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    let screen = '';
    const socket = server.connect('/ws/terminal');
    const timer = setTimeout(() => {
      socket.terminate();
      fail(new Error(`no prompt from the terminal panel after ${GIVE_UP_MS} ms: ${JSON.stringify(screen)}`));
    }, GIVE_UP_MS);
    socket.once('error', fail);
    socket.on('message', (data) => {
      screen += data.toString();
      if (!PROMPT.test(screen)) return;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.close();
      done(performance.now() - started);
    });
  });
}

function ptyPrompt(argv: string[]): Promise<number> {
  return new Promise((done) => {
    const started = performance.now();
    const shell = barePty(argv);
    let screen = '';
    let took: number | null = null;
    // No prompt in time: the run counts as missing (NaN), the tree is hung up.
    const timer = setTimeout(() => shell.killTree('SIGHUP'), GIVE_UP_MS);
    shell.onData((data) => {
      screen += data;
      if (took !== null || !PROMPT.test(screen)) return;
      took = performance.now() - started;
      shell.killTree('SIGHUP');
    });
    void shell.exited.then(() => {
      clearTimeout(timer);
      done(took ?? Number.NaN);
    });
  });
}
