"""A product whose role field is free text (no enum in its schema): ``PUT /profile`` takes ``role``. The
leaky build lets a member set its own role to any word; the fixed one ignores the field. Three accounts by
token: alice and bob (members) and carol, a "Supervisor" — the role word the product gives out, which a
scan can only know by reading carol's own record."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel

TOKENS = {"tok-fr-alice": "alice", "tok-fr-bob": "bob", "tok-fr-carol": "carol"}


class ProfileIn(BaseModel):
    display_name: str | None = None
    role: str | None = None


def free_role_app(leaky: bool) -> FastAPI:
    app = FastAPI()
    users: dict[str, dict[str, Any]] = {
        "alice": {"username": "alice", "display_name": "Alice", "role": "member"},
        "bob": {"username": "bob", "display_name": "Bob", "role": "member"},
        "carol": {"username": "carol", "display_name": "Carol", "role": "Supervisor"}}

    def caller(request: Request) -> str:
        name = TOKENS.get(request.headers.get("authorization", "").removeprefix("Bearer "))
        if name is None:
            raise HTTPException(401, "log in")
        return name

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/profile")
    def profile(request: Request) -> dict[str, Any]:
        return users[caller(request)]

    @app.put("/profile")
    def update(body: ProfileIn, request: Request) -> dict[str, Any]:
        me = caller(request)
        if body.display_name is not None:
            users[me]["display_name"] = body.display_name
        if body.role is not None and leaky:
            users[me]["role"] = body.role
        return users[me]

    return app


leaky = free_role_app(leaky=True)
fixed = free_role_app(leaky=False)
