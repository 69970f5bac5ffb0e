"""A small API with exactly one authentication flaw, chosen by ``AUTH_PIN_MODE`` (for the api.auth-required pins;
``serve_app("tests.checks.api.apps_auth_pins:app", env={"AUTH_PIN_MODE": ...})``).

Opaque bearer tokens (``tok-1``, ``tok-2``, not JWTs). ``GET /invoices``, ``GET /invoices/{invoice_id}``,
``DELETE /invoices/{invoice_id}``, the POST-only ``POST /exports`` and ``GET /notes`` are protected;
``GET /health``, ``POST /auth/login``, ``POST /auth/reset`` and ``GET /openapi.json`` are public. Modes:

- ``clean``: every protected route answers 401 to anything but a real token; login and reset answer alike;
- ``open``: ``GET /invoices`` answers 200 with data to anyone;
- ``open-item``: ``GET /invoices/{invoice_id}`` answers anyone for the real id (7) and 404 for any other;
- ``open-export``: the POST-only ``POST /exports`` answers 202 to anyone;
- ``any-token``: ``GET /invoices`` takes any Authorization header at its word (none is still refused), and says how
  long the header it took was;
- ``redirect``: ``GET /invoices`` redirects to ``/home`` without credentials; ``GET /notes`` to ``/login``;
- ``validation``: ``GET /invoices`` answers 422 before looking at credentials;
- ``debug``: ``GET /debug/vars`` and ``GET /redoc`` answer 200 to anyone;
- ``catch-all``: every unknown path answers 200 with the same page (so ``/debug/vars`` says nothing);
- ``catch-all-near``: the catch-all, plus ``/debug/pprof/`` (same type, 64 characters longer), ``/_debug`` (65
  longer) and ``/env`` (JSON of about the same length);
- ``login-status``: login answers 404 to an unknown user and 401 to a wrong password;
- ``login-token``: login hands out a token for any password;
- ``reset``: the reset request answers an unknown address differently from a known one;
- ``timing-429``: a known user's wrong password takes 300 ms longer; from the third wrong password on, 429;
- ``reset-429``: the reset request answers 429; ``reset-429-known``: only for a known address (the second request);
- ``login-429``: login answers 429 to every wrong password;
- ``silent-garbage``: a protected route closes the connection, without an answer, on a made-up token;
- ``login-silent``: login closes the connection on the scan's wrong passwords (a real login works);
- ``reset-silent``: the reset request closes the connection.
"""

from __future__ import annotations

import asyncio
import os

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

MODE = os.environ.get("AUTH_PIN_MODE", "clean")
_wrong = {"n": 0}
app = FastAPI(title="Pins Auth App", docs_url=None, redoc_url=None)


def _users() -> dict[str, str]:
    return {os.environ.get("LR_TENANT_A_EMAIL", "a@x.test"): "1", os.environ.get("LR_TENANT_B_EMAIL", "b@x.test"): "2"}


class _Drop(Exception):
    """Answered by closing the connection (see ``_dropped``)."""


@app.exception_handler(_Drop)
async def _dropped(request: Request, exc: _Drop) -> Response:
    # A header value with a leading space: h11 refuses to send it and uvicorn closes the connection.
    return JSONResponse({}, headers={"x-broken": " value"})


def _caller(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth in ("Bearer tok-1", "Bearer tok-2"):
        return auth[-1]
    if MODE == "silent-garbage" and auth.startswith("Bearer lr-garbage-"):
        raise _Drop
    raise HTTPException(401, "log in")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/auth/login")
async def login(request: Request) -> Response:
    body = await request.json()
    email, password = str(body.get("email", "")), str(body.get("password", ""))
    users = _users()
    if MODE == "timing-429" and password.startswith("lr-wrong-"):
        _wrong["n"] += 1
        if _wrong["n"] > 2:
            return JSONResponse({"detail": "slow down"}, status_code=429)
        if email in users:
            await asyncio.sleep(0.3)  # a password hash only for known users
    if MODE == "login-silent" and password.startswith("lr-wrong-"):
        raise _Drop
    if MODE == "login-429" and password.startswith("lr-wrong-"):  # the scan's wrong passwords
        return JSONResponse({"detail": "slow down"}, status_code=429, headers={"retry-after": "60"})
    if email in users and (password == os.environ.get(
            "LR_TENANT_A_PASSWORD" if users[email] == "1" else "LR_TENANT_B_PASSWORD") or MODE == "login-token"):
        return JSONResponse({"access_token": f"tok-{users[email]}"})
    if MODE == "login-status" and email not in users:
        return JSONResponse({"detail": "invalid email or password"}, status_code=404)
    return JSONResponse({"detail": "invalid email or password"}, status_code=401)


@app.post("/auth/reset")
async def reset(request: Request) -> Response:
    body = await request.json()
    if MODE == "reset-silent":
        raise _Drop
    if MODE == "reset-429" or (MODE == "reset-429-known" and str(body.get("email", "")) in _users()):
        return JSONResponse({"detail": "slow down"}, status_code=429)
    if MODE == "reset" and str(body.get("email", "")) not in _users():
        return JSONResponse({"detail": "no account with that address"})
    return JSONResponse({"detail": "if the address has an account, a link is on its way"})


@app.get("/invoices")
def invoices(request: Request) -> Response:
    if MODE == "open":
        return JSONResponse([{"id": 7, "total": 120}])
    if MODE == "any-token" and request.headers.get("authorization") is not None:
        return JSONResponse([{"id": 7, "total": 120, "token_length": len(request.headers["authorization"])}])
    if MODE == "redirect" and "authorization" not in request.headers:
        return RedirectResponse("/home", status_code=302)
    if MODE == "validation":
        return JSONResponse({"detail": "field required: page"}, status_code=422)
    _caller(request)
    return JSONResponse([{"id": 7, "total": 120}])


@app.get("/invoices/{invoice_id}")
def invoice(invoice_id: int, request: Request) -> Response:
    if MODE == "open-item" and invoice_id == 7:  # only a real id shows the flaw
        return JSONResponse({"id": 7, "total": 120})
    _caller(request)
    if invoice_id != 7:
        raise HTTPException(404, "no such invoice")
    return JSONResponse({"id": 7, "total": 120})


@app.delete("/invoices/{invoice_id}")
def delete_invoice(invoice_id: int, request: Request) -> Response:
    _caller(request)
    return Response(status_code=204)


@app.post("/exports")
def export(request: Request) -> Response:
    if MODE == "open-export":
        return JSONResponse({"export": "queued"}, status_code=202)
    _caller(request)
    return JSONResponse({"export": "queued"}, status_code=202)


@app.get("/notes")
def notes(request: Request) -> Response:
    if MODE == "redirect" and "authorization" not in request.headers:
        return RedirectResponse("/login?next=/notes", status_code=302)
    return JSONResponse([{"id": 1, "owner": _caller(request)}])


@app.get("/debug/vars", include_in_schema=False)
def debug_vars() -> Response:
    if MODE != "debug":
        raise HTTPException(404, "Not Found")
    return JSONResponse({"uptime": 12, "goroutines": 3})


@app.get("/redoc", include_in_schema=False)
def redoc() -> Response:
    if MODE != "debug":
        raise HTTPException(404, "Not Found")
    return PlainTextResponse("<html>ReDoc</html>")


CATCH_ALL_PAGE = "<html>the web app</html>"  # 24 characters

if MODE == "catch-all-near":
    # Same type as the catch-all page: up to 64 characters longer is still "the same page", 65 is not.
    @app.get("/debug/pprof/", include_in_schema=False)
    def near() -> Response:
        return PlainTextResponse("p" * (len(CATCH_ALL_PAGE) + 64))

    @app.get("/_debug", include_in_schema=False)
    def beyond() -> Response:
        return PlainTextResponse("q" * (len(CATCH_ALL_PAGE) + 65))

    @app.get("/env", include_in_schema=False)
    def other_type() -> Response:
        return JSONResponse({"p": "x" * 10})  # another content type, about as long: a real answer

if MODE in ("catch-all", "catch-all-near"):

    @app.get("/{path:path}", include_in_schema=False)
    def anything(path: str) -> Response:
        return PlainTextResponse(CATCH_ALL_PAGE)
