"""A purpose-built bookshop API in the shape of APIs we did not write: no ``/me``, objects keyed by
title, login at ``/users/v1/login`` answering ``{"auth_token": …}``, tokens signed with
``GENERAL_SECRET`` (a dictionary word by default). The login's failures follow ``GENERAL_LOGIN``:

- ``identical``: both failures answer 200 ``{"status": "fail", …}`` with a fresh request id and time;
- ``different``: "Username does not exist" versus "Password is not correct for the given username.";
- ``timing``: identical answers, but a known user's wrong password takes 250 ms longer (hashing only
  for accounts that exist).

Served with ``serve_app("tests.checks.api.apps_general:app", env={...}, health_path="/ready")``.
"""

from __future__ import annotations

import datetime
import os
import time
import uuid
from typing import Any

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

SECRET = os.environ.get("GENERAL_SECRET", "random")
LOGIN = os.environ.get("GENERAL_LOGIN", "identical")
USERS = {"name1": "pass1-for-the-lab", "name2": "pass2-for-the-lab"}
BOOKS = {"bookTitle77": ("name1", "secret for name1"), "bookTitle12": ("name2", "secret for name2")}

FAILED_LOGINS: dict[str, int] = {}  # known account → wrong passwords received (read by the tests)

app = FastAPI(title="Lab Bookshop")
bearer = HTTPBearer(auto_error=False)


def user(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:  # noqa: B008
    if credentials is None:
        raise HTTPException(401, "missing token")
    try:
        claims = jwt.decode(credentials.credentials, SECRET, algorithms=["HS256"])
    except jwt.PyJWTError as exc:
        raise HTTPException(401, "invalid token") from exc
    return str(claims["sub"])


@app.get("/ready", include_in_schema=False)
def ready() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/lab/failed-logins", include_in_schema=False)
def failed_logins() -> dict[str, int]:
    return FAILED_LOGINS


def _refusal() -> dict[str, Any]:
    return {"status": "fail", "message": "Username or Password Incorrect!", "request_id": str(uuid.uuid4()),
            "time": datetime.datetime.now(datetime.UTC).isoformat()}


@app.post("/users/v1/login")
def login(body: dict[str, Any]) -> dict[str, Any]:
    name, password = str(body.get("username", "")), str(body.get("password", ""))
    if USERS.get(name) == password:
        claims = {"sub": name, "exp": int(time.time()) + 3600}
        return {"auth_token": jwt.encode(claims, SECRET, algorithm="HS256"), "status": "success"}
    if name in USERS:
        FAILED_LOGINS[name] = FAILED_LOGINS.get(name, 0) + 1
    if LOGIN == "different":
        message = "Password is not correct for the given username." if name in USERS else "Username does not exist"
        return {"status": "fail", "message": message}
    if LOGIN == "timing" and name in USERS:
        time.sleep(0.25)
    return _refusal()


@app.get("/books/v1")
def books(who: str = Depends(user)) -> dict[str, Any]:
    return {"books": [{"book_title": t, "user": o} for t, (o, _) in BOOKS.items()]}


@app.get("/books/v1/{book_title}")
def book(book_title: str, who: str = Depends(user)) -> dict[str, Any]:
    owner, secret = BOOKS.get(book_title, ("", ""))
    if owner != who:
        raise HTTPException(404, "no such book")
    return {"book_title": book_title, "owner": owner, "secret": secret}
