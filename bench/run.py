"""`make bench`: every benchmark, set up from nothing (see bench/README.md for what is measured against what).

Installs the competitors from PyPI into bench/.work/venv, runs the labelled secrets corpus, then times the
working-tree and full-history scans of BENCH_REPO (default: this repository — small; for the figures in the
README point it at a clone of a big public project: `make bench BENCH_REPO=/path/to/clone`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRETS = HERE / "secrets" / "run.py"


def step(*args: str) -> None:
    print(f"\n$ bench/secrets/run.py {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, str(SECRETS), *args], check=True)


def main() -> int:
    repo = Path(os.environ.get("BENCH_REPO") or HERE.parent).resolve()
    rounds = os.environ.get("BENCH_ROUNDS", "3")
    if repo == HERE.parent.resolve():
        print("BENCH_REPO not set: timing this repository's own (small) history; the README's figures come from "
              "a clone of a big public project (`make bench BENCH_REPO=/path/to/clone`).")
    step("setup")
    step("corpus")
    step("tree", str(repo), "-n", rounds)
    step("history", str(repo), "-n", rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
