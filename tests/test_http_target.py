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

