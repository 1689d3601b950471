import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ProcReader,
  hostReference,
  inOwnNamespace,
  parseListeningPorts,
  parseSysvipcKeys,
} from '../../../server/lab/checks/proc.js';

// A /proc-shaped tree: 1 is an init whose namespace links cannot be read (as in some sandboxes), 100 the lab
// server in the host namespaces, 200 a zombie, 300 PID 1 of a container with its own PID, UTS, mount, net and IPC.
const PROC = resolve(import.meta.dirname, '../../fixtures/proc');
const reader = new ProcReader(PROC);

async function processAt(pid: number) {
  const found = await reader.process(pid);
  if (!found) throw new Error(`fixture ${pid} is missing`);
  return found;
}

describe('ProcReader', () => {
  it('reads a process: its PID in each nested PID namespace, its command and its namespace links', async () => {
    const container = await processAt(300);
    expect(container).toMatchObject({ pid: 300, ppid: 299, comm: 'sleep', argv: ['sleep', 'infinity'] });
    expect(container.nsPids).toEqual([300, 1]);
    expect(container.namespaces.pid).toBe('pid:[4026532181]');
  });

  it('treats a zombie as gone, since it has already exited', async () => {
    expect(await reader.process(200)).toBeNull();
    expect((await reader.processes()).map((p) => p.pid).sort()).toEqual([1, 100, 300]);
  });

  it('answers null for a process that does not exist', async () => {
    expect(await reader.process(999)).toBeNull();
  });

  it('lists the listening TCP ports of the process network namespace, IPv4 and IPv6, once each', async () => {
    expect(await reader.listeningTcpPorts(300)).toEqual([22, 8000, 8081]);
    expect(await reader.listeningTcpPorts(999)).toBeNull();
  });
});

describe('hostReference', () => {
  it('falls back to the given process when the namespace links of PID 1 cannot be read', async () => {
    expect((await hostReference(reader, 100)).pid).toBe(100);
  });

  it('fails loudly when neither PID 1 nor the given process (301 does not exist) shows its namespaces', async () => {
    await expect(hostReference(reader, 301)).rejects.toThrow(/host namespaces/);
  });

  it('lets inOwnNamespace tell the container from the host, and the host from itself', async () => {
    const host = await hostReference(reader, 100);
    const container = await processAt(300);
    expect(inOwnNamespace(container, host, 'pid')).toBe(true);
    expect(inOwnNamespace(container, host, 'user')).toBe(false);
    expect(inOwnNamespace(host, host, 'pid')).toBe(false);
  });
});

describe('parseListeningPorts', () => {
  it('keeps sockets in state LISTEN (0A) and skips established connections', () => {
    const text = [
      '  sl  local_address rem_address   st',
      '   0: 0100007F:1F91 00000000:0000 0A 00000000:00000000',
      '   1: 0100007F:1F91 0100007F:C350 01 00000000:00000000',
    ].join('\n');
    expect(parseListeningPorts(text)).toEqual([8081]);
  });

  it('gives no ports for an empty table', () => {
    expect(parseListeningPorts('')).toEqual([]);
  });
});

describe('parseSysvipcKeys', () => {
  it('reads the key column of /proc/sysvipc/msg, private (0) and negative keys included', async () => {
    const text = await readFile(resolve(PROC, 'sysvipc/msg'), 'utf8');
    expect(parseSysvipcKeys(text)).toEqual([451711318, 0, -123456789]);
  });

  it('gives no keys when only the header is there', () => {
    expect(parseSysvipcKeys('       key      msqid perms\n')).toEqual([]);
  });
});
