#!/bin/bash
# Regenerates data/screenshots/*.png from the real app under Xvfb, against a
# throwaway reference service with demo data. Needs xdotool and imagemagick.
#   build-aux/screenshots.sh [BUILD_DIR]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
out=$top/data/screenshots
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

if [ "${RT_SCREENSHOT_INNER:-}" != 1 ]; then
  export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data \
         XDG_CACHE_HOME=$tmp/cache XDG_RUNTIME_DIR=$tmp/run RT_SCREENSHOT_INNER=1
  mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data LANGUAGE=${LANGUAGE:-en}
  exec xvfb-run -a -s "-screen 0 1100x700x24" dbus-run-session -- "$0" "$build"
fi

printf 'rt-screenshots' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &

shoot() {  # shoot NAME: the window with the focus, cropped to it
  sleep 1.5
  import -window root "$out/$1.png"
}

# The sign-in page: no server configured.
"$build/src/registry-tokens" &
app=$!
sleep 3
xdotool search --sync --onlyvisible --name "Registry Tokens" windowsize 1100 700 windowmove 0 0
shoot sign-in
kill $app; wait $app 2>/dev/null || true

exec {svc}< <(exec "$build/service/registry-token-service" --demo --port 0 --db "$tmp/demo.db" 2>/dev/null)
key= url=
while IFS= read -r line <&"$svc"; do
  case "$line" in
    "admin-key: "*) key=${line#*: } ;;
    "url: "*) url=${line#url: }; break ;;
  esac
done

REGISTRY_TOKENS_ACCESS_KEY=$key "$build/src/registry-tokens" --server "$url" &
sleep 4
xdotool search --sync --onlyvisible --name "Registry Tokens" windowsize 1100 700 windowmove 0 0
shoot main-window

xdotool key ctrl+n
sleep 1
xdotool type --delay 60 "build-farm-7"
shoot generate-token
