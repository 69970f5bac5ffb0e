"""What a JavaScript route handler's own body shows: a per-resource key it checks, or a static page it only sends.

- ``if (bot.api_key !== request.headers["x-api-key"]) return reply.status(403)…``: the handler compares a key the
  caller sends in a header with one stored for the resource and refuses on a mismatch — authentication by hand.
- ``async (request, reply) => reply.sendFile("bot.html")``: the handler sends one fixed file from the server's
  static files and reads nothing else — there is no data behind it to protect.
"""

from __future__ import annotations

import re

# A request header read: ``request.headers["x-api-key"]``, ``req.headers['authorization']``, ``req.header('x')``,
# ``req.get('x')``, ``c.req.header('x')``, ``request.headers.get('x')``.
_HEADER = (r"(?:req|request|ctx|c\.req|event\.request)\s*\.\s*(?:headers\s*(?:\[\s*['\"](?P<h1>[\w-]+)['\"]\s*\]|"
           r"\.get\s*\(\s*['\"](?P<h2>[\w-]+)['\"]\s*\))|(?:header|get)\s*\(\s*['\"](?P<h3>[\w-]+)['\"]\s*\))")
_KEY_HEADER = re.compile(r"(?i)api[-_]?key|token|secret|authorization|auth|key$")
_HEADER_READ = re.compile(_HEADER)
_OPERAND = r"[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)+"
_BEFORE = re.compile(rf"(?P<stored>{_OPERAND})\s*!==?\s*$")
_AFTER = re.compile(rf"^\s*!==?\s*(?P<stored>{_OPERAND})")
_REFUSES = re.compile(r"\b(?:status|code|sendStatus)\s*\(\s*40[13]\b|\bstatus\s*:\s*40[13]\b|\berror\s*\(\s*40[13]\b"
                      r"|\bthrow\s+new\s+\w*(?:Unauthori[sz]ed|Forbidden)\w*")


KEY_CHECK = "compares the "  # how a per-resource key check is named among a route's hand checks


def header_key_check(body: str) -> str:
    """``compares the x-api-key header with bot.bot_api_key and refuses`` when ``body`` compares a credential
    header the caller sends with a stored value (a property, not a literal) and answers 401/403 within the next
    300 characters; ``""`` otherwise."""
    for m in _HEADER_READ.finditer(body):
        header = m.group("h1") or m.group("h2") or m.group("h3") or ""
        if not _KEY_HEADER.search(header):
            continue
        other = _BEFORE.search(body[max(0, m.start() - 120):m.start()]) or _AFTER.match(body[m.end():m.end() + 120])
        if other is not None and _REFUSES.search(body[m.end():m.end() + 300]):
            stored = "".join(other.group("stored").split())
            return f"{KEY_CHECK}{header} header with {stored} and refuses"
    return ""


_SENDS_FILE = re.compile(r"\b(?:reply|res|response|ctx)\s*\.\s*(?:sendFile|render|view)\s*\(\s*(['\"`])[^'\"`$]+\1"
                         r"\s*(?:,\s*(['\"`])[^'\"`$]+\2\s*)?\)")
_ARROW_OR_FUNCTION = re.compile(r"^\s*(?:async\s*)?(?:function\s*\w*\s*)?\([^)]*\)\s*(?:=>)?\s*")


def sends_static_page(handler: str) -> bool:
    """Whether the inline ``handler`` only sends one fixed file or template (``reply.sendFile("bot.html")``):
    its body, stripped of that call, ``return``, braces and semicolons, is empty."""
    head = _ARROW_OR_FUNCTION.match(handler)
    if head is None:
        return False
    body = handler[head.end():]
    if not _SENDS_FILE.search(body):
        return False
    rest = _SENDS_FILE.sub("", body)
    return re.sub(r"\breturn\b|\bawait\b|[{};\s]", "", rest) == ""
