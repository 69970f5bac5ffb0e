"""The shared client's socket layer and body reader: where packets may go, when a request ends, how
much a body may cost — each against a real server on loopback (or real compressed bytes)."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from launchready.config import Config
from launchready.errors import TargetError
from launchready.lab.hostile_servers import serve_hostile
from launchready.targets.bounded_body import IncompleteBody, read_body
from launchready.targets.http import ApiTarget
from launchready.targets.wire import addresses_for

LIMIT = 2 * 1024 * 1024


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every host name this test asked the resolver about."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def recording(host: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(host.decode() if isinstance(host, bytes) else str(host))
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recording)
    yield asked


def test_localhost_localdomain_is_refused_before_any_name_lookup(lookups: list[str]) -> None:
    with pytest.raises(TargetError, match=r"refusing to probe localhost\.localdomain"):
        ApiTarget(Config(url="http://localhost.localdomain:9/"))
    assert lookups == []


def test_localhost_is_reached_without_asking_the_resolver(lookups: list[str]) -> None:
    with serve_hostile("errors") as url:
        port = url.rsplit(":", 1)[1]
        api = ApiTarget(Config(url=f"http://localhost:{port}"))
        try:
            answer = api.send("GET", "/anything")
        finally:
            api.close()
    assert (answer.status, answer.body) == (500, b"Internal Server Error")
    assert "localhost" not in lookups


@pytest.mark.parametrize(("host", "staging", "allowed"), [
    ("127.0.0.1", (), ("127.0.0.1",)),
    ("[::1]", (), ("::1",)),
    ("127.8.9.10", (), ("127.8.9.10",)),
    ("LOCALHOST", (), ("127.0.0.1", "::1")),
    ("localhost.localdomain", (), ()),
    ("localhost.", (), ()),
    ("ip6-localhost", (), ()),
    ("10.0.0.1", (), ()),
    ("staging.example.test", (), ()),
    ("Staging.Example.test", ("staging.example.test",), ("staging.example.test",)),
])
def test_connections_go_only_to_loopback_literals_localhost_and_declared_staging(
        host: str, staging: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    assert addresses_for(host, staging) == allowed


def test_a_server_dripping_a_byte_a_second_is_cut_at_the_total_deadline() -> None:
    with serve_hostile("drip") as url:
        api = ApiTarget(Config.model_validate({"url": url, "api": {"request-timeout": 1.5}}))
        started = time.monotonic()
        try:
            with pytest.raises(TargetError, match=r"GET /health: no complete answer within 1.5s \(the request's "
                                                  r"total timeout"):
                api.send("GET", "/health")
        finally:
            api.close()
    assert time.monotonic() - started < 3.0  # httpx's own read timeout restarts with every byte


def _response(body: bytes, encoding: str | None) -> httpx.Response:
    headers = {"Content-Encoding": encoding} if encoding else {}
    return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))


def test_a_gzip_bomb_is_cut_while_inflating_not_after() -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join([packer.compress(bytes(1024 * 1024)) for _ in range(64)] + [packer.flush()])
    tracemalloc.start()
    try:
        body, cut = read_body(_response(bomb, "gzip"), LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (len(body), cut) == (LIMIT, "the gzip body inflates to more than 2048 kB")
    assert peak < 4 * LIMIT  # 64 MB inflated at once before the fix


def test_a_compressed_body_within_the_cap_is_read_whole() -> None:
    body = b'{"items": [' + b'{"id": 1},' * 5000 + b'{"id": 2}]}'
    assert read_body(_response(gzip.compress(body), "gzip"), LIMIT) == (body, "")
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert read_body(_response(raw_deflate.compress(body) + raw_deflate.flush(), "deflate"), LIMIT) == (body, "")
    assert read_body(_response(zlib.compress(body), "deflate"), LIMIT) == (body, "")
    assert read_body(_response(body, None), LIMIT) == (body, "")


def test_a_body_over_the_cap_keeps_its_start_and_says_it_was_cut() -> None:
    body, cut = read_body(_response(b"A" * (LIMIT + 10), None), LIMIT)
    assert (body, cut) == (b"A" * LIMIT, "the body is larger than 2048 kB")


@pytest.mark.parametrize(("body", "encoding", "reason"), [
    (b"\x1f\x8b not really gzip", "gzip", "the gzip body does not decode"),
    (b"whatever", "br", "Content-Encoding br is not one the scan decodes"),
    (gzip.compress(gzip.compress(b"{}", mtime=0), mtime=0), "gzip, gzip", "Content-Encoding gzip, gzip is not one the scan decodes"),
])
def test_a_body_that_cannot_be_decoded_is_not_an_answer(body: bytes, encoding: str | None,
                                                                reason: str) -> None:
    with pytest.raises(IncompleteBody, match=reason):
        read_body(_response(body, encoding), LIMIT)


def test_a_50_kb_version_banner_is_a_finding_with_bounded_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    from launchready import scan

    monkeypatch.setenv("LR_BANNER_TOKEN", "token-0123456789")
    with serve_hostile("long-banner") as url:
        started = time.monotonic()
        result = scan(Config.model_validate({
            "url": url, "only": ["api.error-hygiene"], "check-timeout": 20,
            "api": {"tenants": [{"name": "a", "token-env": "LR_BANNER_TOKEN"}]},
        })).result("api.error-hygiene")
    assert time.monotonic() - started < 10
    banner = next(e for e in result.evidence if e.fingerprint == "api.error-hygiene:header:server")
    assert banner.status.value == "fail"
    assert banner.message.startswith("Server header carries versions: Server: lr-httpd/1.0 xxx")
    assert len(banner.message) < 300 and len(banner.detail) < 400


def test_https_to_localhost_verifies_the_certificate_for_localhost(tmp_path: Any, lookups: list[str]) -> None:
    from launchready.lab.tls import Pki, Reply, WebServer

    pki = Pki()
    chain, key = pki.leaf(["localhost"]).write(tmp_path, "leaf")
    with WebServer(default=Reply(200, (("Content-Type", "application/json"),), b'{"ok": true}'),
                   tls=(chain, key)) as server:
        config = Config.model_validate({"url": f"https://localhost:{server.port}",
                                        "ca-file": str(pki.write_root(tmp_path))})
        api = ApiTarget(config)
        try:
            answer = api.send("GET", "/me")
        finally:
            api.close()
    assert (answer.status, answer.json()) == (200, {"ok": True})
    assert "localhost" not in lookups
