"""The runner, pinned: every way a check can go wrong is an ``error`` (or a reasoned ``skip``), a
warn-only check never fails, concurrency and time budgets hold, and events describe what happened."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.errors import LaunchreadyError, TargetError
from launchready.events import CheckFinished, CheckStarted, Event, ScanStarted, Waiting
from launchready.model import Check, CheckMeta, Evidence, Outcome, Profile, Result, Severity, Status, Surface
from launchready.profiles import load_profile
from launchready.runner import run_checks, run_one

API = {Surface.API: object()}


def meta(check_id: str, *, warn_only: bool = False) -> CheckMeta:
    return CheckMeta(check_id, f"title of {check_id}", Surface.API, Severity.HIGH, "criteria", "why", "breaks",
                     "fix", ("REF-1",), ("item",), warn_only=warn_only)


def context(targets: Targets | None = None) -> CheckContext:
    return CheckContext(Config(), targets if targets is not None else Targets(extra=API),
                        {}, load_profile(Profile.HANDOVER), time.monotonic() + 30)


def one(run: Callable[[CheckContext], object], *, warn_only: bool = False, targets: Targets | None = None) -> Result:
    return run_one(Check(meta("api.x", warn_only=warn_only), run), context(targets))  # type: ignore[arg-type]


MIXED = (Evidence(Status.FAIL, "open", "GET /a"), Evidence(Status.ERROR, "no answer", "GET /b"),
         Evidence(Status.PASS, "closed", "GET /c"), Evidence(Status.WARN, "slow", "GET /d"))


def test_a_warn_only_check_that_fails_is_a_warn_and_each_failing_item_too() -> None:
    result = one(lambda ctx: Outcome(Status.FAIL, "two problems", MIXED), warn_only=True)
    assert result.status is Status.WARN and result.summary == "two problems"
    assert [e.status for e in result.evidence] == [Status.WARN, Status.ERROR, Status.PASS, Status.WARN]
    assert [e.location for e in result.evidence] == ["GET /a", "GET /b", "GET /c", "GET /d"]


def test_a_warn_only_check_keeps_an_error_and_an_ordinary_check_keeps_its_fail() -> None:
    assert one(lambda ctx: Outcome(Status.ERROR, "timed out"), warn_only=True).status is Status.ERROR
    result = one(lambda ctx: Outcome(Status.FAIL, "two problems", MIXED))
    assert result.status is Status.FAIL
    assert [e.status for e in result.evidence] == [Status.FAIL, Status.ERROR, Status.PASS, Status.WARN]


def test_a_result_carries_what_the_check_measured() -> None:
    def measured(ctx: CheckContext) -> Outcome:
        time.sleep(0.05)
        return Outcome(Status.PASS, "fine", (), 7, {"p95_ms": 120})

    result = one(measured)
    assert (result.check_id, result.status, result.summary) == ("api.x", Status.PASS, "fine")
    assert result.requests == 7 and result.metrics == {"p95_ms": 120}
    assert 0.05 <= result.duration_s < 5


def test_a_surface_that_was_not_scanned_is_a_skip_with_its_reason_and_the_check_never_runs() -> None:
    ran: list[str] = []

    def spy(ctx: CheckContext) -> Outcome:
        ran.append("ran")
        return Outcome(Status.PASS, "never")

    result = one(spy, targets=Targets(not_scanned={Surface.API: "no API base URL declared (--url)"}))
    assert result.status is Status.SKIP and result.summary == "no API base URL declared (--url)"
    assert ran == [] and 0 <= result.duration_s < 5


def test_a_check_that_returns_something_else_than_an_outcome_is_an_error() -> None:
    result = one(lambda ctx: "pass")
    assert result.status is Status.ERROR
    assert result.summary == "the check crashed: TypeError: run() returned str, not an Outcome"


def test_a_skip_must_say_why() -> None:
    result = one(lambda ctx: Outcome(Status.SKIP, ""))
    assert result.status is Status.ERROR and result.summary == "the check crashed: ValueError: a skip must say why"
    assert one(lambda ctx: Outcome(Status.SKIP, "no webhooks declared")).status is Status.SKIP
    assert one(lambda ctx: Outcome(Status.PASS, "")).status is Status.PASS


def test_an_expected_failure_is_an_error_with_its_diagnosis() -> None:
    def refused(ctx: CheckContext) -> Outcome:
        raise TargetError("connection refused", hint="is the app running?", location="GET /health")

    result = one(refused)
    assert result.status is Status.ERROR
    assert result.summary == "GET /health: connection refused (hint: is the app running?)"
    assert 0 <= result.duration_s < 5


def test_a_crash_is_an_error_with_its_type_and_the_secret_in_it_redacted() -> None:
    key = "sk-proj-" + "A" * 40

    def crash(ctx: CheckContext) -> Outcome:
        raise KeyError(f"no such header {key}")

    result = one(crash)
    assert result.status is Status.ERROR and result.summary.startswith("the check crashed: KeyError: ")
    assert key not in result.summary and 0 <= result.duration_s < 5


# -- run_checks -----------------------------------------------------------------------------------

def tracked(names: list[str], *, seconds: float = 0.15, exclusive: frozenset[str] = frozenset(),
            ) -> tuple[list[Check], list[int]]:
    """Checks that sleep and record how many ran at once."""
    lock = threading.Lock()
    active: list[str] = []
    peaks: list[int] = []

    def make(name: str) -> Check:
        def run(ctx: CheckContext) -> Outcome:
            with lock:
                active.append(name)
                peaks.append(len(active))
            time.sleep(seconds)
            with lock:
                active.remove(name)
            return Outcome(Status.PASS, f"{name} ok")

        return Check(meta(f"api.{name}"), run, exclusive=name in exclusive)

    return [make(n) for n in names], peaks


def run_all(checks: list[Check], *, concurrency: int = 4, timeout_s: float = 30,
            post: Callable[[Result], Result] | None = None) -> tuple[list[Result], list[Event]]:
    events: list[Event] = []
    results = run_checks(checks, lambda c, d: context(), concurrency=concurrency, timeout_s=timeout_s,
                         on_event=events.append, post=post or (lambda r: r))
    return results, events


def test_at_most_concurrency_checks_run_at_once() -> None:
    checks, peaks = tracked(["a", "b", "c", "d", "e"])
    results, _ = run_all(checks, concurrency=2)
    assert max(peaks) == 2
    assert [r.summary for r in results] == ["a ok", "b ok", "c ok", "d ok", "e ok"]
    checks, peaks = tracked(["a", "b", "c"])
    run_all(checks, concurrency=1)
    assert max(peaks) == 1


def test_exclusive_checks_run_one_at_a_time_even_when_they_are_all_there_is() -> None:
    checks, peaks = tracked(["x", "y", "z"], exclusive=frozenset({"x", "y", "z"}))
    results, _ = run_all(checks, concurrency=4)
    assert max(peaks) == 1 and [r.status for r in results] == [Status.PASS] * 3


def test_events_announce_the_scan_then_each_start_and_finish() -> None:
    checks, _ = tracked(["a", "b"], seconds=0.01)
    results, events = run_all(checks, concurrency=1)
    assert events[0] == ScanStarted((checks[0].meta, checks[1].meta))
    assert events[1:] == [CheckStarted(checks[0].meta), CheckFinished(checks[0].meta, results[0]),
                          CheckStarted(checks[1].meta), CheckFinished(checks[1].meta, results[1])]


def test_a_check_past_its_budget_is_an_error_its_late_answer_is_dropped_and_the_others_finish() -> None:
    release = threading.Event()

    def late(ctx: CheckContext) -> Outcome:
        release.wait(10)
        return Outcome(Status.PASS, "too late")

    checks, _ = tracked(["quick"], seconds=0.01)
    started = time.monotonic()
    results, events = run_all([Check(meta("api.slow"), late), *checks], timeout_s=0.4)
    release.set()
    assert time.monotonic() - started < 5
    slow, quick = results
    assert slow.status is Status.ERROR and slow.duration_s == 0.4
    assert slow.summary == "timed out after 0.4s (check-timeout); nothing was decided"
    assert quick.status is Status.PASS
    time.sleep(0.1)  # the late answer arrives after the report: it must not replace the error
    finished = [e.result for e in events if isinstance(e, CheckFinished)]
    assert [r.check_id for r in finished] == ["api.quick", "api.slow"] and finished[1].status is Status.ERROR


def test_post_runs_on_each_result_and_its_failure_is_an_error() -> None:
    checks, _ = tracked(["a"], seconds=0.01)
    results, _ = run_all(checks, post=lambda r: Result(r.check_id, Status.WARN, r.summary + " (post)"))
    assert results[0].status is Status.WARN and results[0].summary == "a ok (post)"

    def refuse(r: Result) -> Result:
        raise LaunchreadyError("bad suppression", location="launchready.toml:3")

    results, _ = run_all(checks, post=refuse)
    assert results[0].status is Status.ERROR and results[0].summary == "launchready.toml:3: bad suppression"


def test_a_timed_out_check_is_reported_when_its_own_budget_runs_out_not_when_another_check_ends() -> None:
    # quick ends at 0.5 s; hung's budget ends at 1.0 s; later (started at 0.5 s) ends at 1.3 s, within its own.
    release = threading.Event()

    def sleeper(name: str, seconds: float) -> Check:
        def run(ctx: CheckContext) -> Outcome:
            release.wait(seconds)
            return Outcome(Status.PASS, f"{name} ok")
        return Check(meta(f"api.{name}"), run)

    checks = [sleeper("quick", 0.5), sleeper("hung", 30), sleeper("later", 0.8)]
    try:
        results, events = run_all(checks, concurrency=2, timeout_s=1.0)
    finally:
        release.set()
    finished = [e.meta.id for e in events if isinstance(e, CheckFinished)]
    assert finished == ["api.quick", "api.hung", "api.later"]
    assert [r.status for r in results] == [Status.PASS, Status.ERROR, Status.PASS]


def test_a_check_stuck_past_its_budget_does_not_hold_the_process_open_at_exit() -> None:
    import subprocess
    import sys

    program = (
        "import time\n"
        "from tests.test_runner_pins import context, meta\n"
        "from launchready.model import Check, Outcome, Status\n"
        "from launchready.runner import run_checks\n"
        "stuck = Check(meta('api.stuck'), lambda ctx: time.sleep(60) or Outcome(Status.PASS, 'late'))\n"
        "[r] = run_checks([stuck], lambda c, d: context(), concurrency=1, timeout_s=0.2, on_event=lambda e: None)\n"
        "print(r.status.value)\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=45, check=True)
    assert done.stdout.strip() == "error"
    assert time.monotonic() - started < 30  # not the stuck check's 60 s


def test_a_heartbeat_names_the_running_check_about_once_a_second() -> None:
    """A check busy for 2.5 s: a `Waiting` event about every second, each naming it and how long it has run,
    never more often (the n-th comes after n seconds)."""
    checks, _ = tracked(["slow"], seconds=2.5)
    _, events = run_all(checks)
    beats = [e for e in events if isinstance(e, Waiting)]
    assert beats
    for n, beat in enumerate(beats, 1):
        [(meta_, elapsed)] = beat.running
        assert meta_.id == "api.slow" and elapsed >= 0.95 * n
