"""api.tenant-isolation on APIs shaped unlike our example: no /me, books keyed by title, documents keyed
by UUID, a username in a body, a privilege flag in the query string, a self role route — each found on
``leaky`` with its route as evidence, none on ``isolated``, and what the scan changed put back."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import SCAN_ENV, checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.fixtures_tenancy import edge_config

CHECK = "api.tenant-isolation"
FP = "api.tenant-isolation:"


def _config(url: str, *, destructive: bool = True) -> Config:
    return edge_config(url, CHECK).model_copy(update={"allow_destructive": destructive})


@pytest.fixture(scope="module")
def leaky() -> Iterator[tuple[str, Result]]:
    with scan_credentials(), serve_app("tests.checks.api.apps_objects:leaky", cwd=checkout_root()) as url:
        yield url, scan(_config(url)).result(CHECK)


@pytest.fixture(scope="module")
def isolated() -> Iterator[tuple[str, Result]]:
    with scan_credentials(), serve_app("tests.checks.api.apps_objects:isolated", cwd=checkout_root()) as url:
        yield url, scan(_config(url)).result(CHECK)


def test_a_book_keyed_by_its_title_is_read_across_tenants_without_any_me_route(leaky: tuple[str, Result]) -> None:
    _, result = leaky
    assert result.status is Status.FAIL
    by_fp = {e.fingerprint: e for e in result.evidence}
    a_to_b = by_fp[f"{FP}GET /books/{{title}}:peer-read:tenant-a->tenant-b"]
    assert a_to_b.location == "GET /books/{title}"
    assert a_to_b.message == "tenant-b read tenant-a's object (title alice-launch-plan) by its title"
    assert "/books/alice-launch-plan" in a_to_b.detail and '"owner":"alice"' in a_to_b.detail
    assert "ALICE-BOOK-CANARY-7731" not in a_to_b.detail + a_to_b.message  # a field named secret stays masked
    assert "bob-merger-notes" in by_fp[f"{FP}GET /books/{{title}}:peer-read:tenant-b->tenant-a"].message


def test_a_document_keyed_by_uuid_is_read_across_tenants(leaky: tuple[str, Result]) -> None:
    by_fp = {e.fingerprint: e for e in leaky[1].evidence}
    leak = by_fp[f"{FP}GET /documents/{{doc_id}}:peer-read:tenant-a->tenant-b"]
    assert "/documents/6f1c2a8e-4b7d-4c1e-9a3f-0d5e8b7c6a11" in leak.detail
    assert "ALICE-DOC-CANARY-5512" in leak.detail
    by_query = by_fp[f"{FP}GET /documents/view:query-id-doc_id:tenant-a->tenant-b"]
    assert by_query.location == "GET /documents/view?doc_id="
    assert "doc_id=6f1c2a8e-4b7d-4c1e-9a3f-0d5e8b7c6a11" in by_query.detail and "ALICE-DOC-CANARY-5512" in by_query.detail


def test_a_username_in_the_body_changes_the_other_users_profile_proven_by_the_owners_reread(
        leaky: tuple[str, Result]) -> None:
    by_fp = {e.fingerprint: e for e in leaky[1].evidence}
    body = by_fp[f"{FP}PUT /profile:body-username:tenant-b->tenant-a"]
    assert body.location == "PUT /profile"
    assert body.message == "tenant-b changed tenant-a's display_name by naming tenant-a in the body (username)"
    assert '"username":"alice"' in body.detail.replace(" ", "") and "lr-body-" in body.detail


def test_a_privilege_flag_in_the_query_string_and_a_self_role_route_raise_ones_own_rights(
        leaky: tuple[str, Result]) -> None:
    by_fp = {e.fingerprint: e for e in leaky[1].evidence}
    query = by_fp[f"{FP}PATCH /profile:escalation-query-is_admin:tenant-a"]
    assert "?is_admin=true in the query" in query.message and "is_admin=true" in query.detail
    role = by_fp[f"{FP}PUT /account/role:escalation-body-role:tenant-a"]
    assert role.message == "tenant-a raised its own role from 'member' to 'admin' (\"role\": 'admin' in the body)"
    assert f"{FP}PATCH /profile:escalation-body-is_admin:tenant-a" not in by_fp  # the body flag is ignored there


def test_a_sign_up_that_takes_is_admin_from_its_body_gives_a_fresh_account_admin_rights(
        leaky: tuple[str, Result]) -> None:
    by_fp = {e.fingerprint: e for e in leaky[1].evidence}
    signup = by_fp[f"{FP}POST /auth/signup:mass-assignment-body-is_admin:fresh account"]
    assert signup.message == "sign-up took is_admin = True from the request body: a fresh account holds it"
    assert signup.detail.startswith("route POST /auth/signup (openapi:")
    assert '"is_admin":true' in signup.detail.replace(" ", "")
    assert f"{FP}POST /auth/signup:mass-assignment-query-is_admin:fresh account" not in by_fp


def test_a_user_keyed_by_username_is_read_and_its_password_set_by_the_other_tenant_proven_by_login(
        leaky: tuple[str, Result]) -> None:
    by_fp = {e.fingerprint: e for e in leaky[1].evidence}
    read = by_fp[f"{FP}GET /users/{{username}}:peer-read:tenant-a->tenant-b"]
    assert "/users/alice" in read.detail and "Alice Example-Name" in read.detail
    password = by_fp[f"{FP}PUT /users/{{username}}/password:peer-write:tenant-b->tenant-a"]
    assert password.message == "tenant-b set a new password on tenant-a's account, and tenant-a logs in with it"
    assert "/users/alice/password" in password.detail and "/auth/login" in password.detail
    assert "Lr-lr-ti-" not in password.detail  # the password the scan set is masked like any other


def test_what_the_scan_changed_is_put_back(leaky: tuple[str, Result], isolated: tuple[str, Result]) -> None:
    # The isolated API sets the *caller's* password whatever the path says: the scan puts that one back too.
    for url, _ in (leaky, isolated):
        state = httpx.get(f"{url}/lab/state", timeout=5).json()
        users = state["users"]
        for name in ("alice", "bob"):
            assert users[name]["role"] == "member" and users[name]["is_admin"] is False
            assert users[name]["display_name"] == f"{name.title()} Example-Name"
        assert state["passwords"] == {"alice": SCAN_ENV["LR_TENANT_A_PASSWORD"],
                                      "bob": SCAN_ENV["LR_TENANT_B_PASSWORD"]}


def test_the_isolated_api_passes_every_shape(isolated: tuple[str, Result]) -> None:
    _, result = isolated
    assert result.status is Status.PASS, (result.summary, result.evidence)
    assert result.evidence == ()
    assert int(result.metrics["probed"]) >= 10
    assert "writes, privilege escalation" in result.summary


def test_a_collection_with_nothing_to_read_or_create_is_undetermined_naming_the_keys() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_objects:empty", cwd=checkout_root()) as url:
        result = scan(_config(url, destructive=False)).result(CHECK)
    assert result.status is Status.WARN, (result.summary, result.evidence)
    assert result.summary.startswith("undetermined: no object of either tenant was found")
    assert "allow-destructive = true" in result.summary and "[api] openapi" in result.summary


def test_a_spent_budget_is_undetermined_naming_the_budget_never_a_pass() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_objects:isolated", cwd=checkout_root()) as url:
        config = edge_config(url, CHECK, checks={CHECK: {"budget": 24}}).model_copy(update={"allow_destructive": True})
        result = scan(config).result(CHECK)
    assert result.status is Status.WARN, (result.summary, result.evidence)
    assert result.summary.startswith("undetermined: no leak in ")
    assert 'raise [checks."api.tenant-isolation"] budget' in result.summary
    assert "request budget of 24 spent" in result.summary


@pytest.mark.parametrize(("app", "raised"), [("leaky", True), ("fixed", False)])
def test_a_free_text_role_word_read_from_a_third_identitys_record_is_tried_on_oneself(
        app: str, raised: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """No enum, no role-values option: the word "Supervisor" is known only from carol's own record (a third
    declared identity, read, never probed); tenant-a sends it as its own role and reads it back."""
    for var, token in (("LR_FR_A", "tok-fr-alice"), ("LR_FR_B", "tok-fr-bob"), ("LR_FR_C", "tok-fr-carol")):
        monkeypatch.setenv(var, token)
    with serve_app(f"tests.checks.api.apps_free_role:{app}", cwd=checkout_root()) as url:
        config = Config.model_validate({"url": url, "only": [CHECK], "allow-destructive": True, "api": {"tenants": [
            {"name": "tenant-a", "token-env": "LR_FR_A"}, {"name": "tenant-b", "token-env": "LR_FR_B"},
            {"name": "supervisor", "token-env": "LR_FR_C", "role": "supervisor"}]}})
        result = scan(config).result(CHECK)
        after = httpx.get(url + "/profile", headers={"Authorization": "Bearer tok-fr-alice"}, trust_env=False).json()
    raised_items = [e for e in result.evidence if "raised its own role" in e.message]
    if raised:
        assert raised_items and raised_items[0].status is Status.FAIL, result.evidence
        assert raised_items[0].message.startswith("tenant-a raised its own role from 'member' to 'Supervisor'")
        assert raised_items[0].location == "PUT /profile"
    else:
        assert raised_items == [] and "role escalation not tried" not in result.summary, result.summary
    assert after["role"] == "member"  # put back (leaky) or never changed (fixed)
