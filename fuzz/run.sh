#!/bin/bash
# Runs one libFuzzer harness of a -Dfuzzing=true build (see README.md).
#   fuzz/run.sh BUILD_DIR NAME [SECONDS]   fuzz, 600 s by default
#   fuzz/run.sh BUILD_DIR NAME merge       rebuild fuzz/corpus/NAME, minimized
# The working corpus and any crash land in BUILD_DIR/fuzz-work/NAME.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
name=$2
what=${3:-600}
binary=$build/fuzz/fuzz-$name
checked_in=$top/fuzz/corpus/$name
work=$build/fuzz-work/$name
mkdir -p "$work/corpus" "$work/artifacts" "$checked_in"

case $name in
  json-*)  seeds=("$top/tests/data"); dict=$top/fuzz/json.dict; max_len=16384 ;;
  service) seeds=(); dict=$top/fuzz/http.dict; max_len=16384 ;;
  *)       seeds=(); dict=$top/fuzz/json.dict; max_len=8192 ;;
esac

export G_DEBUG=gc-friendly,fatal-criticals G_SLICE=always-malloc LC_ALL=C.UTF-8
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TMPDIR=${TMPDIR:-/dev/shm}

# Rebuilds the checked-in corpus from the handcrafted seeds in it (the files
# not named by a hash) and, of everything else, the inputs of at most 2 KiB
# that bring new coverage.
if [ "$what" = merge ]; then
  fresh=$(mktemp -d)
  find "$checked_in" -regextype posix-extended -type f ! -regex '.*/[0-9a-f]{40}' -exec cp {} "$fresh" \;
  "$binary" -merge=1 -max_len=2048 "$fresh" "$checked_in" "$work/corpus" "${seeds[@]}"
  rm -f "$checked_in"/*
  cp "$fresh"/* "$checked_in"/
  rm -rf "$fresh"
  du -sb "$checked_in"
  exit 0
fi

exec "$binary" -max_total_time="$what" -timeout=10 -max_len=$max_len -dict="$dict" \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$work/corpus" "$checked_in" "${seeds[@]}"
