"""Run the real ``launchready`` command with its stderr on a pseudo-terminal, as a person's shell would
give it, and its stdout piped; collect both."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path


@dataclass
class TtyRun:
    code: int
    out: str
    tty: str
    """Everything written to the terminal (stderr), escape sequences included."""


def launchready_on_a_tty(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                         timeout: float = 120) -> TtyRun:
    leader, follower = os.openpty()
    environ = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", **(env or {})}
    for name in ("NO_COLOR", "LAUNCHREADY_DEBUG", "CI"):
        environ.pop(name, None)
    proc = subprocess.Popen([sys.executable, "-m", "launchready.cli", *args], cwd=cwd, env=environ,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the last writer closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        out, _ = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
        reader.join(timeout=10)
        os.close(leader)
    return TtyRun(proc.returncode, out.decode("utf-8", "replace"), b"".join(chunks).decode("utf-8", "replace"))
