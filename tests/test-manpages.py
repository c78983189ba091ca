#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the hand-written man pages.

    test-manpages.py PAGE[=PROGRAM] ...

Each PAGE must format without a single groff (and, where man-db is
installed, man) warning. With PROGRAM, every long option that
`PROGRAM --help-all` (or `--help`) prints must be documented in PAGE.
"""

import os
import re
import shutil
import subprocess
import sys

ENV = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80")
# Options every GApplication prints that a man page need not repeat.
IGNORED = {"help-all"}


def run(argv, **kwargs):
    return subprocess.run(argv, env=ENV, capture_output=True, text=True, **kwargs)


def check_page(page):
    errors = []
    r = run(["groff", "-man", "-t", "-ww", "-z", page])
    if r.returncode != 0 or r.stderr.strip():
        errors.append(f"groff: {r.stderr.strip() or 'exit status %d' % r.returncode}")
    if shutil.which("man"):
        r = run(["man", "--warnings", "-E", "UTF-8", "-l", page])
        if r.returncode != 0 or r.stderr.strip():
            errors.append(f"man: {r.stderr.strip() or 'exit status %d' % r.returncode}")
    return errors


def page_text(page):
    # Plain ASCII without overstriking: "\-" comes out as "-".
    r = run(["groff", "-man", "-t", "-Tascii", "-rHY=0", "-P-c", "-P-b", "-P-u", page])
    return r.stdout


def help_options(program):
    for flag in ("--help-all", "--help"):
        r = run([program, flag], timeout=30)
        if r.returncode == 0 and r.stdout.strip():
            return set(re.findall(r"(?<![\w-])--([a-z][a-z0-9-]*)", r.stdout))
    raise RuntimeError(f"{program} --help printed nothing")


def main(args):
    if shutil.which("groff") is None:
        print("groff is not installed; skipping")
        return 77
    failed = False
    for arg in args:
        page, _, program = arg.partition("=")
        errors = check_page(page)
        if program:
            text = page_text(page)
            for option in sorted(help_options(program) - IGNORED):
                if f"--{option}" not in text:
                    errors.append(f"--{option} (from {os.path.basename(program)} --help) is not documented")
        for e in errors:
            print(f"{page}: {e}")
        failed = failed or bool(errors)
        print(f"{'not ok' if errors else 'ok'}: {page}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
