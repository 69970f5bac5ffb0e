"""api.input-validation on the roles lab: query parameters, SQL error text, and an employee-only URL field."""

from __future__ import annotations

from launchready import scan
from launchready.model import Evidence, Result, Status
from tests.checks.api.fixtures_roles import roles_config, roles_lab

ID = "api.input-validation"


def run(mode: str, *, employee: bool = True) -> Result:
    with roles_lab(mode) as url:
        return scan(roles_config(url, ID, employee=employee)).result(ID)


def at(result: Result, location: str, status: Status = Status.FAIL) -> list[Evidence]:
    return [e for e in result.evidence if e.location == location and e.status is status]


def test_negative_limit_in_the_query_string_is_a_server_error_naming_the_parameter_and_value() -> None:
    result = run("vulnerable")
    assert result.status is Status.FAIL
    crash = next(e for e in at(result, "GET /orders") if "limit='-99999999'" in e.message)
    assert "query parameter limit='-99999999' → 500" in crash.message
    assert "/orders?limit=-99999999" in crash.detail and "$LR_ALICE_TOKEN" in crash.detail


def test_sql_error_text_in_a_200_answer_is_evidence_of_injection() -> None:
    result = run("vulnerable")
    [sql] = at(result, "GET /orders/search")
    assert "query parameter q=" in sql.message and "→ 200 with SQLite error text" in sql.message
    assert "sqlite3.OperationalError" in sql.message and "SQL injection" in sql.message
    assert sql.fingerprint.endswith(":sql")


def test_employee_only_url_field_is_probed_as_the_employee_and_the_fetch_is_ssrf() -> None:
    result = run("vulnerable")
    [ssrf] = [e for e in result.evidence if e.fingerprint.endswith(":ssrf")]
    assert ssrf.location == "PUT /menu" and "'image_url'" in ssrf.message and "sent as erin" in ssrf.message
    assert "canary sink hit: GET /c/lr-ssrf-" in ssrf.detail


def test_without_an_employee_identity_the_url_field_is_a_warn_naming_the_role_not_a_pass() -> None:
    result = run("vulnerable", employee=False)
    assert not [e for e in result.evidence if e.fingerprint.endswith(":ssrf")]
    [warn] = [e for e in result.evidence if e.fingerprint.endswith(":ssrf-not-reached")]
    assert warn.status is Status.WARN and warn.location == "PUT /menu"
    assert "refused (403)" in warn.message and 'role = "employee"' in warn.message and "alice, bob" in warn.message


def test_fixed_lab_passes_with_query_parameters_and_the_url_field_judged() -> None:
    result = run("fixed")
    assert result.status is Status.PASS, result.evidence
    assert int(result.metrics["query_probes"]) == 4 and int(result.metrics["ssrf_probes"]) == 1
    assert "none with SQL error text" in result.summary
