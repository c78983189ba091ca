#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The token table's layout as a screen reader and a pointer find it.

    test-table-layout.py

Run inside `rt-test-session.sh display`, like test-accessibility.py, whose
helpers it uses. For each text scale (1.0 and 1.5, set as Xft/DPI by an
XSETTINGS manager, xsettingsd, as a desktop does) the real app is started
against the reference service and its window is resized with xdotool to
360, 600, 960 and 1280 px. At each size, over AT-SPI: every row's menu
button ("Actions for NAME") lies inside the window's extents; every token
name label is as wide as its text (measured with Pango in Cantarell 11);
the Products column is shown from 600 px. Prints TAP.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

spec = importlib.util.spec_from_file_location(
    'a11y', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-accessibility.py'))
a11y = importlib.util.module_from_spec(spec)
spec.loader.exec_module(a11y)
Atspi = a11y.Atspi

gi = a11y.gi
gi.require_version('Pango', '1.0')
gi.require_version('PangoCairo', '1.0')
from gi.repository import Pango, PangoCairo  # noqa: E402

FONT = 'Cantarell 11'

WIDTHS = (360, 600, 960, 1280)
SCALES = (1.0, 1.5)
NAMES = ('ada-workstation', 'ci-pipeline', 'prod-cluster', 'staging-pull', 'laptop-mia',
         'old-build-farm')
HEADER_ROLES = tuple(getattr(Atspi.Role, r) for r in ('COLUMN_HEADER', 'TABLE_COLUMN_HEADER')
                     if hasattr(Atspi.Role, r))

results = []


def tap(ok, description):
    results.append(f'{"ok" if ok else "not ok"} {len(results) + 1} - {description}')
    print(results[-1], flush=True)


def extents(accessible):
    rect = accessible.get_extents(Atspi.CoordType.SCREEN)
    return rect.x, rect.y, rect.width, rect.height


def start_xsettings(tmpdir, scale):
    conf = os.path.join(tmpdir, f'xsettingsd-{scale}.conf')
    with open(conf, 'w') as f:
        f.write(f'Xft/DPI {int(96 * scale * 1024)}\n')
    process = subprocess.Popen(['xsettingsd', '-c', conf],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    a11y.processes.append(process)
    time.sleep(0.5)


def x_window(process):
    def attempt():
        result = subprocess.run(['xdotool', 'search', '--onlyvisible', '--pid', str(process.pid)],
                                capture_output=True, text=True)
        ids = result.stdout.split()
        return ids[-1] if ids else None
    return a11y.wait_for(attempt, 'the app\'s X window')


def menu_buttons(window):
    found = {}
    for name in NAMES:
        matches = a11y.find_all(window, a11y.named(f'Actions for {name}', *a11y.BUTTON_ROLES))
        shown = [m for m in matches if a11y.is_showing(m)]
        if shown:
            found[name] = shown[0]
    return found


def name_labels(window):
    labels = {}
    for label in a11y.find_all(window, lambda a: a11y.role_of(a) == Atspi.Role.LABEL
                               and a11y.is_showing(a) and a11y.text_of(a) in NAMES):
        labels.setdefault(a11y.text_of(label), label)
    return labels


def text_width(text, scale):
    """@text's width in GTK's default font (Adwaita's Cantarell 11) at @scale."""
    context = PangoCairo.FontMap.get_default().create_context()
    PangoCairo.context_set_resolution(context, 96 * scale)
    layout = Pango.Layout.new(context)
    layout.set_font_description(Pango.FontDescription.from_string(FONT))
    layout.set_text(text, -1)
    return layout.get_pixel_size().width


def whole(label, scale):
    """Whether @label is as wide as its text: GTK 4.8 says nothing over AT-SPI
    of an ellipsis (no character extents), but a name label that is not
    given its whole width draws one."""
    # GTK's glyph positions round a little differently from plain Pango's;
    # an ellipsis takes away whole characters.
    return extents(label)[2] >= 0.95 * text_width(a11y.text_of(label), scale)


def header_shown(window, title):
    """GTK 4.8 gives a column title's button no role of its own over AT-SPI:
    its label, named by the title, shows while the column does."""
    return any(a11y.is_showing(h) for h in a11y.find_all(
        window, lambda a: a11y.role_of(a) in HEADER_ROLES + (Atspi.Role.LABEL,)
        and a11y.name_of(a) == title))


def check_size(window, wid, width, scale):
    subprocess.run(['xdotool', 'windowsize', wid, str(width), '620'], check=True)
    what = f'at {width} px and {scale}× text'

    def settled():
        window.clear_cache()
        x, y, w, h = extents(window)
        # The frame is counted in the size asked for; at 1.5× text the
        # header bar makes the narrowest window 380 px.
        if not width - 24 <= w <= max(width, 380) + 24:
            return None
        buttons = menu_buttons(window)
        if len(buttons) != len(NAMES):
            return None
        for button in buttons.values():
            bx, by, bw, bh = extents(button)
            if bw <= 0 or bx < x or bx + bw > x + w:
                return None
        return (x, y, w, h), buttons
    try:
        (x, y, w, h), buttons = a11y.wait_for(settled, f'every row menu inside the window {what}',
                                               timeout=30)
        tap(True, f'every row\'s menu button is inside the window ({w} px) {what}')
    except AssertionError as error:
        tap(False, str(error))
        return

    labels = name_labels(window)
    cut = [name for name, label in labels.items() if not whole(label, scale)]
    tap(len(labels) == len(NAMES) and not cut,
        f'no token name is ellipsized {what}' + (f' (cut: {", ".join(cut)})' if cut else ''))

    if width >= 600:
        tap(header_shown(window, 'Products'), f'Products is shown {what}')
    else:
        tap(not header_shown(window, 'Products'), f'Products gives way {what}')


def main():
    print('TAP version 13', flush=True)
    for tool in ('xdotool', 'xsettingsd'):
        if shutil.which(tool) is None:
            print(f'1..0 # SKIP {tool} is not installed', flush=True)
            return
    a11y.start_accessibility_bus()
    Atspi.init()
    started = len(a11y.processes)

    for scale in SCALES:
        tmpdir = tempfile.mkdtemp(prefix='rt-layout-')
        start_xsettings(tmpdir, scale)
        service = a11y.Service(tmpdir)
        process = a11y.start_app(service, tmpdir)
        app = a11y.find_app(process)
        window = a11y.window_named(app, 'Registry Tokens')
        a11y.find(window, a11y.named('ci-pipeline'), 'the demo tokens in the table')
        wid = x_window(process)
        for width in WIDTHS:
            check_size(window, wid, width, scale)
        a11y.cleanup(keep=started)

    print(f'1..{len(results)}', flush=True)
    if any(r.startswith('not ok') for r in results):
        sys.exit(1)


if __name__ == '__main__':
    try:
        main()
    except Exception as error:  # noqa: BLE001 -- any failure is reported in TAP
        traceback.print_exc()
        print(f'not ok {len(results) + 1} - {type(error).__name__}: {error}', flush=True)
        print(f'1..{len(results) + 1}', flush=True)
        sys.exit(1)
    finally:
        a11y.cleanup()
