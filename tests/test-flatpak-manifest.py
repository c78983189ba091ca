#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validates the Flatpak manifest offline.

    test-flatpak-manifest.py MANIFEST DESKTOP_IN DESIGN_MD

flatpak-builder parses the manifest (--show-manifest, with GLib warnings
fatal), then the manifest must agree with the desktop file (app ID, icon,
command) and its finish-args must be exactly the permissions that the
"Flatpak permissions" section of DESIGN_MD justifies, one bullet each.
Exits 77 (skipped) when flatpak-builder is not installed.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

BASE_APP_ID = "io.github.regtokens.RegistryTokens"


def show_manifest(manifest):
    env = dict(os.environ, G_DEBUG="fatal-warnings", LC_ALL="C.UTF-8")
    # It leaves a .flatpak-builder folder in the current directory.
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run(["flatpak-builder", "--show-manifest", os.path.abspath(manifest)],
                           cwd=tmp, env=env, capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or r.stderr.strip():
        raise SystemExit(f"flatpak-builder --show-manifest failed ({r.returncode}):\n{r.stderr}")
    return json.loads(r.stdout)


def desktop_entry(path, app_id):
    entry = {}
    group = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                group = line
            elif group == "[Desktop Entry]" and "=" in line:
                key, _, value = line.partition("=")
                entry[key.strip()] = value.strip().replace("@APP_ID@", app_id)
    return entry


def design_permissions(path):
    """The first `--...` of every bullet in the "Flatpak permissions" section."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## Flatpak permissions[ \t]*\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    if m is None:
        raise SystemExit(f"{path} has no '## Flatpak permissions' section")
    return re.findall(r"^[-*][ \t]+`(--[^`]+)`", m.group(1), re.MULTILINE)


def main(manifest_path, desktop_in, design_md):
    if shutil.which("flatpak-builder") is None:
        print("flatpak-builder is not installed; skipping")
        return 77

    manifest = show_manifest(manifest_path)
    errors = []

    def expect(cond, message):
        if not cond:
            errors.append(message)

    modules = [m for m in manifest.get("modules", []) if isinstance(m, dict)]
    app_module = next((m for m in modules if m.get("name") == "registry-tokens"), None)
    expect(app_module is not None, "no module named registry-tokens")
    app_module = app_module or {}
    opts = app_module.get("config-opts", [])
    profiles = [o.split("=", 1)[1] for o in opts if o.startswith("-Dprofile=")]
    expect(len(profiles) == 1, "config-opts must set -Dprofile exactly once")
    profile = profiles[0] if profiles else "default"
    app_id = BASE_APP_ID + (".Devel" if profile == "development" else "")

    expect(manifest.get("id", manifest.get("app-id")) == app_id,
           f"id is {manifest.get('id')!r}, but -Dprofile={profile} builds {app_id}")
    expect(manifest.get("runtime") == "org.gnome.Platform", "runtime must be org.gnome.Platform")
    expect(manifest.get("sdk") == "org.gnome.Sdk", "sdk must be org.gnome.Sdk")
    expect(re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))) is not None,
           "runtime-version must be a stable GNOME release such as 51, not master")
    expect(app_module.get("buildsystem") == "meson", "the app must build with meson")
    expect("-Dtests=false" in opts, "config-opts must have -Dtests=false")
    expect(not app_module.get("run-tests", False), "run-tests must be false")
    sources = app_module.get("sources", [])
    expect(any(isinstance(s, dict) and s.get("type") == "dir" for s in sources),
           "the app must build from the repository directory (a dir source)")

    entry = desktop_entry(desktop_in, app_id)
    exec_argv = shlex.split(entry.get("Exec", ""))
    expect(exec_argv[:1] == [manifest.get("command")],
           f"command {manifest.get('command')!r} differs from the desktop file's Exec={entry.get('Exec')!r}")
    expect(entry.get("Icon") == app_id, f"the desktop file's Icon={entry.get('Icon')!r} is not {app_id}")

    finish_args = manifest.get("finish-args", [])
    documented = design_permissions(design_md)
    for arg in sorted(set(finish_args) - set(documented)):
        errors.append(f"finish-arg {arg} is not justified in {os.path.basename(design_md)}")
    for arg in sorted(set(documented) - set(finish_args)):
        errors.append(f"{os.path.basename(design_md)} justifies {arg}, which the manifest does not ask for")
    for arg in sorted({a for a in finish_args if finish_args.count(a) > 1}):
        errors.append(f"finish-arg {arg} is given more than once")

    for e in errors:
        print(e)
    print(f"{len(errors)} problem(s) in the manifest" if errors else
          f"manifest OK: {app_id}, {len(finish_args)} permissions, all justified")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
