"""One app, one CORS policy per route, for the api.cors pins (``serve_app`` target ``...:app``).

Every route answers GET and a preflight OPTIONS alike; the policy depends only on the path:

- ``/reflect-credentials``: echoes any Origin, with ``Access-Control-Allow-Credentials: true``;
- ``/reflect``: echoes any Origin, no credentials;
- ``/wildcard-credentials``: ``*`` with credentials; ``/wildcard``: ``*`` alone;
- ``/evil-only``: echoes an Origin only when it contains ``evil`` (with credentials);
- ``/credentials-only``: ``Access-Control-Allow-Credentials: true`` and no allowed origin (Starlette's quirk);
- ``/clean``: no CORS header at all;
- ``/missing`` answers 404, ``/broken`` 500 (routes that say nothing about a CORS policy);
- ``/first-only``: reflects with credentials on the first request only (a preflight or a later GET is clean);
- ``/drop``, ``/drop2``, ``/drop3``: the connection closes without an answer to a GET;
- ``/drop-preflight``: a clean GET, but the connection closes without an answer to a preflight;
- ``/simple-headers-only``: a clean GET; a preflight is granted to any origin unless it asks for the
  ``Authorization`` header (what a credentialed API call needs);
- ``/private``: 401 without the token ``POST /auth/login`` hands out; with it, reflects any Origin with
  credentials (its preflight is clean).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

_served = {"first-only": 0}


def _headers(path: str, origin: str) -> dict[str, str]:
    name = path.strip("/")
    if name == "reflect-credentials" or (name == "evil-only" and "evil" in origin):
        return {"access-control-allow-origin": origin, "access-control-allow-credentials": "true"}
    if name == "first-only":
        _served["first-only"] += 1
        if _served["first-only"] == 1:
            return {"access-control-allow-origin": origin, "access-control-allow-credentials": "true"}
        return {}
    if name == "reflect":
        return {"access-control-allow-origin": origin}
    if name == "wildcard-credentials":
        return {"access-control-allow-origin": "*", "access-control-allow-credentials": "TRUE"}
    if name == "wildcard":
        return {"access-control-allow-origin": "*"}
    if name == "credentials-only":
        return {"access-control-allow-credentials": "true"}
    return {}


async def policy(request: Request) -> Response:
    path = request.url.path
    if path == "/missing":
        return JSONResponse({"detail": "Not Found"}, status_code=404)
    if path == "/broken":
        return JSONResponse({"detail": "boom"}, status_code=500)
    silent = request.method == "OPTIONS" if path == "/drop-preflight" else request.method == "GET"
    if path.startswith("/drop") and silent:
        # A header value with a leading space: h11 refuses to send it and uvicorn closes the connection.
        return Response(status_code=200, headers={"x-broken": " value"})
    headers = _headers(path, request.headers.get("origin", ""))
    if request.method == "OPTIONS":
        if path == "/simple-headers-only":
            asked = request.headers.get("access-control-request-headers", "").lower()
            if "authorization" not in asked:  # allow_headers=["content-type"], any origin
                headers = {"access-control-allow-origin": request.headers.get("origin", ""),
                           "access-control-allow-credentials": "true"}
        return Response(status_code=200, headers=headers)
    return JSONResponse({"items": [{"id": 1, "path": path}]}, headers=headers)


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def login(request: Request) -> Response:
    return JSONResponse({"access_token": "tok-1"})


async def private(request: Request) -> Response:
    if request.method == "OPTIONS":
        return Response(status_code=200)
    if request.headers.get("authorization") != "Bearer tok-1":
        return JSONResponse({"detail": "log in"}, status_code=401)
    origin = request.headers.get("origin", "")
    return JSONResponse({"items": []}, headers={"access-control-allow-origin": origin,
                                                "access-control-allow-credentials": "true"})


app = Starlette(routes=[Route("/health", health), Route("/auth/login", login, methods=["POST"]),
                        Route("/private", private, methods=["GET", "OPTIONS"]),
                        Route("/{name}", policy, methods=["GET", "OPTIONS"])])
