#!/usr/bin/python3
# Registry login figures: the token server's /auth/token answer time (Basic
# credentials checked, scopes granted, JWT signed) and a whole skopeo inspect
# through docker-registry, against build-aux/run-backend.sh. Prints
# "bench: NAME VALUE UNIT" lines; skips when the registry tools are missing.

import base64
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

LOGINS = 300
INSPECTS = 20


def main():
    if any(shutil.which(t) is None for t in ("docker-registry", "skopeo", "umoci")):
        print("bench: skipped, the registry tools are not installed")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        backend = subprocess.Popen(
            [os.environ["RT_RUN_BACKEND"], "--db", tmp + "/t.db", "--port", "0",
             "--registry-port", "0", "--service", os.environ["RT_SERVICE_BINARY"],
             "--no-install"], stdout=subprocess.PIPE, text=True, start_new_session=True)
        lines = {}
        try:
            while "registry" not in lines:
                name, _, value = backend.stdout.readline().rstrip("\n").partition(": ")
                if not name:
                    raise RuntimeError("run-backend.sh ended early")
                lines[name] = value

            request = urllib.request.Request(lines["url"] + "/api/v1/tokens", method="POST",
                                             data=json.dumps({"name": "bench"}).encode())
            request.add_header("Authorization", "Bearer " + lines["admin-key"])
            request.add_header("Content-Type", "application/json")
            created = json.load(urllib.request.urlopen(request, timeout=10))
            username, secret = created["token"]["username"], created["secret"]

            host, port = lines["url"][len("http://"):].rsplit(":", 1)
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            credentials = base64.b64encode((username + ":" + secret).encode()).decode()
            times = []
            for _ in range(LOGINS):
                start = time.perf_counter()
                connection.request("GET", "/auth/token?service=registry-tokens"
                                   "&scope=repository:vision-kit/camera:pull",
                                   headers={"Authorization": "Basic " + credentials})
                reply = connection.getresponse()
                reply.read()
                times.append(time.perf_counter() - start)
                assert reply.status == 200, reply.status
            times.sort()
            print("bench: registry-login-median %.2f ms" % (statistics.median(times) * 1000))
            print("bench: registry-login-p95 %.2f ms" % (times[int(len(times) * 0.95)] * 1000))

            times = []
            for _ in range(INSPECTS):
                start = time.perf_counter()
                subprocess.run(["skopeo", "inspect", "--tls-verify=false", "--creds",
                                username + ":" + secret,
                                "docker://%s/vision-kit/camera:1.0" % lines["registry"]],
                               check=True, capture_output=True, timeout=60)
                times.append(time.perf_counter() - start)
            print("bench: skopeo-inspect-median %.0f ms" % (statistics.median(times) * 1000))
        finally:
            os.killpg(backend.pid, signal.SIGTERM)
            backend.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
