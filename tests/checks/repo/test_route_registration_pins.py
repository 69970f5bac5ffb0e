"""Pin for repo.route-auth: FastAPI dispatches a method and path to its first registration, so a later,
unguarded handler for the same route in the same file is never reached and not judged."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

FIRST_GUARDED = ("from fastapi import FastAPI, Depends\napp = FastAPI()\n\n@app.get('/conversations')\n"
                 "def mine(user=Depends(require_user)):\n    return db.list(user)\n\n")
LATER_OPEN = "@app.get('/conversations')\ndef everyone():\n    return db.list_all()\n"


def test_a_later_fastapi_registration_of_a_guarded_route_is_not_judged(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": FIRST_GUARDED + LATER_OPEN})
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "2 route(s): 1 behind central auth, 0 declared public"


def test_the_same_unguarded_handler_alone_fails_at_its_line(tmp_path: Path) -> None:
    source = "from fastapi import FastAPI\napp = FastAPI()\n\n" + LATER_OPEN
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.message, e.location) for e in result.evidence] == [
        (Status.FAIL, "GET /conversations has no auth dependency", "main.py:4")]


def test_a_get_of_the_login_path_is_public_by_the_checks_own_default(tmp_path: Path) -> None:
    """The config's own default `[api] public` declares only `POST /auth/login`: a GET is public by the
    check's `/auth/login` pattern alone."""
    source = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/auth/login')\ndef login_form():\n    return {}\n"
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "1 route(s): 0 behind central auth, 1 declared public"
