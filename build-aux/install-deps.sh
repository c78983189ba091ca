#!/bin/bash
# Installs the Debian 12 packages that building, running and testing need,
# but only those that are missing. Uses sudo when not run as root.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc gettext libglib2.0-dev libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsecret-1-dev libsqlite3-dev libssl-dev
  # tests
  libglib-testing-0-dev xvfb xauth dbus-daemon dbus-bin gnome-keyring
  golang-docker-credential-helpers desktop-file-utils appstream
  python3-gi gir1.2-atspi-2.0 at-spi2-core flatpak-builder groff-base man-db
  # test-table-layout and screenshots.sh: window sizes and text scale under Xvfb
  xdotool xsettingsd imagemagick
  # locales and time zones for test-format
  locales-all tzdata
  # registry: run-backend.sh and the 'registry' test suite
  docker-registry skopeo podman umoci openssl
  # running: fonts and icons for a readable window, curl for the service
  adwaita-icon-theme fonts-cantarell curl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
