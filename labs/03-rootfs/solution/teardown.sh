#!/usr/bin/env bash
# Undoes chapter 3 in the current directory: stops the processes living in ./rootfs, unmounts everything mounted
# under this directory (deepest first, lazily if busy), then removes what the lesson built. Safe to run twice.
set -euo pipefail

# Processes whose root directory is ./rootfs (pivot_root'ed or chrooted), found by device and inode.
rooted_in_rootfs() {
  local want p
  want=$(stat -c %d:%i rootfs 2>/dev/null) || return 0
  for p in /proc/[0-9]*; do
    [ "$(stat -L -c %d:%i "$p/root" 2>/dev/null)" = "$want" ] && echo "${p#/proc/}"
  done
  return 0
}

for _ in $(seq 50); do
  pids=$(rooted_in_rootfs)
  [ -z "$pids" ] && break
  # shellcheck disable=SC2086 # one PID per word
  kill -KILL $pids 2>/dev/null || true
  sleep 0.1
done

# Mount points under this directory in our mount table, deepest first ("\040" in mountinfo is a space).
here=$(pwd -P)
mapfile -t points < <(awk -v here="$here" 'index($5, here "/") == 1 { print $5 }' /proc/self/mountinfo |
  sed 's/\\040/ /g' | sort -r)
for point in "${points[@]}"; do
  umount "$point" 2>/dev/null || umount -l "$point"
done

if awk -v here="$here" 'index($5, here "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
  echo "teardown: something is still mounted under $here; not removing files" >&2
  exit 1
fi
rm -rf --one-file-system rootfs layers merged volume container.pid
