"""The shared HTTP target: one canary sink and one OpenAPI fetch per scan, and no packet off the allow-list."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from launchready.config import Config
from launchready.errors import TargetError
from launchready.targets.http import ApiTarget


class _SlowOpenApi(BaseHTTPRequestHandler):
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.paths.append(self.path)
        time.sleep(0.1)  # long enough for every caller to ask while the first fetch is in flight
        body = b'{"openapi": "3.1.0", "paths": {"/chat": {"post": {}}}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def api() -> Iterator[ApiTarget]:
    _SlowOpenApi.paths = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowOpenApi)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = ApiTarget(Config(url=f"http://127.0.0.1:{server.server_address[1]}"))
    try:
        yield target
    finally:
        target.close()
        server.shutdown()
        server.server_close()


def test_checks_asking_at_once_share_one_canary_sink(api: ApiTarget) -> None:
    with ThreadPoolExecutor(8) as pool:
        sinks = list(pool.map(lambda _: api.sink, range(8)))
    assert {id(s) for s in sinks} == {id(api.sink)}


def test_checks_asking_at_once_fetch_the_openapi_document_once(api: ApiTarget) -> None:
    with ThreadPoolExecutor(8) as pool:
        docs = list(pool.map(lambda _: api.openapi, range(8)))
    assert all(d is docs[0] for d in docs) and docs[0] is not None
    assert _SlowOpenApi.paths == ["/openapi.json"] and api.requests_sent == 1
    assert [op.key for op in api.operations] == ["POST /chat"]


@pytest.mark.parametrize("path", ["@evil.example/x", "\\@evil.example/x", ":80@evil.example/"])
def test_a_path_that_moves_the_host_is_refused_before_any_packet(api: ApiTarget, path: str) -> None:
    with pytest.raises(TargetError, match=r"refusing to send a request to evil\.example"):
        api.send("GET", path)
    assert _SlowOpenApi.paths == []


def test_a_path_the_client_cannot_parse_is_a_target_error_not_a_crash(api: ApiTarget) -> None:
    with pytest.raises(TargetError, match="InvalidURL"):
        api.send("GET", "/chat\t\n@x")
    assert _SlowOpenApi.paths == []


def test_an_unreachable_product_is_an_error_not_an_api_without_openapi() -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    target = ApiTarget(Config(url=f"http://127.0.0.1:{port}", api={"request-timeout": 2}))
    try:
        with pytest.raises(TargetError, match="cannot fetch the OpenAPI document"):
            _ = target.openapi
    finally:
        target.close()



class _CookieSetter(BaseHTTPRequestHandler):
    """`POST /login` sets a session cookie; `GET /private` says which cookie it was sent."""

    def _answer(self, body: bytes, cookie: str = "") -> None:
        self.send_response(200)
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self._answer(b"{}", "sid=tenant-a-session; Path=/; HttpOnly")

    def do_GET(self) -> None:
        self._answer(('{"cookie": "%s"}' % (self.headers.get("Cookie") or "")).encode())

    def log_message(self, format: str, *args: object) -> None:
        return


def test_a_cookie_one_answer_sets_never_rides_along_on_a_later_request() -> None:
    """The client is shared by every check and identity: a session cookie tenant A's login set must not be
    sent with the next probe (another tenant's, or the unauthenticated one)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CookieSetter)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = ApiTarget(Config(url=f"http://127.0.0.1:{server.server_address[1]}"))
    try:
        with target.probe(10, time.monotonic() + 30) as probe:
            login = probe.request("POST", "/login", json_body={})
            assert "sid=tenant-a-session" in login.headers.get("set-cookie", "")
            assert probe.request("GET", "/private").json() == {"cookie": ""}
    finally:
        target.close()
        server.shutdown()
        server.server_close()
