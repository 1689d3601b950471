#!/usr/bin/env bash
# Chapter 3's passing state, built in the current directory: a busybox rootfs, a process that pivot_root'ed into it
# with ./volume bind-mounted on its /data (and /data/hello.txt written from inside), and an overlay of two lower
# layers on ./merged with one file copied up and one whited out. Starts from a clean slate, so it is idempotent.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$here/teardown.sh"

# 1. The rootfs: a static busybox, its applet links, and the directories the kernel interfaces mount on.
mkdir -p rootfs/{bin,dev,etc,proc,sys,tmp,root,data} volume
cp /bin/busybox rootfs/bin/busybox
chroot rootfs /bin/busybox --install -s /bin
echo 'root:x:0:0:root:/root:/bin/sh' >rootfs/etc/passwd
echo 'root:x:0:' >rootfs/etc/group

# 2. The container: a new mount namespace, the volume, pivot_root, the old root gone. Fully detached.
setsid -f unshare --mount --fork bash -euc '
  echo $$ > container.pid
  mount --make-rprivate /
  mount --bind rootfs rootfs
  mount --bind volume rootfs/data
  cd rootfs
  mkdir -p .old-root
  pivot_root . .old-root
  cd /
  umount -l /.old-root
  rmdir /.old-root
  exec /bin/sh -c "while true; do sleep 3600; done"
' >/dev/null 2>&1

# Wait until the container has pivoted (its /proc/<pid>/root is ./rootfs), then write into the volume from inside.
want=$(stat -c %d:%i rootfs)
for _ in $(seq 100); do
  pid=$(cat container.pid 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(stat -L -c %d:%i "/proc/$pid/root" 2>/dev/null)" = "$want" ] &&
    ! grep -q ' /.old-root ' "/proc/$pid/mountinfo"; then
    break
  fi
  sleep 0.1
done
nsenter --target "$pid" --mount --root sh -c 'echo "written inside the container" > /data/hello.txt'

# 3. The overlay: two read-only layers and a writable one; then copy-on-write and a whiteout through merged.
mkdir -p layers/lower1 layers/lower2 layers/upper layers/work merged
echo 'hello from the base layer' >layers/lower1/greeting.txt
echo 'a file the container will delete' >layers/lower1/notes.txt
echo 'base' >layers/lower1/version.txt
echo 'app' >layers/lower2/version.txt
mount -t overlay overlay -o "lowerdir=$PWD/layers/lower2:$PWD/layers/lower1,upperdir=$PWD/layers/upper,workdir=$PWD/layers/work" merged
echo 'changed in the container' >>merged/greeting.txt
rm merged/notes.txt
