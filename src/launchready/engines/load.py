"""A small bounded load generator and the statistics a latency verdict needs.

Written here rather than driving locust/k6: the scan must stay inside one process, share the
target's allow-listed, counted client, stop at the first 429 (polite by rule, not by tuning), and
honour a hard request count and time cap — a thread pool over a callable does all of that in a
page. Percentiles use linear interpolation between closest ranks (numpy's default), so a test can
compute the expected value of a known distribution exactly.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from launchready.errors import LaunchreadyError
from launchready.targets.http import BudgetExhausted, Exchange

MODEL_METRICS = ("model", "llm")
_ENTRY = re.compile(r"\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)((?:\s*;\s*[^,;]*)*)")


def parse_server_timing(value: str) -> dict[str, float]:
    """``Server-Timing: model;dur=123.4;desc="gpt", db;dur=2`` → ``{"model": 123.4, "db": 2.0}``.

    Metrics without ``dur`` count as 0; a name seen twice sums (several model calls in one request).
    """
    out: dict[str, float] = {}
    for raw in _split_entries(value):
        m = _ENTRY.match(raw)
        if not m:
            continue
        name, params = m.group(1).lower(), m.group(2)
        dur = 0.0
        for param in params.split(";"):
            key, _, val = param.partition("=")
            if key.strip().lower() == "dur":
                try:
                    dur = float(val.strip().strip('"'))
                except ValueError:
                    dur = 0.0
                if not math.isfinite(dur) or dur < 0:
                    dur = 0.0
                break
        out[name] = out.get(name, 0.0) + dur
    return out


def _split_entries(value: str) -> list[str]:
    """Split on commas that are not inside a quoted ``desc``."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in value:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def model_ms(headers: Mapping[str, str]) -> float | None:
    """Model time a response reports in ``Server-Timing`` (``model``/``llm``, or ``model-…``/``llm_…``)."""
    value = next((v for k, v in headers.items() if k.lower() == "server-timing"), None)
    if value is None:
        return None
    timings = parse_server_timing(value)
    found = [d for name, d in timings.items() if name in MODEL_METRICS or name.startswith(("model-", "model_",
                                                                                             "llm-", "llm_"))]
    return sum(found) if found else None


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Sample:
    status: int
    elapsed_ms: float
    model_ms: float | None = None

    @property
    def net_ms(self) -> float:
        """Time excluding what the server reported as model time."""
        return max(0.0, self.elapsed_ms - (self.model_ms or 0.0))


@dataclass(frozen=True)
class LoadRun:
    """What a run saw: every answer, the failures without one, and why it stopped early (if it did)."""

    attempted: int
    samples: tuple[Sample, ...]
    failures: tuple[str, ...]
    wall_s: float
    stopped: str = ""
    first_rate_limited: Exchange | None = field(default=None, compare=False)

    @property
    def ok(self) -> tuple[Sample, ...]:
        """The latency samples: answered below 400."""
        return tuple(s for s in self.samples if s.status < 400)

    @property
    def rate_limited(self) -> int:
        return sum(1 for s in self.samples if s.status == 429)

    @property
    def errors(self) -> int:
        """Answers ≥ 400 other than 429, and requests that got no answer."""
        return sum(1 for s in self.samples if s.status >= 400 and s.status != 429) + len(self.failures)

    @property
    def error_rate(self) -> float:
        judged = self.attempted - self.rate_limited
        return self.errors / judged if judged else 0.0

    @property
    def has_model_time(self) -> bool:
        ok = self.ok
        return bool(ok) and all(s.model_ms is not None for s in ok)

    def latencies(self, *, exclude_model: bool) -> list[float]:
        return [s.net_ms if exclude_model else s.elapsed_ms for s in self.ok]

    def stats(self, *, exclude_model: bool) -> dict[str, float]:
        values = self.latencies(exclude_model=exclude_model)
        if not values:
            return {}
        return {"p50": percentile(values, 50), "p95": percentile(values, 95), "p99": percentile(values, 99),
                "throughput": len(values) / self.wall_s if self.wall_s > 0 else 0.0}


def run_load(
    send: Callable[[], Exchange],
    *,
    total: int,
    concurrency: int,
    max_seconds: float,
    pace_s: float = 0.0,
    stop_statuses: frozenset[int] = frozenset({429}),
) -> LoadRun:
    """Call ``send`` up to ``total`` times with at most ``concurrency`` in flight.

    Stops early — no new request starts — at the first answer in ``stop_statuses`` (bursts stop at
    the first 429), when ``max_seconds`` have passed, or when ``send`` raises
    :class:`BudgetExhausted`. Requests that fail without an answer (``LaunchreadyError``: timeout,
    refused) are recorded as failures. ``pace_s`` spaces request *starts* at least that far apart.
    """
    lock = threading.Lock()
    started = time.perf_counter()
    cap = started + max_seconds
    state = _State()

    def claim() -> int | None:
        with lock:
            if state.stopped or state.claimed >= total:
                return None
            if time.perf_counter() >= cap:
                state.stopped = f"time cap of {max_seconds:g}s reached"
                return None
            state.claimed += 1
            return state.claimed - 1

    def stop(reason: str, *, unsent: bool) -> None:
        with lock:
            state.stopped = state.stopped or reason
            state.unsent += int(unsent)

    def worker() -> None:
        while (index := claim()) is not None:
            wait = started + index * pace_s - time.perf_counter() if pace_s else 0.0
            if wait > 0:
                if time.perf_counter() + wait >= cap:
                    stop(f"time cap of {max_seconds:g}s reached", unsent=True)
                    return
                time.sleep(wait)
            try:
                answer = send()
            except BudgetExhausted as exc:
                stop(str(exc), unsent=True)
                return
            except LaunchreadyError as exc:
                with lock:
                    state.failures.append(str(exc))
                continue
            with lock:
                state.samples.append(Sample(answer.status, answer.elapsed_ms, model_ms(answer.headers)))
                if answer.status in stop_statuses and not state.stopped:
                    state.stopped = f"the server answered {answer.status}"
                    state.limited = answer

    workers = max(1, min(concurrency, total))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="load") as pool:
        futures = [pool.submit(worker) for _ in range(workers)]
    for future in futures:
        future.result()  # a crash in a worker is the check's crash, never a quiet short run
    wall = time.perf_counter() - started
    return LoadRun(state.claimed - state.unsent, tuple(state.samples), tuple(state.failures), wall, state.stopped,
                   state.limited)


@dataclass
class _State:
    claimed: int = 0
    unsent: int = 0
    stopped: str = ""
    samples: list[Sample] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    limited: Exchange | None = None
