#!/usr/bin/env bash
# Build the local `busybox` image from Debian's busybox-static: one static binary plus its applet links.
# Tagged busybox:latest so `docker run busybox ...` works offline, exactly as the lessons write it.
set -euo pipefail
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs"/{bin,etc,proc,sys,dev,tmp,root}
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do
  [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
echo 'root:x:0:' >"$rootfs/etc/group"
tar -C "$rootfs" -c . | docker import --change 'CMD ["sh"]' --change 'ENV PATH=/bin' - busybox:latest >/dev/null
echo "built image busybox:latest from $(dpkg-query -W -f='busybox-static ${Version}' busybox-static)"
