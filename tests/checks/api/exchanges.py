"""Answers as the HTTP target records them (:class:`launchready.targets.http.Exchange`), for the pins of the
checks' pure judging functions: one status, one set of headers, one body per case."""

from __future__ import annotations

from collections.abc import Mapping

from launchready.targets.http import Exchange


def answer(status: int, body: bytes | str = b"", headers: Mapping[str, str] | None = None, *,
           method: str = "GET", path: str = "/conversations", elapsed_ms: float = 5.0) -> Exchange:
    return Exchange(method, f"http://127.0.0.1:47400{path}", {}, "", status, dict(headers or {}),
                    body.encode() if isinstance(body, str) else body, elapsed_ms)
