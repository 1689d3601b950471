import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type KubelabConfig } from '../../../server/cli/config.js';
import { processStartTime, startedDockerdFile, stopStartedDockerd } from '../../../server/cli/docker-engine.js';
import { testTempDir } from '../../support/temp-dir.js';

/** A state dir whose run/ holds `record` as started-dockerd, if given. */
function stateWith(record?: string): KubelabConfig {
  const config = loadConfig({ KUBELAB_STATE_DIR: testTempDir('kubelab-docker-engine-') });
  mkdirSync(config.runDir, { recursive: true });
  if (record !== undefined) writeFileSync(startedDockerdFile(config), record);
  return config;
}

const standIns: ChildProcess[] = [];

/** A `sleep` standing in for dockerd: the machine's own engine is never touched. */
function standIn(): ChildProcess {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  standIns.push(child);
  return child;
}

describe('kubelab down and the Docker engine', () => {
  afterEach(() => {
    for (const child of standIns.splice(0)) child.kill('SIGKILL');
  });

  it('stops the dockerd up recorded, waits for it to exit and forgets it', async () => {
    const dockerd = standIn();
    const exited = new Promise((resolve) => dockerd.once('exit', (_code, signal) => resolve(signal)));
    const config = stateWith(`${dockerd.pid} ${processStartTime(dockerd.pid!)}\n`);

    expect(await stopStartedDockerd(config)).toEqual({ kind: 'stopped', pid: dockerd.pid });
    expect(await exited).toBe('SIGTERM');
    expect(existsSync(startedDockerdFile(config))).toBe(false);
  });

  it('leaves alone a process that holds the recorded pid but started at another time (the pid was reused)', async () => {
    const other = standIn();
    const config = stateWith(`${other.pid} 1\n`);

    expect(await stopStartedDockerd(config)).toEqual({ kind: 'none' });
    expect(processStartTime(other.pid!)).not.toBeNull();
    expect(existsSync(startedDockerdFile(config))).toBe(false);
  });

  it('drops a record whose process is gone', async () => {
    const gone = standIn();
    const record = `${gone.pid} ${processStartTime(gone.pid!)}\n`;
    gone.kill('SIGKILL');
    await new Promise((resolve) => gone.once('exit', resolve));
    const config = stateWith(record);

    expect(await stopStartedDockerd(config)).toEqual({ kind: 'none' });
    expect(existsSync(startedDockerdFile(config))).toBe(false);
  });

  it('stops nothing when up started no engine (one was running already, or systemd runs it)', async () => {
    const running = standIn();

    expect(await stopStartedDockerd(stateWith())).toEqual({ kind: 'none' });
    expect(processStartTime(running.pid!)).not.toBeNull();
  });

  it('keeps the record of an engine that outlives the wait, so the next down tries again', async () => {
    const stubborn = spawn(
      process.execPath,
      ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    standIns.push(stubborn);
    await new Promise((resolve) => stubborn.stdout!.once('data', resolve));
    const config = stateWith(`${stubborn.pid} ${processStartTime(stubborn.pid!)}\n`);

    expect(await stopStartedDockerd(config, 300)).toEqual({ kind: 'still-stopping', pid: stubborn.pid });
    expect(existsSync(startedDockerdFile(config))).toBe(true);
  });
});
