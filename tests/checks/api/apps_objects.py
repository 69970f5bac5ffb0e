"""Purpose-built APIs for api.tenant-isolation on shapes our example does not have (``serve_app`` targets).

No ``/me`` (the caller's record is ``GET /profile``), books keyed by their title in a listing every
user sees (with an ``owner`` field), documents keyed by UUID in per-user listings (and readable by
``GET /documents/view?doc_id=``), a ``PUT /profile``
that takes the username in its body, a ``PATCH /profile`` that reads ``is_admin`` from the query
string, a ``PUT /account/role`` with a role enum, a sign-up that reads ``is_admin`` from its body, and
users keyed by username (``GET /users/{username}``, ``PUT /users/{username}/password``).

- ``leaky``: every one of those is a flaw (any title/UUID is served to anyone logged in, the body's
  username picks the record, the path's username picks whose password is set, the query flag, the role
  route and the sign-up raise the caller's own rights);
- ``isolated``: the same routes done right (404 outside one's own objects, the session picks the record,
  the query string is ignored, only an admin may set a role);
- ``empty``: a collection that lists nothing and cannot be created into: nothing to judge.
"""

from __future__ import annotations

import os
import uuid
from typing import Any, Literal

from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel

_SEED_DOCS = {"alice": "6f1c2a8e-4b7d-4c1e-9a3f-0d5e8b7c6a11", "bob": "0a9b8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d"}


def _user_of_email(email: str) -> str:
    return "alice" if email == os.environ.get("LR_TENANT_A_EMAIL") else "bob"


class BookIn(BaseModel):
    title: str
    secret: str


class DocumentIn(BaseModel):
    content: str


class ProfileIn(BaseModel):
    username: str
    display_name: str | None = None


class ProfilePatch(BaseModel):
    display_name: str | None = None


class PasswordIn(BaseModel):
    password: str


class SignupIn(BaseModel):
    email: str
    password: str
    display_name: str


class RoleIn(BaseModel):
    username: str
    role: Literal["member", "admin"]


def objects_app(leaky: bool) -> FastAPI:
    app = FastAPI()
    users: dict[str, dict[str, Any]] = {
        name: {"username": name, "display_name": f"{name.title()} Example-Name", "role": "member", "is_admin": False}
        for name in ("alice", "bob")}
    books: dict[str, dict[str, str]] = {
        "alice-launch-plan": {"owner": "alice", "secret": "ALICE-BOOK-CANARY-7731"},
        "bob-merger-notes": {"owner": "bob", "secret": "BOB-BOOK-CANARY-2290"}}
    documents: dict[str, dict[str, str]] = {
        _SEED_DOCS["alice"]: {"owner": "alice", "content": "ALICE-DOC-CANARY-5512 quarterly numbers"},
        _SEED_DOCS["bob"]: {"owner": "bob", "content": "BOB-DOC-CANARY-8843 supplier list"}}

    def caller(request: Request) -> str:
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer tok-obj-"):
            raise HTTPException(401, "log in")
        return auth.removeprefix("Bearer tok-obj-")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    signed_up: dict[str, str] = {}
    passwords = {"alice": os.environ.get("LR_TENANT_A_PASSWORD", ""), "bob": os.environ.get("LR_TENANT_B_PASSWORD", "")}

    @app.post("/auth/login")
    async def login(request: Request) -> dict[str, str]:
        body = await request.json()
        email = str(body.get("email", ""))
        if email in signed_up:
            if signed_up[email] != body.get("password"):
                raise HTTPException(401, "wrong password")
            return {"access_token": f"tok-obj-{email}"}
        name = _user_of_email(email)
        if passwords[name] != body.get("password"):
            raise HTTPException(401, "wrong password")
        return {"access_token": f"tok-obj-{name}"}

    @app.get("/users/{username}")
    def get_user(username: str, request: Request) -> dict[str, Any]:
        me = caller(request)
        if username not in users or (not leaky and username != me):
            raise HTTPException(404, "no such user")
        return users[username]

    @app.put("/users/{username}/password")
    def set_password(username: str, body: PasswordIn, request: Request) -> dict[str, str]:
        me = caller(request)
        target = username if leaky else me  # done right: the session's own account, whatever the path says
        if target not in passwords:
            raise HTTPException(404, "no such user")
        passwords[target] = body.password
        return {"status": "password updated"}

    @app.post("/auth/signup", status_code=201)
    async def signup(body: SignupIn, request: Request) -> dict[str, str]:
        raw = await request.json()
        signed_up[body.email] = body.password
        users[body.email] = {"username": body.email, "display_name": body.display_name, "role": "member",
                             "is_admin": bool(leaky and raw.get("is_admin") is True)}
        return {"status": "signed up"}

    @app.get("/profile")
    def profile(request: Request) -> dict[str, Any]:
        return {"status": "success", "data": users[caller(request)]}

    @app.put("/profile")
    def put_profile(body: ProfileIn, request: Request) -> dict[str, Any]:
        me = caller(request)
        target = body.username if leaky else me
        if target not in users:
            raise HTTPException(404, "no such user")
        if body.display_name:
            users[target]["display_name"] = body.display_name
        return users[target]

    @app.patch("/profile")
    def patch_profile(body: ProfilePatch, request: Request) -> dict[str, Any]:
        me = caller(request)
        if body.display_name:
            users[me]["display_name"] = body.display_name
        flag = request.query_params.get("is_admin")
        if leaky and flag is not None:
            users[me]["is_admin"] = flag.lower() == "true"
        return users[me]

    @app.put("/account/role")
    def put_role(body: RoleIn, request: Request) -> dict[str, Any]:
        me = caller(request)
        if not leaky and users[me]["role"] != "admin":
            raise HTTPException(403, "only an admin sets roles")
        if body.username not in users:
            raise HTTPException(404, "no such user")
        users[body.username]["role"] = body.role
        return users[body.username]

    @app.get("/books")
    def list_books(request: Request) -> dict[str, Any]:
        caller(request)
        return {"Books": [{"title": t, "owner": b["owner"]} for t, b in books.items()]}

    @app.post("/books")
    def add_book(body: BookIn, request: Request) -> dict[str, str]:
        books[body.title] = {"owner": caller(request), "secret": body.secret}
        return {"status": "success", "message": "Book has been added."}

    @app.get("/books/{title}")
    def get_book(title: str, request: Request) -> dict[str, str]:
        me = caller(request)
        book = books.get(title)
        if book is None or (not leaky and book["owner"] != me):
            raise HTTPException(404, "Book not found!")
        return {"title": title, **book}

    @app.get("/documents")
    def list_documents(request: Request) -> list[dict[str, str]]:
        me = caller(request)
        return [{"doc_id": k, "content": d["content"]} for k, d in documents.items() if d["owner"] == me]

    @app.post("/documents", status_code=201)
    def add_document(body: DocumentIn, request: Request) -> dict[str, str]:
        key = str(uuid.uuid4())
        documents[key] = {"owner": caller(request), "content": body.content}
        return {"doc_id": key, "content": body.content}

    @app.get("/documents/view")
    def view_document(doc_id: uuid.UUID, request: Request) -> dict[str, str]:
        return get_document(doc_id, request)

    @app.get("/documents/{doc_id}")
    def get_document(doc_id: uuid.UUID, request: Request) -> dict[str, str]:
        me = caller(request)
        doc = documents.get(str(doc_id))
        if doc is None or (not leaky and doc["owner"] != me):
            raise HTTPException(404, "no such document")
        return {"doc_id": str(doc_id), "content": doc["content"]}

    @app.get("/lab/state", include_in_schema=False)
    def state() -> dict[str, Any]:
        """What the scan left behind (the test reads it; not part of the product's API)."""
        return {"users": users, "passwords": passwords}

    return app


leaky = objects_app(leaky=True)
isolated = objects_app(leaky=False)

empty = FastAPI()


@empty.get("/health")
def empty_health() -> dict[str, str]:
    return {"status": "ok"}


@empty.post("/auth/login")
async def empty_login(request: Request) -> dict[str, str]:
    body = await request.json()
    return {"access_token": f"tok-obj-{_user_of_email(str(body.get('email', '')))}"}


@empty.get("/things")
def no_things() -> list[dict[str, str]]:
    return []


@empty.get("/things/{thing_id}")
def no_thing(thing_id: str) -> dict[str, str]:
    raise HTTPException(404, "no such thing")
