"""api.log-hygiene: canaries in the vulnerable example's log, none in the hardened one, and log sources."""

from __future__ import annotations

import re
from pathlib import Path

from launchready import scan
from launchready.config import LogSource
from launchready.lab.examples import RunningExample
from launchready.model import Status

ID = "api.log-hygiene"


def test_every_canary_is_found_in_the_vulnerable_log(vulnerable: RunningExample) -> None:
    r = scan(vulnerable.config(only=(ID,))).result(ID)
    assert r.status is Status.FAIL
    messages = {e.message for e in r.evidence}
    for kind in ("bearer token", "e-mail address", "prompt phrase", "reset link"):
        assert any(f"the {kind} canary" in m for m in messages), (kind, messages)
    bearer = next(e for e in r.evidence if "bearer token" in e.message)
    assert bearer.location.startswith(f"{vulnerable.log_path}:") and bearer.location.rsplit(":", 1)[1].isdigit()
    assert "GET /conversations" in bearer.message
    # the fake token is masked like a real one: a recognisable prefix, never the whole value
    assert "lr-canar" in bearer.detail and re.search(r"lr-canary-[0-9a-f]{12}-token", bearer.detail) is None


def test_hardened_log_holds_no_canary(hardened: RunningExample) -> None:
    r = scan(hardened.config(only=(ID,))).result(ID)
    assert r.status is Status.PASS, r.evidence
    assert "new bytes of" in r.summary and " 0 new bytes" not in r.summary


def test_a_command_log_source_is_read(vulnerable: RunningExample) -> None:
    config = vulnerable.config(only=(ID,))
    api = config.api.model_copy(update={"logs": LogSource(command=f"cat {vulnerable.log_path}")})
    r = scan(config.model_copy(update={"api": api})).result(ID)
    assert r.status is Status.FAIL and any("bearer token" in e.message for e in r.evidence)


def test_no_log_source_is_a_skip_and_an_unreadable_one_an_error(vulnerable: RunningExample, tmp_path: Path) -> None:
    config = vulnerable.config(only=(ID,))
    none = scan(config.model_copy(update={"api": config.api.model_copy(update={"logs": None})})).result(ID)
    assert none.status is Status.SKIP and "no log source declared" in none.summary
    missing = config.api.model_copy(update={"logs": LogSource(directory=tmp_path / "nope")})
    r = scan(config.model_copy(update={"api": missing})).result(ID)
    assert r.status is Status.ERROR and "does not exist" in r.summary


def test_a_log_that_did_not_grow_is_not_a_pass(vulnerable: RunningExample, tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.log"
    quiet.write_text("an old line\n")
    config = vulnerable.config(only=(ID,))
    api = config.api.model_copy(update={"logs": LogSource(file=quiet)})
    r = scan(config.model_copy(update={"api": api})).result(ID)
    assert r.status is Status.WARN, r.summary
    assert any(e.fingerprint == "api.log-hygiene:no-new-bytes" and e.location == str(quiet) for e in r.evidence)
