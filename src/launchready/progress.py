"""The live progress display: one line per surface (checks done, requests sent, elapsed) and one
line saying what the scan is waiting for. It only consumes runner events (``launchready.events``);
it is shown on a terminal only, never under ``--quiet``, when piped, or when stdout carries JSON.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from types import TracebackType

from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from launchready.events import CheckFinished, CheckStarted, Event, Preparing, ScanStarted, Waiting
from launchready.model import Surface


class _SurfacesAndStatus(Progress):
    """The surfaces' bars, then one plain line saying what the scan is doing or waiting for."""

    status = "starting"

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        yield Text(f"  {self.status}", style="dim")


class ScanProgress:
    """Feed it events with :meth:`handle`; use it as a context manager so the display always stops."""

    def __init__(self, console: Console, *, enabled: bool) -> None:
        self.enabled = enabled
        self.progress = _SurfacesAndStatus(
            TextColumn("{task.description}"), BarColumn(bar_width=20), MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
            console=console, transient=True, redirect_stdout=False, redirect_stderr=False,
        )
        self.surfaces: dict[Surface, TaskID] = {}
        self.requests: dict[Surface, int] = {}
        self.started = time.monotonic()

    def __enter__(self) -> ScanProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def stop(self) -> None:
        if self.enabled and self.progress.live.is_started:
            self.progress.stop()

    def handle(self, event: Event) -> None:
        if not self.enabled:
            return
        if isinstance(event, ScanStarted):
            self._start(event)
        elif isinstance(event, Preparing):
            self._say(event.what + " …")
        elif isinstance(event, CheckStarted):
            self._say(f"running {event.meta.id}")
        elif isinstance(event, CheckFinished):
            surface = event.meta.surface
            self.requests[surface] = self.requests.get(surface, 0) + event.result.requests
            task = self.surfaces[surface]
            self.progress.update(task, advance=1, detail=self._detail(surface, f"{event.meta.id}: "
                                                                               f"{event.result.status.value}"))
            if self.progress.tasks[task].finished:
                self.progress.stop_task(task)
        elif isinstance(event, Waiting):
            names = ", ".join(f"{meta.id} ({elapsed:.0f} s)" for meta, elapsed in event.running[:3])
            more = f" and {len(event.running) - 3} more" if len(event.running) > 3 else ""
            self._say(f"waiting for {names}{more} · {event.requests_sent} requests sent")
        # Drawn on every event, not only on the timer: a step shorter than a tick is still seen.
        if self.progress.live.is_started:
            self.progress.refresh()

    def _start(self, event: ScanStarted) -> None:
        counts: dict[Surface, int] = {}
        for meta in event.checks:
            counts[meta.surface] = counts.get(meta.surface, 0) + 1
        self.progress.start()
        for surface in Surface:
            if surface in counts:
                self.surfaces[surface] = self.progress.add_task(f"{surface.value:<7}", total=counts[surface],
                                                                detail="")

    def _say(self, text: str) -> None:
        self.progress.status = text

    def _detail(self, surface: Surface, last: str) -> str:
        sent = self.requests.get(surface, 0)
        return f"{sent} requests · {last}" if surface in (Surface.API, Surface.AI) else last
