#!/usr/bin/python3
# The registry end to end: build-aux/run-backend.sh starts the reference token
# service and Debian's docker-registry, and real skopeo and podman pull (or
# fail to pull) with registry tokens made through the API. TAP output.
#   test-registry.py   (RT_SERVICE_BINARY and RT_RUN_BACKEND from meson)

import base64
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

SERVICE = os.environ["RT_SERVICE_BINARY"]
RUN_BACKEND = os.environ["RT_RUN_BACKEND"]
REGISTRY_SERVICE = "registry-tokens"
TOOLS = ("docker-registry", "skopeo", "umoci", "podman", "curl", "openssl")


class Backend:
    def __init__(self, tmp):
        self.db = os.path.join(tmp, "tokens.db")
        self.proc = subprocess.Popen(
            [RUN_BACKEND, "--db", self.db, "--port", "0", "--registry-port", "0",
             "--state", os.path.join(tmp, "state"), "--service", SERVICE, "--no-install"],
            stdout=subprocess.PIPE, text=True, start_new_session=True)
        self.lines = {}
        signal.signal(signal.SIGALRM, self._timed_out)
        signal.alarm(90)
        try:
            while "registry" not in self.lines:
                line = self.proc.stdout.readline()
                if not line:
                    raise RuntimeError("run-backend.sh ended early")
                name, _, value = line.rstrip("\n").partition(": ")
                self.lines[name] = value
        except BaseException:
            self.kill()
            raise
        finally:
            signal.alarm(0)
        self.url = self.lines["url"]
        self.registry = self.lines["registry"]
        self.admin = self.lines["admin-key"]
        self.member = self.lines["member-key"]

    @staticmethod
    def _timed_out(signum, frame):
        raise TimeoutError("run-backend.sh printed no registry line in 90 s")

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)

    def api(self, method, path, key, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + "/api/v1" + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                text = reply.read()
                return reply.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            return e.code, None

    def list_etag(self):
        request = urllib.request.Request(self.url + "/api/v1/tokens")
        request.add_header("Authorization", "Bearer " + self.admin)
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.headers["ETag"]

    def create_token(self, name, key=None):
        status, reply = self.api("POST", "/tokens", key or self.admin, {"name": name})
        assert status == 201, status
        return reply["token"], reply["secret"]

    def get_token(self, token_id, key=None):
        status, reply = self.api("GET", "/tokens/" + token_id, key or self.admin)
        assert status == 200, status
        return reply

    def exchange(self, username, secret, scopes, service=REGISTRY_SERVICE, source="127.0.0.1"):
        """Asks /auth/token directly; returns (status, headers, JSON body)."""
        host, port = self.url[len("http://"):].rsplit(":", 1)
        query = "service=" + service + "".join("&scope=" + s for s in scopes)
        credentials = base64.b64encode((username + ":" + secret).encode()).decode()
        connection = http.client.HTTPConnection(host, int(port), timeout=10,
                                                source_address=(source, 0))
        try:
            connection.request("GET", "/auth/token?" + query,
                               headers={"Authorization": "Basic " + credentials})
            reply = connection.getresponse()
            return reply.status, dict(reply.getheaders()), json.loads(reply.read())
        finally:
            connection.close()

    def image(self, repository):
        return "docker://%s/%s:1.0" % (self.registry, repository)


def run(args, timeout=60):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def skopeo_inspect(backend, repository, username, secret):
    return run(["skopeo", "inspect", "--tls-verify=false", "--creds", username + ":" + secret,
                backend.image(repository)])


def assert_pull_ok(result):
    assert result.returncode == 0, "skopeo failed: " + result.stderr[-400:]


def assert_pull_refused(result):
    assert result.returncode != 0, "skopeo pulled a refused image"
    assert ("unauthorized" in result.stderr or "denied" in result.stderr), result.stderr[-400:]


def key_id_of(cert_path):
    """The kid distribution 2.8 derives from a trusted certificate: libtrust's
    key id, base32 of the first 240 bits of SHA-256 over the DER public key."""
    public = subprocess.run(["openssl", "x509", "-in", cert_path, "-noout", "-pubkey"],
                            capture_output=True, check=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=public,
                         capture_output=True, check=True).stdout
    encoded = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode().rstrip("=")
    return ":".join(encoded[i:i + 4] for i in range(0, len(encoded), 4))


def jwt_part(token, index):
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


# ---------------------------------------------------------------------------

def test_subscribed_pull(b, state):
    token, secret = b.create_token("registry-test")
    state.update(token=token, secret=secret, etag=b.list_etag())
    assert token["last_used_at"] is None
    assert [p["repositories"] for p in token["products"] if p["id"] == "vision-kit"] == \
        [["vision-kit/camera"]]

    assert_pull_ok(skopeo_inspect(b, "vision-kit/camera", token["username"], secret))

    target = os.path.join(state["tmp"], "copy")
    result = run(["skopeo", "copy", "--src-tls-verify=false",
                  "--src-creds", token["username"] + ":" + secret,
                  b.image("vision-kit/camera"), "dir:" + target])
    assert_pull_ok(result)
    files = os.listdir(target)
    assert "manifest.json" in files, files
    manifest = json.load(open(os.path.join(target, "manifest.json")))
    layer = manifest["layers"][0]["digest"].split(":")[1]
    assert layer in files and os.path.getsize(os.path.join(target, layer)) > 0, files


def test_last_used(b, state):
    token = b.get_token(state["token"]["id"])
    assert token["last_used_at"] is not None, "last_used_at is still null after a pull"
    used = time.strptime(token["last_used_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(time.mktime(used) - time.mktime(time.gmtime())) < 120, token["last_used_at"]
    # The app's refresh sends If-None-Match: the list must not answer 304.
    assert b.list_etag() != state["etag"]


def test_unsubscribed_denied(b, state):
    token = state["token"]
    assert_pull_refused(skopeo_inspect(b, "edge-os/base", token["username"], state["secret"]))


def test_token_contents(b, state):
    token = state["token"]
    status, headers, body = b.exchange(token["username"], state["secret"],
                                       ["repository:vision-kit/camera:pull,push",
                                        "repository:edge-os/base:pull",
                                        "repository:motion-sdk/runtime:push",
                                        "registry:catalog:*"])
    assert status == 200, status
    assert headers.get("Cache-Control") == "no-store", headers
    assert body["expires_in"] <= 300 and body["token"] == body["access_token"]
    header = jwt_part(body["token"], 0)
    claims = jwt_part(body["token"], 1)
    assert header["alg"] == "ES256" and header["typ"] == "JWT", header
    assert header["kid"] == key_id_of(b.db + ".registry.crt"), header
    assert os.stat(b.db + ".registry.key").st_mode & 0o777 == 0o600
    assert claims["iss"] == "registry-token-service" and claims["aud"] == REGISTRY_SERVICE
    assert claims["sub"] == token["username"], claims["sub"]
    assert 0 < claims["exp"] - claims["iat"] <= 300 and claims["nbf"] <= claims["iat"] + 1
    assert claims["jti"]
    assert claims["access"] == [{"type": "repository", "name": "vision-kit/camera",
                                 "actions": ["pull"]}], claims["access"]

    status, _, body = b.exchange(token["username"], state["secret"],
                                 ["repository:vision-kit/camera:pull"], service="other")
    assert status == 401, status


def test_ended_subscriptions(b, state):
    # laptop-mia covers only Edge OS, whose subscription ended 45 days ago.
    status, reply = b.api("POST", "/tokens/tok_demo2/regenerate-secret", b.member)
    assert status == 200, status
    username, secret = reply["token"]["username"], reply["secret"]
    assert reply["token"]["status"] == "expired"
    status, _, body = b.exchange(username, secret, ["repository:edge-os/base:pull"],
                                 source="127.0.0.5")
    assert status == 401 and body["errors"][0]["code"] == "UNAUTHORIZED", (status, body)
    assert_pull_refused(skopeo_inspect(b, "edge-os/base", username, secret))
    state["ended_body"] = body


def test_refusals_look_alike(b, state):
    token = state["token"]
    bodies = []
    for username, secret in ((token["username"], "rtsec_wrong"),
                             ("acme+no-such-token", state["secret"]),
                             ("nobody", state["secret"])):
        status, headers, body = b.exchange(username, secret, ["repository:vision-kit/camera:pull"],
                                           source="127.0.0.6")
        assert status == 401, status
        assert "Retry-After" not in headers
        bodies.append(body)
    bodies.append(state["ended_body"])
    assert all(body == bodies[0] for body in bodies), bodies


def test_subscribe_and_resync(b, state):
    token = state["token"]
    for args in (["--product", "edge-os", "--name", "Edge OS", "--version", "2.1"],
                 ["--product", "sensor-hub", "--name", "Sensor Hub", "--version", "1.0",
                  "--repository", "sensor-hub/firmware"]):
        result = run([SERVICE, "subscribe", "--db", b.db, "--ends", "2099-12-31"] + args)
        assert result.returncode == 0, result.stderr
    status, reply = b.api("POST", "/tokens/%s/resync-products" % token["id"], b.admin)
    assert status == 200, status
    products = reply["token"]["products"]
    assert {"edge-os", "sensor-hub"} <= {p["id"] for p in products}, products

    # The same secret now opens Edge OS, and the new product's repository
    # is authorized (it holds no image, so the registry says so).
    assert_pull_ok(skopeo_inspect(b, "edge-os/base", token["username"], state["secret"]))
    result = skopeo_inspect(b, "sensor-hub/firmware", token["username"], state["secret"])
    assert result.returncode != 0 and "manifest unknown" in result.stderr, result.stderr[-400:]


def test_podman_pull(b, state):
    token = state["token"]
    # podman refuses a run root longer than 50 characters.
    runroot = tempfile.mkdtemp(prefix="rt-podman-", dir="/tmp")
    state["cleanup"].append(runroot)
    state["podman"] = ["podman", "--root", os.path.join(state["tmp"], "podman"),
                       "--runroot", runroot, "--storage-driver", "vfs"]
    result = run(state["podman"] + ["pull", "--tls-verify=false",
                                    "--creds", token["username"] + ":" + state["secret"],
                                    b.registry + "/vision-kit/camera:1.0"])
    assert result.returncode == 0, result.stderr[-400:]


def test_regenerate(b, state):
    token, old = state["token"], state["secret"]
    status, reply = b.api("POST", "/tokens/%s/regenerate-secret" % token["id"], b.admin)
    assert status == 200, status
    new = reply["secret"]
    assert new != old
    assert_pull_refused(skopeo_inspect(b, "vision-kit/camera", token["username"], old))
    assert_pull_ok(skopeo_inspect(b, "vision-kit/camera", token["username"], new))
    state["secret"] = new


def test_delete(b, state):
    token = state["token"]
    status, _ = b.api("DELETE", "/tokens/" + token["id"], b.admin)
    assert status == 204, status
    assert_pull_refused(skopeo_inspect(b, "vision-kit/camera", token["username"],
                                       state["secret"]))
    result = run(state["podman"] + ["pull", "--tls-verify=false",
                                    "--creds", token["username"] + ":" + state["secret"],
                                    b.registry + "/motion-sdk/runtime:1.0"])
    assert result.returncode != 0, "podman pulled with a deleted token"


def test_brute_force(b, state):
    token, secret = b.create_token("brute-force-target")
    for attempt in range(5):
        status, headers, _ = b.exchange(token["username"], "rtsec_guess%d" % attempt,
                                        ["repository:vision-kit/camera:pull"],
                                        source="127.0.0.3")
        assert status == 401, (attempt, status)
    status, headers, body = b.exchange(token["username"], "rtsec_guess6",
                                       ["repository:vision-kit/camera:pull"], source="127.0.0.3")
    assert status == 429, status
    assert 1 <= int(headers["Retry-After"]) <= 60, headers
    assert body["errors"][0]["code"] == "TOOMANYREQUESTS", body

    # The limited address is refused even with the right secret...
    status, _, _ = b.exchange(token["username"], secret,
                              ["repository:vision-kit/camera:pull"], source="127.0.0.3")
    assert status == 429, status
    # ...while the owner, elsewhere, still gets in.
    status, _, body = b.exchange(token["username"], secret,
                                 ["repository:vision-kit/camera:pull"], source="127.0.0.4")
    assert status == 200, status
    assert jwt_part(body["token"], 1)["access"][0]["name"] == "vision-kit/camera"


def test_stop(b, state):
    status = b.stop()
    assert status == 0, status
    host, port = b.registry.rsplit(":", 1)
    for url in (b.url + "/api/v1/me", "http://%s/v2/" % b.registry):
        try:
            urllib.request.urlopen(url, timeout=2)
            raise AssertionError(url + " still answers after SIGTERM")
        except urllib.error.HTTPError:
            raise AssertionError(url + " still answers after SIGTERM")
        except (urllib.error.URLError, ConnectionError):
            pass


TESTS = [test_subscribed_pull, test_last_used, test_unsubscribed_denied, test_token_contents,
         test_ended_subscriptions, test_refusals_look_alike, test_subscribe_and_resync,
         test_podman_pull, test_regenerate, test_delete, test_brute_force, test_stop]


def main():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print("1..0 # SKIP cannot run without %s (build-aux/install-deps.sh installs them)"
              % ", ".join(missing))
        return 0

    print("1..%d" % len(TESTS), flush=True)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        backend = Backend(tmp)
        print("# backend up in %.1f s" % (time.monotonic() - started), flush=True)
        state = {"tmp": tmp, "cleanup": []}
        try:
            for number, test in enumerate(TESTS, 1):
                name = test.__name__[len("test_"):]
                try:
                    test(backend, state)
                    print("ok %d %s" % (number, name), flush=True)
                except Exception:
                    failed += 1
                    for line in traceback.format_exc().splitlines():
                        print("# " + line)
                    print("not ok %d %s" % (number, name), flush=True)
        finally:
            backend.kill()
            for path in state["cleanup"]:
                shutil.rmtree(path, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
