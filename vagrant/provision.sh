#!/usr/bin/env bash
# Provisions a kubelab VM: Node.js from Debian when missing, then exactly what `./kubelab up` does.
set -euo pipefail
ROOT=${KUBELAB_ROOT:-/opt/kubelab}
if ! command -v node >/dev/null || ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  echo "kubelab needs Node.js 20.19 or newer (NodeSource or Debian 13's nodejs); install it, then provision again" >&2
  exit 1
fi
cd "$ROOT"
./kubelab up
