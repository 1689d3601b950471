#!/usr/bin/env bash
# Chapter 2 solution: the state every check of the chapter passes on. Idempotent; works on cgroup v1 and v2.
#   kubelab-cpu    a busy loop capped at 20000/100000 µs (20 % of one CPU), still running, detached
#   kubelab-mem    a 50 MiB limit and at least one process the OOM killer ended
#   kubelab-pids   pids.max 10 and at least one refused fork
#   kubelab-capped a busybox container started with --cpu-quota=20000
set -euo pipefail

CG=/sys/fs/cgroup
if [ -f $CG/cgroup.controllers ]; then
  echo "+cpu +memory +pids" >$CG/cgroup.subtree_control
  cpu_dirs=($CG/kubelab-cpu) mem_dir=$CG/kubelab-mem pids_dir=$CG/kubelab-pids
else
  cpu_dirs=($CG/cpu/kubelab-cpu $CG/cpuacct/kubelab-cpu) mem_dir=$CG/memory/kubelab-mem pids_dir=$CG/pids/kubelab-pids
fi
mkdir -p "${cpu_dirs[@]}" "$mem_dir" "$pids_dir"

# True when the cgroup holds a process. (Not `test -s`: cgroup files always report a size of 0.)
populated() { grep -q . "$1/cgroup.procs"; }

# Waits up to 10 s for a condition, so the script returns only once the state is there.
wait_for() {
  local tries=100
  until "$@"; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || { echo "timed out waiting for: $*" >&2; exit 1; }
    sleep 0.1
  done
}

# CPU: the cap, then one busy loop that joins the cgroup (in every hierarchy on v1) before it starts spinning.
if [ -f $CG/cgroup.controllers ]; then
  echo "20000 100000" >$CG/kubelab-cpu/cpu.max
else
  echo 100000 >$CG/cpu/kubelab-cpu/cpu.cfs_period_us
  echo 20000 >$CG/cpu/kubelab-cpu/cpu.cfs_quota_us
fi
if ! populated "${cpu_dirs[0]}"; then
  setsid -f sh -c 'for d; do echo $$ >"$d/cgroup.procs"; done; while :; do :; done' sh "${cpu_dirs[@]}" \
    >/dev/null 2>&1 </dev/null
  wait_for populated "${cpu_dirs[0]}"
fi

# Memory: a 50 MiB limit with no swap to spill into, then dd asks for a 100 MiB buffer inside it and is killed.
if [ -f $CG/cgroup.controllers ]; then
  echo 50M >"$mem_dir/memory.max"
  if [ -f "$mem_dir/memory.swap.max" ]; then echo 0 >"$mem_dir/memory.swap.max"; fi
else
  echo 50M >"$mem_dir/memory.limit_in_bytes"
  if [ -f "$mem_dir/memory.memsw.limit_in_bytes" ]; then echo 50M >"$mem_dir/memory.memsw.limit_in_bytes"; fi
fi
# (In a subshell with stderr closed to /dev/null, so bash does not print "Killed".)
status=$(
  exec 2>/dev/null
  sh -c 'echo $$ >"$1/cgroup.procs"; exec dd if=/dev/zero of=/dev/null bs=100M count=1' sh "$mem_dir" >/dev/null
  echo $?
)
if [ "$status" -ne 137 ]; then
  echo "dd was not killed by the OOM killer (exit status $status): is the memory limit in place?" >&2
  exit 1
fi

# pids: a limit of 10, then dash (which, unlike bash, does not retry a failed fork) starts sleeps until one
# fork is refused. The sleeps end on their own after a second.
echo 10 >"$pids_dir/pids.max"
sh -c 'echo $$ >"$1/cgroup.procs"; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 1 & done; wait' sh "$pids_dir" \
  >/dev/null 2>&1 || true
if ! awk '$1 == "max" && $2 > 0 { found = 1 } END { exit !found }' "$pids_dir/pids.events"; then
  echo "no fork was refused in $pids_dir" >&2
  exit 1
fi

# Docker: a container with the same cap; replaced if one by that name runs without it.
quota=$(docker inspect -f '{{.HostConfig.CpuQuota}} {{.State.Running}}' kubelab-capped 2>/dev/null || true)
if [ "$quota" != "20000 true" ]; then
  docker rm -f kubelab-capped >/dev/null 2>&1 || true
  docker run -d --name kubelab-capped --cpu-quota=20000 busybox sleep 3600 >/dev/null
fi
