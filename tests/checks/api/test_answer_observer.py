"""The scan-wide answer observer (engines/answer_observer.py) and api.cors's hostile origins, on real
exchanges built as the ApiTarget builds them: what is recorded, what is not, and how it is attached."""

from __future__ import annotations

from launchready.checks.api.cors import hostile_origins
from launchready.engines.answer_observer import PER_ROUTE, AnswerObserver, attach_answers
from launchready.engines.chat_observer import checking
from launchready.model import Evidence, Result, Status
from launchready.targets.http import Exchange

TOKEN = {"authorization": "Bearer tenant-a-token"}


def exchange(method: str, path: str, status: int, body: str = "{}", *, headers: dict[str, str] | None = None,
             sent: dict[str, str] | None = None, request_body: str = "") -> Exchange:
    return Exchange(method, f"http://127.0.0.1:9/{path.lstrip('/')}", sent or {}, request_body, status,
                    headers or {"content-type": "application/json"}, body.encode(), 3.0)


def observer() -> AnswerObserver:
    return AnswerObserver(lambda headers: headers.get("authorization") == TOKEN["authorization"])


def test_hostile_origins_are_built_from_the_front_end_the_domain_and_the_host() -> None:
    origins = hostile_origins("http://127.0.0.1:8000", ["https://app.shop.example"], "shop.example")
    assert {"https://evil.example", "null"} <= set(origins)
    assert "https://app.shop.example.evil.example" in origins  # suffix
    assert "https://evilapp.shop.example" in origins  # prefix: an unanchored ".*app.shop.example"
    assert "https://app.shopxexample" in origins  # the last dot unescaped
    assert "http://app.shop.example" in origins and "http://shop.example" in origins  # scheme downgrade
    assert "http://127.0.0.1" not in origins  # the target itself is plain http: no downgrade to build
    assert "https://app.shop.example" not in origins and "https://shop.example" not in origins


def test_a_banner_on_one_route_is_attributed_to_the_check_that_read_it() -> None:
    seen = observer()
    with checking("api.health"):
        seen.observe(exchange("GET", "/healthcheck", 200, headers={"x-powered-by": "Python 3.10, FastAPI 0.103",
                                                                    "x-content-type-options": "nosniff"}))
        seen.observe(exchange("GET", "/menu", 200, headers={"x-powered-by": "FastAPI",  # no version: no banner
                                                             "x-content-type-options": "nosniff"}))
    (sighting,) = seen.sightings()
    assert (sighting.proves, sighting.kind, sighting.route, sighting.source) == (
        "api.error-hygiene", "banner:x-powered-by", "GET /healthcheck", "api.health")


def test_error_bodies_are_read_for_leaks_but_not_echoes_nor_success_answers() -> None:
    seen = observer()
    trace = 'Traceback (most recent call last):\n  File "/app/main.py", line 3, in f'
    with checking("api.input-validation"):
        seen.observe(exchange("GET", "/orders", 500, trace))
        seen.observe(exchange("POST", "/files", 400, '{"detail": "bad name /srv/evil/x"}',
                              request_body='{"name": "/srv/evil/x"}'))  # the server echoed the probe
        seen.observe(exchange("GET", "/notes", 200, trace, headers={"x-content-type-options": "nosniff"}))
    kinds = {(s.kind, s.route) for s in seen.sightings()}
    assert ("leak:a Python traceback", "GET /orders") in kinds
    assert not any(route in ("POST /files", "GET /notes") for _, route in kinds)


def test_missing_headers_count_on_2xx_answers_and_no_store_only_on_a_tenants_answer() -> None:
    seen = observer()
    with checking("api.latency"):
        seen.observe(exchange("GET", "/profile", 200, sent=TOKEN, headers={"x-content-type-options": "nosniff"}))
        seen.observe(exchange("GET", "/catalog", 200, headers={"x-content-type-options": "nosniff"}))
        seen.observe(exchange("OPTIONS", "/profile", 200, headers={}))  # a preflight has no content to sniff
        seen.observe(exchange("GET", "/missing", 404, headers={}))
    assert [(s.kind, s.route, s.status) for s in seen.sightings()] == [("no-store", "GET /profile", Status.FAIL)]


def test_a_burst_costs_at_most_a_few_reads_per_route() -> None:
    reads = 0

    def counting(headers: object) -> bool:
        nonlocal reads
        reads += 1
        return False

    seen = AnswerObserver(counting)
    for _ in range(50):
        seen.observe(exchange("GET", "/profile", 200, headers={"x-content-type-options": "nosniff"}))
    assert reads == PER_ROUTE


def test_sightings_are_attached_once_after_the_checks_and_never_to_the_check_that_made_them() -> None:
    seen = observer()
    with checking("api.health"):
        seen.observe(exchange("GET", "/healthcheck", 200, headers={"server": "gunicorn/21.2.0",
                                                                    "x-content-type-options": "nosniff"}))
    with checking("api.error-hygiene"):
        seen.observe(exchange("GET", "/lr-not-a-route", 404, "Traceback (most recent call last):"))
    passed = Result("api.error-hygiene", Status.PASS, "9 provoked errors answered without internals")
    own_banner = Result("api.error-hygiene", Status.FAIL, "banners", (Evidence(
        Status.FAIL, "Server header carries versions", "POST /chat", fingerprint="api.error-hygiene:header:server"),))
    skipped = Result("api.error-hygiene", Status.SKIP, "not asked")
    attached, unchanged, still_skipped = attach_answers([passed, own_banner, skipped], seen.sightings())
    assert attached.status is Status.FAIL
    (evidence,) = attached.evidence  # its own traceback sighting is not repeated back to it
    assert evidence.location == "GET /healthcheck" and "Server: gunicorn/21.2.0" in evidence.message
    assert evidence.fingerprint == "api.error-hygiene:seen-elsewhere:banner:server"
    assert unchanged is own_banner and still_skipped is skipped


def test_a_catch_alls_answer_proves_nothing_about_the_route_that_was_asked() -> None:
    """A server that answers every path with the same 200 (a made-up path included): the missing headers
    of that answer are not facts about any route."""
    from launchready.targets.http import Exchange

    def exchange(path: str, auth: bool) -> Exchange:
        return Exchange("GET", f"http://127.0.0.1:1{path}", {"Authorization": "Bearer t"} if auth else {}, "",
                        200, {"content-type": "text/plain"}, b"A" * 64, 1.0)

    observer = AnswerObserver(lambda headers: "Authorization" in headers)
    observer.observe(exchange("/conversations", auth=True))
    assert {s.kind for s in observer.sightings()} == {"nosniff", "no-store"}
    observer.observe(exchange("/lr-no-such-route-0a1b2c3d", auth=False))
    assert observer.sightings() == ()
