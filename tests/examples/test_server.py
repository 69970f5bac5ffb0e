"""serve_app: a real uvicorn process that is healthy when yielded and gone when the block ends."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from launchready.errors import TargetError
from launchready.lab.server import serve_app
from tests.examples.conftest import REPO, run_example


def _server_pids(port: int) -> list[int]:
    """Processes whose command line serves ``port`` (read from /proc: no extra tools needed)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"uvicorn" in args and str(port).encode() in args:
            pids.append(int(cmdline.parent.name))
    return pids


def test_no_uvicorn_process_is_left_after_the_example_fixture_stops(tmp_path: Path) -> None:
    with run_example("chatbot_hardened", tmp_path) as app:
        port = int(app.base_url.rsplit(":", 1)[1])
        assert _server_pids(port), "the running server should be visible in /proc"
    assert _server_pids(port) == []
    with httpx.Client(trust_env=False) as client, pytest.raises(httpx.ConnectError):
        client.get(f"{app.base_url}/health")


def test_server_is_stopped_when_the_block_raises(tmp_path: Path) -> None:
    env = {"CHATBOT_DB": str(tmp_path / "x.db"), "CHATBOT_LOG": str(tmp_path / "x.jsonl")}
    port = 0
    with pytest.raises(RuntimeError, match="boom"), serve_app(
        "examples.chatbot_vulnerable.app:app", env=env, cwd=REPO
    ) as url:
        port = int(url.rsplit(":", 1)[1])
        raise RuntimeError("boom")
    assert port and _server_pids(port) == []


def test_app_that_never_becomes_healthy_raises_target_error_with_the_log_tail() -> None:
    with pytest.raises(TargetError) as caught, serve_app("examples.no_such_app:app", cwd=REPO, startup_timeout=10):
        pass
    assert "exited with code" in caught.value.message
    assert 'Could not import module "examples.no_such_app"' in caught.value.hint


def test_server_stops_when_the_process_that_started_it_is_killed(tmp_path: Path) -> None:
    """SIGKILL runs no cleanup: the server must go anyway (Linux parent-death signal)."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import uuid

    marker = f"lr-orphan-{uuid.uuid4().hex}"
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom launchready.lab.server import serve_app\n"
         f"with serve_app('launchready.lab.edge_apps:garbage', env={{'LR_MARKER': '{marker}'}}) as url:\n"
         "    print(url, flush=True)\n    time.sleep(120)\n"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)

    def servers() -> list[int]:
        found = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and marker.encode() in (proc / "environ").read_bytes() \
                        and b"uvicorn" in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
        return found

    try:
        assert parent.stdout is not None and parent.stdout.readline().startswith("http://127.0.0.1:")
        [server] = servers()
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while servers() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert servers() == [], f"server {server} outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in servers():
            os.kill(pid, signal.SIGKILL)
