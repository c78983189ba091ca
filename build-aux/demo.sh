#!/bin/bash
# Installs what is missing, builds, starts the reference token service with
# demo data (it keeps running afterwards), and opens Registry Tokens signed in
# to it.
#   build-aux/demo.sh [--member] [--port N]
# --member signs in as the demo member instead of the demo admin.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
builddir=_build
role=admin
port=8300
while [ $# -gt 0 ]; do
  case "$1" in
    --member) role=member ;;
    --port) port=$2; shift ;;
    *) echo "usage: $0 [--member] [--port N]" >&2; exit 2 ;;
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

# A service left running by an earlier demo is restarted, so that it hands out
# fresh demo keys (only their hashes are stored, so old ones can't be shown).
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill "$(cat "$pidfile")"
  while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.1; done
fi

# The service prints the keys and its URL on stdout. Read them through a pipe,
# so that the keys never touch a file; its log goes to a file in $state.
exec {svc}< <(exec setsid "$builddir/service/registry-token-service" \
                --demo --db "$db" --port "$port" 2>>"$state/service.log" </dev/null)
svc_pid=$!
echo "$svc_pid" > "$pidfile"

key= url=
while IFS= read -r -t 15 line <&"$svc"; do
  case "$line" in
    "$role-key: "*) key=${line#*: } ;;
    "url: "*) url=${line#url: }; break ;;
  esac
done
exec {svc}<&-
if [ -z "$url" ] || [ -z "$key" ]; then
  echo "The token service did not start; see $state/service.log" >&2
  exit 1
fi

echo "Token service running at $url (pid $svc_pid, log $state/service.log)."
echo "Stop it with: kill \$(cat $pidfile)"

export GSETTINGS_SCHEMA_DIR="$top/$builddir/data"
REGISTRY_TOKENS_ACCESS_KEY=$key exec "$builddir/src/registry-tokens" --server "$url"
