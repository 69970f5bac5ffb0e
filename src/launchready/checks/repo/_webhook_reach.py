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
