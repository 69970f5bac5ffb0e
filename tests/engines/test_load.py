"""The load engine: Server-Timing parsing, percentiles, bounds (count, concurrency, time, first 429)."""

from __future__ import annotations

import threading
import time

import pytest

from launchready.engines.load import model_ms, parse_server_timing, percentile, run_load
from launchready.errors import TargetError
from launchready.targets.http import Exchange


def _answer(status: int = 200, headers: dict[str, str] | None = None, ms: float = 10.0) -> Exchange:
    return Exchange("GET", "http://127.0.0.1/x", {}, "", status, headers or {}, b"{}", ms)


def test_server_timing_is_parsed_per_rfc_style() -> None:
    assert parse_server_timing('model;dur=123.4;desc="gpt, big", db;dur=2, cache') == {
        "model": 123.4, "db": 2.0, "cache": 0.0}
    assert model_ms({"Server-Timing": "llm;dur=50, llm;dur=25, db;dur=1"}) == 75.0
    assert model_ms({"server-timing": "db;dur=3"}) is None
    assert model_ms({}) is None


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    with pytest.raises(ValueError):
        percentile([], 50)


def test_run_is_bounded_by_count_and_concurrency() -> None:
    lock, active, peak = threading.Lock(), [0], [0]

    def send() -> Exchange:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.005)
        with lock:
            active[0] -= 1
        return _answer()

    run = run_load(send, total=40, concurrency=3, max_seconds=10)
    assert run.attempted == 40 and len(run.ok) == 40 and peak[0] <= 3


def test_run_stops_at_the_first_429_and_counts_failures() -> None:
    calls = [0]

    def send() -> Exchange:
        calls[0] += 1
        if calls[0] == 3:
            raise TargetError("no answer")
        return _answer(429 if calls[0] >= 6 else 200)

    run = run_load(send, total=100, concurrency=1, max_seconds=10)
    assert run.stopped == "the server answered 429" and calls[0] == 6
    assert run.rate_limited == 1 and run.errors == 1 and len(run.ok) == 4


def test_run_honours_the_time_cap() -> None:
    started = time.monotonic()
    def slow() -> Exchange:
        time.sleep(0.05)
        return _answer()

    run = run_load(slow, total=1000, concurrency=2, max_seconds=0.3)
    assert time.monotonic() - started < 1.0 and "time cap" in run.stopped


def test_model_time_is_subtracted_when_every_answer_reports_it() -> None:
    run = run_load(lambda: _answer(headers={"Server-Timing": "model;dur=400"}, ms=430), total=5, concurrency=1,
                   max_seconds=5)
    assert run.has_model_time and run.stats(exclude_model=True)["p95"] == pytest.approx(30)
