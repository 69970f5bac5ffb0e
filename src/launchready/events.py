"""Events the runner emits while a scan runs; the terminal progress display consumes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from launchready.model import CheckMeta, Result


@dataclass(frozen=True)
class ScanStarted:
    checks: tuple[CheckMeta, ...]


@dataclass(frozen=True)
class CheckStarted:
    meta: CheckMeta


@dataclass(frozen=True)
class CheckFinished:
    meta: CheckMeta
    result: Result


Event = ScanStarted | CheckStarted | CheckFinished
EventHandler = Callable[[Event], None]


def ignore(_: Event) -> None:
    """The default handler: a library call prints nothing."""
