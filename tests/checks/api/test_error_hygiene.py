"""api.error-hygiene against the examples and an app that 500s everything with a traceback."""

from __future__ import annotations

from launchready import scan
from launchready.lab.examples import RunningExample
from launchready.model import Status
from tests.checks.api.fixtures_surface import edge_app, edge_config

ID = "api.error-hygiene"


def test_tracebacks_and_version_banners_fail(vulnerable: RunningExample) -> None:
    r = scan(vulnerable.config(only=(ID,))).result(ID)
    assert r.status is Status.FAIL
    by_location = {e.location: e for e in r.evidence}
    assert "a Python traceback" in by_location["GET /conversations/abc"].message
    assert "Traceback (most recent call last)" in by_location["GET /conversations/abc"].detail
    assert "an SQL error" in by_location["GET /conversations/999999999999999999999"].message
    assert any(e.message.startswith("Server header carries versions") and "uvicorn/0.29.0" in e.message
               for e in r.evidence)
    assert any(e.message.startswith("X-Powered-By header carries versions") for e in r.evidence)


def test_hardened_errors_reveal_nothing(hardened: RunningExample) -> None:
    r = scan(hardened.config(only=(ID,))).result(ID)
    assert r.status is Status.PASS, r.evidence
    assert r.requests >= 8


def test_an_app_that_500s_everything_with_a_traceback_fails() -> None:
    with edge_app("errors") as url:
        r = scan(edge_config(url, tenants=[]).model_copy(update={"only": (ID,)})).result(ID)
    assert r.status is Status.FAIL
    messages = " ".join(e.message for e in r.evidence)
    assert "a server file path" in messages and "an SQL error" in messages
    assert "Server: uvicorn, gunicorn/21.2.0" in messages and "X-Powered-By: Python/3.11.4" in messages
