"""Precision of launchready's repo and ops findings on real open-source AI chatbot products.

    python bench/precision/run.py scan NAME=PATH [NAME=PATH …] [--out DIR]
    python bench/precision/run.py score [--out DIR]

`scan` runs `launchready scan PATH --only repo,ops --format json` on each checkout (clones you made
yourself; nothing here fetches or builds them) and keeps each report in DIR (default
`bench/.work/precision`). `score` reads those reports and `judgements.csv` beside this file — one row per
(repo, check, location, status) judged by reading the code: `true`, `false` or `debatable`, with a
one-line reason — and prints precision per check and overall, for blocking fails and for all fails and
warns, plus every finding not judged yet (judge it, then score again). A verdict left "prototype" by
false blockers alone is named.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "judgements.csv"
DEFAULT_OUT = HERE.parent / ".work" / "precision"


def scan(targets: list[str], out: Path) -> None:
    for target in targets:
        name, _, path = target.partition("=")
        dest = out / name
        dest.mkdir(parents=True, exist_ok=True)
        sha = subprocess.run(["git", "-C", path, "rev-parse", "--short=12", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        proc = subprocess.run([sys.executable, "-m", "launchready.cli", "scan", path, "--only", "repo,ops",
                               "--format", "json", "--output", str(dest), "--quiet"], check=False)
        (dest / "commit").write_text(sha + "\n")
        print(f"{name}: exit {proc.returncode} at {sha}")


def findings(out: Path) -> list[dict[str, str]]:
    rows = []
    for report in sorted(out.glob("*/launchready.json")):
        data = json.loads(report.read_text())
        blocking = {b["id"] if isinstance(b, dict) else b for b in data.get("verdict", {}).get("blocking_failures", [])}
        for result in data["results"]:
            for evidence in result.get("evidence", []):
                if evidence["status"] not in ("fail", "warn"):
                    continue
                rows.append({"repo": report.parent.name, "check": result["id"], "location": evidence["location"],
                             "status": evidence["status"], "message": evidence["message"],
                             "blocking": "yes" if result["id"] in blocking and evidence["status"] == "fail" else ""})
    return rows


def score(out: Path) -> int:
    # Keyed by repo, check, location, status and the message's first 60 characters (one location can carry
    # several findings: a runbook line missing rotation steps for three providers); an empty message
    # column judges every finding at that location.
    judged: dict[tuple[str, ...], tuple[str, str]] = {}
    with JUDGEMENTS.open(newline="") as fh:
        for row in csv.DictReader(fh):
            key = (row["repo"], row["check"], row["location"], row["status"])
            judged[(*key, row.get("message", "")[:60])] = (row["judgement"], row["reason"])
    rows = findings(out)
    per_check: dict[str, Counter[str]] = defaultdict(Counter)
    blocking: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    false_blockers: dict[str, int] = Counter()
    true_blockers: dict[str, int] = Counter()
    missing = []
    for row in rows:
        base = (row["repo"], row["check"], row["location"], row["status"])
        found = judged.get((*base, row["message"][:60])) or judged.get((*base, ""))
        if found is None:
            missing.append(row)
            continue
        verdict = found[0]
        per_check[row["check"]][verdict] += 1
        overall[verdict] += 1
        if row["blocking"]:
            blocking[verdict] += 1
            (false_blockers if verdict == "false" else true_blockers)[row["repo"]] += 1

    def precision(counts: Counter[str]) -> str:
        decided = counts["true"] + counts["false"]
        return f"{counts['true'] / decided:.0%} ({counts['true']}/{decided}, {counts['debatable']} debatable)" \
            if decided else "n/a"

    print("| check | true | false | debatable | precision |\n|---|---|---|---|---|")
    for check, counts in sorted(per_check.items()):
        print(f"| `{check}` | {counts['true']} | {counts['false']} | {counts['debatable']} | {precision(counts)} |")
    print(f"\nblocking fails: {precision(blocking)}\nall fails and warns: {precision(overall)}")
    for repo in sorted(set(false_blockers) - set(true_blockers)):
        print(f"{repo}: left 'prototype' by false blockers alone")
    if missing:
        print(f"\n{len(missing)} finding(s) not judged yet:")
        for row in missing:
            print(f"  {row['repo']},{row['check']},{row['location']},{row['status']}  # {row['message'][:90]}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scan")
    s.add_argument("targets", nargs="+", help="NAME=PATH of a checkout")
    s.add_argument("--out", type=Path, default=DEFAULT_OUT)
    c = sub.add_parser("score")
    c.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if args.command == "scan":
        scan(args.targets, args.out)
        return 0
    return score(args.out)


if __name__ == "__main__":
    sys.exit(main())
