#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build into a temporary DESTDIR and checks that every file a
desktop needs lands in its standard place under the prefix.

    test-install.py --meson MESON --build-root DIR --source-root DIR --app-id ID
                    --profile PROFILE --prefix P --bindir D --datadir D
                    --mandir D --localedir D
"""

import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BASE_APP_ID = "io.github.regtokens.RegistryTokens"
GETTEXT_PACKAGE = "registry-tokens"


def linguas(source_root):
    path = os.path.join(source_root, "po", "LINGUAS")
    langs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0]
            langs += line.split()
    return langs


def main():
    p = argparse.ArgumentParser()
    for name in ("meson", "build-root", "source-root", "app-id", "profile",
                 "prefix", "bindir", "datadir", "mandir", "localedir"):
        p.add_argument("--" + name, required=True)
    a = p.parse_args()

    errors = []

    with tempfile.TemporaryDirectory(prefix="rt-install-") as destdir:
        r = subprocess.run([a.meson, "install", "--quiet", "--no-rebuild",
                            "--destdir", destdir, "-C", a.build_root],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stdout, r.stderr, sep="\n")
            print("meson install failed")
            return 1

        def under_prefix(option, *parts):
            # get_option() gives these relative to the prefix, or absolute.
            base = option if os.path.isabs(option) else os.path.join(a.prefix, option)
            return os.path.join(destdir + base, *parts)

        def need(path, what):
            if not os.path.isfile(path):
                errors.append(f"missing {what}: {os.path.relpath(path, destdir)}")
                return False
            return True

        def svg_ok(path, size, what):
            if not need(path, what):
                return
            root = ET.parse(path).getroot()
            if root.tag != "{http://www.w3.org/2000/svg}svg" or root.get("viewBox") != f"0 0 {size} {size}":
                errors.append(f"{what} is not a {size}×{size} SVG")

        app = a.app_id
        binary = under_prefix(a.bindir, "registry-tokens")
        if need(binary, "binary") and not os.access(binary, os.X_OK):
            errors.append("the binary is not executable")

        desktop = under_prefix(a.datadir, "applications", app + ".desktop")
        if need(desktop, "desktop file"):
            text = open(desktop, encoding="utf-8").read()
            for line in (f"Icon={app}", "DBusActivatable=true"):
                if line not in text.splitlines():
                    errors.append(f"the desktop file lacks {line}")

        service = under_prefix(a.datadir, "dbus-1", "services", app + ".service")
        if need(service, "D-Bus service file"):
            lines = open(service, encoding="utf-8").read().splitlines()
            bindir = a.bindir if os.path.isabs(a.bindir) else os.path.join(a.prefix, a.bindir)
            for line in (f"Name={app}", f"Exec={bindir}/registry-tokens --gapplication-service"):
                if line not in lines:
                    errors.append(f"the D-Bus service file lacks {line}")

        metainfo = under_prefix(a.datadir, "metainfo", app + ".metainfo.xml")
        if need(metainfo, "metainfo"):
            root = ET.parse(metainfo).getroot()
            if root.findtext("id") != app or root.findtext("launchable") != app + ".desktop":
                errors.append("the metainfo's id or launchable is not the app ID")

        icons = under_prefix(a.datadir, "icons", "hicolor")
        scalable = os.path.join(icons, "scalable", "apps", app + ".svg")
        svg_ok(scalable, 128, "scalable icon")
        svg_ok(os.path.join(icons, "symbolic", "apps", app + "-symbolic.svg"), 16, "symbolic icon")
        # Each profile installs its own artwork under its own name.
        source_icon = os.path.join(a.source_root, "data", "icons", "hicolor", "scalable", "apps",
                                   BASE_APP_ID + (".Devel" if a.profile == "development" else "") + ".svg")
        if os.path.isfile(scalable) and open(scalable, "rb").read() != open(source_icon, "rb").read():
            errors.append(f"the scalable icon is not {os.path.basename(source_icon)}")

        need(under_prefix(a.datadir, "glib-2.0", "schemas", app + ".gschema.xml"), "GSettings schema")
        need(under_prefix(a.mandir, "man1", "registry-tokens.1"), "man page")

        for lang in linguas(a.source_root):
            need(under_prefix(a.localedir, lang, "LC_MESSAGES", GETTEXT_PACKAGE + ".mo"),
                 f"{lang} translation")

        # The reference service is for development and tests only.
        for path in (under_prefix(a.bindir, "registry-token-service"),
                     under_prefix(a.mandir, "man1", "registry-token-service.1")):
            if os.path.exists(path):
                errors.append(f"{os.path.relpath(path, destdir)} must not be installed")

        installed = sum(len(files) for _, _, files in os.walk(destdir))

    for e in errors:
        print(e)
    print(f"{len(errors)} problem(s) in the installed files" if errors else
          f"install OK: {installed} files for {app}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
