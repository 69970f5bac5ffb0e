"""api.health against the examples and the auth edge apps."""

from __future__ import annotations

from launchready import scan
from launchready.lab.examples import RunningExample, scan_credentials
from launchready.lab.server import free_loopback_port
from launchready.model import Result, Status
from tests.checks.api.fixtures_auth import edge_app, edge_config

ID = "api.health"


def run(config: object) -> Result:
    return scan(config).result(ID)  # type: ignore[arg-type]


def test_vulnerable_health_exposes_versions_and_paths(vulnerable: RunningExample) -> None:
    result = run(vulnerable.config(only=(ID,)))
    assert result.status is Status.WARN
    (evidence,) = result.evidence
    assert evidence.location == "GET /health"
    assert "key `python`" in evidence.message and "key `db`" in evidence.message and "file path" in evidence.message
    assert "→ 200" in evidence.detail


def test_strict_option_makes_internals_a_failure(vulnerable: RunningExample) -> None:
    result = run(vulnerable.config(only=(ID,), checks={ID: {"internals": "fail"}}))
    assert result.status is Status.FAIL


def test_hardened_health_passes_with_its_latency(hardened: RunningExample) -> None:
    result = run(hardened.config(only=(ID,)))
    assert result.status is Status.PASS and not result.evidence
    assert float(result.metrics["median_ms"]) < 500 and result.metrics["samples"] == 5 and result.requests == 5


def test_slow_failing_and_unreachable_health_endpoints() -> None:
    with scan_credentials(), edge_app("hang") as url:
        slow = run(edge_config(url, ID, **{"max-ms": 300, "samples": 3}))
        failing = run(edge_config(url, ID).model_copy(update={
            "api": edge_config(url, ID).api.model_copy(update={"health": "/health500"})}))
    assert slow.status is Status.FAIL and any("is slow" in e.message for e in slow.evidence)
    assert failing.status is Status.FAIL and failing.evidence[0].message == "GET /health500 answered 500, not 200"
    unreachable = run(edge_config(f"http://127.0.0.1:{free_loopback_port()}", ID, timeout=1.0))
    assert unreachable.status is Status.ERROR and "unreachable" in unreachable.summary
