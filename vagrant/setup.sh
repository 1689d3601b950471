# Machine setup shared by ./kubelab and vagrant/provision.sh. Sourced, not run; expects ROOT and KUBELAB_STATE_DIR.
# Each step checks before it acts, so running it again is cheap and safe.

SYSTEM_PACKAGES=(
  docker.io busybox-static iptables iproute2 util-linux procps psmisc
  build-essential python3 git ca-certificates curl chromium openssl etcd-server etcd-client
)

log() { printf '\033[1m[kubelab]\033[0m %s\n' "$*" >&2; }

require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "kubelab runs lab cells as root: run it as root (sudo ./kubelab ...)" >&2
    exit 1
  fi
}

setup_system_packages() {
  local missing=() pkg
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm dependencies, native addons (node-pty, better-sqlite3) built from source when no prebuilt binary is reachable.
setup_node_modules() {
  local stamp="$ROOT/node_modules/.kubelab-lock-hash" hash
  hash=$(cd "$ROOT" && sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && return 0
  log "installing npm dependencies"
  (cd "$ROOT" && npm ci --no-audit --no-fund --foreground-scripts=false --loglevel=error)
  echo "$hash" >"$stamp"
}

# Hashes of the files `find <expression>` selects under ROOT, sorted bytewise: the hash must not depend on the
# locale of whoever runs setup (vagrant provision and a student's sudo differ). metadata_hash reads only paths,
# sizes and mtimes (a few milliseconds: what `status` pays); content_hash reads every file.
metadata_hash() { (cd "$ROOT" && find "$@" -printf '%p %s %T@\n' | LC_ALL=C sort | sha256sum | cut -d' ' -f1); }
content_hash() { (cd "$ROOT" && find "$@" -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); }

# Whether the build that STAMP ("<metadata hash> <content hash> <extra>") describes is current: its files'
# metadata is unchanged, or else their content is (a checkout that touched files without changing them rebuilds
# nothing; the stamp then takes the new metadata). EXTRA must match too (what the build itself must still be).
build_current() {
  local stamp=$1 extra=$2 meta old_meta old_content old_extra
  shift 2
  [ -f "$stamp" ] || return 1
  read -r old_meta old_content old_extra <"$stamp"
  [ "$old_extra" = "$extra" ] || return 1
  meta=$(metadata_hash "$@")
  [ "$old_meta" = "$meta" ] && return 0
  [ "$old_content" = "$(content_hash "$@")" ] || return 1
  echo "$meta $old_content $extra" >"$stamp"
}

# The workbook (web/dist), rebuilt only when its sources changed. The stamp lives in build/, not in web/dist: any
# other vite build (the e2e tests, `npm run build`) empties web/dist and with it a stamp kept there, so the next
# `up` rebuilt for 23 s. It names the index.html it vouches for, so a web/dist built from other sources is not
# taken for ours (vite's output is deterministic: the same sources give the same index.html).
setup_web_build() {
  local stamp="$ROOT/build/web-source-hash" sources=(web server/protocol package-lock.json -path web/dist -prune -o -type f)
  local now
  build_current "$stamp" "$(web_index_hash)" "${sources[@]}" && return 0
  now="$(metadata_hash "${sources[@]}") $(content_hash "${sources[@]}")"
  log "building the workbook"
  (cd "$ROOT" && node_modules/.bin/vite build --config web/vite.config.ts --logLevel warn)
  mkdir -p "$ROOT/build"
  echo "$now $(web_index_hash)" >"$stamp"
}

# Empty when there is no build yet (a fresh clone).
web_index_hash() {
  if [ -f "$ROOT/web/dist/index.html" ]; then sha256sum <"$ROOT/web/dist/index.html" | cut -d' ' -f1; fi
}

# The server as JavaScript (build/server), what ./kubelab runs: node starts it without a TypeScript loader (which
# cost each process a second and ~40 MB), and as a few bundled files rather than a thousand modules (each module
# costs memory: client-node's 2,500 model files alone were 20 MB per process). esbuild bundles in a few seconds
# (types are checked by `npm run typecheck`, not here), one chunk per command loaded by main.js's dynamic imports,
# all at build/server/*.js: as deep as server/cli/*.ts, so paths from the repository root hold in both. Native
# addons and tsx (registered only for a chapter's checks or a student's plugin) load from node_modules. Rebuilt
# only when a file under server/ or the lock changed; the new build is moved in whole, so a process that is
# running never sees half of one.
setup_server_build() {
  local out="$ROOT/build/server" sources=(server package-lock.json -type f)
  build_current "$out/.kubelab-source-hash" "" "${sources[@]}" && return 0
  mkdir -p "$ROOT/build"
  # One build at a time: two commands started together would otherwise write into the same build/server.new.
  (
    flock 9
    build_current "$out/.kubelab-source-hash" "" "${sources[@]}" && exit 0
    now="$(metadata_hash "${sources[@]}") $(content_hash "${sources[@]}")"
    log "building the server"
    rm -rf "$out.new" "$out.old"
    cd "$ROOT" && node_modules/.bin/esbuild server/cli/main.ts --bundle --splitting --outdir=build/server.new \
      --chunk-names='[name]-[hash]' --format=esm --platform=node --target=node20 --log-level=warning \
      --external:better-sqlite3 --external:node-pty --external:tsx \
      --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
    echo "$now" >"$out.new/.kubelab-source-hash"
    [ ! -d "$out" ] || mv "$out" "$out.old"
    mv "$out.new" "$out"
    rm -rf "$out.old"
  ) 9>"$ROOT/build/.server-build.lock"
}

docker_answers() { docker info >/dev/null 2>&1; }

# Records the dockerd setup started (setsid and nohup exec it: $! is its pid) as "<pid> <start time>", so that
# `./kubelab down` stops that engine and no other (server/cli/docker-engine.ts). An engine that already ran, or
# systemd's docker.service, is never recorded.
record_started_dockerd() {
  local pid=$1 stat fields
  stat=$(<"/proc/$pid/stat") || return 0
  read -r -a fields <<<"${stat##*) }"
  mkdir -p -m 700 "$KUBELAB_STATE_DIR/run"
  echo "$pid ${fields[19]}" >"$KUBELAB_STATE_DIR/run/started-dockerd"
}

# Start the Docker engine: through systemd where PID 1 is systemd (a Vagrant VM), by hand otherwise (containers, CI).
setup_docker_engine() {
  docker_answers && return 0
  if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then
    log "starting docker (systemd)"
    systemctl enable --now docker.socket docker.service >/dev/null 2>&1 || systemctl start docker
  else
    log "starting dockerd (PID 1 is not systemd; logs in $KUBELAB_STATE_DIR/logs/dockerd.log)"
    mkdir -p "$KUBELAB_STATE_DIR/logs"
    setsid nohup dockerd >>"$KUBELAB_STATE_DIR/logs/dockerd.log" 2>&1 </dev/null &
    record_started_dockerd $!
  fi
  local i
  for i in $(seq 1 60); do docker_answers && return 0; sleep 0.5; done
  log "the Docker engine did not answer within 30 s; see $KUBELAB_STATE_DIR/logs/dockerd.log"
  return 1
}

# Local images built from Debian packages: nothing is ever pulled.
setup_images() {
  docker image inspect busybox:latest >/dev/null 2>&1 || "$ROOT/vagrant/images/busybox.sh"
}

setup_all() {
  require_root
  setup_system_packages
  setup_node_modules
  setup_server_build
  setup_web_build
  setup_docker_engine
  setup_images
}
