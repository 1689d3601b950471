#!/usr/bin/env bash
# Undoes chapter 1 (setup.sh, and the lesson's cells too): kills the processes that hold the chapter's namespaces,
# found by what they are (hostname kubelab-ns1, a tmpfs named kubelab-ns1-private, the netns kubelab-ns1), then
# removes what is left in the working directory. Idempotent; kills nothing outside those namespaces.
set -uo pipefail

HOSTNAME_INSIDE=kubelab-ns1
MOUNT_SOURCE=kubelab-ns1-private
NETNS=kubelab-ns1

own_uts=$(readlink /proc/self/ns/uts)
own_mnt=$(readlink /proc/self/ns/mnt)
declare -A uts_is_ours=() mnt_is_ours=()
victims=()

for dir in /proc/[0-9]*; do
  pid=${dir#/proc/}
  uts=$(readlink "$dir/ns/uts" 2>/dev/null) || continue
  mnt=$(readlink "$dir/ns/mnt" 2>/dev/null) || continue
  if [ "$uts" != "$own_uts" ]; then
    # One look per namespace: every process in it has the same hostname.
    [ -n "${uts_is_ours[$uts]+set}" ] ||
      uts_is_ours[$uts]=$([ "$(nsenter --target "$pid" --uts hostname 2>/dev/null)" = "$HOSTNAME_INSIDE" ] && echo 1)
    [ "${uts_is_ours[$uts]}" = 1 ] && victims+=("$pid") && continue
  fi
  if [ "$mnt" != "$own_mnt" ]; then
    [ -n "${mnt_is_ours[$mnt]+set}" ] ||
      mnt_is_ours[$mnt]=$(grep -qs " - tmpfs $MOUNT_SOURCE " "$dir/mountinfo" && echo 1)
    [ "${mnt_is_ours[$mnt]}" = 1 ] && victims+=("$pid")
  fi
done
if [ -e "/run/netns/$NETNS" ]; then
  mapfile -t -O "${#victims[@]}" victims < <(ip netns pids "$NETNS" 2>/dev/null)
fi

# SIGKILL: a PID 1 ignores every other signal it has no handler for, even from root.
[ ${#victims[@]} -gt 0 ] && kill -KILL "${victims[@]}" 2>/dev/null

gone() { [ ! -e "/proc/$1" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" = Z ]; }
for pid in "${victims[@]}"; do
  for _ in $(seq 200); do
    gone "$pid" && break
    sleep 0.05
  done
done

[ -e "/run/netns/$NETNS" ] && ip netns delete "$NETNS"
# Only if a mount leaked out to the host (shared propagation) is there anything to unmount here.
mountpoint -q private 2>/dev/null && umount private
rm -rf -- private container.pid private-tmpfs.pid
exit 0
