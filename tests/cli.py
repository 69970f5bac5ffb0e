"""Run the real ``launchready`` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    code: int
    out: str
    err: str


def launchready(*args: str, cwd: Path | None = None, timeout: float = 120, columns: int = 160) -> Run:
    """``columns``: the terminal width rich lays the output out for."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns), "TERM": "dumb"}
    env.pop("LAUNCHREADY_DEBUG", None)
    # A scan writes launchready-report/ in its working directory: never in the checkout under test.
    with tempfile.TemporaryDirectory(prefix="launchready-cwd-") as scratch:
        proc = subprocess.run([sys.executable, "-m", "launchready.cli", *args], capture_output=True, text=True,
                              cwd=cwd or scratch, env=env, timeout=timeout, stdin=subprocess.DEVNULL, check=False)
    return Run(proc.returncode, proc.stdout, proc.stderr)
