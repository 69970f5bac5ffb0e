"""Is a completion endpoint path written in a function (``/chat/completions``, ``/v1/messages``) a request to a model?

The path alone is no model call. It is one where a request is sent with it to a model: an absolute URL
(``https://api.anthropic.com/v1/messages``, a local server's), a base joined in front of it
(``f"{ANTHROPIC_API_BASE}/v1/messages"``, ``api_server + '/v1/completions'``), or a relative path in a request that
names its model (``client.post('/v1/chat/completions', {model, messages})``). It is none where:

* it is no string at all: a comment that mentions the endpoint;
* the string is only looked up or compared (gpt_academic's config reader checks
  ``API_URL_REDIRECT.get("https://api.openai.com/v1/chat/completions", None)``; ``url.endswith('/chat/completions')``,
  a dict key of a URL rewrite table), printed or logged, raised as an error's message, or a route's own path;
* it is a relative path handed to the project's own API client with no model named: Open-Assistant's web client
  ``this.get(`/api/v1/messages`)`` asks its own data backend for stored messages.

A path below the endpoint (``/v1/messages/{id}/tree``, ``/chat/completions/{id}``) names a stored resource and asks
for no completion; that is excluded where the endpoint is matched (``MODEL_CLIENT``), Message Batches
(``/v1/messages/batches``) kept.
"""

from __future__ import annotations

import re

_PY_TOKENS = re.compile(r"(?P<s>(?<![\w])[rRbBuUfF]{0,2}(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:\\.|[^\"\\\n])*\""
                        r"|'(?:\\.|[^'\\\n])*'))|(?P<c>#[^\n]*)")
_JS_TOKENS = re.compile(r"(?P<s>\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)"
                        r"|(?P<c>//[^\n]*|/\*[\s\S]*?\*/)")
_PYTHON = re.compile(r"\s*(?:@[^\n]*\n\s*)*(?:async\s+)?def\s")

# Calls that take the string as something to look up, compare or print, not as an address to send a request to.
_STRING_METHODS = frozenset({"endswith", "startswith", "endsWith", "startsWith", "includes", "replace", "replaceAll",
                             "indexOf", "find", "rfind", "index", "count", "split", "pop", "setdefault", "has",
                             "removesuffix", "removeprefix", "strip", "rstrip", "lstrip", "match", "test", "search"})
_MESSAGE_CALL = re.compile(r"(?i)^(?:print|(?:[\w$]+\.)*(?:log\w*|info|debug|warn\w*|error|exception|critical|trace)"
                           r"|[\w$.]*(?:Error|Exception|Warning))$")
# ``.get(key, default)`` on a dictionary; on an HTTP client it is a request.
_HTTP_RECEIVER = re.compile(r"(?i)(?:requests|httpx|aiohttp|session|client|http\w*|axios|api|this|self|got|ky"
                            r"|request|fetch\w*|agent|instance|conn\w*)$")
_ROUTE_RECEIVER = re.compile(r"^(?:app|router|server|fastify|bp|blueprint|[\w$]*_(?:app|router))\."
                             r"(?:get|post|put|patch|delete|all|route|api_route|add_api_route|use)$")
_JOINS = re.compile(r"(?:^|\.)(?:urljoin|join|URL|resolve)$")
_CALLEE = re.compile(r"(?P<callee>[\w$]+(?:\s*\.\s*[\w$]+)*)\s*(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)*>)?\s*$")
# A model named where a relative path is sent: a provider's host, the request's ``model``, a setting named for one.
_NAMES_MODEL = re.compile(r"(?i)model|llm|openai|anthropic|claude|\bgpt|gemini|ollama|vllm|mistral|groq|deepseek"
                          r"|openrouter|max_tokens|maxTokens")
_ABSOLUTE = re.compile(r"://|^[\w-]+(?:\.[\w-]+)+(?::\d+)?/|^(?:localhost|\d+\.\d+\.\d+\.\d+)(?::\d+)?/")
_INTERPOLATED = re.compile(r"\$\{|\{[^{}]*\}|%[sr(]|\{\}")


def endpoint_request(text: str, start: int) -> bool:
    """Is the endpoint path found at ``text[start]`` sent to a model (see the module's docstring)?"""
    python = bool(_PYTHON.match(text))
    token = next((t for t in (_PY_TOKENS if python else _JS_TOKENS).finditer(text) if t.start() <= start < t.end()),
                 None)
    if token is None:
        return True  # in code as read: a string the tokens above misread is kept, not dropped
    if token.group("c") is not None:
        return False
    opening = re.match(r"[rRbBuUfF]{0,2}(?:\"\"\"|'''|[\"'`])", token.group(0))
    content_at = token.start() + (opening.end() if opening else 1)
    if _only_mentioned(text, token.start(), token.end()):
        return False
    prefix = text[content_at:start]
    if _ABSOLUTE.search(prefix) or _INTERPOLATED.search(prefix):
        return True
    if re.search(r"\+\s*$", text[:token.start()]) or _JOINS.search(_callee(text, token.start())):
        return True  # a base joined in front: ``base + '/v1/messages'``, ``urljoin(base, '/v1/chat/completions')``
    # a relative path: sent to whatever client it is handed to; a model's only when the request names one
    return bool(_NAMES_MODEL.search(text[:token.start()] + text[token.end():]))


def _only_mentioned(text: str, begin: int, end: int) -> bool:
    """Is the string at ``text[begin:end]`` looked up, compared, printed, raised or a route's path?"""
    before, after = text[:begin], text[end:end + 40]
    line = before[before.rfind("\n") + 1:]
    if line.lstrip().startswith("@"):
        return True  # a route decorator's path
    if re.match(r"\s*(?:===?|!==?|(?:not\s+)?in\b)", after) or re.search(r"(?:===?|!==?|\bin)\s*$", before):
        return True
    opener, at = _innermost(text, begin)
    if opener == "{" and re.match(r"\s*:(?!:)", after) and re.search(r"[{,]\s*$", before):
        return True  # a dict or object key: a URL rewrite table
    if opener == "[" and re.search(r"[\w$\])]\s*\[\s*$", before):
        return True  # a subscript: ``redirect["https://api.openai.com/v1/chat/completions"]``
    if opener != "(":
        return False
    callee = _callee(text, begin)
    method = callee.rsplit(".", 1)[-1]
    if method in _STRING_METHODS or _MESSAGE_CALL.match(callee) or _ROUTE_RECEIVER.match(callee):
        return True
    if method == "get" and "." in callee:
        receiver = callee.rsplit(".", 2)[-2]
        return not _HTTP_RECEIVER.search(receiver) and text[at + 1:begin].strip() == ""
    return False


def _innermost(text: str, begin: int) -> tuple[str, int]:
    """The innermost bracket still open at ``text[begin]`` (looking back up to 400 characters), and where."""
    depth = 0
    for i in range(begin - 1, max(-1, begin - 400), -1):
        ch = text[i]
        if ch in ")]}":
            depth += 1
        elif ch in "([{":
            if depth == 0:
                return ch, i
            depth -= 1
    return "", -1


def _callee(text: str, begin: int) -> str:
    """The name called with the string as an argument (``r.get``, ``logger.info``), or ``""``."""
    opener, at = _innermost(text, begin)
    if opener != "(":
        return ""
    m = _CALLEE.search(text[max(0, at - 200):at])
    return re.sub(r"\s+", "", m.group("callee")) if m else ""
