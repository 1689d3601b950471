// `up` then `down` around the Docker engine, as vagrant/setup.sh and `kubelab down` run them, with a fake `docker`
// and `dockerd` first on PATH: the machine's own engine, which other tests use, is never started or stopped here.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../../server/cli/docker-engine.js';
import { ROOT_DIR } from '../../support/lab-server.js';
import { testTempDir } from '../../support/temp-dir.js';

const run = promisify(execFile);
const underSystemd = readFileSync('/proc/1/comm', 'utf8').trim() === 'systemd';

/** A state dir and a PATH whose `docker info` answers once the fake `dockerd` (a `sleep`) has started. */
function fakeEngine() {
  const dir = testTempDir('kubelab-fake-docker-');
  const up = join(dir, 'engine-up');
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\n[ -e '${up}' ]\n`);
  writeFileSync(join(dir, 'dockerd'), `#!/bin/sh\ntouch '${up}'\nexec sleep 600\n`);
  for (const tool of ['docker', 'dockerd']) chmodSync(join(dir, tool), 0o755);
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, KUBELAB_STATE_DIR: join(dir, 'state') };
  return { up, env, record: join(dir, 'state/run/started-dockerd') };
}

function setupDockerEngine(env: NodeJS.ProcessEnv) {
  const script = `set -euo pipefail; ROOT='${ROOT_DIR}'; source vagrant/setup.sh; setup_docker_engine`;
  return run('bash', ['-c', script], { cwd: ROOT_DIR, env });
}

function kubelabDown(env: NodeJS.ProcessEnv) {
  const loader = `file://${ROOT_DIR}/node_modules/tsx/dist/loader.mjs`;
  return run(process.execPath, ['--import', loader, join(ROOT_DIR, 'server/cli/main.ts'), 'down'], { env });
}

const leftovers: number[] = [];

describe.skipIf(underSystemd)('the Docker engine up started where PID 1 is not systemd', () => {
  afterEach(() => {
    for (const pid of leftovers.splice(0)) if (processStartTime(pid) !== null) process.kill(pid, 'SIGKILL');
  });

  it('is stopped by down, and only it', async () => {
    const engine = fakeEngine();
    await setupDockerEngine(engine.env);
    const [pid, startTime] = readFileSync(engine.record, 'utf8').trim().split(' ').map(Number);
    leftovers.push(pid!);
    // The fake dockerd is the process recorded (once its script has exec'd `sleep`).
    await expect
      .poll(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'), { timeout: 10_000 })
      .toEqual(['sleep', '600', '']);
    expect(processStartTime(pid!)).toBe(String(startTime));

    const { stdout } = await kubelabDown(engine.env);

    expect(stdout).toContain(`stopped the Docker engine up started (pid ${pid})`);
    expect(processStartTime(pid!)).toBeNull();
    expect(existsSync(engine.record)).toBe(false);
  });

  it('leaves an engine that was running before up', async () => {
    const engine = fakeEngine();
    const running = execFile('sleep', ['600']);
    leftovers.push(running.pid!);
    writeFileSync(engine.up, '');
    await setupDockerEngine(engine.env);
    expect(existsSync(engine.record)).toBe(false);

    const { stdout } = await kubelabDown(engine.env);

    expect(stdout).not.toContain('Docker engine');
    expect(processStartTime(running.pid!)).not.toBeNull();
  });
});
