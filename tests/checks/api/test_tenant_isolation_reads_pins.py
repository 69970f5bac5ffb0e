"""api.tenant-isolation's reads pinned item by item against two tenants' notes with one flaw per run
(``apps_tenancy_pins``): the peer read by path, the anonymous read of a sub-route, the read by query id,
a directory listing, no objects at all; each item's status, message, location and fingerprint, and the
check's status, summary and count of probes. Also what one answer carries of an owner's object."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from launchready import scan
from launchready.checks.api.tenant_isolation import UNDECIDED_HINT, _carries, _typed
from launchready.config import Config
from launchready.engines.tenant_session import Owned
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.exchanges import answer
from tests.checks.api.fixtures_tenancy import edge_config

ID = "api.tenant-isolation"
NOTES = "mass assignment not tested (no JSON creation route or unknown tenant ids); writes not tested " \
        "(--allow-destructive off)"
ACME, GLOBEX = "Acme quarterly forecast draft", "Globex supplier shortlist"


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[str]:
    with scan_credentials(), serve_app("tests.checks.api.apps_tenancy_pins:app", cwd=checkout_root(),
                                       env={"TENANCY_PIN_MODE": request.param}) as url:
        yield url


def _scan(url: str) -> Result:
    with scan_credentials():
        return scan(edge_config(url, ID)).result(ID)


def _items(result: Result) -> list[tuple[str, Status, str, str]]:
    return [(e.fingerprint, e.status, e.message, e.location) for e in result.evidence]


@pytest.mark.parametrize("served", ["isolated"], indirect=True)
def test_isolated_notes_pass_with_every_read_counted(served: str) -> None:
    result = _scan(served)
    assert result.evidence == ()
    assert result.status is Status.PASS
    assert result.summary == ("6 objects/routes probed in both directions (peer, anonymous, listings, query swap, "
                              f"mass assignment): no cross-tenant access ({NOTES})")
    assert result.metrics == {"probed": 6}  # item, history and lookup, each way


@pytest.mark.parametrize("served", ["peer-read"], indirect=True)
def test_a_note_any_tenant_can_read_by_its_id_fails_both_ways(served: str) -> None:
    result = _scan(served)
    route = "GET /notes/{note_id}"
    assert _items(result) == [
        (f"api.tenant-isolation:{route}:peer-read:tenant-a->tenant-b", Status.FAIL,
         f"tenant-b read tenant-a's object ({ACME}) by its note_id", route),
        (f"api.tenant-isolation:{route}:peer-read:tenant-b->tenant-a", Status.FAIL,
         f"tenant-a read tenant-b's object ({GLOBEX}) by its note_id", route)]
    detail = result.evidence[0].detail
    assert '-H "authorization: Bearer $LR_TENANT_A_TOKEN"' in detail  # the owner's read, then the peer's
    assert detail.endswith(f'/notes/311\n→ 200 {{"id":311,"tenant_id":1,"title":"{ACME}"}}')
    assert '-H "authorization: Bearer $LR_TENANT_B_TOKEN"' in detail
    assert result.status is Status.FAIL
    assert result.summary == f"2 cross-tenant access paths found ({NOTES})"


@pytest.mark.parametrize("served", ["anonymous-read"], indirect=True)
def test_a_sub_route_open_without_a_token_fails_as_a_peer_read_and_an_anonymous_read(served: str) -> None:
    result = _scan(served)
    route = "GET /notes/{note_id}/history"
    assert _items(result) == [
        (f"api.tenant-isolation:{route}:peer-read:tenant-a->tenant-b", Status.FAIL,
         f"tenant-b read tenant-a's object ({ACME}) by its note_id", route),
        (f"api.tenant-isolation:{route}:anonymous-read:tenant-a->anonymous", Status.FAIL,
         f"no token needed to read tenant-a's object ({ACME})", route),
        (f"api.tenant-isolation:{route}:peer-read:tenant-b->tenant-a", Status.FAIL,
         f"tenant-a read tenant-b's object ({GLOBEX}) by its note_id", route),
        (f"api.tenant-isolation:{route}:anonymous-read:tenant-b->anonymous", Status.FAIL,
         f"no token needed to read tenant-b's object ({GLOBEX})", route)]
    assert result.summary == f"4 cross-tenant access paths found ({NOTES})"


@pytest.mark.parametrize("served", ["query"], indirect=True)
def test_a_note_read_by_a_query_id_fails_naming_the_parameter(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [
        ("api.tenant-isolation:GET /lookup:query-id-note_id:tenant-a->tenant-b", Status.FAIL,
         f"tenant-b read tenant-a's object ({ACME}) by setting ?note_id=", "GET /lookup?note_id="),
        ("api.tenant-isolation:GET /lookup:query-id-note_id:tenant-b->tenant-a", Status.FAIL,
         f"tenant-a read tenant-b's object ({GLOBEX}) by setting ?note_id=", "GET /lookup?note_id=")]
    assert result.evidence[0].detail.endswith(f'/lookup?note_id=311\'\n→ 200 {{"id":311,"tenant_id":1,'
                                              f'"title":"{ACME}"}}')


@pytest.mark.parametrize("served", ["listing"], indirect=True)
def test_a_listing_that_names_each_records_tenant_is_a_directory_not_a_leak(served: str) -> None:
    result = _scan(served)
    assert result.evidence == ()
    assert result.status is Status.PASS
    assert result.summary.endswith("no cross-tenant access (GET /notes lists other users' records with their owner: "
                                   f"not judged as a leak; {NOTES})")


@pytest.mark.parametrize("served", ["no-notes"], indirect=True)
def test_no_object_of_either_tenant_is_undetermined_naming_what_would_decide(served: str) -> None:
    result = _scan(served)
    assert result.status is Status.WARN and result.evidence == ()
    assert result.summary == ("undetermined: no object of either tenant was found (no listing showed one as its own, "
                              f"nothing could be created); {UNDECIDED_HINT} ({NOTES})")
    assert UNDECIDED_HINT == ("set allow-destructive = true so the scan creates objects of its own, or point [api] "
                              "openapi at the API description so its object routes are known")


def test_one_tenant_is_a_skip_naming_the_config() -> None:
    config = Config.model_validate({"url": "http://127.0.0.1:9", "only": [ID],
                                    "api": {"tenants": [{"name": "tenant-a", "token-env": "LR_PIN_TOKEN"}]}})
    result = scan(config).result(ID)
    assert (result.status, result.summary) == (Status.SKIP, "two test tenants are needed ([[api.tenants]] × 2)")


def test_an_answer_carries_a_marker_canary_first_then_the_longest_else_the_key() -> None:
    obj = Owned("/notes", "/notes/311", "311", {"short-marker", "a-much-longer-marker", "lr-canary"})
    assert _carries(answer(200, "short-marker a-much-longer-marker lr-canary"), obj) == "lr-canary"
    assert _carries(answer(200, "short-marker a-much-longer-marker"), obj) == "a-much-longer-marker"
    assert _carries(answer(200, '{"id": 311, "title": "x"}'), obj) == "id 311"
    assert _carries(answer(200, '{"items": [{"id": "311"}]}'), obj) == "id 311"
    assert _carries(answer(200, '{"id": 312}'), obj) == ""
    assert _carries(answer(299, "lr-canary"), obj) == "lr-canary"
    for refused in (199, 300, 403, 404):
        assert _carries(answer(refused, "short-marker lr-canary"), obj) == ""
    long = Owned("/notes", "/notes/1", "1", {"x" * 100})
    assert _carries(answer(200, "x" * 100), long) == "x" * 80
    keyless = Owned("/notes", "/notes/", "", set())
    assert _carries(answer(200, '{"id": ""}'), keyless) == ""
    assert _carries(answer(200, '{"note_id": 311}'), Owned("/notes", "/n/311", "311", key_field="note_id")) == \
        "note_id 311"


def test_an_id_made_only_of_digits_is_sent_as_a_number() -> None:
    assert _typed("42") == 42 and _typed("t-42") == "t-42" and _typed("") == ""


@pytest.mark.parametrize("served", ["create", "create-200"], indirect=True)
def test_a_creation_route_that_keeps_the_callers_tenant_passes_mass_assignment(served: str) -> None:
    result = _scan(served)  # a creation answered 200 counts as much as one answered 201
    assert result.evidence == ()
    assert result.status is Status.PASS
    assert result.metrics == {"probed": 11}  # the created notes are read across tenants too
    assert result.summary == ("11 objects/routes probed in both directions (peer, anonymous, listings, query swap, "
                              "mass assignment): no cross-tenant access (writes not tested (--allow-destructive off))")


@pytest.mark.parametrize("served", ["create-from-body"], indirect=True)
def test_a_tenant_id_taken_from_the_body_is_mass_assignment(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [
        ("api.tenant-isolation:POST /notes:mass-assignment:tenant-a->tenant-b", Status.FAIL,
         "tenant_id taken from the request body: tenant-a created an object in tenant-b's tenant", "POST /notes")]
    detail = result.evidence[0].detail
    assert '"tenant_id":2' in detail and '"title":"lr-mass-lr-ti-' in detail  # the answer, then tenant-b's listing
    assert '-H "authorization: Bearer $LR_TENANT_B_TOKEN"' in detail
    assert result.summary == "1 cross-tenant access paths found (writes not tested (--allow-destructive off))"


@pytest.mark.parametrize("served", ["peer-read"], indirect=True)
def test_an_item_route_declared_public_is_not_read_across_tenants_and_says_so(served: str) -> None:
    with scan_credentials():
        result = scan(edge_config(served, ID, public=["GET /notes/{note_id}", "GET /health", "POST /auth/login"])
                      ).result(ID)
    assert result.evidence == () and result.status is Status.PASS
    assert result.summary == ("2 objects/routes probed in both directions (peer, anonymous, listings, query swap, "
                              "mass assignment): no cross-tenant access (GET /notes/{note_id} is declared public: "
                              f"reading it proves nothing; {NOTES})")
    assert result.metrics == {"probed": 2}  # the lookup by query id, each way


@pytest.mark.parametrize("served", ["silent-history"], indirect=True)
def test_a_route_that_never_answers_without_any_finding_is_an_error(served: str) -> None:
    result = _scan(served)
    assert result.status is Status.ERROR and result.evidence == ()
    # (how the transport words a closed connection is not this check's: only the route is pinned)
    assert result.summary.startswith("could not complete the isolation probes: GET /notes/311/history: ")


@pytest.mark.parametrize("served", ["peer-read-silent-history"], indirect=True)
def test_a_leak_found_before_a_route_stops_answering_still_fails_and_names_the_stop(served: str) -> None:
    result = _scan(served)
    # a lost request ends only its own group of probes: the other direction is still read, and leaks too
    assert [e.fingerprint for e in result.evidence] == [
        "api.tenant-isolation:GET /notes/{note_id}:peer-read:tenant-a->tenant-b",
        "api.tenant-isolation:GET /notes/{note_id}:peer-read:tenant-b->tenant-a"]
    assert result.status is Status.FAIL
    assert result.summary.startswith("2 cross-tenant access paths found (")
    assert "not judged: GET /notes/311/history: " in result.summary


@pytest.mark.parametrize("served", ["refused-subroutes"], indirect=True)
def test_the_summary_names_the_first_six_notes_only(served: str) -> None:
    result = _scan(served)
    assert result.status is Status.PASS
    skipped = [f"/notes/{n}/export{i}: owner's read answered 403, skipped" for n in (311, 622) for i in (1, 2, 3, 4)]
    # ten notes in all (eight refusals, mass assignment and writes not tested): the first six are shown
    assert result.summary.endswith(f"no cross-tenant access ({'; '.join(skipped[:6])})")


@pytest.mark.parametrize("served", ["create-listing"], indirect=True)
def test_a_listing_that_shows_every_tenants_created_notes_fails_as_a_listing_not_as_mass_assignment(
        served: str) -> None:
    result = _scan(served)
    items = _items(result)
    assert [(fingerprint, status, location) for fingerprint, status, _, location in items] == [
        ("api.tenant-isolation:GET /notes:peer-listing:tenant-b", Status.FAIL, "GET /notes"),
        ("api.tenant-isolation:GET /notes:peer-listing:tenant-a", Status.FAIL, "GET /notes")]
    # the object named is the one the scan created as the owner, with its nonce
    assert re.fullmatch(r"tenant-b's own listing contains tenant-a's object \(lr-ti-[0-9a-f]+-tenant-a\)", items[0][2])
    assert re.fullmatch(r"tenant-a's own listing contains tenant-b's object \(lr-ti-[0-9a-f]+-tenant-b\)", items[1][2])
    assert '-H "authorization: Bearer $LR_TENANT_B_TOKEN"' in result.evidence[0].detail
    # the mass-assignment note kept the owner's tenant (its answer says tenant_id 1): the peer sees it only
    # because the listing shows everything, which is no proof the body's tenant_id was taken
    assert result.status is Status.FAIL
    assert result.summary == "2 cross-tenant access paths found (writes not tested (--allow-destructive off))"
    assert result.metrics == {"probed": 7}


def _unlisted(status: int) -> Result:
    """The creation stores the note in the body's tenant_id, answers ``status``; no listing to look in."""
    with scan_credentials(), serve_app("tests.checks.api.apps_tenancy_pins:app", cwd=checkout_root(), env={
            "TENANCY_PIN_MODE": "create-from-body-unlisted", "TENANCY_CREATE_STATUS": str(status)}) as url:
        return scan(edge_config(url, ID)).result(ID)


@pytest.mark.parametrize("status", [200, 299])
def test_a_creation_answering_that_it_stored_the_peers_tenant_is_mass_assignment_without_a_listing(
        status: int) -> None:
    result = _unlisted(status)
    assert _items(result) == [
        ("api.tenant-isolation:POST /notes:mass-assignment:tenant-a", Status.FAIL,
         "tenant_id taken from the request body: tenant-a created an object in tenant-b's tenant", "POST /notes")]
    detail = result.evidence[0].detail
    assert f'→ {status} {{"id":904,"tenant_id":2,"title":"lr-mass-lr-ti-' in detail  # the answer says where it went
    assert "LR_TENANT_B_TOKEN" not in detail  # no listing of tenant-b's was read
    assert result.status is Status.FAIL


@pytest.mark.parametrize("status", [300, 500])
def test_a_creation_answered_with_a_redirect_or_a_server_error_tests_nothing(status: int) -> None:
    result = _unlisted(status)
    assert result.evidence == ()
    assert result.status is Status.WARN  # nothing could be created, nothing was compared: never a pass
    assert result.summary.endswith(f"(mass assignment not tested (POST /notes answered {status}); writes not tested "
                                   "(--allow-destructive off))")


def test_a_creation_refused_with_a_4xx_is_no_mass_assignment() -> None:
    result = _unlisted(422)
    assert result.evidence == () and result.status is Status.PASS
    assert result.metrics == {"probed": 1}


@pytest.mark.parametrize("served", ["create-no-id"], indirect=True)
def test_a_creation_that_does_not_say_the_new_objects_id_is_named_and_the_listed_notes_still_compared(
        served: str) -> None:
    result = _scan(served)
    assert result.evidence == () and result.status is Status.PASS
    assert result.summary == ("7 objects/routes probed in both directions (peer, anonymous, listings, query swap, "
                              "mass assignment): no cross-tenant access (POST /notes: the created object's note_id is "
                              "not in the answer; writes not tested (--allow-destructive off))")
    assert result.metrics == {"probed": 7}  # the two listed notes (item, history, lookup) and the mass assignment


def test_object_kinds_are_collections_with_one_item_route_under_them_never_the_root() -> None:
    from launchready.checks.api.tenant_isolation import _kinds
    from launchready.engines.inventory import ApiRoute, RouteInventory

    inv = RouteInventory(routes=(
        ApiRoute("GET", "/{slug}"),                          # a root catch-all: "/" is no collection
        ApiRoute("GET", "/notes"), ApiRoute("GET", "/notes/{note_id}"), ApiRoute("GET", "/notes/{note_id}/history"),
        ApiRoute("POST", "/notes"), ApiRoute("DELETE", "/notes/{note_id}"),
        ApiRoute("GET", "/files/{file_id}"), ApiRoute("POST", "/files"),   # no listing; the declared upload
        ApiRoute("GET", "/orgs/{org}/users/{user_id}"),      # two parameters: not an object kind
        ApiRoute("GET", "/search/{q}/more")))                # not ending in its parameter
    kinds = {k.collection: k for k in _kinds(inv, ("POST", "/files"))}
    assert sorted(kinds) == ["/files", "/notes"]
    notes, files = kinds["/notes"], kinds["/files"]
    assert (notes.item.path, notes.param.name, notes.subroutes, notes.listed) == (
        "/notes/{note_id}", "note_id", ["/notes/{note_id}/history"], True)
    assert notes.create is not None and notes.create.key == "POST /notes" and not notes.upload
    assert [w.key for w in notes.writes] == ["DELETE /notes/{note_id}"]
    assert (files.create, files.upload, files.listed) == (None, True, False)


@pytest.mark.parametrize("served", ["create-meta"], indirect=True)
def test_an_answer_carrying_only_a_created_objects_id_is_a_leak_and_every_created_object_is_deleted(
        served: str) -> None:
    result = _scan(served)
    route = "GET /notes/{note_id}/meta"
    # the meta answer holds no title, no nonce: only the id the creation answered, under its own key
    assert _items(result) == [
        (f"api.tenant-isolation:{route}:peer-read:tenant-a->tenant-b", Status.FAIL,
         "tenant-b read tenant-a's object (id 900) by its note_id", route),
        (f"api.tenant-isolation:{route}:peer-read:tenant-b->tenant-a", Status.FAIL,
         "tenant-a read tenant-b's object (id 901) by its note_id", route)]
    assert result.status is Status.FAIL
    # the two notes the scan created and its mass-assignment note (902) are all deleted again
    assert httpx.get(f"{served}/_left", trust_env=False).json() == []
