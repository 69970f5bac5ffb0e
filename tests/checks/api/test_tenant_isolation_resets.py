"""api.tenant-isolation on a server that drops keep-alive connections under the scan (a small, fragile
server: uvicorn closes a connection after a crashed handler, any server closes idle ones): the leaks of
``apps_objects:leaky`` are still proven, and a route that resets every time is named as not judged —
never a pass built on a reset."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from launchready import scan
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.fixtures_tenancy import edge_config
from tests.lab.fragile_server import Fragility, fragile_server

CHECK = "api.tenant-isolation"
FP = "api.tenant-isolation:"


def _scan_through(app: str, fragility: Fragility) -> Result:
    with scan_credentials(), serve_app(f"tests.checks.api.apps_objects:{app}", cwd=checkout_root()) as url:
        parts = urlsplit(url)
        fragility.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        with fragile_server(fragility) as front:
            config = edge_config(front, CHECK).model_copy(update={"allow_destructive": True})
            return scan(config).result(CHECK)


@pytest.fixture(scope="module")
def dropping() -> Iterator[tuple[Fragility, Result]]:
    fragility = Fragility(drop_reused=True, drop_every=2)  # every other reuse of a connection meets a reset
    yield fragility, _scan_through("leaky", fragility)


def test_the_leaks_are_still_proven_when_every_other_reused_connection_is_reset(
        dropping: tuple[Fragility, Result]) -> None:
    fragility, result = dropping
    assert len([s for s in fragility.seen if s[-1] == "reset"]) >= 10  # the scan really met the resets
    assert result.status is Status.FAIL, (result.summary, result.evidence)
    by_fp = {e.fingerprint: e for e in result.evidence}
    body = by_fp[f"{FP}PUT /profile:body-username:tenant-b->tenant-a"]
    assert body.location == "PUT /profile" and "lr-body-" in body.detail
    role = by_fp[f"{FP}PUT /account/role:escalation-body-role:tenant-a"]
    assert role.message == "tenant-a raised its own role from 'member' to 'admin' (\"role\": 'admin' in the body)"
    assert f"{FP}GET /books/{{title}}:peer-read:tenant-a->tenant-b" in by_fp
    assert f"{FP}PUT /users/{{username}}/password:peer-write:tenant-b->tenant-a" in by_fp
    assert "not judged: " not in result.summary and "stopped early" not in result.summary


def test_a_route_that_resets_every_time_is_an_error_never_a_pass() -> None:
    fragility = Fragility(drop_always=frozenset({"PUT /profile"}))
    result = _scan_through("isolated", fragility)
    assert fragility.dropped("PUT", "/profile") and not fragility.answered("PUT", "/profile")
    assert result.status is Status.ERROR, (result.summary, result.evidence)  # could not decide: never a pass
    assert result.summary.startswith("could not complete the isolation probes: PUT /profile: ")
    assert "the server dropped connections" in result.summary
