#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reference service's token list, alone and under fifty clients.

    bench-service.py [--walk-size 100000] [--runs 5] [--clients 50] [--clients-size 10000]

One client walks every page of --walk-size tokens in pages of 1,000 (and
of 100) on one keep-alive connection, parsing each page, --runs times:
the time for the walk, the median time per page in its first and last
tenth (they must match: keyset pagination), and the service's own CPU time
per walk, read from /proc. Then --clients clients walk all --clients-size
tokens at once, each on its own connection: every page must be a 200 with
the right tokens in order (no refusal, no rate limit, no cut-off); any
error fails the benchmark. Prints "bench: NAME VALUE UNIT" lines. Every
request has a timeout and the whole run a deadline.
"""

import argparse
import http.client
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse

DEADLINE_S = 240
REQUEST_TIMEOUT_S = 30


def load_bench_window():
    """make_db() and start_service() are bench-window.py's."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'bench-window.py')
    spec = importlib.util.spec_from_file_location('bench_window', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_seconds(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def walk(url, key, page_size, page_times=None):
    """Every page in order; returns the token ids. Raises on any error."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port,
                                            timeout=REQUEST_TIMEOUT_S)
    headers = {'Authorization': 'Bearer ' + key}
    ids = []
    page_token = None
    total = None
    try:
        while True:
            path = f'/api/v1/tokens?page_size={page_size}'
            if page_token:
                path += '&page_token=' + urllib.parse.quote(page_token)
            began = time.monotonic()
            connection.request('GET', path, headers=headers)
            reply = connection.getresponse()
            data = reply.read()
            if reply.status != 200:
                raise RuntimeError(f'HTTP {reply.status} on page {len(ids) // page_size + 1}')
            page = json.loads(data)
            if page_times is not None:
                page_times.append(time.monotonic() - began)
            if total is None:
                total = page['total']
            elif page['total'] != total:
                raise RuntimeError(f'total changed from {total} to {page["total"]}')
            ids.extend(token['id'] for token in page['tokens'])
            page_token = page['next_page_token']
            if not page_token:
                break
    finally:
        connection.close()
    if len(ids) != total or len(set(ids)) != len(ids):
        raise RuntimeError(f'{len(ids)} tokens ({len(set(ids))} distinct), total says {total}')
    return ids


def bench_walks(pid, url, key, n, page_size, runs):
    times, cpus, firsts, lasts, pages = [], [], [], [], []
    for _ in range(runs):
        page_times = []
        cpu = cpu_seconds(pid)
        began = time.monotonic()
        ids = walk(url, key, page_size, page_times)
        times.append(time.monotonic() - began)
        cpus.append(cpu_seconds(pid) - cpu)
        if len(ids) != n:
            raise SystemExit(f'walked {len(ids)} tokens, not {n}')
        tenth = max(1, len(page_times) // 10)
        firsts.append(statistics.median(page_times[:tenth]))
        lasts.append(statistics.median(page_times[-tenth:]))
        pages.append(statistics.median(page_times))
    name = f'service-walk-{n}-page-{page_size}'
    print(f'bench: {name} {statistics.median(times):.3f} s', flush=True)
    print(f'bench: {name}-best {min(times):.3f} s', flush=True)
    print(f'bench: {name}-page {statistics.median(pages) * 1000:.1f} ms', flush=True)
    print(f'bench: {name}-page-first-tenth {statistics.median(firsts) * 1000:.1f} ms', flush=True)
    print(f'bench: {name}-page-last-tenth {statistics.median(lasts) * 1000:.1f} ms', flush=True)
    print(f'bench: {name}-service-cpu {statistics.median(cpus):.3f} s', flush=True)


def bench_clients(pid, url, key, n, clients, page_size):
    errors = []
    page_times = []
    lock = threading.Lock()
    expected = None

    def client():
        times = []
        try:
            ids = walk(url, key, page_size, times)
            if ids != expected:
                raise RuntimeError('the tokens or their order differ from a lone walk')
        except Exception as e:  # every failure counts, whatever it is
            with lock:
                errors.append(repr(e))
        with lock:
            page_times.extend(times)

    expected = walk(url, key, page_size)
    if len(expected) != n:
        raise SystemExit(f'walked {len(expected)} tokens, not {n}')
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    cpu = cpu_seconds(pid)
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0, began + DEADLINE_S - time.monotonic()))
    elapsed = time.monotonic() - began
    cpu = cpu_seconds(pid) - cpu
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        errors.append(f'{stuck} clients still walking after {DEADLINE_S} s')

    name = f'service-{clients}-clients-{n}-page-{page_size}'
    page_times.sort()
    print(f'bench: {name} {elapsed:.2f} s', flush=True)
    if page_times:
        print(f'bench: {name}-page-median {statistics.median(page_times) * 1000:.1f} ms', flush=True)
        print(f'bench: {name}-page-p99 {page_times[int(len(page_times) * 0.99)] * 1000:.1f} ms',
              flush=True)
    print(f'bench: {name}-service-cpu {cpu:.2f} s', flush=True)
    print(f'bench: {name}-errors {len(errors)} count', flush=True)
    for error in errors[:10]:
        print(f'# {error}', file=sys.stderr, flush=True)
    return not errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--walk-size', type=int, default=100000)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--clients', type=int, default=50)
    parser.add_argument('--clients-size', type=int, default=10000)
    args = parser.parse_args()

    bench_window = load_bench_window()
    service_binary = os.environ['RT_SERVICE_BINARY']
    workdir = tempfile.mkdtemp(prefix='rt-bench-service-')
    ok = True

    for n in sorted({args.walk_size, args.clients_size}):
        path = os.path.join(workdir, f'tokens-{n}.db')
        bench_window.make_db(service_binary, n, path)
        service, url, key = bench_window.start_service(service_binary, path)
        try:
            if n == args.walk_size:
                bench_walks(service.pid, url, key, n, 1000, args.runs)
                bench_walks(service.pid, url, key, n, 100, max(1, args.runs // 2))
            if n == args.clients_size:
                ok = bench_clients(service.pid, url, key, n, args.clients, 1000) and ok
                ok = bench_clients(service.pid, url, key, n, args.clients, 100) and ok
        finally:
            service.terminate()
            service.wait()

    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
