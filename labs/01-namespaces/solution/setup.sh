#!/usr/bin/env bash
# Chapter 1's solution: the state every check wants. Run with the chapter's working directory as cwd. The
# long-running processes are detached (setsid -f) so they outlive this script. Idempotent: it tears down first.
set -euo pipefail

HOSTNAME_INSIDE=kubelab-ns1
NETNS=kubelab-ns1
PORT=8081
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT

# wait_for DESCRIPTION COMMAND...: polls until COMMAND succeeds, for at most 10 s. COMMAND is run anew each time,
# so conditions are functions below, not "$(...)" arguments that would be expanded once.
wait_for() {
  local what=$1 _
  shift
  for _ in $(seq 200); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "setup.sh: gave up waiting for $what" >&2
  return 1
}

# The PID 1 of the container, as the host numbers it: the child of the unshare process.
container_pid() { pgrep -P "$(cat "$state/unshare.pid")"; }
container_ready() {
  local pid
  pid=$(container_pid) && [ "$(nsenter --target "$pid" --uts hostname)" = "$HOSTNAME_INSIDE" ]
}
# nsenter's child is the second process in the container's PID namespace.
joined() { [ "$(pgrep --ns "$1" --nslist pid | wc -l)" -ge 2 ]; }
secret_written() { [ -f "/proc/$(cat "$state/mount.pid")/root$PWD/private/secret.txt" ]; }
serving() { [ -n "$(ip netns exec "$NETNS" ss -Hltn "sport = :$PORT")" ]; }

bash "$here/teardown.sh"

# 1. PID 1 of its own PID namespace, its own /proc, hostname and IPC namespace. `exec` keeps bash's PID for unshare.
setsid -f bash -c 'echo $$ >"$1"; exec unshare --pid --fork --kill-child --mount-proc --uts --ipc \
  sh -c "hostname $2 && exec sleep infinity"' _ "$state/unshare.pid" "$HOSTNAME_INSIDE" >/dev/null 2>&1
wait_for "the $HOSTNAME_INSIDE container" container_ready
pid=$(container_pid)

# 4. A process that joined every namespace of the container from outside, as docker exec does.
setsid -f nsenter --target "$pid" --all sleep infinity >/dev/null 2>&1
wait_for "nsenter to join the container" joined "$pid"

# 5. A message queue in the container's IPC namespace: it lives there as long as the namespace does.
nsenter --target "$pid" --ipc ipcmk -Q >/dev/null

# 2. A tmpfs mounted inside a mount namespace of its own (unshare makes its mounts private).
mkdir -p private
setsid -f bash -c 'echo $$ >"$1"; exec unshare --mount sh -c "mount -t tmpfs kubelab-ns1-private \"\$0\" &&
  echo \"only this mount namespace can read me\" >\"\$0/secret.txt\" && exec sleep infinity" "$2"' \
  _ "$state/mount.pid" "$PWD/private" >/dev/null 2>&1
wait_for "the private tmpfs" secret_written

# 3. A named network namespace: only lo, brought up, and a web server only that namespace can reach.
ip netns add "$NETNS"
ip netns exec "$NETNS" ip link set lo up
setsid -f ip netns exec "$NETNS" python3 -m http.server --bind 127.0.0.1 "$PORT" >/dev/null 2>&1
wait_for "the server in $NETNS" serving
