"""api.input-validation's ReDoS probe end to end, fast and load-proof: ``apps_redos_pins:timed_email`` answers
``aaaa…!`` ten times slower every four letters (a sleep, not a backtracking pattern), so the ramp stops at 23
characters in well under a second per field and the curve is the same on a loaded machine. Which fields get the
ramp (an e-mail field of a POST; a PUT only with allow-destructive, on the caller's own username), and each
finding's status, location, fingerprint and message."""

from __future__ import annotations

import re

import pytest

from launchready import scan
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Evidence, Status
from tests.checks.api.fixtures_tenancy import edge_config

ID = "api.input-validation"
CURVE = re.compile(r"^field 'email': answer time multiplies with each few characters of aaaaaa…! — a regular "
                   r"expression that backtracks \(ReDoS\): 15 chars \d+ ms, 19 chars \d+ ms, 23 chars \d+ ms "
                   r"\(again: \d+ ms\); the same length with the bad character first: \d+ ms$")


def _redos(destructive: bool, fault: str = "", **options: object) -> dict[str, Evidence]:
    with scan_credentials(), serve_app("tests.checks.api.apps_redos_pins:timed_email", cwd=checkout_root(),
                                       env={"TIMED_EMAIL_FAULT": fault}) as url:
        config = edge_config(url, ID, checks={ID: options}).model_copy(update={"allow_destructive": destructive})
        result = scan(config).result(ID)
    return {e.fingerprint.removeprefix(f"{ID}:"): e for e in result.evidence if ":redos" in e.fingerprint}


@pytest.mark.parametrize("destructive", [True, False])
def test_an_answer_time_that_multiplies_with_the_value_fails_at_each_route_probed(destructive: bool) -> None:
    found = _redos(destructive)
    routes = ["POST /subscribe", "PUT /users/{username}/email"] if destructive else ["POST /subscribe"]
    assert sorted(found) == [f"{route}:redos:email" for route in routes]
    for route in routes:
        evidence = found[f"{route}:redos:email"]
        assert evidence.status is Status.FAIL and evidence.location == route
        assert CURVE.match(evidence.message), evidence.message
        assert "→ 400" in evidence.detail  # the slow answer and the control shown


def test_a_value_still_unanswered_at_the_redos_timeout_counts_as_that_long() -> None:
    # 22 letters and more never answer in time: 0.7 s each, against ~16 ms at 18 letters, a fast control
    [evidence] = _redos(False, "hang", **{"redos-timeout-s": 0.7}).values()
    assert evidence.status is Status.FAIL and evidence.location == "POST /subscribe"
    assert evidence.fingerprint == f"{ID}:POST /subscribe:redos:email"
    assert re.search(r"15 chars \d+ ms, 19 chars \d+ ms, 23 chars 700 ms \(again: 700 ms\); the same length with "
                     r"the bad character first: \d+ ms$", evidence.message), evidence.message


def test_a_value_the_server_drops_twice_is_a_warning_that_the_probe_was_not_judged() -> None:
    [evidence] = _redos(False, "drop").values()
    assert evidence.status is Status.WARN and evidence.location == "POST /subscribe"
    assert evidence.fingerprint == f"{ID}:POST /subscribe:redos-unjudged:email"
    assert evidence.message.startswith("field 'email': the ReDoS probe was not judged (no answer: ")
