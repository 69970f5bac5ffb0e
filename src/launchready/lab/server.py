"""Run an ASGI app as a real uvicorn subprocess on a free loopback port, for the demo and the tests.

The server is a separate process in its own process group: what the scan probes is exactly what a
user would run, and stopping it (SIGTERM, then SIGKILL to the whole group) leaves nothing behind,
also when the body of the ``with`` block raises or is interrupted.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import httpx

from launchready.errors import TargetError

_LOG_TAIL_CHARS = 4000
_PR_SET_PDEATHSIG = 1


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the caller retries on a lost race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _log_tail(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(server log unreadable: {exc})"
    return text[-_LOG_TAIL_CHARS:].strip() or "(server log is empty)"


def _die_with_parent() -> None:
    """Runs in the child before uvicorn starts: on Linux, ask for SIGKILL when the process that started
    the server dies — a test run killed with SIGKILL, whose cleanup never runs, leaves no server behind.
    SIGKILL, not SIGTERM: a lab server stuck in a backtracking regular expression (the ReDoS labs) runs no
    Python signal handler until the match ends, which can take hours; an orphan kept a core busy that way."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _stop(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the process group, wait ``grace`` seconds, then SIGKILL it; always reap the child."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; make sure no child it spawned survives in the group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        return


def _bound(log_path: Path, base_url: str) -> bool:
    """True once uvicorn has said it listens on ``base_url`` — written only after its own bind succeeded.

    A 200 from the port alone is not enough: the port was free a moment ago, and another server (a
    parallel test worker's) can take it first; ours then fails to bind and exits, while the other
    answers the health probe and the scan would run against the wrong app."""
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return f"Uvicorn running on {base_url} " in text


def _wait_healthy(process: subprocess.Popen[bytes], url: str, log_path: Path, base_url: str,
                  deadline: float) -> bool:
    """True once our own server is bound and ``url`` answers 200; False if the process exits or the
    deadline passes."""
    with httpx.Client(trust_env=False, timeout=1.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            if _bound(log_path, base_url):
                try:
                    if client.get(url).status_code == 200:
                        return process.poll() is None
                except httpx.TransportError:
                    pass
            time.sleep(0.05)
    return False


@contextlib.contextmanager
def serve_app(
    app_ref: str,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    health_path: str = "/health",
    startup_timeout: float = 20,
    uvicorn_args: Sequence[str] = (),
    stop_timeout: float = 5.0,
) -> Iterator[str]:
    """Serve ``app_ref`` (``"package.module:app"``) with uvicorn on 127.0.0.1 and yield its base URL.

    ``env`` is added to this process's environment for the server; ``cwd`` is where the app is
    imported from (default: the current directory). The base URL (``http://127.0.0.1:<port>``) is
    yielded once ``health_path`` answers 200. Raises :class:`TargetError` with the tail of the
    server's log if it exits or is not healthy within ``startup_timeout`` seconds. On leaving the
    block — normally, by an exception or by ``KeyboardInterrupt`` — the server's process group gets
    SIGTERM, then SIGKILL after ``stop_timeout`` seconds.
    """
    full_env = {**os.environ, **(env or {})}
    log_file = tempfile.NamedTemporaryFile(prefix="launchready-server-", suffix=".log", delete=False)  # noqa: SIM115
    log_path = Path(log_file.name)
    process: subprocess.Popen[bytes] | None = None
    try:
        for _attempt in range(3):
            port = free_loopback_port()
            base_url = f"http://127.0.0.1:{port}"
            command = [sys.executable, "-m", "uvicorn", app_ref, "--host", "127.0.0.1", "--port", str(port),
                       "--log-level", "info",
                       *uvicorn_args]
            process = subprocess.Popen(
                command, cwd=cwd, env=full_env, stdin=subprocess.DEVNULL, stdout=log_file,
                stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
            )
            if _wait_healthy(process, base_url + health_path, log_path, base_url,
                             time.monotonic() + startup_timeout):
                break
            exited = process.poll()
            _stop(process, stop_timeout)
            if "address already in use" not in _log_tail(log_path).lower():
                problem = (f"exited with code {exited} before answering" if exited is not None
                           else f"did not answer 200 within {startup_timeout:g}s")
                raise TargetError(f"{app_ref} {problem} at {base_url}{health_path}",
                                  hint="server log tail:\n" + _log_tail(log_path))
        else:
            raise TargetError(f"{app_ref}: no free loopback port after 3 attempts",
                              hint="server log tail:\n" + _log_tail(log_path))
        yield base_url
    finally:
        if process is not None:
            _stop(process, stop_timeout)
        log_file.close()
        with contextlib.suppress(OSError):
            log_path.unlink()
