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


# ``export const OPTIONS = () => { return new NextResponse(null, { status: 204, headers: {...cors()} }); }``
_PREFLIGHT = re.compile(
    r"^export\s+(?:async\s+)?function\s+OPTIONS\s*\((?P<p1>[^)]*)\)[^{]*\{\s*return\s+"
    r"|^export\s+(?:const|let)\s+OPTIONS\s*(?::\s*[\w$.<>\[\]]+)?\s*=\s*(?:async\s*)?\((?P<p2>[^)]*)\)\s*"
    r"(?::\s*[^=]+)?=>\s*(?:\{\s*return\s+|\(?)")
_EMPTY_RESPONSE = re.compile(r"new\s+(?:Next)?Response\s*\(\s*(?:null|''|\"\"|undefined)\s*,\s*\{")
_ANSWER_KEYS = re.compile(r"^\s*(?:status|statusText|headers)\s*:", re.M)


def answers_preflight(body: str) -> bool:
    """An ``OPTIONS`` export whose only statement returns an empty response with a status and headers (a CORS
    preflight answer): it reads nothing from the request it is given and runs nothing behind it."""
    m = _PREFLIGHT.match(body.lstrip())
    if m is None:
        return False
    param = (m.group("p1") or m.group("p2") or "").split(":")[0].strip()
    rest = body.lstrip()[m.end():]
    answer = _EMPTY_RESPONSE.match(rest)
    if answer is None:
        return False
    depth, i = 2, answer.end()  # inside the call and its options object
    while i < len(rest) and depth:
        depth += rest[i] in "({["
        depth -= rest[i] in ")}]"
        i += 1
    options = rest[answer.end():i - 2]
    top = re.sub(r"\{[^{}]*\}", "{}", re.sub(r"\{[^{}]*\}", "{}", options))  # the option keys, not the headers'
    keys = [k.strip() for k in re.split(r",", top) if k.strip()]
    after = rest[i:].lstrip(" \t\n);}")
    reads_param = bool(param) and re.search(rf"(?<![\w$.]){re.escape(param)}\b", rest[:i]) is not None
    return (all(_ANSWER_KEYS.match(k) for k in keys) and not reads_param
            and (not after or after.startswith("export") or after.startswith("//")))
