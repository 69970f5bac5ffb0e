"""Tokens and the one dependency that authenticates every protected route."""

from __future__ import annotations

import time
import uuid
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .db import Db, User
from .settings import JWT_AUDIENCE, JWT_ISSUER, TOKEN_TTL_SECONDS

_bearer = HTTPBearer(auto_error=False)
_UNAUTHORIZED = HTTPException(401, "not authenticated", headers={"WWW-Authenticate": "Bearer"})


def issue_token(user_id: str, secret: str) -> str:
    now = int(time.time())
    claims = {"sub": user_id, "iss": JWT_ISSUER, "aud": JWT_AUDIENCE, "iat": now,
              "exp": now + TOKEN_TTL_SECONDS, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_token(token: str, secret: str) -> str:
    """The subject of a valid token; the algorithm is pinned and exp, iss and aud are required."""
    claims = jwt.decode(token, secret, algorithms=["HS256"], audience=JWT_AUDIENCE, issuer=JWT_ISSUER,
                        options={"require": ["exp", "iat", "sub", "iss", "aud"]})
    return str(claims["sub"])


def current_user(
    request: Request, conn: Db, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> User:
    """Authenticate the request; tenant and role come from the database, never from the token or body."""
    if credentials is None or not credentials.credentials:
        raise _UNAUTHORIZED
    try:
        subject = verify_token(credentials.credentials, request.app.state.settings.jwt_secret)
    except jwt.PyJWTError as exc:
        raise _UNAUTHORIZED from exc
    row = conn.execute("SELECT * FROM users WHERE id = ?", (subject,)).fetchone()
    if row is None:
        raise _UNAUTHORIZED
    user = User(row["id"], row["tenant_id"], row["email"], row["name"], row["role"])
    request.state.user_id = user.id
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_admin(user: CurrentUser) -> User:
    if user.role != "admin":
        raise HTTPException(403, "admin role required")
    return user


AdminUser = Annotated[User, Depends(require_admin)]
