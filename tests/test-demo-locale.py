#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the app run from the build folder, as build-aux/demo.sh runs
it, speaks the language the user asks for.

    test-demo-locale.py SOURCE_ROOT BUILD_ROOT APP

The demo points REGISTRY_TOKENS_LOCALEDIR at the catalogues built in po/;
with it the app's --help is German under LANGUAGE=de, without it (and
nothing installed) it stays English.
"""

import os
import re
import subprocess
import sys

GERMAN = "Die Version anzeigen und beenden"
ENGLISH = "Show the version and quit"


def help_text(app, extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LC_", "LANG")) and k != "REGISTRY_TOKENS_LOCALEDIR"}
    env.update({"LANG": "de_DE.UTF-8", "LANGUAGE": "de"}, **extra)
    return subprocess.run([app, "--help"], env=env, capture_output=True,
                          text=True, timeout=60, check=True).stdout


def main(source_root, build_root, app):
    errors = []

    with open(os.path.join(source_root, "build-aux", "demo.sh"), encoding="utf-8") as f:
        demo = f.read()
    m = re.search(r'^export REGISTRY_TOKENS_LOCALEDIR="\$top/\$builddir/([^"]*)"$', demo, re.M)
    if m is None:
        errors.append("build-aux/demo.sh does not point REGISTRY_TOKENS_LOCALEDIR into the build folder")
        localedir = os.path.join(build_root, "po")
    else:
        localedir = os.path.join(build_root, m.group(1))
    if not os.path.isfile(os.path.join(localedir, "de", "LC_MESSAGES", "registry-tokens.mo")):
        errors.append(f"{localedir} holds no German catalogue")

    german = help_text(app, {"REGISTRY_TOKENS_LOCALEDIR": localedir})
    if GERMAN not in german:
        errors.append(f"with REGISTRY_TOKENS_LOCALEDIR={localedir} and LANGUAGE=de, --help is not German:\n{german}")

    # An empty override is no override: the compiled-in folder is used.
    plain = help_text(app, {"REGISTRY_TOKENS_LOCALEDIR": ""})
    if GERMAN not in plain and ENGLISH not in plain:
        errors.append(f"with an empty REGISTRY_TOKENS_LOCALEDIR, --help lost its text:\n{plain}")

    for e in errors:
        print(e)
    print(f"{len(errors)} problem(s)" if errors else "the demo shows the build's translations")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
