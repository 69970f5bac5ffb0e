from __future__ import annotations

from launchready import scan
from launchready.lab.examples import RunningExample, checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Status
from tests.checks.api.fixtures_tenancy import edge_config

CHECK = "api.tenant-isolation"


def test_vulnerable_leaks_conversations_both_ways_with_the_canary_as_evidence(vulnerable: RunningExample) -> None:
    result = scan(vulnerable.config(only=(CHECK,))).result(CHECK)
    assert result.status is Status.FAIL
    by_fp = {e.fingerprint: e for e in result.evidence}
    a_to_b = by_fp["api.tenant-isolation:GET /conversations/{conversation_id}:peer-read:tenant-a->tenant-b"]
    assert a_to_b.location == "GET /conversations/{conversation_id}"
    assert "ACME-ALICE-CONV-CANARY-4412" in a_to_b.detail
    # Tenant A's own read, then tenant B's replay of it: each curl sends the token of whoever sent it.
    owner_read, peer_read = [line for line in a_to_b.detail.splitlines() if line.startswith("curl ")]
    assert '"authorization: Bearer $LR_TENANT_A_TOKEN"' in owner_read and "LR_TENANT_B" not in owner_read
    assert '"authorization: Bearer $LR_TENANT_B_TOKEN"' in peer_read and "LR_TENANT_A" not in peer_read
    assert "GLOBEX-BOB-CONV-CANARY-9081" in \
        by_fp["api.tenant-isolation:GET /conversations/{conversation_id}:peer-read:tenant-b->tenant-a"].detail
    assert "api.tenant-isolation:GET /conversations/{conversation_id}/messages:anonymous-read:tenant-a->anonymous" \
        in by_fp
    assert "api.tenant-isolation:GET /files:query-tenant_id:tenant-b" in by_fp
    settings = by_fp["api.tenant-isolation:GET /workspaces/{workspace_id}/settings:peer-read:tenant-a->tenant-b"]
    assert settings.status is Status.FAIL and '"display_name":"Acme"' in settings.detail
    mass = by_fp["api.tenant-isolation:POST /conversations:mass-assignment:tenant-a->tenant-b"]
    assert "tenant_id taken from the request body" in mass.message
    assert "writes not tested (--allow-destructive off)" in result.summary
    assert not any(e.location.startswith(("PATCH", "DELETE")) for e in result.evidence)


def test_vulnerable_peer_write_lands_only_tested_with_allow_destructive(vulnerable: RunningExample) -> None:
    result = scan(vulnerable.config(only=(CHECK,), allow_destructive=True)).result(CHECK)
    patch = [e for e in result.evidence if e.location == "PATCH /conversations/{conversation_id}"]
    assert patch and "the change landed" in patch[0].message and "lr-probe-" in patch[0].detail
    assert any(e.location == "DELETE /files/{file_id}" for e in result.evidence)


def test_hardened_isolates_tenants(hardened: RunningExample) -> None:
    result = scan(hardened.config(only=(CHECK,))).result(CHECK)
    assert result.status is Status.PASS, result.summary + repr(result.evidence)
    assert int(result.metrics["probed"]) >= 8


def test_no_collections_in_the_inventory_is_a_skip() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_tenancy:errors", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK)).result(CHECK)
    assert result.status is Status.SKIP and "no object collections" in result.summary


def test_hardened_isolates_tenants_with_writes_and_escalation_probes_too(hardened: RunningExample) -> None:
    result = scan(hardened.config(only=(CHECK,), allow_destructive=True)).result(CHECK)
    assert result.status is Status.PASS, result.summary + repr(result.evidence)
    assert "writes, privilege escalation" in result.summary
