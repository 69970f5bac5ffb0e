"""WebSocket servers of the ``ws`` package as routes: ``new WebSocketServer({ server })`` and its
``wss.on("connection", (ws, req) => …)`` handler.

A realtime chatbot (OpenAI's Twilio demo) opens its model session from such a handler: any client that connects
spends the operator's key, reads call transcripts or rewrites the assistant's instructions. No HTTP route stands in
front of it, so the route inventory would never see it. One route per connection handler: the server's ``path``
option, else the first path segments the handler dispatches on (``parts[0] === "call"`` → ``/call``), else ``/*``
(every upgrade path of the HTTP server). A ``verifyClient`` option, or a server made with ``noServer`` (its
upgrade handler, read nowhere here, decides who connects), is a guard this reader cannot judge: the route is
undetermined, never "no auth".

socket.io servers (``new Server(httpServer)`` from ``socket.io``, ``require("socket.io")(server)``) likewise: one
route per ``io.on("connection")`` handler at the server's ``path`` option (``/socket.io/*`` by default). Its
middleware ``io.use(fn)`` runs before every connection: a function that reads the handshake's credential
(``socket.handshake.auth``, its headers or cookies) and can refuse (``next(new Error(…))``) authenticates; any other
``io.use`` is a guard this reader cannot judge (undetermined). A handler that reads the handshake's credential and
disconnects checks by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from launchready.engines.routes import ANY, Guard, Route, balanced, js_calls, js_reads_auth_header, split_args

_WS_IMPORT = re.compile(r"""(?:from\s*|require\(\s*)['"]ws['"]""")
_SERVER = re.compile(r"\b(?:const|let|var)\s+(?P<var>[A-Za-z_$][\w$]*)\s*(?::\s*[\w$.<>]+\s*)?=\s*new\s+"
                     r"(?:WebSocketServer|WebSocket\.Server|WS\.Server|ws\.Server)\s*\(")
_PATH_OPTION = re.compile(r"""\bpath\s*:\s*['"`](?P<path>/[^'"`]*)['"`]""")
# What a handler dispatches on: names bound from the request's path (`const parts = url.pathname.split("/")`, then
# `const type = parts[0]`), compared with a literal (`type === "call"`, `case "logs":` under `switch (type)`), or the
# path itself (`url.pathname === "/media"`). A comparison of anything else (a message's `type`) names no path.
_BINDING = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*([^;\n]+)")
_PATH_READ = re.compile(r"\bpathname\b|\breq(?:uest)?\.url\b")


def _dispatched(handler: str) -> list[str]:
    tracked: set[str] = set()
    for _ in range(3):  # parts from pathname, type from parts: a few steps are enough
        for m in _BINDING.finditer(handler):
            rhs = m.group(2)
            if _PATH_READ.search(rhs) or any(re.search(rf"(?<![\w$.]){re.escape(t)}\b", rhs) for t in tracked):
                tracked.add(m.group(1))
    subjects = "|".join([re.escape(t) for t in sorted(tracked)] + [r"[\w$.]*pathname"])
    found = [m.group("seg") for m in re.finditer(
        rf"(?<![\w$.])(?:{subjects})\s*===?\s*['\"](?P<seg>/?[\w-]+(?:/[\w-]+)*)['\"]", handler)]
    for switch in re.finditer(rf"\bswitch\s*\(\s*(?<![\w$.])(?:{subjects})\s*\)\s*\{{", handler):
        body = handler[switch.end():]
        found += [m.group("seg") for m in re.finditer(r"""\bcase\s*['"](?P<seg>/?[\w-]+(?:/[\w-]+)*)['"]""", body)]
    return list(dict.fromkeys(s if s.startswith("/") else f"/{s}" for s in found))


def _line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _paths(options: str, handler: str) -> list[str]:
    m = _PATH_OPTION.search(options)
    if m:
        return [m.group("path")]
    return _dispatched(handler) or ["/*"]


_IO_IMPORT = re.compile(r"""(?:from\s*|require\(\s*)['"]socket\.io['"]""")
_IO_SERVER = re.compile(r"\b(?:const|let|var)\s+(?P<var>[A-Za-z_$][\w$]*)\s*(?::\s*[\w$.<>]+\s*)?=\s*(?:new\s+"
                        r"(?:Server|SocketIOServer|IOServer|SocketServer)\s*\(|require\(\s*['\"]socket\.io['\"]\s*\)"
                        r"\s*\(|(?:socketIO|socketio|SocketIO|io)\s*\()")
_HANDSHAKE_CREDENTIAL = re.compile(r"\bhandshake\s*\.\s*(?:auth|headers|query)\b|\bcookie|\btoken\b|"
                                   r"\b(?:verify|jwt\.verify|getSession|getServerSession|auth\.api)\w*\s*\(")


def _io_guard(text: str, var: str, where: str) -> Guard | None:
    """The server's ``io.use(fn)`` middleware, judged by its code when it is inline or defined in the file: the one
    that authenticates when any does (a rate limiter may come first), else the first, undetermined."""
    unread: Guard | None = None
    for use in re.finditer(rf"\b{re.escape(var)}\s*\.\s*use\s*\(", text):
        body = balanced(text, text.index("(", use.start()))
        name = body[1:-1].strip()
        if re.fullmatch(r"[A-Za-z_$][\w$.]*", name):
            found = re.search(rf"(?:function\s+{re.escape(name)}\s*\(|(?:const|let|var)\s+{re.escape(name)}\s*=)",
                              text)
            body = text[found.start(): found.start() + 2000] if found else ""
        if body and _HANDSHAKE_CREDENTIAL.search(body) and re.search(r"\bnext\s*\(\s*new\s+\w*Error", body):
            return Guard(f"{var}.use", "middleware", "app", where, authenticates=True)
        unread = unread or Guard(f"{var}.use", "middleware", "app", where, unread=(
            f"the socket.io middleware {var}.use({name[:40] or '…'}) ({where}): what it checks is not read"))
    return unread


def io_routes(files: Iterable[tuple[str, str]]) -> list[Route]:
    """A route per socket.io ``io.on("connection")`` handler in the project's server files."""
    routes: list[Route] = []
    for path, text in files:
        if not _IO_IMPORT.search(text):
            continue
        for server in _IO_SERVER.finditer(text):
            options = balanced(text, server.end() - 1)
            var = server.group("var")
            where = f"{path}:{_line_of(text, server.start())}"
            m = _PATH_OPTION.search(options)
            served = f"{m.group('path').rstrip('/')}/*" if m else "/socket.io/*"
            guard = _io_guard(text, var, where)
            for on in re.finditer(rf"\b{re.escape(var)}\s*\.\s*on\s*\(\s*['\"]connect(?:ion)?['\"]\s*,", text):
                args = split_args(balanced(text, text.index("(", on.start()))[1:-1])
                handler = args[-1] if len(args) > 1 else ""
                start = _line_of(text, on.start())
                guards = [guard] if guard is not None else []
                if _HANDSHAKE_CREDENTIAL.search(handler) and re.search(r"\.disconnect\s*\(", handler):
                    guards.append(Guard("handshake check", "middleware", "route", f"{path}:{start}", unread=(
                        "the connection handler reads the handshake's credential and disconnects (a check by hand, "
                        "not read)")))
                routes.append(Route(
                    ANY, served, path, start, handler="connection",
                    end_line=start + handler.count("\n"), framework="socket.io", guards=tuple(guards),
                    body_calls=js_calls(handler), reads_auth_header=js_reads_auth_header(handler),
                    excerpt=f"{var}.on(\"connection\") — socket.io {served}"))
    return routes


def ws_routes(files: Iterable[tuple[str, str]]) -> list[Route]:
    """A route per ``ws`` server connection handler (per path it serves) in the project's server files."""
    routes: list[Route] = []
    for path, text in files:
        if not _WS_IMPORT.search(text):
            continue
        for server in _SERVER.finditer(text):
            options = balanced(text, server.end() - 1)
            var = server.group("var")
            where = f"{path}:{_line_of(text, server.start())}"
            guards: list[Guard] = []
            if re.search(r"\bverifyClient\b", options):
                guards.append(Guard("verifyClient", "middleware", "app", where,
                                    unread="the ws server's verifyClient option (what it checks is not read)"))
            elif re.search(r"\bnoServer\s*:\s*true\b", options):
                guards.append(Guard("upgrade handler", "middleware", "app", where,
                                    unread="a noServer ws server: the HTTP server's upgrade handler decides who "
                                           "connects (not read)"))
            for on in re.finditer(rf"\b{re.escape(var)}\s*\.\s*on\s*\(\s*['\"]connection['\"]\s*,", text):
                args = split_args(balanced(text, text.index("(", on.start()))[1:-1])
                handler = args[-1] if len(args) > 1 else ""
                start = _line_of(text, on.start())
                for served in _paths(options, handler):
                    routes.append(Route(
                        ANY, served, path, start, handler="connection",
                        end_line=start + handler.count("\n"), framework="ws", guards=tuple(guards),
                        body_calls=js_calls(handler), reads_auth_header=js_reads_auth_header(handler),
                        excerpt=f"{var}.on(\"connection\") — WebSocket {served}"))
    return routes

