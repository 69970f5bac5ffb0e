"""Which auth-named calls in a JavaScript/TypeScript handler check the *caller*.

Checking the caller means reading the incoming request's credential or session. Two shapes carry an auth word
in a call's name and check no one:

- a credential sent *outward*: the call builds the ``Authorization`` (or API-key, cookie) header of a request the
  server makes (``headers: { Authorization: getBasicAuthHeader(request.body.auth) }`` passed to fetch);
- a project function (or class method) whose definition reads no credential, session or token and is not handed
  the request's headers, cookies or session (``SessionManager.getSession(id)`` looking a chat session up by id).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_IDENT = r"[A-Za-z_$][\w$]*"
# The value of an outgoing credential header: ``Authorization: f(…)``, ``'x-api-key': await f(…)``,
# ``headers.set('Authorization', f(…))``, ``setHeader("Authorization", `Basic ${f(…)}`)``.
_OUTWARD = re.compile(
    rf"(?i)(?:['\"]?(?:authorization|proxy-authorization|x-api-key|api-key|x-auth-token|cookie)['\"]?\s*:\s*"
    rf"|(?:headers\.(?:set|append)|setHeader|set)\s*\(\s*['\"](?:authorization|x-api-key|api-key|cookie)['\"]\s*,\s*)"
    rf"(?:await\s+)?(?:`[^`]*?\$\{{\s*)?(?P<call>{_IDENT}(?:\s*\.\s*{_IDENT})*)\s*\(")
_CALL = re.compile(rf"(?<![\w$.])(?P<call>{_IDENT}(?:\s*\.\s*{_IDENT})*)\s*\((?P<args>[^()]*)")
_DEFINITION = re.compile(
    rf"(?:^|\n)[ \t]*(?:export\s+)?(?:(?:async\s+)?function\s*\*?\s*(?P<a>{_IDENT})\s*\("
    rf"|(?:const|let|var)\s+(?P<b>{_IDENT})\s*=\s*(?:async\s*)?(?:function\b[^(]*)?\("
    rf"|(?:(?:public|private|protected|static|async|readonly)\s+)*(?P<c>{_IDENT})\s*\([^()]*\)\s*(?::\s*[^{{;=]+)?\{{)")
_NOT_METHODS = frozenset({"if", "for", "while", "switch", "catch", "function", "return", "with", "constructor"})
# What a function reads when it reads who calls: a header, cookie, session, token or the request itself.
_READS_CALLER = re.compile(
    r"(?i)authoriz|bearer|cookie|\bsession\b|\.session\b|getsession|getserversession|jwt|verify|token|"
    r"headers|\b(?:req|request|ctx|event)\b|\.user\b|currentuser|auth\s*\(\s*\)")
# An argument that hands the caller's credential on: the request, its headers, cookies or session.
_HANDS_REQUEST = re.compile(r"^(?:req|request|ctx|c|event|context)$|\.(?:headers|cookies|session)\b|^(?:headers|"
                            r"cookies)\s*\(\s*\)$|(?i:token|authorization|bearer)")


def _call_pattern(name: str) -> str:
    return r"\s*\.\s*".join(re.escape(part) for part in name.split("."))


def project_definitions(files: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Project functions and class methods by name → the text of each definition (its body)."""
    from launchready.engines.routes import balanced

    found: dict[str, list[str]] = {}
    for _, text in files:
        for m in _DEFINITION.finditer(text):
            name = m.group("a") or m.group("b") or m.group("c")
            if not name or name in _NOT_METHODS:
                continue
            brace = text.find("{", m.end() - 1)
            if brace == -1 or brace - m.end() > 300:
                continue
            found.setdefault(name, []).append(text[m.start():brace] + balanced(text, brace, limit=6000))
    return found


def outward_calls(handler: str) -> tuple[str, ...]:
    """Calls whose every use in ``handler`` builds a credential header for an outgoing request."""
    outward = {re.sub(r"\s+", "", m.group("call")) for m in _OUTWARD.finditer(handler)}
    out = []
    for name in outward:
        pattern = _call_pattern(name)
        uses = len(re.findall(rf"(?<![\w$.]){pattern}\s*\(", handler))
        if uses <= len([m for m in _OUTWARD.finditer(handler) if re.sub(r"\s+", "", m.group("call")) == name]):
            out.append(name)
    return tuple(sorted(out))


def reads_no_credential(call: str, handler: str, definitions: dict[str, list[str]]) -> bool:
    """The call names a project function or method whose every definition reads no credential, session or
    request, and the handler hands it none (its arguments are ids, bodies' fields or literals)."""
    bodies = definitions.get(call.rsplit(".", 1)[-1])
    if not bodies or any(_READS_CALLER.search(body.split("{", 1)[1] if "{" in body else body) for body in bodies):
        return False
    pattern = _call_pattern(call)
    for m in re.finditer(rf"(?<![\w$.]){pattern}\s*\(", handler):
        from launchready.engines.routes import balanced, split_args

        args = split_args(balanced(handler, m.end() - 1, limit=2000)[1:-1])
        if any(_HANDS_REQUEST.search(a.strip()) and not re.search(r"\.(?:body|params|query)\b", a) for a in args):
            return False
    return True


def not_caller_checks(handler: str, calls: Sequence[str], definitions: dict[str, list[str]],
                      auth_named: Sequence[str]) -> tuple[str, ...]:
    """The auth-named ``calls`` of ``handler`` that check no caller (outward credentials, project helpers that read
    none)."""
    outward = set(outward_calls(handler))
    return tuple(c for c in auth_named if c in outward or re.sub(r"\s+", "", c) in outward
                 or reads_no_credential(c, handler, definitions))
