#!/bin/bash
# Regenerates data/screenshots/*.png from the real app under Xvfb, against a
# throwaway reference service with demo data. Needs xdotool and imagemagick
# (and xsettingsd for RT_SCREENSHOT_SCALE).
#   build-aux/screenshots.sh [BUILD_DIR]
# To look at other styles without touching the committed pictures:
#   RT_SCREENSHOT_OUT=DIR RT_SCREENSHOT_STYLE=dark RT_SCREENSHOT_SCALE=1.5 build-aux/screenshots.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
out=${RT_SCREENSHOT_OUT:-$top/data/screenshots}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

if [ "${RT_SCREENSHOT_INNER:-}" != 1 ]; then
  export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data \
         XDG_CACHE_HOME=$tmp/cache XDG_RUNTIME_DIR=$tmp/run RT_SCREENSHOT_INNER=1
  mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data LANGUAGE=${LANGUAGE:-en}
  # The demo's dates as the README describes them.
  export RT_FAKE_NOW=${RT_FAKE_NOW:-2026-11-18T12:00:00Z}
  if [ "${RT_SCREENSHOT_STYLE:-light}" = dark ]; then
    export ADW_DEBUG_COLOR_SCHEME=prefer-dark
  fi
  exec xvfb-run -a -s "-screen 0 1100x700x24" dbus-run-session -- "$0" "$build"
fi

printf 'rt-screenshots' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &

# A text scale, as the desktop's Xft/DPI setting gives it.
if [ -n "${RT_SCREENSHOT_SCALE:-}" ]; then
  echo "Xft/DPI $(awk "BEGIN { print int(96 * 1024 * $RT_SCREENSHOT_SCALE) }")" >"$tmp/xsettingsd.conf"
  xsettingsd -c "$tmp/xsettingsd.conf" >/dev/null 2>&1 &
  sleep 0.5
fi

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

exec {svc}< <(exec "$build/service/registry-token-service" --demo --port 0 --now "$RT_FAKE_NOW" --db "$tmp/demo.db" 2>/dev/null)
key= url=
while IFS= read -r line <&"$svc"; do
  case "$line" in
    "admin-key: "*) key=${line#*: } ;;
    "url: "*) url=${line#url: }; break ;;
  esac
done

REGISTRY_TOKENS_ACCESS_KEY=$key "$build/src/registry-tokens" --server "$url" &
sleep 4
# The default width, and the narrowest the window goes.
window=$(xdotool search --sync --onlyvisible --name "Registry Tokens" | head -n 1)
xdotool windowsize "$window" 960 620 windowmove "$window" 0 0
sleep 1.5
import -window "$window" "$out/main-window.png"
xdotool windowsize "$window" 360 620
sleep 1.5
import -window "$window" "$out/main-window-narrow.png"
xdotool windowsize "$window" 1100 700

xdotool key ctrl+n
sleep 1
xdotool type --delay 60 "build-farm-7"
shoot generate-token
