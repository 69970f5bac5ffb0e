"""api.input-validation pinned probe by probe on ``apps_probe_pins:inputs``, whose answer to each hostile
input is planted: every finding's own status, message and fingerprint (crash, leak, SQL text, accepted,
reflected, slow, no answer, SSRF), the routes skipped and why, the counts, and the runs that must not pass
(every probe refused, the budget spent)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from launchready import scan
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.fixtures_tenancy import edge_config

ID = "api.input-validation"
SMALL = {"max-body-bytes": 2000}  # the app answers 413 above 2000 bytes
SKIPPED = ("skipped: POST /auth/login (account/upload route), DELETE /notes/{note_id} (destructive), PUT "
           "/notes/{note_id} (overwrites an existing object (--allow-destructive off)), PATCH /notes/{note_id} (overwrites "
           "an existing object (--allow-destructive off)), POST /notes/{note_id}/comments (needs an object id), POST "
           "/files (not a JSON body)")
PROBE = "'lr-probe\\'\"'"  # how the query probe's value is shown


def _scan(env: Mapping[str, str], options: Mapping[str, Any] | None = None, **api: Any) -> Result:
    with scan_credentials(), serve_app("tests.checks.api.apps_probe_pins:inputs", cwd=checkout_root(),
                                       env=dict(env)) as url:
        return scan(edge_config(url, ID, checks={ID: {**SMALL, **(options or {})}}, **api)).result(ID)


def _items(result: Result) -> dict[str, tuple[Status, str, str]]:
    return {e.fingerprint.removeprefix(f"{ID}:"): (e.status, e.location, e.message) for e in result.evidence}


def test_a_product_that_rejects_every_hostile_input_cleanly_passes_with_the_counts() -> None:
    result = _scan({})
    assert result.status is Status.PASS, result.evidence
    assert result.evidence == ()
    # 12 hostile bodies to POST /notes, 1 wrong path value, 5 query values (limit ×3 for a number, archived ×1 for a
    # boolean, q ×1 for text)
    assert result.metrics == {"operations": 3, "answered": 18, "slow": 0, "ssrf_probes": 1, "query_probes": 5}
    assert result.requests == 18
    assert result.summary == ("18 hostile inputs to 3 operations (5 in query parameters) all got a clean 4xx in "
                              "bounded time, none with SQL error text; 1 URL fields did not fetch the canary; "
                              + SKIPPED)


def test_the_declared_upload_route_is_skipped_as_such() -> None:
    result = _scan({}, upload="POST /files")
    assert result.summary.endswith("POST /files (account/upload route)")


def test_each_planted_flaw_is_its_own_finding() -> None:
    flaws = ("crash:missing-fields,bare500:malformed-json,leak:wrong-root,sql:wrong-type,accept:long-string,"
             "accept:deep-nesting,slow:oversized,reflect,fetch,crash:path,sql:query-q,bare500:query-limit,"
             "accept:control-chars,accept:lone-surrogate,accept:wrong-content-type,crash:query-archived")
    result = _scan({"INPUT_FLAWS": flaws}, {"slow-ms": 400})
    items = _items(result)
    sql = "→ 400 with SQLite error text in the answer ('sqlite3.OperationalError: unrecognized token: \\\\\"\\'\\\\\"\"}')" \
          ": the value reached an SQL query (SQL injection)"
    slow = items.pop("POST /notes:oversized:slow")
    assert slow[0] is Status.WARN and slow[2].startswith("a JSON body of 2001 bytes (declared limit + 1) took ")
    assert slow[2].endswith(" ms (limit 400 ms)") and int(slow[2].split(" took ")[1].split()[0]) >= 600
    # another probe's answer can be slow too on a loaded machine (a 200-deep nested object parsed while four test
    # workers share two cores): a slowness warning measures the machine as well, so only the planted one is pinned
    items = {k: v for k, v in items.items() if not (k.endswith(":slow") and v[0] is Status.WARN)}
    assert items == {
        "POST /notes:malformed-json": (Status.FAIL, "POST /notes", "malformed JSON (truncated object) → 500 (server "
                                                                   "error)"),
        "POST /notes:missing-fields": (Status.FAIL, "POST /notes", "empty object: every required field missing → 500 "
                                       "(server error) with Python traceback, stack frame in the body"),
        "POST /notes:wrong-root:leak": (Status.FAIL, "POST /notes", "a JSON array where an object is expected → 400 "
                                        "with stack frame in the body"),
        "POST /notes:wrong-type:sql": (Status.FAIL, "POST /notes", f"field 'title' with the wrong JSON type {sql}"),
        "POST /notes:long-string:accepted": (Status.FAIL, "POST /notes", "field 'title' with a 100,000-character "
                                             "string was accepted (201): not validated"),
        "POST /notes:deep-nesting:accepted": (Status.FAIL, "POST /notes", "field 'title' as a 200-deep nested object "
                                              "was accepted (201): not validated"),
        "POST /notes:script:reflected": (Status.FAIL, "POST /notes", "field 'title' with a <script> payload: the "
                                         "script is reflected unescaped in an HTML answer"),
        "POST /notes:wrong-content-type:accepted": (Status.FAIL, "POST /notes", "the body sent as text/plain was "
                                                    "accepted (201): not validated"),
        "GET /notes/{note_id}:path-param": (Status.FAIL, "GET /notes/{note_id}", "path parameter set to "
                                            "'lr-probe\\'\"<>%00' → 500 (server error) with Python traceback, stack "
                                            "frame in the body"),
        "GET /search:query:q:lr-probe'\":sql": (Status.FAIL, "GET /search", f"query parameter q={PROBE} {sql}"),
        "GET /search:query:limit:-99999999": (Status.FAIL, "GET /search", "query parameter limit='-99999999' → 500 "
                                              "(server error)"),
        f"GET /search:query:limit:{PROBE[1:-1]}".replace("\\", ""): (
            Status.FAIL, "GET /search", f"query parameter limit={PROBE} → 500 (server error)"),
        "GET /search:query:archived:lr-probe'": (Status.FAIL, "GET /search", "query parameter archived=\"lr-probe'\" → "
                                                 "500 (server error) with Python traceback, stack frame in the body"),
        "POST /notes:ssrf": (Status.FAIL, "POST /notes", "field 'avatar' set to a loopback canary URL (sent as "
                             "tenant-a): the server fetched the canary URL (SSRF)"),
    }
    ssrf = next(e for e in result.evidence if e.fingerprint == f"{ID}:POST /notes:ssrf")
    assert ssrf.detail.startswith("canary sink hit: GET /c/lr-ssrf-") and "User-Agent: python-httpx/" in ssrf.detail
    path = next(e for e in result.evidence if e.location == "GET /notes/{note_id}")
    assert "/notes/lr-probe" in path.detail and '-H "authorization: Bearer $LR_TENANT_A_TOKEN"' in path.detail
    assert result.status is Status.FAIL
    assert result.summary == f"14 of 18 hostile inputs were not cleanly rejected; {SKIPPED}"
    assert result.metrics == {"operations": 3, "answered": 18, "slow": 1, "ssrf_probes": 1, "query_probes": 5}


def test_a_probe_without_an_answer_is_a_failure_and_the_run_goes_on() -> None:
    # and the 100,000-character string answered 300: no 2xx, so no "accepted" finding
    result = _scan({"INPUT_FLAWS": "hang:malformed-json,hang:missing-fields,leak:wrong-root,s300:long-string"},
                   {"timeout-s": 1})
    items = _items(result)
    for kind, what in (("malformed-json", "malformed JSON (truncated object)"),
                       ("missing-fields", "empty object: every required field missing")):
        status, where, message = items.pop(f"POST /notes:{kind}:hang")
        assert status is Status.FAIL and where == "POST /notes"
        assert message.startswith(f"{what}: no answer (POST /notes: ") and "within 1s" in message
    assert list(items) == ["POST /notes:wrong-root:leak"]  # the probe after two silences was still sent
    assert result.summary.startswith("3 of 16 hostile inputs were not cleanly rejected; ")
    assert result.requests == 18


def test_a_server_silent_from_the_start_is_given_up_after_two_probes() -> None:
    result = _scan({"INPUT_REFUSE": "hang"}, {"timeout-s": 0.5, "redos-timeout-s": 0.5})
    assert result.status is Status.ERROR
    assert result.summary == ("the server answered none of the probes: input validation cannot be judged; skipped: "
                              "POST /auth/login (account/upload route); stopped early: the server stopped answering")
    # two body probes, then nothing
    assert result.requests == 2
    assert [e.fingerprint for e in result.evidence] == [f"{ID}:POST /notes:ssrf:hang", f"{ID}:POST /notes:malformed-json:hang"]


@pytest.mark.parametrize("refusal", [401, 403, 429])
def test_every_probe_refused_is_an_error_naming_the_identities_tried(refusal: int) -> None:
    result = _scan({"INPUT_REFUSE": str(refusal)})
    assert result.status is Status.ERROR
    assert result.summary == ("every probe was refused before a handler (401/403/429): check tenant credentials and "
                              f"rate limits; {SKIPPED}")
    hint = "(tried as tenant-a, tenant-b): declare its role in [api] roles and an [[api.tenants]] identity that has it"
    assert _items(result) == {
        "POST /notes:ssrf-not-reached": (Status.WARN, "POST /notes", "field 'avatar' set to a loopback canary URL: "
                                         f"refused ({refusal}), so SSRF was not judged {hint}"),
        "POST /notes:not-reached": (Status.WARN, "POST /notes", "every probe was refused before the handler, so its "
                                    f"inputs were not judged {hint}"),
    }
    assert result.metrics["ssrf_probes"] == 0


def test_a_declared_chat_route_gets_six_probes_and_a_spent_budget_is_an_error() -> None:
    result = _scan({}, {"budget": 200}, chat="POST /notes")
    assert result.status is Status.PASS
    assert result.metrics == {"operations": 3, "answered": 12, "slow": 0, "ssrf_probes": 1, "query_probes": 5}
    result = _scan({}, {"budget": 10}, chat="POST /notes")
    assert result.status is Status.ERROR and result.requests == 10
    # the 6 chat probes, the path probe, then 3 of the 5 query probes
    assert result.summary == (f"10 probes answered cleanly, but the run was cut short; {SKIPPED}; stopped early: "
                              "request budget of 10 spent")


def test_fewer_examples_per_operation_send_fewer_bodies() -> None:
    result = _scan({}, {"examples-per-operation": 3})
    assert result.status is Status.PASS and result.metrics["answered"] == 3 + 1 + 5


def test_the_planted_kinds_match_the_payloads_sent() -> None:
    """The app tells the payload kinds apart by their bodies: a guard that the pins above probe what they name."""
    from launchready.engines.payloads import body_payloads
    from tests.checks.api.apps_probe_pins import NOTE_SCHEMA, _kind

    for payload in body_payloads(NOTE_SCHEMA, None, max_body_bytes=2000, sink_url=lambda name: ("lr-ssrf-1", "http://127.0.0.1:9/c/lr-ssrf-1")):
        raw = payload.content if payload.content is not None else json.dumps(payload.json_body).encode()
        assert _kind(raw, payload.content_type) == payload.kind, payload.kind


def test_at_most_four_fields_get_the_redos_ramp() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_probe_pins:contacts", cwd=checkout_root()) as url:
        result = scan(edge_config(url, ID)).result(ID)
    assert result.status is Status.PASS, result.evidence
    # the first four of email, phone, website, domain, host: each a pass item naming the curve it measured
    timed = [e.fingerprint.rsplit(":", 1)[1] for e in result.evidence if ":redos-ok:" in e.fingerprint]
    assert timed == ["email", "phone", "website", "domain"]
    assert all(e.status is Status.PASS for e in result.evidence)
