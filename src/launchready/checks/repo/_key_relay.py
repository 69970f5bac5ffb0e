"""The server's provider key sent to an endpoint the caller names, for repo.secrets-client.

A "bring your own endpoint" proxy reads the model API's base URL from the request (``x-openai-endpoint``, a
``baseUrl`` field) so that a user can point it at their own deployment — and when the same request brings no key
of its own, it sends the server's (``req.headers.get("x-openai-key") || process.env.OPENAI_API_KEY``). Whoever names
a host they control receives the server's key in the ``Authorization`` header: the key is as exposed as one in a
bundle, to anyone who can call the route (sqlchat's ``/api/chat``).

Read in JavaScript/TypeScript server files: a variable bound to a request read whose name or field says endpoint,
base URL, URL or host; a variable bound to the server's key (``process.env.*KEY``/``*TOKEN``/``*SECRET``, or an
imported ``*ApiKey`` name), alone or as the fallback of a request read; and one request (``fetch``, ``axios``,
``got``, an SDK client's ``baseURL``) that goes to the first with the second. An endpoint the code compares, checks
against a list, or hands to a project function that refuses (``allow``, ``includes``, ``startsWith``, ``throw``)
is not the caller's to choose freely: no finding. Written here: no library reads this shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from launchready.engines.routes import JS_SUFFIXES, source_files
from launchready.model import Evidence, Status
from launchready.targets.repo import RepoSnapshot

_BINDING = re.compile(r"(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=;\n]+)?=\s*(?P<value>[^;\n]+)")
_REQUEST_READ = re.compile(
    r"\breq(?:uest)?\.headers(?:\.get\(\s*['\"](?P<h>[\w-]+)['\"]\s*\)|\[\s*['\"](?P<i>[\w-]+)['\"]\s*\])"
    r"|\b(?:body|reqBody|params|query|payload)\.(?P<f>\w+)|searchParams\.get\(\s*['\"](?P<q>[\w-]+)['\"]\s*\)")
_ENDPOINT_NAME = re.compile(r"(?i)endpoint|base[-_]?url|api[-_]?url|\burl\b|host|api[-_]?base")
_SERVER_KEY = re.compile(r"process\.env\.(?P<env>\w*(?:KEY|TOKEN|SECRET)\w*)"
                         r"|(?<![\w$.])(?P<imp>\w*(?:Api|API)_?[Kk]ey\w*)")
_OBJECT = re.compile(r"(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=;]{0,200})?=\s*\{")
_SENDS = re.compile(r"(?<![\w$.])(?:fetch|axios(?:\.(?:get|post|put|request))?|got(?:\.post)?|ky(?:\.post)?)\s*\(")
_SDK = re.compile(r"new\s+(?:OpenAI|Anthropic|AzureOpenAI|\w*Client)\s*\(\s*\{")
_REFUSES = re.compile(r"(?i)allow|whitelist|\.includes\(|\.startsWith\(|\bthrow\b|===|!==")


def _function_text(text: str, name: str) -> str:
    m = re.search(rf"(?:function\s+{re.escape(name)}\s*\(|(?:const|let|var)\s+{re.escape(name)}\s*=)", text)
    return text[m.start():m.start() + 600] if m else ""


def key_relays(repo: RepoSnapshot) -> Iterator[Evidence]:
    for path, text in source_files(repo, JS_SUFFIXES):
        if "headers" not in text or ("fetch" not in text and "axios" not in text and "new " not in text):
            continue
        endpoints: dict[str, str] = {}  # variable → what of the request it holds
        keys: dict[str, str] = {}  # variable → the server key it may hold
        for m in _BINDING.finditer(text):
            name, value = m.group("name"), m.group("value")
            read = _REQUEST_READ.search(value)
            field = read and next((g for g in read.groups() if g), "")
            if read and field and (_ENDPOINT_NAME.search(field) or _ENDPOINT_NAME.search(name)):
                called = [c for c in re.findall(r"([A-Za-z_$][\w$]*)\s*\(", value)
                          if c not in {"get", "URL", "String"}]
                if not any(_REFUSES.search(_function_text(text, c)) for c in called):
                    endpoints[name] = f"the request's {'header ' if read.group('h') or read.group('i') else ''}" \
                                      f"{field!r} ({path}:{text.count(chr(10), 0, m.start()) + 1})"
            server = _SERVER_KEY.search(value)
            if server and not _REQUEST_READ.fullmatch(value.strip()):
                keys[name] = server.group("env") or server.group("imp")
        if not endpoints or not keys:
            continue
        for m in _OBJECT.finditer(text):  # `let headers = { Authorization: `Bearer ${apiKey}` }`: holds the key too
            block = text[m.end():m.end() + 400].split("};", 1)[0]
            held = next((k for k in keys if re.search(rf"(?<![\w$.]){re.escape(k)}\b", block)), None)
            if held is not None and m.group("name") not in keys:
                keys[m.group("name")] = keys[held]
        if any(re.search(rf"(?<![\w$.]){re.escape(e)}\s*(?:===|!==|==|!=)|(?:===|!==)\s*{re.escape(e)}\b"
                         rf"|\.includes\(\s*{re.escape(e)}\b|{re.escape(e)}\s*\.\s*startsWith\(", text)
               for e in endpoints):
            continue  # the endpoint is compared or checked: not the caller's to choose freely
        for call in [*_SENDS.finditer(text), *_SDK.finditer(text)]:
            region = text[call.end():call.end() + 700]
            to = next((e for e in endpoints if re.search(rf"(?<![\w$.]){re.escape(e)}\b", region[:200])), None)
            key = next((k for k in keys if re.search(rf"(?<![\w$.]){re.escape(k)}\b", region)), None)
            if to is None or key is None:
                continue
            line = text.count("\n", 0, call.start()) + 1
            yield Evidence(
                Status.FAIL,
                f"the server's key ({keys[key]}, held in `{key}`) is sent to an endpoint the caller names (`{to}`, "
                f"from {endpoints[to]}) — anyone who names a host they control receives the key; keep the endpoint "
                "fixed when the server's key is used, or check it against a list of allowed hosts",
                f"{path}:{line}", " ".join(text[call.start():call.start() + 160].split()))
            break
