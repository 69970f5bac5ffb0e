"""Cross-cutting defences: body size limit, security headers, access log, log redaction, login throttle."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections import defaultdict, deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("acme_assist")

_REDACTIONS = (
    (re.compile(r"(?i)bearer\s+[\w.~+/=-]+"), "Bearer [REDACTED]"),
    (re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]*"), "[JWT]"),
    (re.compile(r"(?i)(token|password|secret|key)=[^&\s\"']+"), r"\1=[REDACTED]"),
    (re.compile(r"\b(?:sk|rk|pk|whsec)[-_][\w-]{8,}"), "[SECRET]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[EMAIL]"),
)


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Scrubs tokens, secrets, reset links and e-mail addresses from every record, message and fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        fields = getattr(record, "extra_fields", None)
        if isinstance(fields, dict):
            record.extra_fields = {k: redact(v) if isinstance(v, str) else v for k, v in fields.items()}
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": self.formatTime(record), "level": record.levelname, "msg": record.getMessage()}
        entry.update(getattr(record, "extra_fields", {}))
        return json.dumps(entry, default=str)


def configure_logging(path: str) -> None:
    if not log.handlers:
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(JsonLines())
        handler.addFilter(RedactingFilter())
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


async def _send_json(send: Send, status: int, body: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
        (b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": payload})


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """413 for bodies over the limit, declared (Content-Length) or streamed (chunked)."""

    def __init__(self, app: ASGIApp, *, default_limit: int, upload_limit: int) -> None:
        self.app = app
        self.default_limit = default_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit + 16 * 1024 if scope["path"] == "/files" else self.default_limit
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _send_json(send, 413, {"detail": f"request body larger than {limit} bytes"})
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_json(send, 413, {"detail": f"request body larger than {limit} bytes"})


class SecurityHeaders:
    """nosniff everywhere, no-store on API responses, HSTS on https, frame protection on HTML; an access log
    line per request (method, path, status, duration, request id: never headers or bodies)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        status = 500

        async def secured_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"server",)]
                names = {k.lower() for k, _ in headers}
                headers += [(b"x-content-type-options", b"nosniff"), (b"x-request-id", request_id.encode()),
                            (b"referrer-policy", b"no-referrer")]
                if not scope["path"].startswith("/assets/") and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                if scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    headers += [(b"x-frame-options", b"DENY"), (b"content-security-policy",
                                                                 b"default-src 'self'; frame-ancestors 'none'")]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, secured_send)
        finally:
            log.info("request", extra={"extra_fields": {
                "method": scope["method"], "path": scope["path"], "status": status, "request_id": request_id,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1)}})


class LoginThrottle:
    """Per-account limit on failed logins (the per-IP limit is slowapi's)."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 900) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, account: str) -> int:
        """Seconds until ``account`` may try again; 0 when it may try now."""
        now = time.monotonic()
        with self._lock:
            failures = self._failures[account.lower()]
            while failures and failures[0] < now - self.window:
                failures.popleft()
            return int(failures[0] + self.window - now) + 1 if len(failures) >= self.max_failures else 0

    def failed(self, account: str) -> None:
        with self._lock:
            self._failures[account.lower()].append(time.monotonic())
