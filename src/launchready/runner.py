"""Runs checks concurrently, each within its time budget; a crash or a timeout is an ``error``.

Checks run on daemon threads so that a check stuck past its budget can be reported and left
behind without holding the process open at exit (a ThreadPoolExecutor joins its workers).
"""

from __future__ import annotations

import contextvars
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from launchready.context import CheckContext, SurfaceNotScanned
from launchready.engines.chat_observer import checking
from launchready.errors import LaunchreadyError
from launchready.events import CheckFinished, CheckStarted, EventHandler, ScanStarted, Waiting
from launchready.model import Check, Outcome, Result, Status
from launchready.redaction import redact_text

ContextFactory = Callable[[Check, float], CheckContext]

HEARTBEAT_S = 1.0
"""How often, while checks run and none finishes, a ``Waiting`` event says what the scan waits for."""


def _at_most_warn(outcome: Outcome) -> Outcome:
    def down(status: Status) -> Status:
        return Status.WARN if status is Status.FAIL else status

    evidence = tuple(replace(e, status=down(e.status)) for e in outcome.evidence)
    return replace(outcome, status=down(outcome.status), evidence=evidence)


def run_one(check: Check, ctx: CheckContext) -> Result:
    """Run one check in the calling thread, turning every way it can go wrong into a result."""
    started = time.monotonic()
    try:
        if not ctx.targets.available(check.meta.surface):
            raise SurfaceNotScanned(ctx.targets.reason_missing(check.meta.surface))
        with checking(check.meta.id):  # the chat observer attributes each answer to the check that asked
            outcome = check.run(ctx)
        if not isinstance(outcome, Outcome):
            raise TypeError(f"run() returned {type(outcome).__name__}, not an Outcome")
        if outcome.status is Status.SKIP and not outcome.summary:
            raise ValueError("a skip must say why")
        if check.meta.warn_only:
            outcome = _at_most_warn(outcome)
        return Result(
            check.meta.id, outcome.status, outcome.summary, outcome.evidence,
            duration_s=time.monotonic() - started, requests=outcome.requests, metrics=outcome.metrics,
        )
    except SurfaceNotScanned as exc:
        return Result(check.meta.id, Status.SKIP, str(exc), duration_s=time.monotonic() - started)
    except LaunchreadyError as exc:
        return Result(check.meta.id, Status.ERROR, exc.diagnostics(), duration_s=time.monotonic() - started)
    except Exception as exc:  # noqa: BLE001 - the one place a crash becomes a visible `error`
        reason = f"the check crashed: {type(exc).__name__}: {redact_text(str(exc))}"
        return Result(check.meta.id, Status.ERROR, reason, duration_s=time.monotonic() - started)


def run_checks(
    checks: Sequence[Check],
    make_context: ContextFactory,
    *,
    concurrency: int,
    timeout_s: float,
    on_event: EventHandler,
    post: Callable[[Result], Result] = lambda r: r,
    requests_sent: Callable[[], int] = lambda: 0,
    announce: bool = True,
) -> list[Result]:
    """Run ``checks`` with at most ``concurrency`` at once — exclusive checks afterwards, one at a time —;
    results come back in catalogue order.

    ``post`` runs on each result before it is reported (suppressions are applied there);
    ``requests_sent`` counts the scan's requests for the ``Waiting`` heartbeat; ``announce=False`` when
    the caller already emitted ``ScanStarted``.
    """
    if announce:
        on_event(ScanStarted(tuple(c.meta for c in checks)))
    started: dict[int, float] = {}
    done: queue.Queue[tuple[int, Result]] = queue.Queue()
    results: dict[int, Result] = {}
    running: dict[int, float] = {}
    # Exclusive checks (bursts, timing) wait until the others are done, then run one at a time.
    pending = [(i, c) for i, c in enumerate(checks) if not c.exclusive]
    exclusive = [(i, c) for i, c in enumerate(checks) if c.exclusive]

    def work(index: int, check: Check, deadline: float) -> None:
        # Whatever goes wrong here must still report: a thread that dies silently would be
        # mistaken for a hang and reported only when its whole time budget ran out.
        try:
            result = run_one(check, make_context(check, deadline))
        except Exception as exc:  # noqa: BLE001 - building the context failed
            reason = f"could not start the check: {type(exc).__name__}: {redact_text(str(exc))}"
            done.put((index, Result(check.meta.id, Status.ERROR, reason)))
            return
        try:
            result = post(result)
        except LaunchreadyError as exc:
            result = Result(check.meta.id, Status.ERROR, exc.diagnostics(), duration_s=result.duration_s)
        except Exception as exc:  # noqa: BLE001 - applying suppressions failed
            reason = f"applying suppressions crashed: {type(exc).__name__}: {redact_text(str(exc))}"
            result = Result(check.meta.id, Status.ERROR, reason, duration_s=result.duration_s)
        done.put((index, result))

    while pending or running or exclusive:
        if not pending and not running:
            pending.append(exclusive.pop(0))
        limit = concurrency if not any(checks[i].exclusive for i in running) else 1
        while pending and len(running) < limit and not (pending[0][1].exclusive and running):
            index, check = pending.pop(0)
            deadline = time.monotonic() + timeout_s
            running[index] = deadline
            started[index] = time.monotonic()
            on_event(CheckStarted(check.meta))
            # In a copy of the scan's context: redaction reads the scan's known secret values there.
            threading.Thread(target=contextvars.copy_context().run, args=(work, index, check, deadline),
                             daemon=True, name=f"check:{check.meta.id}").start()
        wait = max(0.0, min(running.values()) - time.monotonic()) if running else 0.0
        try:
            index, result = done.get(timeout=min(wait + 0.01, HEARTBEAT_S))
        except queue.Empty:
            now = time.monotonic()
            for index, deadline in list(running.items()):
                if deadline <= now:
                    del running[index]
                    check = checks[index]
                    results[index] = Result(
                        check.meta.id, Status.ERROR,
                        f"timed out after {timeout_s:g}s (check-timeout); nothing was decided",
                        duration_s=timeout_s,
                    )
                    on_event(CheckFinished(check.meta, results[index]))
            if running:
                on_event(Waiting(tuple((checks[i].meta, now - started[i]) for i in running), requests_sent()))
            continue
        if index in running:  # a result arriving after its timeout was reported is dropped
            del running[index]
            results[index] = result
            on_event(CheckFinished(checks[index].meta, result))
    return [results[i] for i in range(len(checks))]
