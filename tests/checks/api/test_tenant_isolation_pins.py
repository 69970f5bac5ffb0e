"""api.tenant-isolation on one-flaw apps: a leak that is not byte-identical still fails; a route that
ignores the path id and serves the caller's own workspace is no leak."""

from __future__ import annotations

from launchready import scan
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Status
from tests.checks.api.fixtures_tenancy import edge_config

CHECK = "api.tenant-isolation"
SETTINGS = "GET /workspaces/{workspace_id}/settings"


def test_a_workspace_leak_with_a_fresh_request_id_in_every_answer_fails_both_ways() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_pins:settings_leak", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK)).result(CHECK)
    assert result.status is Status.FAIL, result.summary
    by_fp = {e.fingerprint: e for e in result.evidence}
    assert sorted(by_fp) == [f"api.tenant-isolation:{SETTINGS}:peer-read:tenant-a->tenant-b",
                             f"api.tenant-isolation:{SETTINGS}:peer-read:tenant-b->tenant-a"]
    a_to_b = by_fp[f"api.tenant-isolation:{SETTINGS}:peer-read:tenant-a->tenant-b"]
    assert a_to_b.status is Status.FAIL and a_to_b.location == SETTINGS
    assert a_to_b.message == "tenant-b read tenant-a's workspace data at /workspaces/1/settings"
    assert a_to_b.detail.count("Acme Robotics Workspace") == 2  # the owner's read and the peer's
    assert "Globex Chemicals Workspace" in by_fp[f"api.tenant-isolation:{SETTINGS}:peer-read:tenant-b->tenant-a"].detail


def test_a_settings_route_that_serves_the_callers_own_workspace_is_no_leak() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_pins:settings_from_session",
                                       cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK)).result(CHECK)
    assert result.status is Status.PASS, (result.summary, result.evidence)
    assert result.evidence == ()
    assert int(result.metrics["probed"]) == 4  # a note and the settings route, each way
    assert "mass assignment not tested (no JSON creation route" in result.summary


def test_objects_their_owner_cannot_read_leave_isolation_undecided_an_error_not_a_pass() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_pins:unreadable", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK)).result(CHECK)
    assert result.status is Status.ERROR, (result.summary, result.evidence)
    assert result.summary.startswith("no object could be read by its owner, so isolation could not be tested")
    assert "/notes/101: owner's read answered 403, skipped" in result.summary
    assert result.evidence == ()


def test_a_workspace_id_in_the_body_and_an_owner_id_in_the_query_are_each_found() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_pins:scope_from_request", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK)).result(CHECK)
    statuses = {e.fingerprint: e.status for e in result.evidence}
    assert statuses == {
        "api.tenant-isolation:GET /notes:query-owner_id:tenant-b": Status.FAIL,
        "api.tenant-isolation:GET /notes:query-owner_id:tenant-a": Status.FAIL,
        "api.tenant-isolation:POST /notes:mass-assignment:tenant-a->tenant-b": Status.FAIL,
    }, result.evidence
    by_fp = {e.fingerprint: e for e in result.evidence}
    assert by_fp["api.tenant-isolation:GET /notes:query-owner_id:tenant-b"].message.startswith(
        "tenant-b listed tenant-a's objects by setting ?owner_id=user-1 (")
    assert by_fp["api.tenant-isolation:GET /notes:query-owner_id:tenant-b"].location == "GET /notes?owner_id="
    assert result.status is Status.FAIL
