"""Events the runner emits while a scan runs; the terminal progress display consumes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from launchready.model import CheckMeta, Result


@dataclass(frozen=True)
class ScanStarted:
    checks: tuple[CheckMeta, ...]


@dataclass(frozen=True)
class Preparing:
    """Something slow before the checks start (reading the repository, reaching the API)."""

    what: str


@dataclass(frozen=True)
class CheckStarted:
    meta: CheckMeta


@dataclass(frozen=True)
class CheckFinished:
    meta: CheckMeta
    result: Result


@dataclass(frozen=True)
class Waiting:
    """A heartbeat while checks run and none finishes: which ones are still running, for how long,
    and how many requests the scan has sent so far."""

    running: tuple[tuple[CheckMeta, float], ...]
    requests_sent: int


Event = ScanStarted | Preparing | CheckStarted | CheckFinished | Waiting
EventHandler = Callable[[Event], None]


def ignore(_: Event) -> None:
    """The default handler: a library call prints nothing."""
