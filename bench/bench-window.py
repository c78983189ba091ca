#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real window against the reference service with many tokens.

    bench-window.py [--sizes 1000,10000,100000] [--renderers default,cairo]

Run inside `tests/rt-test-session.sh display` (meson test --benchmark does).
For each size it makes a database (the demo project plus bulk tokens, in one
SQLite transaction), starts the service on it, and for each renderer starts
the app cold with RT_BENCH_* set, so that rt-bench-probe.c reports from the
frame clock: start → first rows painted, start → all rows painted, the
longest main-loop stall while loading, and a search over every token (the
longest stall while it filters, and the time until the filtered table is
painted). This script adds the app's peak PSS, sampled from /proc. Prints
"bench: NAME VALUE UNIT" lines; exits non-zero only when a run fails.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

NOW = '2026-11-29T12:00:00Z'
RUN_LIMIT_S = 300


def make_db(service_binary, n, path):
    """The demo project seeded by the service itself, then n - 6 bulk
    tokens written straight to its tables."""
    seed = subprocess.Popen([service_binary, '--demo', '--port', '0', '--db', path,
                             '--now', NOW], stdout=subprocess.PIPE, text=True,
                            stderr=subprocess.DEVNULL)
    for line in seed.stdout:
        if line.startswith('url: '):
            break
    seed.terminate()
    seed.wait()

    bulk = n - 6
    db = sqlite3.connect(path)
    with db:
        db.execute('PRAGMA foreign_keys = ON')
        # The demo project alone has 6.
        if bulk > 0:
            db.execute(f"""
                WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {bulk})
                INSERT INTO tokens (id, project_id, name, type, created_for_user, created_for_service,
                                    created_by, secret_hash, created_at, last_used_at)
                SELECT printf('tok_b%015x', i), 'acme', printf('bulk-%06d', i), 'user',
                       CASE i % 2 WHEN 0 THEN 'u_mia' ELSE 'u_ada' END, NULL,
                       CASE i % 2 WHEN 0 THEN 'u_mia' ELSE 'u_ada' END,
                       lower(hex(randomblob(32))),
                       strftime('%Y-%m-%dT%H:%M:%SZ', '{NOW}', printf('-%d seconds', i)),
                       NULL
                FROM seq""")
            db.execute(f"""
                WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {bulk}),
                picks(k, product) AS (VALUES (0, 'vision-kit'), (1, 'motion-sdk'), (1, 'data-lake'),
                                             (2, 'data-lake'), (2, 'fleet-manager'), (2, 'motion-sdk'),
                                             (3, 'edge-os'))
                INSERT INTO token_products (token_id, product_id)
                SELECT printf('tok_b%015x', i), product FROM seq JOIN picks
                  ON picks.k = CASE WHEN i % 10 = 9 THEN 3 ELSE i % 3 END""")
            db.execute('UPDATE projects SET revision = revision + 1')
    count = db.execute('SELECT COUNT(*) FROM tokens').fetchone()[0]
    db.close()
    if count != n:
        raise SystemExit(f'the database has {count} tokens, not {n}')


def start_service(service_binary, path):
    process = subprocess.Popen([service_binary, '--db', path, '--port', '0', '--now', NOW,
                                '--demo'], stdout=subprocess.PIPE, text=True,
                               stderr=subprocess.DEVNULL)
    url = key = None
    for line in process.stdout:
        if line.startswith('admin-key: '):
            key = line.split(': ', 1)[1].strip()
        elif line.startswith('url: '):
            url = line.split(': ', 1)[1].strip()
            break
    if not url or not key:
        process.kill()
        raise SystemExit('the service printed no url or key')
    return process, url, key


def pss_kib(pid):
    try:
        with open(f'/proc/{pid}/smaps_rollup') as f:
            for line in f:
                if line.startswith('Pss:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_app(app_binary, url, key, n, renderer, workdir):
    env = dict(os.environ)
    env['REGISTRY_TOKENS_ACCESS_KEY'] = key
    env['RT_FAKE_NOW'] = NOW
    env['RT_BENCH_EXPECT'] = str(n)
    env['RT_BENCH_SEARCH'] = os.environ.get('RT_BENCH_SEARCH_TEXT', 'bulk-000123')
    env.pop('G_MESSAGES_DEBUG', None)
    if renderer == 'default':
        env.pop('GSK_RENDERER', None)
    else:
        env['GSK_RENDERER'] = renderer
    log = open(os.path.join(workdir, f'app-{n}-{renderer}.log'), 'w')
    env['RT_BENCH_T0'] = str(int(time.monotonic() * 1e6))
    # e.g. RT_BENCH_WRAPPER='perf record --call-graph dwarf -o app.perf --'
    wrapper = os.environ.get('RT_BENCH_WRAPPER', '').split()
    process = subprocess.Popen(wrapper + [app_binary, '--server', url], env=env,
                               stdout=subprocess.PIPE, stderr=log, text=True)
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    peak = 0
    deadline = time.monotonic() + RUN_LIMIT_S
    while process.poll() is None and time.monotonic() < deadline:
        peak = max(peak, pss_kib(process.pid))
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
        process.wait()
        raise SystemExit(f'the app did not finish within {RUN_LIMIT_S} s at {n} tokens')
    reader.join(5)
    results = {}
    for line in lines:
        if line.startswith('bench: '):
            _, name, value, unit = line.split()
            results[name] = (float(value), unit)
    if 'all-rows-painted' not in results:
        raise SystemExit(f'the app reported nothing at {n} tokens ({renderer})')
    results['peak-pss'] = (peak / 1024.0, 'MiB')
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--sizes', default=os.environ.get('RT_BENCH_SIZES', '1000,10000,100000'))
    parser.add_argument('--renderers', default='default,cairo,gl')
    args = parser.parse_args()

    service_binary = os.environ['RT_SERVICE_BINARY']
    app_binary = os.environ['RT_APP_BINARY']
    workdir = tempfile.mkdtemp(prefix='rt-bench-window-')
    pss = {}

    for n in [int(s) for s in args.sizes.split(',')]:
        path = os.path.join(workdir, f'tokens-{n}.db')
        make_db(service_binary, n, path)
        service, url, key = start_service(service_binary, path)
        try:
            for renderer in args.renderers.split(','):
                results = run_app(app_binary, url, key, n, renderer, workdir)
                for name, (value, unit) in results.items():
                    print(f'bench: window-{renderer}-{n}-{name} {value:.1f} {unit}', flush=True)
                pss[(renderer, n)] = results['peak-pss'][0]
        finally:
            service.terminate()
            service.wait()

    for renderer in args.renderers.split(','):
        sizes = sorted(n for (r, n) in pss if r == renderer)
        if len(sizes) >= 2:
            small, large = sizes[0], sizes[-1]
            per_token = (pss[(renderer, large)] - pss[(renderer, small)]) * 1024 * 1024 / (large - small)
            print(f'bench: window-{renderer}-memory-per-token {per_token:.0f} B', flush=True)


if __name__ == '__main__':
    sys.exit(main())
