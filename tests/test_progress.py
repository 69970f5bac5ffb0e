"""The progress display consumes runner events: surfaces, checks, requests, and what a long wait waits for."""

from __future__ import annotations

import io
import time
from pathlib import Path

from rich.console import Console

from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.events import CheckFinished, Event, ScanStarted, Waiting
from launchready.model import Check, CheckMeta, Outcome, Profile, Result, Severity, Status, Surface
from launchready.profiles import load_profile
from launchready.progress import ScanProgress
from launchready.runner import HEARTBEAT_S, run_checks


def meta(check_id: str, surface: Surface) -> CheckMeta:
    return CheckMeta(check_id, "t", surface, Severity.LOW, "c" * 10, "w" * 10, "b" * 10, "f" * 10, ("r",), ("i",))


def test_a_check_running_longer_than_a_heartbeat_is_named_while_the_scan_waits(tmp_path: Path) -> None:
    def slow(ctx: CheckContext) -> Outcome:
        time.sleep(HEARTBEAT_S * 2.5)
        return Outcome(Status.PASS, "done")

    check = Check(meta("api.slow", Surface.API), slow)
    seen: list[Event] = []
    profile = load_profile(Profile.HANDOVER)
    targets = Targets(extra={Surface.API: object()})
    run_checks((check,), lambda c, d: CheckContext(Config(path=tmp_path), targets, {}, profile, d),
               concurrency=1, timeout_s=30, on_event=seen.append, requests_sent=lambda: 7)
    waits = [e for e in seen if isinstance(e, Waiting)]
    assert waits, seen
    assert [m.id for m, _ in waits[-1].running] == ["api.slow"] and waits[-1].running[0][1] >= HEARTBEAT_S
    assert waits[-1].requests_sent == 7
    assert isinstance(seen[-1], CheckFinished) and seen[-1].result.status is Status.PASS


def test_the_display_shows_surfaces_requests_and_the_wait() -> None:
    sink = io.StringIO()
    console = Console(file=sink, force_terminal=True, width=160, color_system=None)
    api, repo = meta("api.cors", Surface.API), meta("repo.debug-mode", Surface.REPO)
    with ScanProgress(console, enabled=True) as progress:
        progress.handle(ScanStarted((api, repo)))
        progress.handle(CheckFinished(api, Result("api.cors", Status.FAIL, "reflected", requests=12)))
        progress.handle(Waiting(((repo, 42.0),), 12))
    text = sink.getvalue()
    assert "api" in text and "1/1" in text and "12 requests · api.cors: fail" in text
    assert "waiting for repo.debug-mode (42 s) · 12 requests sent" in text


def test_a_disabled_display_writes_nothing() -> None:
    sink = io.StringIO()
    console = Console(file=sink, force_terminal=True, width=160)
    api = meta("api.cors", Surface.API)
    with ScanProgress(console, enabled=False) as progress:
        progress.handle(ScanStarted((api,)))
        progress.handle(Waiting(((api, 42.0),), 12))
    assert sink.getvalue() == ""
