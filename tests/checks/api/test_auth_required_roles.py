"""api.auth-required's function-level authorization on the roles lab: a customer deleting menu items."""

from __future__ import annotations

import httpx

from launchready import scan
from launchready.model import Result, Status
from tests.checks.api.fixtures_roles import roles_config, roles_lab

ID = "api.auth-required"


def at(result: Result, location: str, status: Status) -> list[str]:
    return [e.message + "\n" + e.detail for e in result.evidence if e.location == location and e.status is status]


def test_customer_deleting_an_employee_only_menu_item_is_proved_by_reading_it_back() -> None:
    with roles_lab("vulnerable") as url:
        before = {item["id"] for item in httpx.get(url + "/menu").json()}
        result = scan(roles_config(url, ID)).result(ID)
        after = {item["id"] for item in httpx.get(url + "/menu").json()}
    assert result.status is Status.FAIL
    [proof] = at(result, "DELETE /menu/{item_id}", Status.FAIL)
    [deleted] = before - after
    assert f"alice (role customer) deleted object {deleted}" in proof
    assert "before: present, after: gone" in proof and "employee-only (declared employee only (api.roles))" in proof
    assert "-X DELETE" in proof and f"/menu/{deleted}" in proof and "→ 204" in proof


def test_employee_only_delete_that_refuses_customers_passes_with_the_refusals_named() -> None:
    with roles_lab("fixed") as url:
        result = scan(roles_config(url, ID)).result(ID)
        left = len(httpx.get(url + "/menu").json())
    assert not at(result, "DELETE /menu/{item_id}", Status.FAIL), result.evidence
    [refused] = at(result, "DELETE /menu/{item_id}", Status.PASS)
    assert "alice (role customer) → 403" in refused and "bob (role customer) → 403" in refused
    assert "erin" not in refused.split("\n")[0], "the employee has the route's role: it is not a lower role"
    assert left == 4


def test_without_allow_destructive_the_privileged_writes_are_listed_as_not_exercised() -> None:
    with roles_lab("vulnerable") as url:
        result = scan(roles_config(url, ID, allow_destructive=False)).result(ID)
        left = len(httpx.get(url + "/menu").json())
    assert left == 4, "no DELETE was sent"
    assert not at(result, "DELETE /menu/{item_id}", Status.FAIL)
    [warn] = at(result, "function-level authorization", Status.WARN)
    assert "DELETE /menu/{item_id}" in warn and "PUT /menu" in warn and "allow-destructive" in warn


def test_a_deleted_account_is_never_a_test_identity_nor_an_administrator() -> None:
    with roles_lab("vulnerable") as url:
        result = scan(roles_config(url, ID)).result(ID)
        left = {u["username"] for u in httpx.get(url + "/users").json()["users"]}
    [proof] = at(result, "DELETE /users/{username}", Status.FAIL)
    assert "deleted object dave@acme.test" in proof and "admin-only (declared admin (api.admin))" in proof
    assert left == {"carol@acme.test", "alice@acme.test", "bob@globex.test", "erin@staff.test", "admin@staff.test"}


def test_admin_only_user_deletion_refuses_the_customers_and_the_employee() -> None:
    with roles_lab("fixed") as url:
        result = scan(roles_config(url, ID)).result(ID)
    [refused] = at(result, "DELETE /users/{username}", Status.PASS)
    assert "erin (role employee) → 403" in refused and "alice (role customer) → 403" in refused
