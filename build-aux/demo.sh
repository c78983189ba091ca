#!/bin/bash
# Installs what is missing, builds, starts the reference token service with
# demo data and a docker-registry that uses it (build-aux/run-backend.sh; both
# keep running afterwards), and opens Registry Tokens signed in to it.
#   build-aux/demo.sh [--member] [--port N] [--registry-port N]
# --member signs in as the demo member instead of the demo admin.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
builddir=_build
role=admin
port=8300
registry_port=5000
while [ $# -gt 0 ]; do
  case "$1" in
    --member) role=member ;;
    --port) port=$2; shift ;;
    --registry-port) registry_port=$2; shift ;;
    *) echo "usage: $0 [--member] [--port N] [--registry-port N]" >&2; exit 2 ;;
  esac
  shift
done

"$top/build-aux/install-deps.sh"
[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
meson compile -C "$builddir"

state=${XDG_STATE_HOME:-$HOME/.local/state}/registry-token-service
mkdir -p "$state"
pidfile=$state/demo.pid
db=${XDG_DATA_HOME:-$HOME/.local/share}/registry-token-service/demo.db

# A backend left running by an earlier demo is restarted, so that it hands out
# fresh demo keys (only their hashes are stored, so old ones can't be shown).
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill "$(cat "$pidfile")"
  while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.1; done
fi

# The backend prints the keys, the URL and the registry on stdout. Read them
# through a pipe, so that the keys never touch a file; logs go to $state.
exec {svc}< <(exec setsid "$top/build-aux/run-backend.sh" --no-install \
                --db "$db" --port "$port" --registry-port "$registry_port" \
                --state "$state/backend" 2>>"$state/backend.log" </dev/null)
svc_pid=$!
echo "$svc_pid" > "$pidfile"

key= url= registry=
while IFS= read -r -t 120 line <&"$svc"; do
  case "$line" in
    "$role-key: "*) key=${line#*: } ;;
    "url: "*) url=${line#url: } ;;
    "registry: "*) registry=${line#registry: }; break ;;
  esac
done
exec {svc}<&-
if [ -z "$url" ] || [ -z "$key" ] || [ -z "$registry" ]; then
  echo "The backend did not start; see $state/backend.log and $state/backend/" >&2
  exit 1
fi

echo "Token service running at $url, registry at $registry (pid $svc_pid, logs in $state)."
echo "After Save to Keyring: podman pull --tls-verify=false $registry/vision-kit/camera:1.0"
echo "Stop both with: kill \$(cat $pidfile)"

export GSETTINGS_SCHEMA_DIR="$top/$builddir/data"
# The translations built in po/ (LANGUAGE=de shows the German one), not the
# install prefix's, which may hold none or older ones.
export REGISTRY_TOKENS_LOCALEDIR="$top/$builddir/po"
REGISTRY_TOKENS_ACCESS_KEY=$key exec "$builddir/src/registry-tokens" --server "$url"
