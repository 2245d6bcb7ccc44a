"""A pytest fixture that runs async-stand in Docker and drives its admin API.

Copy this file next to your tests. It needs only the standard library and a Docker engine:

    ASYNC_STAND_IMAGE=async-stand pytest

`stand` starts one container per test session (manual clock: time moves only when a test says),
resets it before each test, and hands the test a small client of the admin API.
"""
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request

import pytest

IMAGE = os.environ.get("ASYNC_STAND_IMAGE", "async-stand")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stand:
    """The stand's URLs and its admin API (the same verbs as the Node library's Stand)."""

    def __init__(self, port, admin_token):
        self.url = f"http://127.0.0.1:{port}"
        self.admin_token = admin_token
        self.appmetrica = f"{self.url}/appmetrica"
        self.mytarget = f"{self.url}/mytarget"
        self.toloka = f"{self.url}/toloka"

    def admin(self, method, path, body=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}/_stand{path}", data=data, method=method)
        req.add_header("authorization", f"Bearer {self.admin_token}")
        if data is not None:
            req.add_header("content-type", "application/json")
        # A deadline on every call: a published port that accepts and never answers must not hang.
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return json.loads(res.read())

    def advance(self, ms):
        return self.admin("POST", "/clock/advance", {"ms": ms})

    def reset(self):
        return self.admin("POST", "/reset")

    def jobs(self, api=None):
        return self.admin("GET", "/jobs" + (f"?api={api}" if api else ""))["items"]

    def verify(self, **match):
        return self.admin("POST", "/journal/verify", match)

    def report(self, token=None):
        return self.admin("GET", "/report" + (f"?token={token}" if token else ""))


@pytest.fixture(scope="session")
def stand_container():
    port = _free_port()
    name = f"async-stand-pytest-{os.getpid()}"
    # The host reaches the published port from the bridge's address, not loopback: a stand with no
    # admin token would refuse its admin changes (403 STAND_ADMIN_LOCKED). One per session.
    admin_token = secrets.token_hex(16)
    subprocess.run(
        ["docker", "run", "-d", "--rm", "--name", name, "-p", f"127.0.0.1:{port}:8080",
         "-e", "STAND_CLOCK=manual", "-e", f"STAND_ADMIN_TOKEN={admin_token}", IMAGE],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stand = Stand(port, admin_token)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if stand.admin("GET", "/health", timeout=2)["status"] == "ok":
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield stand
    finally:
        subprocess.run(["docker", "stop", "-t", "5", name], check=False, stdout=subprocess.DEVNULL)


@pytest.fixture
def stand(stand_container):
    stand_container.reset()
    return stand_container
