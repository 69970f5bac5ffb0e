"""api.latency: known delay distributions, Server-Timing model time, rate limits and a hanging server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from launchready import scan
from launchready.engines.load import percentile
from launchready.lab.examples import RunningExample, scan_credentials
from launchready.model import Result, Status
from tests.checks.api.fixtures_surface import edge_app, edge_config

ID = "api.latency"
DELAYS = [50 + 13 * i for i in range(20)]  # 50…297 ms; 60 requests meet each value exactly three times


@pytest.fixture(autouse=True)
def _credentials() -> Iterator[None]:
    with scan_credentials():
        yield


def _scan(url: str, options: dict[str, Any], **api: Any) -> Result:
    # The edge app is a catch-all without an API description: the user names the route to time.
    config = edge_config(url, checks={ID: {"list-route": False, "routes": ["GET /me"], **options}}, **api)
    return scan(config.model_copy(update={"only": (ID,)})).result(ID)


@pytest.mark.timing
def test_measured_p95_is_within_five_percent_of_a_known_distribution() -> None:
    true_p95 = percentile(DELAYS * 3, 95)
    with edge_app("delays", {"EDGE_DELAYS_MS": ",".join(map(str, DELAYS))}) as url:
        errors = []
        # Measured twice and the better run kept: other processes loading this 2-core machine can only
        # add time, and the delays (50–300 ms) dominate the few milliseconds a quiet run adds.
        for _ in range(2):
            r = _scan(url, {"concurrency": 4})
            assert r.status is Status.PASS and r.metrics["GET /me.samples"] == 60
            errors.append(abs(float(r.metrics["GET /me.p95_ms"]) - true_p95) / true_p95)
            if errors[-1] <= 0.05:
                break
    assert min(errors) <= 0.05, (true_p95, errors)


@pytest.mark.timing
def test_model_time_reported_in_server_timing_is_excluded() -> None:
    with edge_app("delays", {"EDGE_DELAYS_MS": "15", "EDGE_MODEL_MS": "600"}) as url:
        r = _scan(url, {"concurrency": 16}, chat="POST /chat", concurrency=16)
    assert r.status is Status.PASS, r.evidence
    chat = next(e for e in r.evidence if e.location == "POST /chat")
    assert "excluding model" in chat.message
    assert float(r.metrics["chat.p95_ms"]) < 500


@pytest.mark.timing
def test_without_server_timing_chat_is_reported_and_non_model_routes_are_judged() -> None:
    env = {"EDGE_DELAYS_MS": "15", "EDGE_MODEL_MS": "600", "EDGE_SERVER_TIMING": "0"}
    with edge_app("delays", env) as url:
        r = _scan(url, {"concurrency": 16}, chat="POST /chat", concurrency=16)
    assert r.status is Status.PASS, r.evidence
    assert any("includes model" in e.message and "not judged" in e.message for e in r.evidence)
    assert str(r.metrics["chat.model_time"]).startswith("included")


def test_slow_non_model_route_fails() -> None:
    with edge_app("delays", {"EDGE_DELAYS_MS": "650"}) as url:
        r = _scan(url, {"concurrency": 16}, concurrency=16)
    assert r.status is Status.FAIL
    assert any(e.location == "GET /me" and "p95 over 500 ms" in e.message for e in r.evidence)


def test_a_chat_rate_limit_is_a_warning_with_the_sample_count() -> None:
    with edge_app("delays", {"EDGE_DELAYS_MS": "5", "EDGE_RATE_LIMIT": "20"}) as url:
        r = _scan(url, {}, chat="POST /chat")
    assert r.status is Status.WARN, r.evidence
    limited = next(e for e in r.evidence if "rate limit allowed only" in e.message)
    assert limited.location == "POST /chat" and "429" in limited.detail
    assert int(r.metrics["chat.rate_limited"]) >= 1 and int(r.metrics["chat.samples"]) <= 20
    assert all(e.status is not Status.FAIL for e in r.evidence)


@pytest.mark.timing
def test_hardened_passes(hardened: RunningExample) -> None:
    r = scan(hardened.config(only=(ID,))).result(ID)
    assert r.status is Status.PASS, r.evidence
    assert int(r.metrics["chat.samples"]) >= 50


@pytest.mark.timing
def test_vulnerable_example_is_measured_with_model_time_excluded(vulnerable: RunningExample) -> None:
    r = scan(vulnerable.config(only=(ID,))).result(ID)
    assert r.status is Status.PASS and int(r.metrics["chat.samples"]) >= 50
    assert {"POST /chat", "GET /conversations", "GET /files"} <= {e.location for e in r.evidence}


def test_a_hanging_server_is_an_error() -> None:
    with edge_app("hang") as url:
        r = _scan(url, {}, request_timeout=0.5)
    assert r.status is Status.ERROR
