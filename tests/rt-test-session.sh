#!/bin/bash
# Runs one test program in a sandbox of its own:
#   rt-test-session.sh MODE PROGRAM [ARGS...]
# Every mode gets a fresh temporary HOME, XDG_RUNTIME_DIR, XDG_CACHE_HOME,
# XDG_CONFIG_HOME and XDG_DATA_HOME, removed afterwards, so a test never reads
# or writes the developer's own files, keyring or docker configuration.
#   none     nothing else
#   dbus     a private D-Bus session bus
#   keyring  a private D-Bus session bus with a real, unlocked
#            gnome-keyring-daemon providing org.freedesktop.secrets
#   display  like keyring, under its own Xvfb display
set -euo pipefail

mode=$1
shift

if [ "${RT_TEST_SESSION_INNER:-}" != "1" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/rt-test.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" XDG_CACHE_HOME="$tmp/cache" \
         XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" TMPDIR="$tmp/tmp"
  mkdir -p "$TMPDIR" "$HOME" "$XDG_RUNTIME_DIR" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
  chmod 700 "$XDG_RUNTIME_DIR"
  unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY
  export RT_TEST_SESSION_INNER=1

  case "$mode" in
    none)
      "$@"
      ;;
    dbus|keyring)
      dbus-run-session -- "$0" "$mode" "$@"
      ;;
    display)
      # Xvfb first, then the bus, so that the bus and keyring see DISPLAY.
      # Xvfb picks a free display number itself and writes it once it
      # accepts connections; xvfb-run -a races with other sessions for one.
      mkfifo "$tmp/displayfd"
      Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/displayfd" 2>"$tmp/xvfb.log" &
      xvfb_pid=$!
      trap 'kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
      if ! read -r -t 60 display <"$tmp/displayfd"; then
        echo "rt-test-session.sh: Xvfb did not start:" >&2
        cat "$tmp/xvfb.log" >&2
        exit 1
      fi
      DISPLAY=":$display" dbus-run-session -- "$0" "$mode" "$@"
      ;;
    *)
      echo "rt-test-session.sh: unknown mode $mode" >&2
      exit 2
      ;;
  esac
  exit $?
fi

# Inside the private bus.
keyring_pid=
cleanup() {
  if [ -n "$keyring_pid" ]; then
    kill "$keyring_pid" 2>/dev/null || true
    wait "$keyring_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [ "$mode" = keyring ] || [ "$mode" = display ]; then
  # --unlock reads the login keyring's password from stdin. A throwaway
  # non-empty one, so that the daemon creates the login collection and makes
  # it the default, as on a desktop (an empty one creates no collection).
  printf 'rt-test-keyring' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>"$XDG_RUNTIME_DIR/keyring.log" &
  keyring_pid=$!
  for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
         org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
      break
    fi
    sleep 0.1
  done
fi

"$@"
