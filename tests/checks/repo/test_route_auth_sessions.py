"""repo.route-auth on handlers that check the caller's signed session inline, handlers that only touch the caller's
own session, and what "the project authenticates with" may name (server code only)."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

_SERVER = '''from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="x")
router = APIRouter()


@router.post("/v1/chat")
async def chat(request: Request):
    if request.session.get("user_id") is None:
        raise HTTPException(status_code=401, detail="Login required")
    return await complete(await request.json())


@router.post("/v1/notes")
async def notes(request: Request):
    user = request.session.get("user")
    if not user:
        raise HTTPException(status_code=403)
    return save(user, await request.json())


@router.delete("/v1/session")
async def logout(request: Request):
    if request.session.get("session_id") is None:
        raise HTTPException(status_code=404, detail="No session found")
    request.session.pop("session_id")
    return JSONResponse(content={}, status_code=200)
'''
_WEBAUTHN = '''export const authenticate = async (id?: string) => {
  const credentialID = id ?? window.localStorage.getItem('credentialID')
  return navigator.credentials.get({ publicKey: { challenge: new Uint8Array(32) } })
}
'''


def test_an_inline_check_of_the_signed_session_is_a_hand_check_and_a_logout_has_nothing_to_guard(
        tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"app/server.py": _SERVER, "frontend/src/lib/webauthn.ts": _WEBAUTHN})
    assert at(result, Status.FAIL) == []
    assert result.evidence == () or not any("/v1/" in m for m in messages(result, Status.WARN)), result.evidence
    assert result.metrics["public"] == 1  # DELETE /v1/session
    # the chat check removed: it is open, and the frontend's authenticate() is never named as the project's guard
    open_chat = _SERVER.replace('    if request.session.get("user_id") is None:\n'
                                '        raise HTTPException(status_code=401, detail="Login required")\n', "")
    result = run_static(tmp_path / "b", CHECK, {"app/server.py": open_chat,
                                                "frontend/src/lib/webauthn.ts": _WEBAUTHN})
    assert not any("webauthn" in m for m in messages(result, Status.WARN) + messages(result, Status.FAIL))
    assert "app/server.py:10" in at(result, Status.WARN) + at(result, Status.FAIL)


def test_a_session_handler_that_does_more_than_touch_the_session_is_still_judged(tmp_path: Path) -> None:
    wipes = _SERVER.replace('    request.session.pop("session_id")\n',
                            '    request.session.pop("session_id")\n    db.drop_all()\n')
    result = run_static(tmp_path / "a", CHECK, {"app/server.py": wipes})
    assert "app/server.py:25" in at(result, Status.WARN) + at(result, Status.FAIL)


_OWN = '''from fastapi import APIRouter, HTTPException, Request

router = APIRouter()


@router.post("/v1/login")
async def login(request: Request):
    user = authenticate(await request.json())
    if user is None:
        raise HTTPException(status_code=401)
    request.session["user_id"] = user.id
    return {}


@router.post("/v1/vote")
async def vote(request: Request):
    return Vote.create(user_id=request.session["user_id"], vote=(await request.json())["vote"])


@router.get("/v1/session")
async def get_session(request: Request):
    session_id = request.session.get("session_id")
    if session_id is None:
        raise HTTPException(status_code=404)
    return session_store.get(session_id)
'''


def test_a_session_key_read_by_subscript_refuses_callers_without_one_and_a_session_read_is_never_sure(
        tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"app/server.py": _OWN})
    assert at(result, Status.FAIL) == []
    assert messages(result, Status.WARN) == [
        "GET /v1/session has no auth dependency — it reads its caller's signed session (request.session.get) and "
        "answers no 401/403 on it: confirm it serves only the caller's own session, or declare it in [api] public"]
    # the vote reading its user from the body instead: nothing refuses, it is judged unauthenticated
    open_vote = _OWN.replace('request.session["user_id"]', '(await request.json())["user_id"]')
    result = run_static(tmp_path / "b", CHECK, {"app/server.py": open_vote})
    assert "app/server.py:15" in at(result, Status.WARN) + at(result, Status.FAIL)
    assert result.metrics["hand_auth"] == 0
