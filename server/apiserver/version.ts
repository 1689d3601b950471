// What `kubectl version` shows as the server. The minor version sits inside kubectl's supported skew (1.30-1.33).
export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kubelab',
  gitCommit: 'kubelab',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'node' + process.versions.node,
  compiler: 'esbuild',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};
