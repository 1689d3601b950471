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

setup_web_build() {
  local stamp="$ROOT/web/dist/.kubelab-source-hash" hash
  hash=$(cd "$ROOT" && find web server/protocol package-lock.json -path web/dist -prune -o -type f -print0 |
    sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && return 0
  log "building the workbook"
  (cd "$ROOT" && node_modules/.bin/vite build --config web/vite.config.ts --logLevel warn)
  echo "$hash" >"$stamp"
}

docker_answers() { docker info >/dev/null 2>&1; }

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
  setup_web_build
  setup_docker_engine
  setup_images
}
