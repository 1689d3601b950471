#!/usr/bin/env bash
# Chapter 2 clean-up: removes the container and the three cgroups, ending every process still inside them.
# Idempotent; works on cgroup v1 (a directory per hierarchy) and v2.
set -uo pipefail

docker rm -f kubelab-capped >/dev/null 2>&1 || true

for name in kubelab-cpu kubelab-mem kubelab-pids; do
  for dir in /sys/fs/cgroup/$name /sys/fs/cgroup/*/$name; do
    [ -d "$dir" ] || continue
    for _ in $(seq 50); do
      grep -q . "$dir/cgroup.procs" || break
      xargs -r kill -9 <"$dir/cgroup.procs" 2>/dev/null || true
      sleep 0.1
    done
    rmdir "$dir"
  done
done
