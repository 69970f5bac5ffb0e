"""What a webhook route's handler reaches across files, and whether it takes a third party's payload.

A route whose path says "webhook" is not always a receiver: ``POST /chatflows/:id/webhook-secret`` or
``PUT /webhooks/<id>`` manage the product's own webhook settings. A receiver reads what only an inbound delivery
carries: request headers (a provider's signature), the raw body, or the event type it dispatches on, or it hands
the request object whole to other code. A handler that shows none of that and manages webhook records
(``setWebhookSecret``, ``webhook_service.update_webhook``, ``webhookListenerController.registerListener``) takes
no third party's payload.

For JavaScript/TypeScript the handler is followed through the project's imports a few calls deep
(``routes → controller.createWebhook → webhookService.validateWebhookChatflow → verifyWebhookSignature``), so
a signature checked in a service counts.
"""

from __future__ import annotations

import re

from launchready.engines.express_mounts import bindings_of
from launchready.targets.repo import RepoSnapshot

_DEPTH = 3
_FUNC_CHARS = 4000
_CRUD_VERB = (r"(?:get|list|fetch|find|create|add|new|set|save|update|edit|patch|delete|remove|clear|register|"
              r"unregister|enable|disable|toggle|rotate|generate|regenerate|reset|test)")
_MANAGES_WEBHOOK = re.compile(
    rf"(?i)(?:^|\.){_CRUD_VERB}[A-Za-z_]*webhook|webhook\w*\.{_CRUD_VERB}\w*$|webhook\w*\.{_CRUD_VERB}")
_JS_RECEIVES = re.compile(
    r"\b(?:req|request|ctx|event)\.(?:headers\b|get\s*\(|header\s*\(|rawBody\b|text\s*\(|arrayBuffer\s*\()"
    r"|\bheaders\s*\(\s*\)|\brawBody\b|\bbuffer\s*\(\s*req\b|\braw\s*\(\s*req\b|express\.raw\s*\("
    r"|\b(?:body|event|payload)\??\.type\b|\[['\"](?:type|event|event_type)['\"]\]")
_PY_RECEIVES = re.compile(
    r"\brequest\.(?:headers|get_data|data\b|body\s*\(|stream|environ)|\braw_body\b|\bget_data\s*\("
    r"|\[['\"](?:type|event|event_type)['\"]\]|\bevent_type\b|\.get\(\s*['\"](?:type|event)['\"]")
_JS_CALL = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?\s*\(")


def manages_webhooks(calls: list[str] | tuple[str, ...]) -> str:
    """The first call that manages webhook records (create/update/delete a webhook, set its secret), or ``""``."""
    return next((c for c in calls if _MANAGES_WEBHOOK.search(c)), "")


def js_receives(code: str) -> bool:
    """The code reads what only an inbound delivery carries: headers, the raw body, or an event type."""
    return bool(_JS_RECEIVES.search(code))


def py_receives(code: str) -> bool:
    """The Python code reads headers, the raw body or an event type of the request."""
    return bool(_PY_RECEIVES.search(code))


def _function_text(text: str, name: str) -> str:
    m = re.search(rf"(?:function\s+{re.escape(name)}\s*\(|(?:const|let|var)\s+{re.escape(name)}\s*=|"
                  rf"^\s*(?:(?:public|private|protected|static|async)\s+)*{re.escape(name)}\s*\([^)]*\)\s*"
                  rf"(?::[^{{;]*)?\{{|\b{re.escape(name)}\s*:\s*(?:async\s*)?(?:function|\())", text, re.MULTILINE)
    return text[m.start(): m.start() + _FUNC_CHARS] if m else ""


def js_followed(repo: RepoSnapshot, file: str, code: str, handler: str = "") -> tuple[str, list[str]]:
    """The text of the project functions ``code`` (in ``file``) and the handler reference call, followed through
    imports up to three calls deep, and the ``file:function`` names read."""
    paths = set(repo.tracked_files)
    texts: list[str] = []
    seen: list[str] = []
    frontier: list[tuple[str, str]] = [(file, code + (f"\n{handler}(" if handler else ""))]
    for _ in range(_DEPTH):
        nxt: list[tuple[str, str]] = []
        for where, body in frontier:
            bindings = bindings_of(where, repo.read_text(where) or "", paths)
            for m in _JS_CALL.finditer(body):
                obj, member = m.group(1), m.group(2)
                bound = bindings.get(obj)
                if bound is None or not bound.file or bound.file.startswith("?"):
                    continue
                name = member or (bound.member if bound.member not in ("", "default") else obj)
                key = f"{bound.file}:{name}"
                if key in seen:
                    continue
                target = repo.read_text(bound.file) or ""
                found = _function_text(target, name)
                if found:
                    seen.append(key)
                    texts.append(found)
                    nxt.append((bound.file, found))
        frontier = nxt
    return "\n".join(texts), seen


# -- a secret path: Telegram's webhook ---------------------------------------------------------------------------
# Telegram signs no update. What it offers instead is a secret URL (the bot token, or a random secret, in the webhook
# path) or the `X-Telegram-Bot-Api-Secret-Token` header; a route `/telegram/:token/webhook` whose path token is
# compared with the configured bot token(s) — and refused otherwise — is verified. The token is followed from the
# handler by name through the calls it is handed to (functions, static methods, a class's constructor via `new`), a
# few hops across the project's JS/TS files.
_PATH_TOKEN = re.compile(r"(?::|\{|\[|<)(?P<name>[A-Za-z_]*(?:token|secret)[A-Za-z_]*)(?:\}|\]|>)?(?:/|$)",
                         re.IGNORECASE)
_TOKEN_HOPS = 4
_JS_CALLED = re.compile(r"(?<![\w$])(?P<new>new\s+)?(?P<callee>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*\("
                        r"(?P<args>[^()]*)\)")


def path_token(path: str) -> str:
    """The name of a path parameter that carries a token or secret (``/telegram/:token/webhook`` → ``token``)."""
    m = _PATH_TOKEN.search(path)
    return m.group("name") if m else ""


def _definition(text: str, callee: str, new: bool) -> tuple[int, list[str]] | None:
    """Where ``text`` defines ``callee`` (``f``, ``Cls.method``, or ``Cls`` for ``new Cls(…)``) and its parameters."""
    owner, _, name = callee.rpartition(".")
    start = 0
    if new or owner:
        cls = re.search(rf"\bclass\s+{re.escape(callee if new else owner)}\b[^{{]*\{{", text)
        if cls is None:
            return None
        start = cls.end()
        name = "constructor" if new else name
    m = re.compile(rf"(?:\bfunction\s+{re.escape(name)}\s*|^\s*(?:(?:export|public|private|protected|static|async)\s+)*"
                   rf"{re.escape(name)}\s*|\b(?:const|let|var)\s+{re.escape(name)}\s*=\s*(?:async\s*)?)"
                   r"\((?P<params>[^()]*)\)\s*(?::[^{;=]*)?(?:=>\s*)?\{", re.MULTILINE).search(text, start)
    if m is None:
        return None
    params = [re.split(r"[:=?]", p.strip(), maxsplit=1)[0].strip() for p in m.group("params").split(",")]
    return m.end(), params


def _refused_token(text: str, at: int, param: str) -> re.Match[str] | None:
    """A comparison of ``param`` with a configured token or token list in ``text[at:at+4000]`` followed by a refusal
    (``throw`` or a ``return``) within a few lines."""
    p = re.escape(param)
    compare = re.compile(
        rf"[\w$.]*(?i:token|secret)\w*\s*\.\s*(?:indexOf|includes|has)\(\s*{p}\s*\)"
        rf"|\b{p}\s*[!=]==?\s*[\w$.]*(?i:token|secret)\w*|[\w$.]*(?i:token|secret)\w*\s*[!=]==?\s*{p}\b")
    for m in compare.finditer(text, at, min(len(text), at + 4000)):
        if m.group().strip() in (f"{param} === {param}", f"{param} == {param}"):
            continue
        if re.search(r"\bthrow\b|\breturn\b", text[m.end():m.end() + 300]):
            return m
    return None


def js_path_token_checked(repo: RepoSnapshot, files: list[tuple[str, str]], route_file: str, body: str,
                          param: str) -> str:
    """``"a → b → c, file:line: `comparison`"`` when the path token ``param`` is compared with a configured token and
    refused otherwise, somewhere along the calls it is handed to; ``""`` when not found."""
    texts = dict(files)
    texts.setdefault(route_file, repo.read_text(route_file) or "")
    frontier: list[tuple[str, str, int, str, list[str]]] = [(route_file, body, 0, param, [])]
    seen: set[tuple[str, str]] = set()
    for _ in range(_TOKEN_HOPS):
        nxt: list[tuple[str, str, int, str, list[str]]] = []
        for where, text, at, name, chain in frontier:
            found = _refused_token(text, at, name)
            if found is not None:
                line = text.count("\n", 0, found.start()) + 1
                return f"{' → '.join(chain) or 'the handler'}, {where}:{line}: `{found.group().strip()}`"
            scope = text[at:at + 4000]
            for call in _JS_CALLED.finditer(scope):
                args = [a.strip() for a in call.group("args").split(",")]
                if name not in args or (call.group("callee"), name) in seen:
                    continue
                seen.add((call.group("callee"), name))
                for path, other in texts.items():
                    d = _definition(other, call.group("callee"), bool(call.group("new")))
                    if d is not None and args.index(name) < len(d[1]) and d[1][args.index(name)]:
                        label = f"new {call.group('callee')}" if call.group("new") else call.group("callee")
                        nxt.append((path, other, d[0], d[1][args.index(name)], [*chain, label]))
                        break
        frontier = nxt
    return ""
