"""A lab server outlives no test run: when the process that started it dies without its cleanup (a test run
killed with SIGKILL, as the mutation runner does on a timeout), the server dies too — even one stuck in a
backtracking regular expression, which holds the interpreter and runs no Python signal handler."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from launchready.lab.examples import checkout_root

_PARENT = """
import sys, time
import httpx
from launchready.lab.server import serve_app
with serve_app("tests.checks.api.apps_pins:redos_email", cwd=sys.argv[1]) as url:
    print(url, flush=True)
    try:
        httpx.post(url + "/subscribe", json={"email": "a" * 40 + "!"}, timeout=0.5)
    except httpx.HTTPError:
        pass  # the server is busy backtracking: no answer, which is the point
    print("stuck", flush=True)
    time.sleep(120)
"""


def _servers(port: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        except OSError:
            continue
        if "uvicorn" in cmdline and f"--port {port}" in cmdline and state != "Z":
            found.append(int(pid))
    return found


def test_a_server_stuck_in_a_regular_expression_dies_with_the_process_that_started_it() -> None:
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(checkout_root())], stdout=subprocess.PIPE,
                              text=True, start_new_session=True)
    port = ""
    try:
        assert parent.stdout is not None
        url = parent.stdout.readline().strip()
        assert parent.stdout.readline().strip() == "stuck", url
        port = url.rsplit(":", 1)[-1]
        assert _servers(port), "the lab server should be running"
        parent.send_signal(signal.SIGKILL)  # no cleanup runs in the parent
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _servers(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _servers(port), "the lab server outlived the process that started it"
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in _servers(port) if port else []:  # never leave an orphan behind, even when the test fails
            os.kill(pid, signal.SIGKILL)
