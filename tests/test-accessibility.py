#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A user's path through the token actions, driven over AT-SPI.

    test-accessibility.py

Run inside `rt-test-session.sh display` (Xvfb, a private session bus and a
keyring). Starts the reference service (RT_SERVICE_BINARY) and the real app
(RT_APP_BINARY --server URL, the key in REGISTRY_TOKENS_ACCESS_KEY), finds the
app on the accessibility bus, and does what a screen-reader user would do,
finding every control by its accessible name: generate a token (typing its
name), copy its secret, save it, close the dialog, re-sync, re-generate and
delete it; then filter to Expired, select all and delete them. Each step is
checked on the server over HTTP. Prints TAP.
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import gi

gi.require_version('Atspi', '2.0')
gi.require_version('Secret', '1')
from gi.repository import Atspi, Secret  # noqa: E402

NOW = '2026-11-18T12:00:00Z'
# A wait ends when its condition holds, when a process it depends on exits, or
# when both the time and the number of looks are used up: on a loaded machine
# one look through the accessibility tree can take seconds.
TIMEOUT = 60.0
MIN_LOOKS = 10
TOKEN_NAME = 'a11y-pipeline'

processes = []
# The journey's results, printed when it ends: it may have to start again.
results = []


def tap_ok(description):
    results.append(f'ok {len(results) + 1} - {description}')


def bail(message):
    print(f'Bail out! {message}', flush=True)
    cleanup()
    sys.exit(1)


def cleanup(keep=0):
    """Stops the processes started after the first @keep ones."""
    while len(processes) > keep:
        process = processes.pop()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(predicate, what, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    looks = 0
    while True:
        value = predicate()
        looks += 1
        if value:
            return value
        for process in processes:
            if process.poll() is not None:
                raise AssertionError(f'{process.args[0]} exited with {process.returncode} '
                                     f'while waiting for {what}')
        if time.monotonic() > deadline and looks >= MIN_LOOKS:
            raise AssertionError(f'timed out waiting for {what} ({looks} looks)')
        time.sleep(0.1)


# --- The service ---------------------------------------------------------------

class Service:
    def __init__(self, tmpdir):
        binary = os.environ['RT_SERVICE_BINARY']
        self.process = subprocess.Popen(
            [binary, '--db', os.path.join(tmpdir, 'tokens.db'), '--port', '0',
             '--demo', '--now', NOW],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        processes.append(self.process)
        self.url = self.admin_key = None
        deadline = time.monotonic() + 10
        while self.url is None and time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            line = line.strip()
            if line.startswith('admin-key: '):
                self.admin_key = line[len('admin-key: '):]
            elif line.startswith('url: '):
                self.url = line[len('url: '):]
        assert self.url and self.admin_key, 'the service printed no url or key'

    def request(self, method, path):
        request = urllib.request.Request(
            self.url + '/api/v1' + path, method=method,
            headers={'Authorization': 'Bearer ' + self.admin_key})
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                body = reply.read()
                return reply.status, json.loads(body) if body else None
        except urllib.error.HTTPError as error:
            return error.code, None

    def tokens(self):
        status, body = self.request('GET', '/tokens?page_size=1000')
        assert status == 200, status
        return body['tokens']

    def token_named(self, name):
        return next((t for t in self.tokens() if t['name'] == name), None)

    def get_token(self, token_id):
        return self.request('GET', '/tokens/' + token_id)


# --- The keyring ------------------------------------------------------------------

TOKEN_SECRET_SCHEMA = Secret.Schema.new(
    'io.github.regtokens.RegistryTokens.TokenSecret', Secret.SchemaFlags.NONE,
    {'server': Secret.SchemaAttributeType.STRING, 'token-id': Secret.SchemaAttributeType.STRING})


def saved_secret(service, token_id):
    return Secret.password_lookup_sync(TOKEN_SECRET_SCHEMA,
                                       {'server': service.url, 'token-id': token_id}, None)


# --- AT-SPI helpers ----------------------------------------------------------------

def name_of(accessible):
    try:
        return accessible.get_name() or ''
    except gi.repository.GLib.Error:
        return ''


def role_of(accessible):
    try:
        return accessible.get_role()
    except gi.repository.GLib.Error:
        return None


def children(accessible):
    try:
        count = accessible.get_child_count()
    except gi.repository.GLib.Error:
        return []
    result = []
    for i in range(count):
        try:
            child = accessible.get_child_at_index(i)
        except gi.repository.GLib.Error:
            continue
        if child is not None:
            result.append(child)
    return result


def is_showing(accessible):
    try:
        states = accessible.get_state_set()
    except gi.repository.GLib.Error:
        return False
    return states.contains(Atspi.StateType.SHOWING) or states.contains(Atspi.StateType.VISIBLE)


def find_all(root, predicate, max_depth=40):
    found = []

    def walk(node, depth):
        if depth > max_depth:
            return
        if predicate(node):
            found.append(node)
        for child in children(node):
            walk(child, depth + 1)

    walk(root, 0)
    return found


def find_first(root, predicate, max_depth=40):
    """The showing accessible nearest to @root for which @predicate holds.
    Hidden subtrees are skipped and the walk stops at the first match: a look
    must be quick, or a toast can come and go between two looks."""
    level = [root]
    for _ in range(max_depth + 1):
        deeper = []
        for node in level:
            if node is not root and not is_showing(node):
                continue
            if predicate(node) and node is not root:
                return node
            deeper.extend(children(node))
        if not deeper:
            break
        level = deeper
    return None


def find(root, predicate, what, timeout=TIMEOUT):
    def attempt():
        # Read the tree afresh: rows and dialogs come and go.
        root.clear_cache()
        return find_first(root, predicate)
    return wait_for(attempt, what, timeout)


def named(name, *roles):
    def predicate(accessible):
        return name_of(accessible) == name and (not roles or role_of(accessible) in roles)
    return predicate


def text_of(accessible):
    if not has_interface(accessible, 'Text'):
        return name_of(accessible)
    return accessible.get_text(0, accessible.get_character_count())


def dump(accessible, depth=0, max_depth=25):
    """Prints the tree under @accessible to stderr, for a failing step."""
    if depth > max_depth:
        return
    print('#' + '  ' * depth + f'{role_of(accessible).value_nick if role_of(accessible) else "?"} '
          f'“{name_of(accessible)}” showing={is_showing(accessible)}', file=sys.stderr)
    for child in children(accessible):
        dump(child, depth + 1, max_depth)


def shows_text(root, fragment):
    def predicate(accessible):
        if role_of(accessible) != Atspi.Role.LABEL:
            return False
        return fragment in text_of(accessible) or fragment in name_of(accessible)
    return predicate


def has_interface(accessible, interface):
    try:
        return interface in accessible.get_interfaces()
    except gi.repository.GLib.Error:
        return False


CONTROL_ROLES = (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.CHECK_BOX,
                 Atspi.Role.TEXT, Atspi.Role.ENTRY, Atspi.Role.COMBO_BOX, Atspi.Role.MENU_ITEM,
                 Atspi.Role.SPIN_BUTTON, Atspi.Role.SLIDER)


def assert_controls_named(window):
    """Every control has a name a screen reader can say: not empty, no
    mnemonic underline, not said twice (GTK 4.8 can join two names)."""
    for control in find_all(window, lambda a: role_of(a) in CONTROL_ROLES and is_showing(a)):
        name = name_of(control)
        assert name.strip(), f'a {role_of(control).value_nick} in “{name_of(window)}” has no name'
        assert not re.search(r'(^|\s)_\w', name), f'the name “{name}” shows a mnemonic'
        words = name.split()
        half = len(words) // 2
        assert not (half and len(words) % 2 == 0 and words[:half] == words[half:]), \
            f'the name “{name}” is said twice'


def secret_value(accessible):
    """The label that shows the secret: named “Secret” (the group title above
    it is a label with that text too)."""
    return (role_of(accessible) == Atspi.Role.LABEL and name_of(accessible) == 'Secret'
            and text_of(accessible) != 'Secret')


def press(accessible):
    name = name_of(accessible)
    if not has_interface(accessible, 'Action') or Atspi.Action.get_n_actions(accessible) == 0:
        # A GtkMenuButton: the toggle button inside it takes the click.
        inner = [a for a in find_all(accessible, lambda a: a is not accessible
                                     and has_interface(a, 'Action')
                                     and Atspi.Action.get_n_actions(a) > 0)]
        assert inner, f'“{name}” has no action'
        accessible = inner[0]
    # GTK's buttons, switches and menu items: the first action is the click.
    assert Atspi.Action.do_action(accessible, 0), f'could not press “{name}”'


def window_named(app, name, timeout=TIMEOUT):
    try:
        return find(app, lambda a: role_of(a) in (Atspi.Role.FRAME, Atspi.Role.DIALOG,
                                                   Atspi.Role.WINDOW)
                    and name_of(a) == name, f'the window “{name}”', timeout)
    except AssertionError:
        for window in children(app):
            dump(window, max_depth=1)
        raise


def window_gone(app, name):
    return not [w for w in children(app) if name_of(w) == name and is_showing(w)]


BUTTON_ROLES = (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.MENU_ITEM,
                Atspi.Role.BUTTON if hasattr(Atspi.Role, 'BUTTON') else Atspi.Role.PUSH_BUTTON)


def button(root, name):
    return find(root, named(name, *BUTTON_ROLES), f'the button “{name}”')


def answer_message_dialog(app, response):
    # AdwMessageDialog: a dialog whose buttons are the responses.
    def attempt():
        for window in children(app):
            if not is_showing(window):
                continue
            matches = [a for a in find_all(window, named(response, *BUTTON_ROLES))
                       if is_showing(a)]
            if matches:
                return window, matches[0]
        return None
    try:
        window, found = wait_for(attempt, f'the answer “{response}”')
    except AssertionError:
        for window in children(app):
            if is_showing(window):
                dump(window)
        raise
    assert_controls_named(window)
    press(found)


def invoke_row_action(app, main, token_name, action_label):
    """Opens the token's row menu and picks @action_label in it."""
    menu_button = find(main, named(f'Actions for {token_name}', *BUTTON_ROLES),
                       f'the menu button of “{token_name}”')
    press(menu_button)
    item = find(app, named(action_label, *BUTTON_ROLES), f'the menu item “{action_label}”')
    press(item)


# --- The app ---------------------------------------------------------------------

def start_accessibility_bus():
    launcher = '/usr/libexec/at-spi-bus-launcher'
    if not os.path.exists(launcher):
        bail('at-spi-bus-launcher is not installed')
    process = subprocess.Popen([launcher, '--launch-immediately'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    processes.append(process)

    def bus_ready():
        result = subprocess.run(
            ['dbus-send', '--session', '--print-reply', '--dest=org.freedesktop.DBus',
             '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.a11y.Bus'],
            capture_output=True, text=True)
        return 'boolean true' in result.stdout
    wait_for(bus_ready, 'the accessibility bus')
    subprocess.run(['dbus-send', '--session', '--type=method_call', '--dest=org.a11y.Bus',
                    '/org/a11y/bus', 'org.freedesktop.DBus.Properties.Set',
                    'string:org.a11y.Status', 'string:IsEnabled', 'variant:boolean:true'],
                   capture_output=True)


app_log_path = None
# What GTK 4.8's AT-SPI backend logs (twice) when it makes a reference to an
# accessible that has no object path.
GTK_ATSPI_CRITICAL = "g_variant_is_object_path: assertion 'string != NULL' failed"
GTK_ATSPI_CRITICALS = (GTK_ATSPI_CRITICAL,
                       "g_variant_new_object_path: assertion 'g_variant_is_object_path (object_path)' failed")


# The keyring's own files are encrypted; everything else must hold no secret.
KEYRING_FOLDER = os.path.join('keyrings', '')


def scan_for_secrets(secrets, folders, max_size=64 << 20):
    """The files under @folders that hold any of @secrets in clear."""
    needles = [value.encode() for value in secrets if value]
    found = set()
    seen = set()
    for folder in folders:
        if not folder or not os.path.isdir(folder):
            continue
        for root, dirs, files in os.walk(folder, onerror=lambda error: None):
            for name in files:
                path = os.path.join(root, name)
                if KEYRING_FOLDER in path or path in seen:
                    continue
                seen.add(path)
                try:
                    if not os.path.isfile(path) or os.path.getsize(path) > max_size:
                        continue
                    with open(path, 'rb') as f:
                        data = f.read()
                except OSError:
                    continue
                if any(needle in data for needle in needles):
                    found.add(path)
    return found


def start_app(service, tmpdir):
    global app_log_path
    env = dict(os.environ)
    env.pop('NO_AT_BRIDGE', None)
    env['GTK_A11Y'] = 'atspi'
    env['REGISTRY_TOKENS_ACCESS_KEY'] = service.admin_key
    env['RT_FAKE_NOW'] = NOW
    # GTK 4.8's AT-SPI backend itself logs a critical when a client reads a
    # row the column view is recycling (g_variant_new with a NULL object path,
    # answering a D-Bus call): criticals are checked in the log instead.
    env['G_DEBUG'] = 'gc-friendly'
    # Every log line, debug included, so that the scan for secrets sees them.
    env['G_MESSAGES_DEBUG'] = 'all'
    app_log_path = os.path.join(tmpdir, 'app.log')
    with open(app_log_path, 'w') as log:
        process = subprocess.Popen([os.environ['RT_APP_BINARY'], '--server', service.url],
                                   env=env, stdout=log, stderr=log)
    processes.append(process)
    return process


def find_app(process):
    def attempt():
        if process.poll() is not None:
            raise AssertionError(f'the app exited with {process.returncode}')
        desktop = Atspi.get_desktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == process.pid:
                    return app
            except gi.repository.GLib.Error:
                continue
        return None
    return wait_for(attempt, 'the app on the accessibility bus')


def crashed_in_gtk_atspi(process):
    """Whether the app died in GTK 4.8's AT-SPI backend: answering a client
    about a widget that is going away, it logs GTK_ATSPI_CRITICAL and then
    crashes. Not our code, and rare; the journey then starts again once."""
    if process.poll() is None or app_log_path is None:
        return False
    with open(app_log_path) as log:
        return GTK_ATSPI_CRITICAL in log.read()


def main():
    print('TAP version 13', flush=True)
    start_accessibility_bus()
    Atspi.init()
    started = len(processes)

    for attempt in (1, 2):
        tmpdir = tempfile.mkdtemp(prefix='rt-a11y-')
        service = Service(tmpdir)
        process = start_app(service, tmpdir)
        try:
            secrets = journey(service, process)
            break
        except AssertionError:
            if attempt == 2 or not crashed_in_gtk_atspi(process):
                raise
            print('# the app crashed in GTK\'s AT-SPI backend; starting again', flush=True)
            results.clear()
            cleanup(keep=started)

    # Once the app and the service have ended, nothing they or the keyring
    # wrote may hold a secret in clear.
    cleanup(keep=started)
    found = scan_for_secrets(list(secrets) + [service.admin_key],
                             [os.environ['HOME'], os.environ.get('XDG_RUNTIME_DIR'),
                              os.environ.get('XDG_CACHE_HOME'), os.environ.get('XDG_CONFIG_HOME'),
                              os.environ.get('XDG_DATA_HOME'), tempfile.gettempdir(), '/tmp',
                              tmpdir])
    assert not found, 'a secret or access key in clear in: ' + ', '.join(sorted(found))
    tap_ok('after every action, no secret or access key is in clear in any file')

    for line in results:
        print(line, flush=True)
    print(f'1..{len(results)}', flush=True)
    cleanup()


def journey(service, process):
    app = find_app(process)
    tap_ok(f'the app is on the accessibility bus as “{name_of(app)}”')

    main_window = window_named(app, 'Registry Tokens')
    find(main_window, named('ci-pipeline'), 'the demo token ci-pipeline in the table')
    tap_ok('signed in, the table shows the tokens')

    # Generate: the header's button, then type the name.
    press(button(main_window, 'Generate Token'))
    dialog = window_named(app, 'Generate Token')
    assert_controls_named(dialog)
    entry = find(dialog, lambda a: role_of(a) in (Atspi.Role.ENTRY, Atspi.Role.TEXT,
                                                  Atspi.Role.EDITBAR)
                 and has_interface(a, 'EditableText')
                 and is_showing(a), 'the editable Token Name entry')
    if not entry.set_text_contents(TOKEN_NAME):
        assert entry.insert_text(0, TOKEN_NAME, len(TOKEN_NAME))
    wait_for(lambda: text_of(entry) == TOKEN_NAME, 'the typed name')
    press(button(dialog, 'Generate'))
    secret_dialog = window_named(app, 'Token Created')
    token = wait_for(lambda: service.token_named(TOKEN_NAME), 'the token on the server')
    tap_ok('Generate Token made the token on the server and showed its secret')

    secret_label = find(secret_dialog, secret_value, 'the label named Secret that shows it')
    secret = text_of(secret_label)
    assert secret.startswith('rtsec_'), 'the secret label shows no secret'
    assert 'rtsec_' not in name_of(secret_dialog)
    find(secret_dialog, shows_text(secret_dialog, 'shown only once'), 'the shown-once warning')
    assert_controls_named(secret_dialog)
    tap_ok('the secret dialog shows the secret, labelled, with the warning')

    press(button(secret_dialog, 'Copy Secret'))
    find(secret_dialog, shows_text(secret_dialog, 'Secret copied.'), 'the inline note that the secret was copied')
    tap_ok('Copy Secret copies and says when the clipboard is cleared')

    press(button(secret_dialog, 'Save to Keyring'))
    find(secret_dialog, shows_text(secret_dialog, 'Saved to the keyring'), 'the saved note')
    # The one-time question about docker's configuration files.
    answer_message_dialog(app, 'Leave Unchanged')
    assert saved_secret(service, token['id']) == secret, 'the keyring does not hold the secret'
    tap_ok('Save to Keyring saves, and the docker question is answerable')

    press(button(secret_dialog, 'Close'))
    wait_for(lambda: window_gone(app, 'Token Created'), 'the secret dialog to close')
    status, _ = service.get_token(token['id'])
    assert status == 200, status
    tap_ok('Close closes the saved secret dialog without asking; the token stays')

    invoke_row_action(app, main_window, TOKEN_NAME, 'Re-sync Products')
    find(main_window, shows_text(main_window, 'Already up to date'), 'the re-sync toast')
    status, body = service.get_token(token['id'])
    assert status == 200 and body['id'] == token['id'], status
    tap_ok('Re-sync Products runs and reports')

    invoke_row_action(app, main_window, TOKEN_NAME, 'Re-generate Secret…')
    answer_message_dialog(app, 'Re-generate')
    new_dialog = window_named(app, 'New Secret')
    new_label = find(new_dialog, secret_value, 'the new label named Secret')
    new_secret = text_of(new_label)
    assert new_secret.startswith('rtsec_') and new_secret != secret
    find(new_dialog, shows_text(new_dialog, 'The saved keyring entries were updated.'),
         'the keyring update note')
    status, body = service.get_token(token['id'])
    assert status == 200 and body['id'] == token['id'], status
    assert saved_secret(service, token['id']) == new_secret, 'the keyring kept the old secret'
    press(button(new_dialog, 'Close'))
    wait_for(lambda: window_gone(app, 'New Secret'), 'the new secret dialog to close')
    tap_ok('Re-generate Secret shows a new secret and updates the keyring')

    invoke_row_action(app, main_window, TOKEN_NAME, 'Delete Token…')
    answer_message_dialog(app, 'Delete')
    wait_for(lambda: service.get_token(token['id'])[0] == 404, 'the token to be deleted')
    find(main_window, shows_text(main_window, f'Deleted “{TOKEN_NAME}”'), 'the delete toast')
    wait_for(lambda: saved_secret(service, token['id']) is None, 'the saved secret to go')
    tap_ok('Delete deletes the token on the server')

    # The clean-up: filter to Expired, select all, delete them, confirm.
    expired = [t['id'] for t in service.tokens() if t['status'] == 'expired']
    assert len(expired) >= 2, expired
    press(button(main_window, 'Filter Tokens'))
    press(find(app, named('Expired', Atspi.Role.CHECK_MENU_ITEM, *BUTTON_ROLES),
               'the filter menu item “Expired”'))
    find(main_window, shows_text(main_window, 'Filtered: Expired'), 'the filter bar')
    press(button(main_window, 'Select All'))
    press(button(main_window, f'Delete {len(expired)} Tokens'))
    answer_message_dialog(app, 'Delete')
    wait_for(lambda: all(service.get_token(i)[0] == 404 for i in expired),
             'the expired tokens to be deleted')
    assert not [t for t in service.tokens() if t['status'] == 'expired']
    tap_ok('Filter to Expired, Select All, Delete, confirm: the server has no expired token')

    with open(app_log_path) as log:
        criticals = [line.strip() for line in log
                     if 'CRITICAL' in line and not any(c in line for c in GTK_ATSPI_CRITICALS)]
    assert not criticals, f'the app logged criticals: {criticals}'
    tap_ok('the app logged no critical of its own')

    return secret, new_secret


if __name__ == '__main__':
    try:
        main()
    except Exception as error:  # noqa: BLE001 -- any failure is reported in TAP
        for line in results:
            print(line, flush=True)
        print(f'not ok {len(results) + 1} - {type(error).__name__}: {error}', flush=True)
        if app_log_path and os.path.exists(app_log_path):
            with open(app_log_path) as log:
                for line in log:
                    print('# app: ' + line.rstrip(), flush=True)
        print(f'1..{len(results) + 1}', flush=True)
        sys.exit(1)
    finally:
        # Never leave the service, the app or the accessibility bus behind.
        cleanup()
