// The cluster's certificates, made once at setup like kubeadm does: a CA (<state>/pki/ca.crt, the file kubectl
// trusts) and the API server's serving certificate for localhost, the `kubernetes` Service names and IPs.
// Also the bearer tokens of the three roles. Uses Debian's openssl.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role, User } from './auth.js';

export interface Pki {
  caCert: string;
  cert: string;
  key: string;
  caCertPath: string;
  /** token → user */
  tokens: Record<string, User>;
  tokenFor(role: Role): string;
}

const SERVER_NAMES = [
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
  'IP:127.0.0.1',
  'IP:10.96.0.1',
];

/** Loads the PKI from `<stateDir>/pki`, creating what is missing. */
export function ensurePki(stateDir: string, extraNames: string[] = []): Pki {
  const dir = join(stateDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (file: string) => join(dir, file);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  if (!existsSync(path('ca.crt'))) {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path('ca.key'),
      '-out',
      path('ca.crt'),
      '-days',
      '3650',
      '-subj',
      '/CN=kubelab-ca',
    );
  }
  if (!existsSync(path('apiserver.crt'))) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path('apiserver.key'),
      '-out',
      path('apiserver.csr'),
      '-subj',
      '/CN=kube-apiserver',
    );
    const names = [...SERVER_NAMES, ...extraNames].join(',');
    writeFileSync(path('apiserver.ext'), `subjectAltName=${names}\nextendedKeyUsage=serverAuth\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      path('apiserver.csr'),
      '-CA',
      path('ca.crt'),
      '-CAkey',
      path('ca.key'),
      '-CAcreateserial',
      '-out',
      path('apiserver.crt'),
      '-days',
      '3650',
      '-extfile',
      path('apiserver.ext'),
    );
  }
  if (!existsSync(path('tokens.json'))) {
    const tokens = Object.fromEntries(
      ['admin', 'reader', 'node'].map((role) => [role, randomBytes(24).toString('hex')]),
    );
    writeFileSync(path('tokens.json'), JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });
  }
  const byRole = JSON.parse(readFileSync(path('tokens.json'), 'utf8')) as Record<Role, string>;
  const users: Record<Role, User> = {
    admin: { name: 'kubelab-admin', role: 'admin' },
    reader: { name: 'kubelab-grader', role: 'reader' },
    node: { name: 'system:node', role: 'node' },
  };
  return {
    caCert: readFileSync(path('ca.crt'), 'utf8'),
    cert: readFileSync(path('apiserver.crt'), 'utf8'),
    key: readFileSync(path('apiserver.key'), 'utf8'),
    caCertPath: path('ca.crt'),
    tokens: Object.fromEntries(Object.entries(byRole).map(([role, token]) => [token, users[role as Role]])),
    tokenFor: (role) => byRole[role],
  };
}

/** A kubeconfig for `role` against `server`, trusting the cluster CA. */
export function kubeconfig(pki: Pki, server: string, role: Role): string {
  const ca = Buffer.from(pki.caCert).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: kubelab
  cluster:
    server: ${server}
    certificate-authority-data: ${ca}
users:
- name: kubelab-${role}
  user:
    token: ${pki.tokenFor(role)}
contexts:
- name: kubelab
  context:
    cluster: kubelab
    user: kubelab-${role}
    namespace: default
current-context: kubelab
`;
}
