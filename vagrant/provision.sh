#!/usr/bin/env bash
# Provisions a kubelab VM: Node.js and npm from Debian (13 ships Node 20.19) when missing, then exactly what
# `./kubelab up` does on any machine.
set -euo pipefail
ROOT=${KUBELAB_ROOT:-/opt/kubelab}
if ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "kubelab needs Node.js 20.19 or newer; this VM has $(node --version)" >&2
  exit 1
fi
cd "$ROOT"
./kubelab up
