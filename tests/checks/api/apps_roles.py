"""A small restaurant API with roles (two customers, one employee), the flaws chosen by ``ROLES_MODE``:

- ``vulnerable``: any logged-in user may ``DELETE /menu/{item_id}`` (the employee check is missing) and
  ``DELETE /users/{username}`` (the admin check is missing; ``GET /users`` lists ``{"users": [...]}``);
  the employee-only ``PUT /menu`` fetches ``image_url`` (SSRF); ``GET /orders?limit=-1`` is a 500;
  ``GET /orders/search?q='`` answers 200 with the sqlite3 error text (the query is built by string).
- ``fixed``: the same routes done right: employee check on DELETE, no fetch, validated ``limit``,
  a parameterised query.

There is no ``/me`` route and the ids are slugs. Served with
``serve_app("tests.checks.api.apps_roles:app", env={"ROLES_MODE": ...}, health_path="/ready")``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from typing import Annotated, Any

import httpx
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

MODE = os.environ.get("ROLES_MODE", "vulnerable")
PASSWORD = os.environ.get("ROLES_PASSWORD", "launchready-demo")
USERS = {"carol@acme.test": "customer", "dave@acme.test": "customer", "alice@acme.test": "customer",
         "bob@globex.test": "customer", "erin@staff.test": "employee", "admin@staff.test": "admin"}
TOKENS: dict[str, str] = {}
MENU: dict[str, dict[str, Any]] = {slug: {"id": slug, "name": name, "price": price} for slug, name, price in (
    ("pancakes", "Pancakes", 6.5), ("omelette", "Omelette", 7.0), ("waffles", "Waffles", 5.5),
    ("toast", "Toast", 3.0))}
DB = sqlite3.connect(":memory:", check_same_thread=False)
DB.execute("create table orders (id integer primary key, owner text, dish text)")
DB.executemany("insert into orders (owner, dish) values (?, ?)",
               [("alice@acme.test", "pancakes"), ("bob@globex.test", "toast")])

app = FastAPI(title="Roles Lab")
bearer = HTTPBearer(auto_error=False)


def current(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> tuple[str, str]:
    user = TOKENS.get(creds.credentials) if creds else None
    if user is None:
        raise HTTPException(401, "not authenticated")
    return user, USERS[user]


User = Annotated[tuple[str, str], Depends(current)]


class Login(BaseModel):
    email: str
    password: str


if MODE == "fixed":

    class MenuItem(BaseModel):
        model_config = ConfigDict(extra="forbid")
        name: str = Field(max_length=100, pattern=r"^[\w .,'-]+$")
        price: float = Field(ge=0, le=1000)
        image_url: str | None = Field(default=None, max_length=500)

else:

    class MenuItem(BaseModel):  # type: ignore[no-redef]
        name: str
        price: float
        image_url: str | None = None


if MODE == "fixed":

    @app.exception_handler(RequestValidationError)
    def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Field names only: echoing the input back (FastAPI's default) fails on lone surrogates with a 500.
        fields = [".".join(str(p) for p in error.get("loc", ())) for error in exc.errors()]
        return JSONResponse({"detail": "invalid input", "fields": fields}, status_code=422)


@app.get("/ready")
def ready() -> dict[str, str]:
    return {"status": "ready"}


@app.post("/auth/login")
def login(body: Login) -> dict[str, str]:
    if body.email not in USERS or body.password != PASSWORD:
        raise HTTPException(401, "invalid email or password")
    token = secrets.token_urlsafe(16)
    TOKENS[token] = body.email
    return {"access_token": token}


@app.get("/menu")
def menu() -> list[dict[str, Any]]:
    return list(MENU.values())


@app.get("/menu/{item_id}")
def menu_item(item_id: str) -> dict[str, Any]:
    if item_id not in MENU:
        raise HTTPException(404, "no such item")
    return MENU[item_id]


@app.put("/menu", status_code=201)
def create_menu_item(item: MenuItem, user: User) -> dict[str, Any]:
    if user[1] != "employee":
        raise HTTPException(403, "employees only")
    if item.image_url and MODE == "vulnerable":
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(item.image_url, timeout=2.0)  # the flaw: any URL is fetched
    slug = item.name.lower().replace(" ", "-")[:40] or secrets.token_hex(4)
    MENU[slug] = {"id": slug, "name": item.name, "price": item.price}
    return MENU[slug]


@app.get("/users")
def users() -> dict[str, list[dict[str, str]]]:
    return {"users": [{"username": name} for name in USERS]}


@app.delete("/users/{username}", status_code=204)
def delete_user(username: str, user: User) -> None:
    if MODE == "fixed" and user[1] != "admin":
        raise HTTPException(403, "admins only")
    if username not in USERS:
        raise HTTPException(404, "no such user")
    del USERS[username]


@app.delete("/menu/{item_id}", status_code=204)
def delete_menu_item(item_id: str, user: User) -> None:
    if MODE == "fixed" and user[1] != "employee":
        raise HTTPException(403, "employees only")
    if item_id not in MENU:
        raise HTTPException(404, "no such item")
    del MENU[item_id]


if MODE == "vulnerable":

    @app.get("/orders")
    def orders(user: User, limit: int = 100) -> list[dict[str, Any]]:
        if limit < 0:
            raise ValueError("negative limit")  # the flaw: an unhandled error, a 500
        rows = DB.execute("select id, dish from orders where owner = ? limit ?", (user[0], limit)).fetchall()
        return [{"id": r[0], "dish": r[1]} for r in rows]

    @app.get("/orders/search")
    def search(user: User, q: str = "") -> dict[str, Any]:
        try:  # the flaw: the query is built by string, and the driver's error is returned
            rows = DB.execute(f"select id, dish from orders where owner = '{user[0]}' and dish like '%{q}%'").fetchall()
        except sqlite3.Error as exc:
            return {"results": [], "error": f"sqlite3.{type(exc).__name__}: {exc}"}
        return {"results": [{"id": r[0], "dish": r[1]} for r in rows]}

else:

    @app.get("/orders")
    def orders(user: User, limit: Annotated[int, Query(ge=0, le=1000)] = 100) -> list[dict[str, Any]]:
        rows = DB.execute("select id, dish from orders where owner = ? limit ?", (user[0], limit)).fetchall()
        return [{"id": r[0], "dish": r[1]} for r in rows]

    @app.get("/orders/search")
    def search(user: User, q: Annotated[str, Query(max_length=100)] = "") -> dict[str, Any]:
        rows = DB.execute("select id, dish from orders where owner = ? and dish like ?", (user[0], f"%{q}%")).fetchall()
        return {"results": [{"id": r[0], "dish": r[1]} for r in rows]}
