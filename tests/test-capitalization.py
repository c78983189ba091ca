#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every translatable heading and button label uses GNOME's header
capitalization.

    test-capitalization.py SOURCE_ROOT

Lists the titles of windows, dialogs, pages, groups, rows, columns and
shortcuts, button and menu labels from src/**/*.ui, and from src/**/*.c the
strings passed to the calls that make headings, buttons and menu items
(adw_message_dialog_new, add_response(s), rt_confirm_new, gtk_button_set_label,
adw_toast_set_button_label, g_menu_item_new, …). Each must capitalize every
word except articles, coordinating conjunctions and prepositions of three
letters or fewer that are not first or last. "docker" and "podman" are
written as their commands, in lowercase. Prints every string checked with -v.

Also fails when the app's texts (translatable strings, README, man page,
metainfo, German translation) say "Regenerate" or "Resync": the vendor's
words are "Re-generate" and "Re-sync" (docs/DESIGN.md, Wording).
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

MINOR = {
    # articles
    "a", "an", "the",
    # coordinating conjunctions
    "and", "but", "for", "nor", "or", "so", "yet",
    # prepositions of three letters or fewer
    "as", "at", "by", "for", "in", "of", "on", "per", "to", "via",
}
COMMANDS = {"docker", "podman"}

# .ui: which properties of which classes are headings or button labels.
UI_TITLE_CLASSES = {
    "GtkWindow", "AdwWindow", "AdwApplicationWindow", "AdwPreferencesWindow",
    "AdwWindowTitle", "AdwPreferencesPage", "AdwPreferencesGroup",
    "AdwStatusPage", "AdwActionRow", "AdwEntryRow", "AdwPasswordEntryRow",
    "AdwComboRow", "AdwExpanderRow", "AdwViewStackPage", "GtkColumnViewColumn",
    "GtkShortcutsSection", "GtkShortcutsGroup", "GtkShortcutsShortcut",
}
UI_BUTTON_CLASSES = {
    "GtkButton", "GtkMenuButton", "GtkToggleButton", "AdwButtonContent",
    "AdwSplitButton",
}
UI_HEADING_PROPERTIES = {"AdwMessageDialog": "heading"}

# .c: function name -> indexes of the arguments that are headings or labels
# (None: every translatable argument, for the calls that take lists).
C_CALLS = {
    "adw_message_dialog_new": {1},
    "adw_message_dialog_set_heading": {1},
    "adw_message_dialog_add_response": {2},
    "adw_message_dialog_add_responses": None,
    "adw_message_dialog_set_response_label": {2},
    "rt_confirm_new": {1, 3, 4},
    "ask_then_start": {2, 4},
    "gtk_button_set_label": {1},
    "adw_button_content_set_label": {1},
    "adw_toast_set_button_label": {1},
    "adw_window_title_set_title": {1},
    "gtk_window_set_title": {1},
    "adw_status_page_set_title": {1},
    "adw_preferences_row_set_title": {1},
    "adw_preferences_group_set_title": {1},
    "gtk_column_view_column_set_title": {1},
    "g_menu_item_new": {0},
    "g_menu_append": {1},
    "g_menu_prepend": {1},
    "g_menu_insert": {2},
}
# Properties set by name (g_object_new, g_object_set) that are headings or
# buttons ("title" is not: a toast's title is a sentence).
C_HEADING_PROPERTIES = {"heading", "button-label"}
# Strings formatted into these variables, then passed as headings.
C_HEADING_VARIABLES = {"heading", "title"}
# Tables of menu items: { section, _("Label"), "action", … } in these files.
C_MENU_TABLES = {"rt-token-menu.c"}

TRANSLATED = re.compile(r'(?<![A-Za-z0-9_])(N_|C_|NC_|_)\s*\(')
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def words(text):
    """The words of @text, without mnemonics, markup, format directives and
    placeholders."""
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("_", "")
    text = re.sub(r"%[-+ #0-9.]*[a-zA-Z]", "", text)
    text = re.sub(r"“[^”]*”", "", text)
    return [w for w in re.split(r"[\s/]+", text) if w]


def problems(text):
    """Why @text breaks header capitalization, or an empty list."""
    ws = words(text)
    found = []
    for i, raw in enumerate(ws):
        w = raw.strip("…?!.:,()“”\"'")
        if not w or not w[0].isalpha():
            continue
        first_part = w.split("-")[0]
        lower = w.lower()
        if lower in COMMANDS:
            if w != lower:
                found.append(f"“{w}” is a command, written in lowercase")
            continue
        minor = lower in MINOR and 0 < i < len(ws) - 1
        if minor:
            if w != lower:
                found.append(f"“{w}” should be lowercase")
        elif not first_part[0].isupper():
            found.append(f"“{w}” should be capitalized")
    return found


def self_test():
    bad = ["Close without saving the secret?", "Sign out?", "Save for Docker and Podman",
           "Re-generate the secret of “%s”?", "Copy And Close"]
    good = ["Close Without Saving the Secret?", "Let docker and podman Use the Keyring?",
            "Re-_sync Products", "Re-generate the Secret of “%s”?", "Sign _Out…",
            "Save to Keyring", "After 15 Seconds", "What to Do"]
    ok = True
    for s in bad:
        if not problems(s):
            print(f"self-test: the rule passes “{s}”")
            ok = False
    for s in good:
        if problems(s):
            print(f"self-test: the rule fails “{s}”: {problems(s)}")
            ok = False
    return ok


def local(tag):
    return tag.split("}")[-1]


def ui_strings(path):
    root = ET.parse(path).getroot()
    parents = {child: parent for parent in root.iter() for child in parent}

    def owner_class(element):
        parent = parents.get(element)
        while parent is not None and local(parent.tag) not in ("object", "template"):
            parent = parents.get(parent)
        if parent is None:
            return None, None
        cls = parent.get("class") if local(parent.tag) == "object" else parent.get("parent")
        return cls, parent

    for element in root.iter():
        if element.get("translatable") not in ("yes", "true", "1"):
            continue
        text = (element.text or "").strip()
        tag = local(element.tag)
        name = element.get("name")
        # Menu items (<item><attribute name="label">) and submenu labels.
        if tag == "attribute" and name == "label":
            yield text, "menu item"
            continue
        if tag == "item":
            # GtkStringList items: the choices of a combo row.
            yield text, "choice"
            continue
        if tag != "property":
            continue
        in_accessibility = local(parents[element].tag) == "accessibility"
        cls, obj = owner_class(element)
        if cls is None:
            continue
        if in_accessibility and name == "label" and cls in UI_BUTTON_CLASSES:
            yield text, f"{cls} accessible name"
        elif name == "title" and cls in UI_TITLE_CLASSES:
            yield text, f"{cls} title"
        elif name == "label" and cls in UI_BUTTON_CLASSES:
            yield text, f"{cls} label"
        elif name == "label" and cls == "GtkLabel":
            # A label that is a button's child is the button's label.
            holder = parents.get(obj)
            owner, _ = owner_class(holder) if holder is not None else (None, None)
            if holder is not None and local(holder.tag) == "property" and \
               holder.get("name") == "child" and owner in UI_BUTTON_CLASSES:
                yield text, f"{owner} label"
        elif UI_HEADING_PROPERTIES.get(cls) == name:
            yield text, f"{cls} {name}"


def mask(text):
    """@text with comments and character literals blanked and the insides of
    string literals replaced by "x": same length, so positions match."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        if text.startswith("/*", i) or text.startswith("//", i):
            end = text.find("*/", i + 2) + 2 if text[i + 1] == "*" else text.find("\n", i)
            end = n if end < 2 else end
            out[i:end] = [c if c == "\n" else " " for c in text[i:end]]
            i = end
        elif text[i] in "\"'":
            j = i + 1
            while j < n and text[j] != text[i]:
                j += 2 if text[j] == "\\" else 1
            fill = "x" if text[i] == '"' else " "
            out[i + 1:j] = fill * (j - i - 1)
            if text[i] == "'":
                out[i] = out[j] = " "
            i = j + 1
        else:
            i += 1
    return "".join(out)


def translated_at(text, masked, start):
    """The string of the _("…")/C_("ctx", "…") call at @start."""
    open_paren = masked.index("(", start)
    depth, i = 0, open_paren
    while True:
        if masked[i] == "(":
            depth += 1
        elif masked[i] == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    literals = STRING.findall(text[open_paren:i])
    macro = TRANSLATED.match(masked, start).group(1)
    if macro in ("C_", "NC_"):
        literals = literals[1:]
    return "".join(literals)


def enclosing_call(masked, pos):
    """The function whose argument list holds @pos, the argument index and
    the bracket that opens the list."""
    depth, commas, i = 0, 0, pos - 1
    while i >= 0:
        c = masked[i]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            if depth == 0:
                if c != "(":
                    return None, commas, c
                m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*$", masked[:i])
                return (m.group(1) if m else None), commas, c
            depth -= 1
        elif c == "," and depth == 0:
            commas += 1
        elif c == ";" and depth == 0:
            return None, commas, ";"
        i -= 1
    return None, commas, None


def c_strings(path):
    text = open(path, encoding="utf-8").read()
    masked = mask(text)
    base = os.path.basename(path)
    for m in TRANSLATED.finditer(masked):
        string = translated_at(text, masked, m.start())
        func, index, opener = enclosing_call(masked, m.start())
        if opener == "{" and base in C_MENU_TABLES:
            yield string, "menu item"
            continue
        # Property lists: g_object_new (…, "heading", _("…"), …).
        named = re.search(r'"([a-z-]+)"\s*,\s*$', text[:m.start()])
        if named and named.group(1) in C_HEADING_PROPERTIES:
            yield string, f"“{named.group(1)}” property"
            continue
        if func in ("g_strdup_printf", "g_strdup") and index == 0:
            call = masked.rindex(func, 0, m.start())
            assigned = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*$", masked[:call])
            if assigned and assigned.group(1) in C_HEADING_VARIABLES:
                yield string, f"{assigned.group(1)} = {func}()"
            continue
        if func in C_CALLS:
            wanted = C_CALLS[func]
            if wanted is None or index in wanted:
                yield string, f"{func}() argument {index}"


def collect(root):
    found = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, "src")):
        dirnames.sort()
        for f in sorted(filenames):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            if f.endswith(".ui"):
                found += [(rel, s, kind) for s, kind in ui_strings(path)]
            elif f.endswith(".c"):
                found += [(rel, s, kind) for s, kind in c_strings(path)]
    return found


UNHYPHENATED = re.compile(r"\b(?:regenerat|resync)", re.IGNORECASE)
TEXTS = ["README.md", "data/registry-tokens.1",
         "data/io.github.regtokens.RegistryTokens.metainfo.xml.in",
         "data/io.github.regtokens.RegistryTokens.desktop.in", "po/de.po"]


def all_translatable(root):
    """Every translatable string under src/, with its file."""
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, "src")):
        for f in filenames:
            path = os.path.join(dirpath, f)
            if f.endswith(".c"):
                text = open(path, encoding="utf-8").read()
                masked = mask(text)
                for m in TRANSLATED.finditer(masked):
                    yield path, translated_at(text, masked, m.start())
            elif f.endswith(".ui"):
                for element in ET.parse(path).getroot().iter():
                    if element.get("translatable") in ("yes", "true", "1"):
                        yield path, element.text or ""


def vocabulary_problems(root):
    found = []
    for path, string in all_translatable(root):
        if UNHYPHENATED.search(string):
            found.append(f"{os.path.relpath(path, root)}: “{string}” says "
                         "Regenerate/Resync: write Re-generate/Re-sync")
    for rel in TEXTS:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                # Identifiers (actions, API paths, properties) keep their names.
                prose = re.sub(r"[\w.-]*(?:regenerate-|resync-|[a-z]+\.(?:regenerate|resync))[\w.-]*",
                               "", line)
                if UNHYPHENATED.search(prose):
                    found.append(f"{rel}:{n}: says Regenerate/Resync: write Re-generate/Re-sync")
    return found


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    if not self_test():
        return 1

    found = collect(args[0])
    errors = 0
    for rel, string, kind in found:
        why = problems(string)
        if verbose or why:
            print(f"{rel}: {kind}: “{string}”" + (f": {'; '.join(why)}" if why else ""))
        errors += bool(why)

    for problem in vocabulary_problems(args[0]):
        print(problem)
        errors += 1

    # The extraction itself must keep working: a parser that finds nothing
    # would pass every string.
    kinds = {kind.split()[0] for _, _, kind in found}
    for needed in ("menu", "adw_message_dialog_new()", "heading", "rt_confirm_new()", "GtkButton",
                   "GtkShortcutsShortcut", "AdwPreferencesGroup"):
        if needed not in kinds:
            print(f"no {needed} strings found: the extraction is broken")
            errors += 1

    print(f"{len(found)} headings and labels checked, {errors} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
