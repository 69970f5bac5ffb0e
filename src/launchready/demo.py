"""``launchready demo``: the two bundled example products, built, started and scanned end to end.

For each example (``chatbot_vulnerable``, ``chatbot_hardened``) the demo builds a git repository in
a temporary directory — the vulnerable one with its planted history (a ``.env`` committed, then
deleted) —, starts the app on a free loopback port and a lab domain for it (a DNS zone with SPF,
DKIM and DMARC, and HTTPS with a private CA, weak for one and good for the other), writes a
config for it, scans it with every
check that exists, writes every report format to ``<output>/<name>/``, prints both verdicts side by
side with the top fixes, stops the servers and exits — also on Ctrl-C. Nothing leaves loopback.

The exit code is the worst of the two scans': 1, because the vulnerable product is not ready.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from launchready.api import scan
from launchready.config import Config
from launchready.errors import LaunchreadyError
from launchready.lab import examples
from launchready.lab.domains import Kind, lab_domain
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Scorecard
from launchready.progress import ScanProgress
from launchready.report import FILE_NAMES, write_reports
from launchready.report.terminal import render
from launchready.verdict import READY

NAMES = ("vulnerable", "hardened")
DOMAIN_KIND: dict[str, Kind] = {"vulnerable": "weak", "hardened": "good"}
"""Each product gets a lab domain on loopback: weak mail and TLS records for one, good ones for the other."""
_SKIP = {"__pycache__", "planted_history", ".pytest_cache"}


@dataclass(frozen=True)
class DemoProduct:
    name: str
    repo: Path
    config: Config


def _tree(source: Path) -> dict[str, str | bytes | None]:
    files: dict[str, str | bytes | None] = {}
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_file() and not (set(rel.parts) & _SKIP) and path.suffix not in {".pyc", ".db"}:
            files[rel.as_posix()] = path.read_bytes()
    return files


def build_example_repo(name: str, root: Path) -> list[str]:
    """A git repository of example ``name``'s code, with the history its README describes."""
    source = examples.checkout_root() / "examples" / f"chatbot_{name}"
    files = _tree(source)
    if name == "vulnerable":
        planted = (source / "planted_history" / ".env").read_text(encoding="utf-8")
        return build_repo(root, [
            Commit("Acme Assist: first version of the chatbot API", {**files, ".env": planted},
                   date="2026-03-02T10:00:00+00:00", author="Founder Example"),
            Commit("Remove .env from the repository", {".env": None},
                   date="2026-03-09T10:00:00+00:00", author="Founder Example"),
        ])
    return build_repo(root, [Commit("Acme Assist: hardened chatbot API", files,
                                    date="2026-03-02T10:00:00+00:00", author="Founder Example")])


def ai_settings() -> dict[str, Any]:
    return {
        "chat": {"endpoint": "POST /chat", "body": {"message": "{message}"}, "reply-pointer": "/reply",
                 "tool-calls-pointer": "/tool_calls", "usage-pointer": "/usage"},
        "system-prompt-canary": examples.SYSTEM_CANARY,
        "outbox": "GET /outbox",
        "upload": "POST /files",
        "model": "gpt-4o-mini",  # the model the examples stand in for; priced by ai.cost-exposure
    }


@contextmanager
def demo_products(workdir: Path) -> Iterator[list[DemoProduct]]:
    """Both examples built and running; the servers stop when the block ends, however it ends."""
    with ExitStack() as stack:
        stack.enter_context(examples.scan_credentials())
        products = []
        for name in NAMES:
            repo = workdir / f"acme-assist-{name}"
            build_example_repo(name, repo)
            running = stack.enter_context(examples.running_example(name, workdir / f"{name}-runtime"))
            domain = stack.enter_context(lab_domain(DOMAIN_KIND[name], workdir / f"{name}-domain"))
            settings = {**examples.scan_settings(running.base_url, running.log_path), "ai": ai_settings(),
                        **domain.settings()}
            config = Config.model_validate({**settings, "path": repo, "quiet": True})
            products.append(DemoProduct(name, repo, config))
        yield products


def side_by_side(cards: dict[str, Scorecard]) -> Table:
    table = Table(title="launchready demo: the same product, twice", expand=True, show_lines=True)
    table.add_column("")
    for name in cards:
        table.add_column(f"chatbot_{name}")
    rows: dict[str, Callable[[Scorecard], str]] = {
        "verdict": lambda c: c.verdict.label,
        "score / risk": lambda c: f"{c.verdict.score}/100 · {c.verdict.risk}",
        "checks": lambda c: ", ".join(f"{n} {s}" for s, n in _tally(c).items()),
        "blocking failures": lambda c: "\n".join(c.verdict.blocking_failures) or "none",
        "fix first": lambda c: "\n".join(f"{p.window}: {p.title}" for p in c.verdict.plan[:3]) or "nothing",
        "cost": lambda c: f"{c.duration_s:.1f} s · {c.requests_total} requests",
    }
    for label, cell in rows.items():
        table.add_row(label, *(escape(cell(card)) for card in cards.values()))
    return table


def _tally(card: Scorecard) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in card.results:
        counts[r.status.value] = counts.get(r.status.value, 0) + 1
    return counts


def promise_kept(cards: dict[str, Scorecard]) -> bool:
    """The demo's promise: the vulnerable product is not ready, the hardened one is ready on every surface."""
    return not cards["vulnerable"].verdict.ready and cards["hardened"].verdict.label == READY


def run_demo(output: Path, console: Console, progress_console: Console | None = None) -> int:
    """Run the demo; ``progress_console`` (on a terminal) shows each scan's progress."""
    try:
        examples.checkout_root()
    except FileNotFoundError as exc:
        raise LaunchreadyError(str(exc), hint="run `make demo` from a clone of the launchready repository") from exc
    if not shutil.which("git"):
        raise LaunchreadyError("git is not installed", hint="the demo builds git repositories")
    cards: dict[str, Scorecard] = {}
    with tempfile.TemporaryDirectory(prefix="launchready-demo-") as tmp, demo_products(Path(tmp)) as products:
        for product in products:
            console.rule(f"[bold]chatbot_{product.name}[/bold]  ({escape(product.config.url or '')})")
            watching = progress_console is not None and progress_console.is_terminal
            with ScanProgress(progress_console or console, enabled=watching) as progress:
                card = scan(product.config, on_event=progress.handle)
            cards[product.name] = card
            console.print(render(card))
            written = write_reports(card, tuple(FILE_NAMES), output / product.name)
            console.print(f"[dim]reports: {escape(', '.join(str(p) for p in written))}[/dim]")
    kept = promise_kept(cards)
    console.print("[dim]The servers are stopped and the temporary repositories removed.[/dim]")
    table = side_by_side(cards)
    table.caption = ("as promised: the vulnerable product is not ready, the hardened one is" if kept else
                     "NOT as promised: the vulnerable product should be not ready and the hardened one ready")
    console.print(table)
    return 0 if kept else 1
