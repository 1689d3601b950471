import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../server/cli/config.js';
import { defaultSchedulerConfig, runScheduler } from '../../../server/cli/scheduler-command.js';
import { silentLogger } from '../../../server/log.js';
import { testTempDir } from '../../support/temp-dir.js';

function stateDir(): ReturnType<typeof loadConfig> {
  return loadConfig({ KUBELAB_STATE_DIR: testTempDir('kubelab-scheduler-command-') });
}

describe('kubelab scheduler', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['--config without a file', () => ['--config'], '--config needs a file'],
    ['a config file that does not exist', () => ['--config', '/nonexistent/scheduler.yaml'], 'no such file'],
  ])('refuses %s with exit code 2 and a message', async (_case, args, message) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await runScheduler(stateDir(), args(), silentLogger)).toBe(2);
    expect(String(errors.mock.calls[0]?.[0])).toContain(message);
  });

  it('refuses a malformed <state>/scheduler-config.yaml, naming the file', async () => {
    const config = stateDir();
    await writeFile(defaultSchedulerConfig(config), 'profiles: [{schedulerName: 7}]\n');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await runScheduler(config, [], silentLogger)).toBe(2);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/scheduler-config\.yaml: .*schedulerName/);
  });
});
