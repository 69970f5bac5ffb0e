"""Whether a provider URL written in a source file is a request the file sends.

A URL is *called* when it is an argument of a request — ``fetch(…)``, ``axios…(…)``, ``$.ajax(…)``, ``ky``/``got``
/``request(…)``, ``xhr.open(…)``, an SDK client or ``URL`` constructed with it (``new OpenAI({baseURL: …})``) — or
when it is assigned to a name that such a request or constructor in the same file uses. A URL written as a
placeholder, a default in a form, a comparison, a constant no request uses, an entry of a list of presets or a
comment is text, not a call.
"""

from __future__ import annotations

import re

_CALLEE = re.compile(
    rb"(?:\bfetch|\bfetchEventSource|\baxios(?:\.\w+)?|\$\.(?:ajax|get|post|getJSON)|\bky(?:\.\w+)?|"
    rb"\bgot(?:\.\w+)?|\brequest|\bsuperagent\.\w+|\.open|\bnew\s+[A-Za-z_$][\w$]*)\s*$")
# `const x = '…'`, `const x='…'` (minified), `x = '…'`, `this.x = '…'`; `attr="…"` (JSX, HTML) is no assignment.
_ASSIGNED = re.compile(
    rb"^\s*(?:export\s+)?(?:(?:const|let|var)\s+(?P<decl>[A-Za-z_$][\w$]*)\s*=(?![=>])|"
    rb"(?:this\.)?(?P<name>[A-Za-z_$][\w$]*)(?:\s+=(?![=>])|=(?![=>])\s))")
_STATEMENT_START = re.compile(rb"[;{}\n]")
_CALL_OPEN = re.compile(
    rb"(?:\bfetch|\bfetchEventSource|\baxios(?:\.\w+)?|\$\.(?:ajax|get|post|getJSON)|\bky(?:\.\w+)?|"
    rb"\bgot(?:\.\w+)?|\brequest|\bsuperagent\.\w+|\.open|\bnew\s+[A-Za-z_$][\w$]*)\s*\(")
_BACK = 2000
_ARGS = 1200


def _enclosing_call(data: bytes, at: int) -> int | None:
    """The offset of the unclosed ``(`` around ``at`` (within a bounded window), or None."""
    depth = {b")": 0, b"}": 0, b"]": 0}
    opening = {b"(": b")", b"{": b"}", b"[": b"]"}
    i = at - 1
    low = max(0, at - _BACK)
    while i >= low:
        ch = data[i : i + 1]
        if ch in depth:
            depth[ch] += 1
        elif ch in opening:
            close = opening[ch]
            if depth[close]:
                depth[close] -= 1
            elif ch == b"(":
                return i
        elif ch == b";" and not any(depth.values()):
            return None
        i -= 1
    return None


def _callee_is_request(data: bytes, paren: int) -> bool:
    return _CALLEE.search(data[max(0, paren - 80) : paren]) is not None


def _args_of(data: bytes, paren: int) -> bytes:
    """The text of a call's arguments, from its ``(`` to the matching ``)`` (bounded)."""
    depth = 0
    end = min(len(data), paren + _ARGS)
    for i in range(paren, end):
        ch = data[i]
        if ch == 0x28:
            depth += 1
        elif ch == 0x29:
            depth -= 1
            if depth == 0:
                return data[paren : i + 1]
    return data[paren:end]


def is_called(data: bytes, start: int) -> bool:
    """Whether the URL literal at ``start`` is sent as a request by this file (see the module docstring)."""
    line_start = data.rfind(b"\n", 0, start) + 1
    before_on_line = data[line_start:start]
    if re.search(rb"^\s*(?://|\*|/\*|#)|\s//\s", before_on_line):  # a comment, not code
        return False
    quote_at = start - 1 if start and data[start - 1 : start] in (b"'", b'"', b"`") else start
    paren = _enclosing_call(data, quote_at)
    if paren is not None and _callee_is_request(data, paren):
        return True
    low = max(0, start - 300)
    cut = max((d.end() for d in _STATEMENT_START.finditer(data, low, start)), default=low)
    m = _ASSIGNED.search(data[cut:start])
    if m is None:
        return False
    name = re.escape(m.group("decl") or m.group("name"))
    used = re.compile(rb"(?<![\w$.])" + name + rb"(?![\w$])|this\." + name + rb"(?![\w$])")
    return any(used.search(_args_of(data, call.end() - 1)) for call in _CALL_OPEN.finditer(data))
