#!/bin/bash
# Starts the reference token service with demo data and, beside it, Debian's
# docker-registry using the service as its token server, with one tiny demo
# image per demo product repository. Prints, on stdout:
#   member-key: …   admin-key: …   url: …   registry: HOST:PORT
# "registry:" comes last, once both answer. Stops both on SIGTERM/SIGINT.
#   build-aux/run-backend.sh --db PATH [--port N] [--registry-port N]
#       [--state DIR] [--service PATH] [--no-install]
# --port and --registry-port 0 pick free ports. --state holds the registry's
# storage, configuration and logs (default: beside the database).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
db= port=8300 registry_port=5000 state= service= install=1
usage() {
  echo "usage: $0 --db PATH [--port N] [--registry-port N] [--state DIR]" \
       "[--service PATH] [--no-install]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db=${2:?}; shift ;;
    --port) port=${2:?}; shift ;;
    --registry-port) registry_port=${2:?}; shift ;;
    --state) state=${2:?}; shift ;;
    --service) service=${2:?}; shift ;;
    --no-install) install=0 ;;
    *) usage ;;
  esac
  shift
done
[ -n "$db" ] || usage
mkdir -p -m 700 "$(dirname "$db")"
db=$(cd "$(dirname "$db")" && pwd)/$(basename "$db")
state=${state:-$db.backend}
mkdir -p "$state"
state=$(cd "$state" && pwd)

if [ "$install" = 1 ]; then
  "$top/build-aux/install-deps.sh" >&2
fi
for tool in docker-registry skopeo umoci curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool is missing (build-aux/install-deps.sh installs it)" >&2
    exit 1
  fi
done
if [ -z "$service" ]; then
  service=$top/_build/service/registry-token-service
  if [ ! -x "$service" ]; then
    [ -f "$top/_build/build.ninja" ] || meson setup "$top/_build" >&2
    meson compile -C "$top/_build" service/registry-token-service >&2
  fi
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Polls url until it answers with HTTP status $2, for at most 20 s.
wait_for() {
  local url=$1 want=$2 i code
  for i in $(seq 200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)
    [ "$code" = "$want" ] && return 0
    sleep 0.1
  done
  echo "$0: $url did not answer $want (last: $code)" >&2
  return 1
}

pids=()
stop() {
  trap - TERM INT EXIT
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 0' TERM INT
trap stop EXIT

[ "$registry_port" = 0 ] && registry_port=$(free_port)
registry=127.0.0.1:$registry_port
storage=$state/storage
mkdir -p "$storage"

# registry_config FILE PORT [AUTH-URL] writes a configuration; with no
# AUTH-URL the registry takes pushes from anyone (used only to seed images).
registry_config() {
  {
    echo "version: 0.1"
    echo "log: { level: warn }"
    echo "storage:"
    echo "  filesystem: { rootdirectory: \"$storage\" }"
    echo "  delete: { enabled: true }"
    echo "http:"
    echo "  addr: 127.0.0.1:$2"
    echo "  headers: { X-Content-Type-Options: [nosniff] }"
    if [ $# -ge 3 ]; then
      echo "auth:"
      echo "  token:"
      echo "    realm: \"$3/auth/token\""
      echo "    service: registry-tokens"
      echo "    issuer: registry-token-service"
      echo "    rootcertbundle: \"$db.registry.crt\""
    fi
  } > "$1"
}

demo_repositories=(edge-os/base fleet-manager/agent vision-kit/camera
                   motion-sdk/runtime data-lake/ingest)

# One single-layer OCI image per repository, made locally (no network),
# pushed through a short unauthenticated start on the same storage.
seed_images() {
  local missing=() repo tag oci=$state/oci seed_port seed_pid
  for repo in "${demo_repositories[@]}"; do
    [ -e "$storage/docker/registry/v2/repositories/$repo/_manifests/tags/1.0" ] ||
      missing+=("$repo")
  done
  [ ${#missing[@]} -gt 0 ] || return 0

  echo "Building demo images for: ${missing[*]}" >&2
  rm -rf "$oci"
  umoci init --layout "$oci"
  for repo in "${missing[@]}"; do
    tag=${repo//\//_}
    umoci new --image "$oci:$tag"
    umoci unpack --rootless --image "$oci:$tag" "$state/bundle"
    printf 'Demo image %s:1.0 from the Registry Tokens reference backend.\n' \
      "$repo" > "$state/bundle/rootfs/README"
    umoci repack --image "$oci:$tag" "$state/bundle"
    umoci config --image "$oci:$tag" --config.cmd cat --config.cmd /README \
      --config.label "org.opencontainers.image.title=$repo"
    rm -rf "$state/bundle"
  done
  umoci gc --layout "$oci"

  seed_port=$(free_port)
  registry_config "$state/seed.yml" "$seed_port"
  docker-registry serve "$state/seed.yml" >>"$state/registry.log" 2>&1 &
  seed_pid=$!
  pids+=("$seed_pid")
  wait_for "http://127.0.0.1:$seed_port/v2/" 200
  for repo in "${missing[@]}"; do
    skopeo copy --quiet --dest-tls-verify=false \
      "oci:$oci:${repo//\//_}" "docker://127.0.0.1:$seed_port/$repo:1.0" >&2
  done
  kill "$seed_pid"
  wait "$seed_pid" 2>/dev/null || true
  pids=("${pids[@]/$seed_pid}")
  rm -f "$state/seed.yml"
}

seed_images

# The keys come through a pipe, never a file; the log goes to $state.
exec {svc}< <(exec "$service" --demo --db "$db" --port "$port" --registry "$registry" \
                2>>"$state/service.log" </dev/null)
pids+=($!)
member_key= admin_key= url=
while IFS= read -r -t 20 line <&"$svc"; do
  case "$line" in
    "member-key: "*) member_key=${line#*: } ;;
    "admin-key: "*) admin_key=${line#*: } ;;
    "url: "*) url=${line#url: }; break ;;
  esac
done
exec {svc}<&-
if [ -z "$url" ] || [ -z "$member_key" ] || [ -z "$admin_key" ]; then
  echo "$0: the token service did not start; see $state/service.log" >&2
  exit 1
fi

registry_config "$state/config.yml" "$registry_port" "$url"
docker-registry serve "$state/config.yml" >>"$state/registry.log" 2>&1 &
pids+=($!)
wait_for "http://$registry/v2/" 401

echo "member-key: $member_key"
echo "admin-key: $admin_key"
echo "url: $url"
echo "registry: $registry"

# Waits until a signal, or until either process ends on its own.
while true; do
  for pid in "${pids[@]}"; do
    [ -n "$pid" ] || continue
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$0: a backend process ended; see $state/*.log" >&2
      exit 1
    fi
  done
  sleep 1 &
  wait $! || true
done
