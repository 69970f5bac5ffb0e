"""repo.route-auth names a route as the project's "sign-in route" only on evidence of a sign-in step: it checks
the caller's credential, or mints a token, a JWT, a login session or an auth cookie. A handler that only calls some
``create_session`` (a conversation's session, an HTTP client's) signs no one in."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_APP = '''from fastapi import FastAPI

from .sessions import SessionManager
from .store import notes

app = FastAPI()


@app.put("/api/conversations/{conversation_id}")
async def create_conversation(conversation_id: str):
    session = SessionManager.create_session(conversation_id)
    return {"session_id": session.id}


@app.post("/api/notes")
async def add_note(body: dict):
    return await notes.insert(body)
'''
_SECURITY = '''def verify_token(token: str) -> dict:
    return decode(token)
'''
_LOGIN = '''

@app.post("/api/session/new")
async def sign_in(body: dict):
    user = await users.by_email(body["email"])
    return {"access_token": create_access_token(user.id)}
'''


def _files(app: str = _APP) -> dict[str, str]:
    return {"app/__init__.py": "", "app/main.py": app, "app/security.py": _SECURITY}


def test_a_route_that_opens_a_conversation_session_is_no_sign_in_route_but_one_minting_a_token_is(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, _files())
    notes = next(e for e in result.evidence if e.location == "app/main.py:15")
    assert notes.status is Status.WARN, notes
    assert notes.message.startswith("POST /api/notes: authentication undetermined"), notes.message
    assert "sign-in route" not in notes.message, notes.message
    assert "verify_token() (app/security.py:1)" in notes.message, notes.message
    assert not any("the sign-in route PUT /api/conversations" in e.message for e in result.evidence), result.evidence
    # the near miss: a route that mints a token is the sign-in route, named before the unconnected function
    minted = run_static(tmp_path / "minted", CHECK, _files(_APP + _LOGIN))
    notes = next(e for e in minted.evidence if e.location == "app/main.py:15")
    assert "the project authenticates with the sign-in route POST /api/session/new (app/main.py:20)" in notes.message
    assert "the sign-in route PUT" not in notes.message, notes.message
