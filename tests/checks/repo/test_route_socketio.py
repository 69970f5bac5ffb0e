"""route-auth on socket.io servers: each ``io.on("connection")`` handler is a route (``/socket.io/*``, or the
server's ``path`` option); ``io.use`` middleware that reads the handshake's credential and refuses with
``next(new Error(…))`` authenticates it, any other ``io.use`` leaves it undetermined; with neither, a client that
connects reaches whatever the handler does."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

_SERVER = ("import { createServer } from 'http';\nimport { Server } from 'socket.io';\n\n"
           "const httpServer = createServer();\nconst io = new Server(httpServer, { cors: { origin: '*' } });\n"
           "MIDDLEWARE\n"
           "io.on('connection', (socket) => {\n  socket.on('chat', async (msg) => {\n"
           "    const answer = await openai.chat.completions.create({ model: 'gpt-4o', messages: [msg] });\n"
           "    socket.emit('answer', answer);\n  });\n});\n\nhttpServer.listen(3000);\n")


def test_a_socketio_connection_handler_with_no_middleware_is_an_open_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"server.ts": _SERVER.replace("MIDDLEWARE\n", "")})
    assert messages(result, Status.FAIL) == ["ANY /socket.io/* has no auth dependency"]
    assert at(result, Status.FAIL) == ["server.ts:6"]


def test_socketio_middleware_that_refuses_authenticates_and_other_middleware_is_undetermined(tmp_path: Path) -> None:
    checked = ("io.use(rateLimiter);\nio.use(async (socket, next) => {\n  const token = socket.handshake.auth.token;\n"
               "  if (!token || !(await verifyToken(token))) return next(new Error('unauthorized'));\n  next();\n});\n")
    # a rate limiter registered first does not hide the check after it
    result = run_static(tmp_path / "a", route_auth.CHECK, {"server.ts": _SERVER.replace("MIDDLEWARE\n", checked)})
    assert [e for e in result.evidence if e.status is not Status.PASS] == []
    assert result.metrics["central_auth"] == 1
    other = "io.use(rateLimiter);\n"
    result = run_static(tmp_path / "b", route_auth.CHECK, {"server.ts": _SERVER.replace("MIDDLEWARE\n", other)})
    assert at(result, Status.WARN) == ["server.ts:7"]
    assert messages(result, Status.WARN)[0].startswith("ANY /socket.io/*: authentication undetermined — it is behind "
                                                       "the socket.io middleware io.use(rateLimiter)")
