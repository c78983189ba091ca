#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that po/POTFILES.in lists exactly the files with translatable text.

    test-potfiles.py SOURCE_ROOT

Fails when a file under src/ (.c, .h, .ui) or data/ (.in) has translatable
strings but is in neither po/POTFILES.in nor po/POTFILES.skip, and when
POTFILES.in lists a file that is gone or that POTFILES.skip lists too.
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

C_MARKERS = re.compile(
    r"(?<![A-Za-z0-9_])"
    r"(?:_|N_|C_|NC_|Q_|gettext|dgettext|dcgettext|ngettext|dngettext|pgettext|"
    r"g_dgettext|g_dcgettext|g_dngettext|g_dpgettext|g_dpgettext2)"
    r"\s*\(")
UI_MARKER = re.compile(r"""translatable\s*=\s*["'](?:yes|true|1)["']""", re.IGNORECASE)
DESKTOP_KEY = re.compile(r"^(?:Name|GenericName|Comment|Keywords)=", re.MULTILINE)
INTLTOOL_MARKER = re.compile(r"<_[A-Za-z]")
# What AppStream's metainfo.its marks for translation, relative to <component>.
METAINFO_PATHS = [
    "name", "summary", "description", "developer_name", "developer/name",
    "name_variant_suffix", "keywords/keyword", "screenshots/screenshot/caption",
    "releases/release/description",
]


def strip_c(text):
    """Drops comments and the contents of string and character literals, so
    that `_(` in a comment or in a string does not count."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def metainfo_has_strings(path, text):
    if INTLTOOL_MARKER.search(text):
        return True
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise SystemExit(f"{path}: not well-formed XML: {e}")
    for p in METAINFO_PATHS:
        for element in root.findall(p):
            if element.get("translate") != "no" and element.get("translatable") != "no":
                return True
    return False


def has_strings(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    name = os.path.basename(path)
    if name.endswith((".c", ".h")):
        return bool(C_MARKERS.search(strip_c(text)))
    if name.endswith(".ui"):
        return bool(UI_MARKER.search(text))
    if name.endswith(".desktop.in"):
        return bool(DESKTOP_KEY.search(text))
    if name.endswith((".metainfo.xml.in", ".appdata.xml.in")):
        return metainfo_has_strings(path, text)
    if name.endswith(".gschema.xml.in"):
        # glib's gschema.its extracts summaries, descriptions and l10n defaults.
        return bool(re.search(r"<summary>|<description>|l10n=", text))
    return bool(INTLTOOL_MARKER.search(text))


def read_list(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]


def candidates(root):
    for folder, suffixes in (("src", (".c", ".h", ".ui")), ("data", (".in",))):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames.sort()
            for f in sorted(filenames):
                if f.endswith(suffixes):
                    yield os.path.relpath(os.path.join(dirpath, f), root)


def main(root):
    listed = read_list(os.path.join(root, "po", "POTFILES.in"))
    skipped = read_list(os.path.join(root, "po", "POTFILES.skip"))
    errors = []

    for f in listed:
        if not os.path.isfile(os.path.join(root, f)):
            errors.append(f"po/POTFILES.in lists {f}, which does not exist")
        if f in skipped:
            errors.append(f"{f} is in both po/POTFILES.in and po/POTFILES.skip")
    for f in sorted(set(listed)):
        if listed.count(f) > 1:
            errors.append(f"po/POTFILES.in lists {f} more than once")

    for f in candidates(root):
        if f in listed or f in skipped:
            continue
        if has_strings(os.path.join(root, f)):
            errors.append(f"{f} has translatable strings but is not in po/POTFILES.in")

    for e in errors:
        print(e)
    print(f"{len(errors)} problem(s) in po/POTFILES.in" if errors else "po/POTFILES.in is complete")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
