"""repo.logging-hygiene: no log call writes request bodies, headers, Authorization, cookies, raw prompts,
tokens or reset links; a log redaction filter is configured.

Python logger calls (``log.info``, ``logger.exception``, ``logging.warning``…) are read with ``ast``:
their arguments (message, f-string values, ``extra=`` dicts) are searched for request headers/bodies
and for values named like secrets, prompts or reset links; values passed through ``redact()``/``mask()``/
``len()``… are ignored. JavaScript ``console.*`` / ``logger.*`` calls in server code are read line-wise.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterator, Sequence

from launchready.checks.repo._log_sinks import ProjectSinks, forwarding_wrapper, socket_payloads
from launchready.checks.repo._log_sources import (
    FAILURE_LEVELS,
    decrypted_after,
    default_level,
    in_failure_branch,
    module_levels,
    response_texts,
)
from launchready.checks.repo.rate_limit_config import clipped
from launchready.context import CheckContext
from launchready.engines.model_calls import client_call
from launchready.engines.pysource import PyModule, covering_unparsed, dotted_name, python_module
from launchready.engines.routes import balanced, route_inventory, source_files
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.logging-hygiene",
    title="Logs carry no secrets, prompts or request bodies",
    surface=Surface.REPO,
    severity=Severity.HIGH,
    criteria=(
        "No log call writes request bodies, headers, Authorization, cookies, raw prompts, tokens or reset "
        "links; log redaction present."
    ),
    why=(
        "Logs are copied to vendors, dashboards and laptops and kept for months; a bearer token, reset link or "
        "customer prompt written there is readable by everyone with log access."
    ),
    breaks=(
        "Anyone with log access replays sessions with logged tokens, takes over accounts with logged reset "
        "links, and reads customers' confidential prompts (a GDPR incident)."
    ),
    fix=(
        "Log ids, sizes and outcomes instead of payloads (`log.info('chat', extra={'conversation_id': ...})`), "
        "never log headers or bodies, and install a redaction filter (`logging.Filter` subclass, structlog "
        "processor, pino `redact`) as a safety net."
    ),
    references=("CWE-532", "OWASP API8:2023", "OWASP LLM02:2025", "OWASP ASVS 5.0 V16.2.5"),
    checklist=("No tokens, prompts, bodies or reset links in logs", "Log redaction configured"),
    effort=Effort.HOURS,
)

_LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "msg", "fatal"}
_SENSITIVE_NAME = re.compile(
    r"^(?:.*_)?(?:password|passwd|pwd|secret|token|api_?key|apikey|authorization|auth_header|cookies?|headers|"
    r"session_?id|private_key|access_key|credentials?)$"
    r"|^(?:body|raw_body|request_body|json_body|payload|form_data)$"
    r"|^(?:prompt|prompts|message|messages|user_message|user_prompt|user_input|chat_input|question"
    r"|query|user_query|search_query|research_query)$"
    r"|^(?:.*_)?(?:reset|magic|verify|verification|invite|invitation|login|signin|activation|confirm)_?(?:link|url)$",
    re.IGNORECASE)
# Headers that carry a credential (the caller's, or one the server sets).
_CREDENTIAL_HEADER_NAME = re.compile(r"(?i)^(?:(?:proxy-)?authorization|cookie|set-cookie"
                                     r"|x-[\w-]*(?:key|token|secret|auth)[\w-]*"
                                     r"|[\w-]*(?:api-?key|token|secret|session)[\w-]*)$")
# A request body by name, and the fields of one that are settings, not what the user wrote: `payload.resetMode`,
# `body["stream"]` are one named value each; any other field (`body.persona`, `payload.query`) may be content.
_BODY_OWNER = re.compile(r"^(?:body|raw_body|request_body|json_body|payload|form_data)$", re.IGNORECASE)
_SETTING_FIELD = re.compile(
    r"(?i)^(?:.*_)?(?:mode|type|kind|ids?|model|level|status|flag|enabled|count|limit|offset|page|size|format|lang|"
    r"language|locale|version|sort|order|timeout|temperature|stream|top_k|top_p|max_tokens)$"
    r"|[a-z](?:Mode|Type|Kind|Id|Ids|Model|Level|Status|Flag|Enabled|Count|Limit|Page|Size|Format|Language|Locale|"
    r"Version|Timeout|Temperature)$")
# What a log writes when it is one field of a body whose name says neither content nor label: the message says so
# and what would confirm it (a warning, never a fail).
UNSURE = "one field of a request body or message, "
# A field named as a label or an address: a provider, a URL, a handle, a file name — no user text, no credential.
_LABEL_FIELD = re.compile(r"(?i)(?:^|_)(?:api|provider|backend|url|uri|host|server|endpoint|handle|username|filename|"
                          r"path|dir|directory|source|target|action|event|name|id|ids|key_name)$"
                          r"|[a-z](?:Url|Uri|Host|Server|Endpoint|Handle|Provider|Path|Name|Id)$")
# A field of a body or message that is itself what the user wrote or a credential: logging it logs that.
_CONTENT_FIELD = re.compile(
    r"(?i)^(?:.*_)?(?:password|passwd|pwd|secret|token|api_?key|apikey|authorization|auth|cookies?|headers|"
    r"credentials?|private_key|access_key)$"
    r"|^(?:content|contents|text|input|inputs|body|raw_body|data|payload|prompt|prompts|message|messages|history|"
    r"question|query|user_message|user_prompt|user_input|chat_input|image|images|file|files|document|documents)$")
# The server's own configuration and tool definitions carried on a request object (`query.pipeline_config`,
# `query.use_funcs`): what the operator configured, not what the caller wrote.
_SERVER_FIELD = re.compile(r"(?i)(?:^|_)(?:config|configs|configuration|settings|options|funcs|functions|tools|"
                           r"tool_schemas|tool_definitions)$|[a-z](?:Config|Settings|Options|Tools|Functions)$")
_REQUEST_OBJ = re.compile(r"^(?:request|req|self\.request|scope|ctx\.request)$")
_REQUEST_ATTRS = {"headers", "body", "json", "form", "data", "get_json", "cookies", "stream", "get_data", "values"}
_SAFE_WRAPPERS = re.compile(r"(?i)redact|mask|scrub|sanitiz|hash|^len$|^type$|^bool$|fingerprint|sha\d*|digest|^id$"
                            # a count of tokens: `num_tokens_from_messages(prompt)`
                            r"|num_?tokens|count_?tokens|tokens?_?(?:count|len|length)|^(?:get_)?token_count")
_LITERAL_HINT = re.compile(r"(?i)password|token|reset|prompt|authorization|cookie|api.?key|secret")
# The value right after the word: "password: {pw}", "token={t}" — not "prompt {name} at commit {sha}".
_LITERAL_LEAD = re.compile(r"(?i)(?:password|passwd|token(?!s)|reset[ _-]?(?:link|url)|prompt|authorization|cookie|"
                           r"api.?key|secret)s?(?:\s*\x00)?\s*(?:[:=]|is|was)?\s*['\"(\[]?$")
# Facts *about* a prompt, token or message that are not its content: its name, id, hash, version, size…
_METADATA = re.compile(r"(?i)(?:^|_)(?:name|names|id|ids|hash|commit|sha|version|count|len|length|size|type|kind|"
                       r"model|status|slug|ref|tokens|tokens_used|usage|expires_at|expiry|exp|created_at|path|file|sub|jti|iat|iss|"
                       r"aud|role|roles|user_id|uid)$"
                       r"|(?:^|_)(?:max|min|num|total)_?tokens?$"  # `max_token`: a limit on the model's answer
                       # a tokenizer's special tokens (`tokenizer.eos_token` is "<|endoftext|>"): the model's vocabulary
                       r"|(?:^|_)(?:eos|bos|pad|unk|sep|cls|mask|stop|special|im_start|im_end)_tokens?(?:_ids?)?$"
                       r"|(?:Name|Id|Ids|Hash|Commit|Sha|Version|Count|Length|Size|Type|Kind|Status|Slug|Ref)$")
_REDACTION_PY = re.compile(r"(?i)redact|scrub|mask|sanitiz|filter")


# What a callee answered: a connection test's result, an HTTP response, an error. Its ``message`` is the status
# text the callee wrote ("connection refused"), not a user's message.
_ANSWER_OWNER = re.compile(r"(?i)^(?:.*[._])?(?:result|res|resp|response|status|outcome|reply|ret|retval|error|err|"
                           r"exc|exception)s?$")
_STATUS_KEY = re.compile(r"^(?:message|msg)$")
# `commit.commit.message`, `last_commit.message`: a commit's message, the repository's history — no user's message
_COMMIT_OWNER = re.compile(r"(?i)(?:^|[._])(?:\w+_)?commits?$")


def _status_message(owner: ast.AST, key: object) -> bool:
    """``result.message``, ``resp.json()['message']``: the status text a callee or a remote API answered — for a
    parsed HTTP body, one of a response already known to be a failed call's answer (GitHub's
    ``{"message": "Not Found"}``)."""
    if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Attribute) and owner.func.attr == "json" \
            and not owner.args and isinstance(owner.func.value, ast.Constant):
        return isinstance(key, str) and bool(_STATUS_KEY.match(key))
    return isinstance(key, str) and bool(_STATUS_KEY.match(key)) and bool(
        _ANSWER_OWNER.match(dotted_name(owner)) or _COMMIT_OWNER.search(dotted_name(owner)))


def _is_logger_call(call: ast.Call, printer: str = "") -> bool:
    name = dotted_name(call.func)
    owner, _, level = name.rpartition(".")
    if printer and owner == printer:
        return level in _PRINTER_LEVELS
    return level in _LEVELS and bool(owner) and "log" in owner.rsplit(".", 1)[-1].lower()


# wasabi's console printer (spaCy, Weaviate Verba): `from wasabi import msg` then `msg.good(f"… {query}")` writes
# to the server's output like a logger does.
_PRINTER_LEVELS = {"info", "good", "warn", "fail", "text"}


def printer_name(mod: PyModule) -> str:
    """The name a module's wasabi printer goes by (``msg``), or ``""``."""
    for node in mod.tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "wasabi":
            for alias in node.names:
                if alias.name == "msg":
                    return alias.asname or "msg"
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and dotted_name(node.value.func) in {"Printer", "wasabi.Printer"}
                and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            return node.targets[0].id
    return ""


def _sensitive(node: ast.AST, derived: frozenset[str] = frozenset()) -> str:
    """Why ``node`` (a log argument) is sensitive, or ``""``."""
    if isinstance(node, ast.Compare):
        return ""  # `messages is not None`, `len(x) > 3`: a yes or no about the value, never the value
    if isinstance(node, ast.IfExp) and _text_constant(node.body) and _text_constant(node.orelse):
        return ""  # `'present' if token else 'missing'`: the value only picks one of two labels
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "keys" \
            and not node.args:
        return ""  # payload.keys(): the key names, not a value
    if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
            and isinstance(node.value, ast.Subscript) and _SETTING_FIELD.search(node.slice.value)):
        return ""  # config['ai']['agent']['model']: one setting deep in a nested mapping, not the mapping
    if isinstance(node, ast.Call):
        callee = dotted_name(node.func).rsplit(".", 1)[-1]
        if _SAFE_WRAPPERS.search(callee):
            return ""
        owner = dotted_name(node.func).rpartition(".")[0]
        if _REQUEST_OBJ.match(owner) and callee in _REQUEST_ATTRS:
            return f"{owner}.{callee}()"
    if isinstance(node, ast.Attribute | ast.Name) and (
            _METADATA.search(node.attr if isinstance(node, ast.Attribute) else node.id)
            or _PAGINATION.match(node.attr if isinstance(node, ast.Attribute) else node.id)):
        return ""  # prompt.name, token_count, message_id, page_token: a fact about the value, not the value
    if isinstance(node, ast.Attribute | ast.Subscript) and isinstance(_chain_root(node), ast.Constant):
        return ""  # an attribute or field of an error (`e.message`, `error["message"]`) or of a constant
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice) and _short_fragment(node.slice) \
            and _CREDENTIAL_NAME.match(dotted_name(node.value).rsplit(".", 1)[-1]):
        # self.chosen_api_key[:12], token[-4:]: a fragment that says which key, not the key; the first characters
        # of what a user wrote (`query[:10]`) are still what they wrote
        return ""
    if _lock_token(node):
        return ""  # lock.local.token: the lock's ownership nonce
    if isinstance(node, ast.Attribute) and _status_message(node.value, node.attr):
        return ""  # result.message, response.msg: what the callee answered
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and _status_message(
            node.value, node.slice.value):
        return ""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args
            and isinstance(node.args[0], ast.Constant) and _status_message(node.func.value, node.args[0].value)):
        return ""  # result.get('message')
    if isinstance(node, ast.Attribute):
        owner = dotted_name(node.value)
        if _REQUEST_OBJ.match(owner) and node.attr in _REQUEST_ATTRS:
            return f"{owner}.{node.attr}"
        if _SENSITIVE_NAME.match(node.attr):
            return dotted_name(node) or node.attr
        if _BODY_OWNER.match(owner.rsplit(".", 1)[-1]) and _SETTING_FIELD.search(node.attr):
            return ""  # payload.resetMode: one setting of the body, not the body
        if not _CONTENT_FIELD.match(node.attr) and _sensitive(node.value, derived):
            # body.ingest_body.artifact: one named field of the body, not the body — a label (`api_url`) is nothing,
            # any other name may or may not hold what the user wrote
            return "" if _LABEL_FIELD.search(node.attr) or _SERVER_FIELD.search(node.attr) \
                else f"{UNSURE}{dotted_name(node) or node.attr}"
    if isinstance(node, ast.Name) and (_SENSITIVE_NAME.match(node.id) or node.id in derived):
        return node.id if node.id not in derived else f"{node.id} (built from a credential)"
    if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
            and _SENSITIVE_NAME.match(node.slice.value.replace("-", "_"))):
        return ast.unparse(node)
    if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
            and dotted_name(node.value).rsplit(".", 1)[-1].lower() == "headers"):
        # headers["WWW-Authenticate"], a server's challenge: one named header, sensitive by its name alone
        return ast.unparse(node) if _CREDENTIAL_HEADER_NAME.search(node.slice.value) else ""
    if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
            and _BODY_OWNER.match(dotted_name(node.value).rsplit(".", 1)[-1])):
        return "" if _SETTING_FIELD.search(node.slice.value) else ast.unparse(node)
    if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
            and (_METADATA.search(node.slice.value) or _LABEL_FIELD.search(node.slice.value)
                 or _FIELD_FACT.match(node.slice.value))):
        return ""  # message['ts'], credentials['confluence_username']: one named fact about the value, not the value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            and not isinstance(node.func.value, ast.Constant)):  # '…'.get(): of a value known to hold no content
        # headers.get("Content-Type") is one named value: sensitive by its name alone, whatever holds it
        return ast.unparse(node) if _SENSITIVE_NAME.match(node.args[0].value.replace("-", "_")) else ""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        # a method of a value (`body.decode()`, `messages.copy()`) returns the value: judged as the value
        for operand in (node.func.value, *node.args, *(k.value for k in node.keywords)):
            found = _sensitive(operand, derived)
            if found:
                return found
        return ""
    if isinstance(node, ast.JoinedStr):
        found_all = [f for f in (_sensitive(part, derived) for part in node.values) if f]
        sure = [f for f in found_all if not f.startswith(UNSURE)]
        if sure or found_all:
            return (sure or found_all)[0]
        lead = ""  # the text so far, each earlier value a \x00: "prompt \x00: " leads into the prompt itself
        for part in node.values:
            if isinstance(part, ast.Constant):
                lead += str(part.value)
                continue
            if isinstance(part, ast.FormattedValue):
                hint = _LITERAL_LEAD.search(lead[-60:])
                numeric = isinstance(part.format_spec, ast.JoinedStr) and re.search(
                    r"[dfe%]$", "".join(str(c.value) for c in part.format_spec.values if isinstance(c, ast.Constant)))
                if hint and not numeric and not _sensitive_metadata(part.value) and not _an_answer(part.value) \
                        and not _text_constant(part.value) and not _lock_token(part.value):
                    return f"f-string about {_LITERAL_HINT.search(hint.group(0)).group(0)!r}"  # type: ignore[union-attr]
            lead += "\x00"
    for child in ast.iter_child_nodes(node):
        found = _sensitive(child, derived)
        if found:
            return found
    return ""


def _chain_root(node: ast.AST) -> ast.AST:
    """``a`` of ``a.b["c"].d``."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node


def _an_answer(node: ast.AST) -> bool:
    """``{response}``, ``{result}``: what a callee answered (a model's JSON verdict), whatever word the static
    text puts before it — only an interpolated value named like content is the prompt itself."""
    name = dotted_name(node) if isinstance(node, ast.Attribute | ast.Name) else ""
    return bool(name) and bool(_ANSWER_OWNER.match(name))


def _text_constant(node: ast.AST | None) -> bool:
    """A string literal, or one of two chosen by a condition (``"enabled" if on else "disabled"``): a label."""
    if isinstance(node, ast.IfExp):
        return _text_constant(node.body) and _text_constant(node.orelse)
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _sensitive_metadata(node: ast.AST) -> bool:
    """``{len(prompt)}``, ``{prompt.name}``, ``{sha[:7]}``, ``{used / limit * 100}``: a fact about the value."""
    if isinstance(node, ast.BinOp | ast.UnaryOp | ast.Compare | ast.Constant):
        return True  # arithmetic is a number (a count, a ratio), a literal is no request data
    if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
            and _METADATA.search(node.slice.value)):
        return True  # row['name'], prompt["id"]: one field that names the value, not the value
    while isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Call):
        return bool(_SAFE_WRAPPERS.search(dotted_name(node.func).rsplit(".", 1)[-1])) or (
            bool(node.args) and all(isinstance(a, ast.Constant) for a in node.args))  # str(e) of an error
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Constant):
        return True  # err.message where err was folded away: an attribute of an error or a constant
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return bool(name and (_METADATA.search(name) or _PAGINATION.match(name)))


# Fields that say when, where or who, never what was written: a Slack message's `ts`, its channel, a login's e-mail.
_FIELD_FACT = re.compile(r"(?i)^(?:ts|thread_ts|timestamp|time|date|channel|channel_id|user|email|login|account"
                         r"|cloud_id|client_id|tenant|region|scope|scopes|role|lang|locale)$")
_PAGINATION = re.compile(r"(?i)^(?:.*_)?(?:page|next|prev|previous|continuation|sync|pagination|cursor)_?tokens?$")


def _exception_names(mod: PyModule) -> frozenset[str]:
    """Names bound by ``except … as e``: an error says what failed, it is not the request's data."""
    return frozenset(node.name for node in ast.walk(mod.tree) if isinstance(node, ast.ExceptHandler) and node.name)


def _constant_names(mod: PyModule) -> frozenset[str]:
    """Names only ever assigned string literals in the module (``message = "Malformed request body"``):
    whatever they are called, they carry no request data."""
    values: dict[str, bool] = {}
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constant = _text_constant(node.value)
                    values[target.id] = values.get(target.id, True) and constant
        elif isinstance(node, ast.arg):
            values[node.arg] = False
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For | ast.NamedExpr | ast.withitem):
            bound = node.optional_vars if isinstance(node, ast.withitem) else node.target
            for name in ast.walk(bound) if bound is not None else ():
                if isinstance(name, ast.Name):
                    values[name.id] = False
    return frozenset(name for name, constant in values.items() if constant)


_LOCK_PART = re.compile(r"(?i)^(?:\w*_)?lock$")


def _lock_token(node: ast.AST) -> bool:
    """``lock.local.token``, ``self._lock.token``: a distributed lock's ownership nonce (redis-py's ``Lock``), a
    random value that proves who holds the lock and unlocks nothing else."""
    return isinstance(node, ast.Attribute) and any(_LOCK_PART.match(p) for p in dotted_name(node).split(".")[:-1])


def _lock_tokens(func: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """Names a function assigns only from a lock's ownership token or name (``local_token = lock.local.token``),
    or from what the store holds under the lock's name (``remote = raw.get(lock.name).decode()``: the holder's
    token); ``None`` assigned besides changes nothing."""
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    found: set[str] = set()

    def of_lock(value: ast.expr) -> bool:
        if _lock_token(value) or (isinstance(value, ast.Name) and value.id in found):
            return True
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            if value.func.attr == "get":
                return bool(value.args) and of_lock(value.args[0])
            return value.func.attr == "decode" and of_lock(value.func.value)
        if isinstance(value, ast.Call) and dotted_name(value.func) in {"cast", "typing.cast", "str"} and value.args:
            return of_lock(value.args[-1])
        return False

    changed = True
    while changed:
        changed = False
        for name, values in assigned.items():
            if name not in found and all(of_lock(v) or (isinstance(v, ast.Constant) and v.value is None)
                                         for v in values) and any(of_lock(v) for v in values):
                found.add(name)
                changed = True
    return frozenset(found)


def _short_fragment(part: ast.Slice) -> bool:
    """``[:12]`` or ``[-4:]``: at most 12 leading or 6 trailing characters, with no step."""
    lower, upper = part.lower, part.upper
    if part.step is not None:
        return False
    if lower is None and isinstance(upper, ast.Constant) and isinstance(upper.value, int):
        return 0 <= upper.value <= 12
    if upper is None and isinstance(lower, ast.UnaryOp) and isinstance(lower.op, ast.USub) \
            and isinstance(lower.operand, ast.Constant) and isinstance(lower.operand.value, int):
        return lower.operand.value <= 6
    return False


def _composed_text(value: ast.expr, params: frozenset[str]) -> bool:
    """``f"{header}\\n\\nThe configuration file needs to be valid…"`` (and ``+``/``+=`` of such): a text the function
    writes itself, when nothing it pastes in is named like a secret or content, or comes in as a parameter."""
    parts = [value]
    while parts:
        part = parts.pop()
        if isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add):
            parts += [part.left, part.right]
        elif isinstance(part, ast.JoinedStr):
            for piece in part.values:
                if isinstance(piece, ast.FormattedValue) and (
                        _sensitive(piece.value) or any(isinstance(x, ast.Name) and x.id in params
                                                       for x in ast.walk(piece.value))):
                    return False
        elif not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
            return False
    return isinstance(value, ast.JoinedStr | ast.BinOp)


_SQL_RUNNER = re.compile(r"(?i)^(?:execute|executemany|executescript|fetch|fetchrow|fetchval|fetchall|fetchone)$")
_SQL_HOLDER = re.compile(r"(?i)^(?:\w+_)?(?:cursor|cur|conn|connection|db|session|engine|pool|tx|transaction)$")
_SQL_NAME = re.compile(r"(?i)^(?:\w*_)?(?:query|queries|sql|statement|stmt)$")
_SQL_TEXT = re.compile(r"(?is)^\s*(?:select|insert|update|delete|create|alter|drop|with|replace|truncate)\b")


def _sql_statements(func: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """``query`` handed to a database cursor or connection (``cursor.execute(query, params)``), or bound only to
    SQL text (``query = "CREATE TABLE …"``, ``for query in index_queries`` over SQL literals): a SQL statement (its
    values travel apart, as parameters), not a user's search query, whatever the name says. A ``query`` handed to
    anything else (a search client's ``.text(query)``, a command's ``.execute(query)``) is still what a user asked."""
    out: set[str] = set()
    literal_lists = {t.id: n.value for n in ast.walk(func) if isinstance(n, ast.Assign)
                     for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.List | ast.Tuple)}
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) \
                and _SQL_NAME.match(node.args[0].id) and isinstance(node.func, ast.Attribute) \
                and _SQL_RUNNER.match(node.func.attr) \
                and _SQL_HOLDER.match(dotted_name(node.func.value).rsplit(".", 1)[-1] or "?"):
            out.add(node.args[0].id)
    bound: dict[str, list[ast.expr]] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name) and _SQL_NAME.match(t.id):
                    bound.setdefault(t.id, []).append(node.value)
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Name) and _SQL_NAME.match(node.target.id):
            items = node.iter if isinstance(node.iter, ast.List | ast.Tuple) else literal_lists.get(
                node.iter.id if isinstance(node.iter, ast.Name) else "")
            bound.setdefault(node.target.id, []).extend(items.elts if items is not None else [node.iter])
    for name, values in bound.items():
        if values and all(isinstance(v, ast.Constant) and isinstance(v.value, str) and _SQL_TEXT.match(v.value)
                          for v in values):
            out.add(name)
    return frozenset(out)


def _local_literals(func: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """Names a function assigns only string literals (``message = "update done, restarting"`` in each branch) or
    texts it composes (:func:`_composed_text`): a status text of its own, whatever the name says."""
    verdict: dict[str, bool] = {}
    params = frozenset(a.arg for a in ast.walk(func.args) if isinstance(a, ast.arg))
    for n in ast.walk(func):
        if isinstance(n, ast.arg):
            verdict[n.arg] = False
        elif isinstance(n, ast.Assign | ast.AnnAssign | ast.AugAssign) and n.value is not None:
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            literal = (isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                       and not isinstance(n, ast.AugAssign)) or _composed_text(n.value, params)
            for t in targets:
                if isinstance(t, ast.Name):
                    verdict[t.id] = verdict.get(t.id, True) and literal
        elif isinstance(n, ast.For | ast.With | ast.AsyncWith | ast.AsyncFor | ast.NamedExpr):
            bound = [n.target] if isinstance(n, ast.For | ast.AsyncFor | ast.NamedExpr) else [
                i.optional_vars for i in n.items if i.optional_vars is not None]
            for t in bound:
                for name in ast.walk(t):
                    if isinstance(name, ast.Name):
                        verdict[name.id] = False
    return frozenset(name for name, only in verdict.items() if only)


def _target_names(target: ast.AST | None) -> list[str]:
    """The names a binding target binds or changes: ``x``; ``a, *b``; the object under ``d["k"]`` or ``o.attr``."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [n for e in target.elts for n in _target_names(e)]
    if isinstance(target, ast.Starred | ast.Subscript | ast.Attribute):
        return _target_names(target.value)
    return []


def _bound_once(func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
    """Names the function binds exactly once, by an assignment, and never changes (no parameter, loop variable,
    ``with … as``, augmented or item assignment of the same name): name → the value assigned."""
    bound: dict[str, list[ast.AST]] = {}
    for n in ast.walk(func):
        if isinstance(n, ast.arg):
            bound.setdefault(n.arg, []).append(n)
        elif isinstance(n, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor | ast.withitem):
            targets = n.targets if isinstance(n, ast.Assign) else [
                n.optional_vars if isinstance(n, ast.withitem) else n.target]
            for name in (name for t in targets for name in _target_names(t)):
                bound.setdefault(name, []).append(n)
    return {name: only[0].value for name, only in bound.items() if len(only) == 1
            and isinstance(only[0], ast.Assign | ast.AnnAssign) and only[0].value is not None}


def _request_bodies(func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    """Names the function binds once, and to nothing else, to the request's whole body (``data = await
    request.json()``, ``payload = request.get_json()``): name → the read (``request.json()``). Logging the name
    logs everything the client sent — pr-agent's Bitbucket ``/installed`` logs the install body holding the
    shared secret."""
    out: dict[str, str] = {}
    for name, bound in _bound_once(func).items():
        value = bound.value if isinstance(bound, ast.Await) else bound
        read = value.func if isinstance(value, ast.Call) and not value.args and not value.keywords else None
        if isinstance(read, ast.Attribute) and read.attr in {"json", "get_json", "body", "form", "get_data"} \
                and _REQUEST_OBJ.match(dotted_name(read.value)):
            out[name] = f"{dotted_name(read)}()"
    return out


def _whole_names(node: ast.AST) -> list[str]:
    """Names a log argument writes whole: itself, an f-string's ``{data}``, ``json.dumps(data)``, ``str(data)`` —
    not ``data["id"]``, one field of it."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.JoinedStr):
        return [n for v in node.values if isinstance(v, ast.FormattedValue) for n in _whole_names(v.value)]
    if isinstance(node, ast.Call) and node.args and dotted_name(node.func) in {"json.dumps", "str", "repr", "dict"}:
        return _whole_names(node.args[0])
    return []


def _records_inlined(node: ast.AST, func: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
    """``node`` with each name the function binds once to a dict literal, and to nothing else, replaced by that
    literal: onyx's audit ``payload = {"action": …, "actor": …, "source_ip": …}`` logged as JSON writes those
    fields, judged one by one, not a request "payload"."""
    records = {name: value for name, value in _bound_once(func).items() if isinstance(value, ast.Dict)}
    if not records:
        return node

    class Inline(ast.NodeTransformer):
        def visit_Name(self, name: ast.Name) -> ast.AST:
            record = records.get(name.id)
            return copy.deepcopy(record) if record is not None and isinstance(name.ctx, ast.Load) else name

    return Inline().visit(copy.deepcopy(node))  # type: ignore[no-any-return]


# A list of error records: `result["errors"]`, `resp.errors`, `batch_errors`, `errors["error"]`.
_ERROR_LIST = re.compile(r"""(?i)(?:\[\s*['"]errors?['"]\s*\]|\.errors\b|\b\w*_errors\b|^errors$)""")


def _error_texts(func: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """Names a function only ever assigns from a caught exception (``message = get_clean_exception_info(e)``,
    ``msg = f"failed: {e}"``) inside its ``except`` blocks: an error's text, whatever the name says."""
    verdict: dict[str, bool] = {}
    judged: set[int] = set()
    for loop in ast.walk(func):  # `for message in result["result"]["errors"]["error"]`: each is an error record
        if isinstance(loop, ast.For | ast.AsyncFor) and isinstance(loop.target, ast.Name) \
                and _ERROR_LIST.search(ast.unparse(loop.iter)):
            judged.add(id(loop))
            verdict[loop.target.id] = verdict.get(loop.target.id, True)
    for handler in ast.walk(func):
        if not isinstance(handler, ast.ExceptHandler) or not handler.name:
            continue
        for node in ast.walk(handler):
            if isinstance(node, ast.Assign) and id(node) not in judged:
                judged.add(id(node))
                loads = [n.id for n in ast.walk(node.value) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
                callees = {dotted_name(c.func) for c in ast.walk(node.value) if isinstance(c, ast.Call)}
                values = [n for n in loads if n not in callees]
                from_error = bool(values) and all(n == handler.name for n in values)
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        verdict[target.id] = verdict.get(target.id, True) and from_error
    if not verdict:
        return frozenset()
    for node in ast.walk(func):  # the same name bound any other way in the function (an argument, another value)
        if isinstance(node, ast.arg) and node.arg in verdict:
            verdict[node.arg] = False
        elif isinstance(node, ast.Assign) and id(node) not in judged:
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in verdict:
                    verdict[target.id] = False
        elif id(node) not in judged and isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For | ast.NamedExpr) \
                and isinstance(
                node.target, ast.Name) and node.target.id in verdict:
            verdict[node.target.id] = False
    return frozenset(name for name, ok in verdict.items() if ok)


def _without_constants(node: ast.AST, constants: frozenset[str]) -> ast.AST:
    """``node`` with every constant-only name replaced by a literal, so it is never read as a value."""
    if not constants:
        return node

    class Fold(ast.NodeTransformer):
        def visit_Name(self, name: ast.Name) -> ast.AST:
            return ast.copy_location(ast.Constant("…"), name) if name.id in constants else name

    return Fold().visit(copy.deepcopy(node))  # type: ignore[no-any-return]


# A database record's id: SurrealDB's `ensure_record_id(x)` / `RecordID(table, x)`, MongoDB's `ObjectId(x)`. A field the
# module passes through one (`data["credential"] = ensure_record_id(data["credential"])`) holds the id of a record —
# `credential:abc` names the stored credential, it is not the credential.
_RECORD_ID = re.compile(r"^(?:ensure_record_id|RecordID|ObjectId|to_record_id)$")
# A prompt-named attribute the class also sets to a module constant (`self.prompt = MULTI_MODAL_PARSER_PROMPT`): the
# instruction the object was configured with (its default, or the operator's override), not what a user wrote.
_PROMPT_ATTR = re.compile(r"(?i)^(?:\w*_)?prompts?$")
_CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _record_id_fields(mod: PyModule) -> frozenset[str]:
    """Fields ``mod`` passes through a record-id constructor (``ensure_record_id(data["credential"])``): ids."""
    ids: set[str] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call) and _RECORD_ID.match(dotted_name(node.func).rsplit(".", 1)[-1]):
            for arg in node.args:
                if isinstance(arg, ast.Attribute):
                    ids.add(arg.attr)
                elif isinstance(arg, ast.Subscript) and isinstance(arg.slice, ast.Constant) \
                        and isinstance(arg.slice.value, str):
                    ids.add(arg.slice.value)
    return frozenset(ids)


def _configured_prompts(mod: PyModule) -> dict[int, frozenset[str]]:
    """For each method (by ``id``) of a class that sets a prompt-named ``self`` attribute to a module constant
    somewhere: those attributes."""
    out: dict[int, frozenset[str]] = {}
    for cls in (n for n in ast.walk(mod.tree) if isinstance(n, ast.ClassDef)):
        prompts = frozenset(
            target.attr for node in ast.walk(cls) if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Name) and _CONSTANT_NAME.match(node.value.id)
            for target in node.targets if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
            and target.value.id == "self" and _PROMPT_ATTR.match(target.attr))
        if prompts:
            for func in cls.body:
                if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                    out[id(func)] = prompts
    return out


def _without_fields(node: ast.AST, ids: frozenset[str], prompts: frozenset[str]) -> ast.AST:
    """``node`` with record-id fields (``model.credential``) and configured prompts (``self.prompt``) replaced by a
    literal: neither is a secret nor what a user wrote."""
    if not ids and not prompts:
        return node

    class Fold(ast.NodeTransformer):
        def visit_Attribute(self, attr: ast.Attribute) -> ast.AST:
            if attr.attr in ids or (attr.attr in prompts and isinstance(attr.value, ast.Name)
                                    and attr.value.id == "self"):
                return ast.copy_location(ast.Constant("…"), attr)
            return self.generic_visit(attr)

    return Fold().visit(copy.deepcopy(node))  # type: ignore[no-any-return]


def _embedded_names(value: ast.AST) -> list[ast.Name]:
    """Names whose text is pasted into ``value``: ``{token}`` in an f-string, an operand of ``+`` — not a name
    passed to a call (``hash(messages)``), whose result is something else."""
    if isinstance(value, ast.JoinedStr):
        return [v.value for v in value.values if isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name)]
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return [*_embedded_names(value.left), *_embedded_names(value.right)]
    return [value] if isinstance(value, ast.Name) else []


# A name that holds a credential's value (not what the user wrote, not a body): text built around it carries it.
_CREDENTIAL_NAME = re.compile(
    r"^(?:.*_)?(?:password|passwd|pwd|secret|token|api_?key|apikey|authorization|auth_header|cookies?|"
    r"session_?id|private_key|access_key|credentials?)$", re.IGNORECASE)


def _derived_names(mod: PyModule) -> frozenset[str]:
    """Names assigned text that embeds a credential's value (``link = f"{url}/reset?token={token}"``,
    ``"Bearer " + key``): logging them logs it. Only the credential's own value pasted into the text counts — not a
    lookup keyed by it, not a config read nearby, not a prompt or message (content is judged by its own name)."""
    found: set[str] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Assign) and (any(
                _CREDENTIAL_NAME.match(n.id) and not _METADATA.search(n.id) for n in _embedded_names(node.value))
                or _holds_a_credential(node.value)):
            found.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(found)


def _holds_a_credential(value: ast.expr) -> bool:
    """``{"PINECONE_INDEX": …, "PINECONE_API_KEY": get_first_non_null(api_key, config("PINECONE_API_KEY"))}``: a
    dict literal with a key named for a credential whose value is computed (not a literal, a yes/no, a count or a
    masked form) — printing the dict prints the credential."""
    if not isinstance(value, ast.Dict):
        return False
    for key, item in zip(value.keys, value.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)
                and _CREDENTIAL_NAME.match(key.value.replace("-", "_"))):
            continue
        if isinstance(item, ast.Constant | ast.Compare | ast.BoolOp | ast.UnaryOp | ast.IfExp):
            continue
        if isinstance(item, ast.Call) and _SAFE_WRAPPERS.search(dotted_name(item.func).rsplit(".", 1)[-1]):
            continue
        if isinstance(item, ast.Name | ast.Attribute) and _METADATA.search(dotted_name(item).rsplit(".", 1)[-1]):
            continue
        return True
    return False


_Func = ast.FunctionDef | ast.AsyncFunctionDef
# What a user wrote, by name: a value built from one of these carries it.
_CONTENT_NAME = re.compile(r"^(?:prompt|prompts|messages|user_message|user_prompt|user_input|chat_input|question"
                           r"|query|user_query)$", re.IGNORECASE)


def _content_built(func: _Func) -> dict[str, str]:
    """Names a function assigns from what the user wrote, pasted in as it is (``session_message = messages``,
    ``text = prefix + prompt``) → the content name they were built from."""
    found: dict[str, str] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            source = next((n.id for n in _embedded_names(node.value) if _CONTENT_NAME.match(n.id)), "")
            for target in node.targets:
                if source and isinstance(target, ast.Name) and target.id != source:
                    found.setdefault(target.id, source)
    return found


def _literal_built(mod: PyModule, node: ast.expr) -> bool:
    """A literal, or a container of literals (``{"extract": "Queued."}``), or a name the module assigns only such
    values (``workflow_messages = {...}``): built from the source, no request data in it."""
    def literal(value: ast.AST | None) -> bool:
        if isinstance(value, ast.IfExp):  # "Queued." if provider != "simple" else "Done.": the test only picks one
            return literal(value.body) and literal(value.orelse)
        if isinstance(value, ast.Dict):
            return all(literal(k) for k in value.keys if k is not None) and all(literal(v) for v in value.values)
        if isinstance(value, ast.List | ast.Tuple | ast.Set):
            return all(literal(e) for e in value.elts)
        return isinstance(value, ast.Constant)

    if literal(node):
        return True
    if not isinstance(node, ast.Name):
        return False
    values = [a.value for a in ast.walk(mod.tree) if isinstance(a, ast.Assign) and any(
        (isinstance(t, ast.Name) and t.id == node.id)  # messages = {...}; messages["queued"] = "Queued."
        or (isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == node.id)
        for t in a.targets)]
    rebound = any(isinstance(n, ast.arg) and n.arg == node.id for n in ast.walk(mod.tree))
    return bool(values) and not rebound and all(literal(v) for v in values)


class _Project:
    """Every Python module of the project, indexed for one question: what do the callers of a function pass to
    one of its parameters? A helper that logs its ``message`` parameter logs whatever its callers hand it."""

    def __init__(self, modules: list[PyModule]) -> None:
        self.modules = modules
        self.sinks = ProjectSinks(modules)
        self.facts = {m.path: (_constant_names(m) | _exception_names(m), _derived_names(m)) for m in modules}
        self.record_ids = {m.path: _record_id_fields(m) for m in modules}
        self.prompts: dict[int, frozenset[str]] = {}
        for m in modules:
            self.prompts.update(_configured_prompts(m))
        self.defs: dict[str, list[tuple[PyModule, _Func]]] = {}
        self.enclosing: dict[int, _Func] = {}  # id(node) -> the innermost function that holds it
        self.calls: dict[str, list[tuple[PyModule, ast.Call]]] = {}
        for mod in modules:
            for node in ast.walk(mod.tree):  # breadth first: an inner function overwrites its outer one
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.defs.setdefault(node.name, []).append((mod, node))
                    for sub in ast.walk(node):
                        self.enclosing[id(sub)] = node
                elif isinstance(node, ast.Call):
                    name = dotted_name(node.func).rsplit(".", 1)[-1]
                    if name:
                        self.calls.setdefault(name, []).append((mod, node))

    def judge(self, mod: PyModule, node: ast.AST, depth: int = 0, known: frozenset[str] = frozenset()) -> str:
        """Why ``node`` (a value written to a log, in ``mod``) is content, or ``""``. A parameter named like content
        is judged by its callers when they can all be found: content only if some caller passes content.
        ``known``: names the caller already knows hold no content (a failed call's answer, ciphertext)."""
        constants, derived = self.facts[mod.path]
        constants = constants | known
        func = self.enclosing.get(id(node))
        node = _without_fields(node, self.record_ids[mod.path], self.prompts.get(id(func), frozenset()))  # a copy
        if func is not None:
            constants = constants | _error_texts(func) | _lock_tokens(func) | _local_literals(func) \
                | _sql_statements(func)
        why = _sensitive(_without_constants(node, constants), derived - constants)
        if why and func is not None:
            inlined = _records_inlined(node, func)
            if inlined is not node and not _sensitive(_without_constants(inlined, constants), derived - constants):
                return ""  # a record built field by field, none of them content
        if not why and func is not None:
            bodies = _request_bodies(func)
            for whole in _whole_names(node) if bodies else ():
                if whole in bodies:
                    return f"{whole} (the whole request body, {bodies[whole]})"
        if not why or func is None or depth >= 3:
            return why
        params = [a.arg for a in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]]
        if _sensitive(_without_constants(node, constants | frozenset(params)), derived - constants):
            return why  # content of its own, whatever the parameters hold
        culprits = [p for p in params
                    if _sensitive(_without_constants(node, constants | frozenset(q for q in params if q != p)),
                                  derived - constants)]
        passed = [found for p in culprits for found in self._passed(func, params, p)]
        if not passed:
            return why  # no caller found: judged on the name alone
        for caller_mod, arg, where in passed:
            if _literal_built(caller_mod, arg):
                continue  # `messages = {}; messages["queued"] = "Queued."`: built from the source
            caller_why = self.judge(caller_mod, arg, depth + 1)
            if caller_why:
                return caller_why if caller_why.startswith(why + " (") else f"{why} ({where} passes {caller_why})"
        return ""  # every caller passes a label, an id, a count or an error: no content reaches the log

    def _passed(self, func: _Func, params: list[str], param: str) -> list[tuple[PyModule, ast.expr, str]]:
        """``(module, argument, "path:line")`` for each call of ``func`` in the project, the argument it binds to
        ``param``; ``[]`` when the name is defined more than once (the callers cannot be told apart) — unless the
        definitions share one parameter list (an interface and its implementations) and every call hands that
        parameter a value built from literals only: then no call brings content, whichever definition it reaches."""
        defs = self.defs.get(func.name, [])
        if len(defs) != 1:
            shared = len({tuple(a.arg for a in [*d.args.posonlyargs, *d.args.args, *d.args.kwonlyargs])
                          for _, d in defs}) == 1
            found = self._bound(func, params, param) if shared else []
            return found if found and all(_literal_built(m, arg) for m, arg, _ in found) else []
        return self._bound(func, params, param)

    def _bound(self, func: _Func, params: list[str], param: str) -> list[tuple[PyModule, ast.expr, str]]:
        positional = params[1:] if params[:1] in (["self"], ["cls"]) else params
        out: list[tuple[PyModule, ast.expr, str]] = []
        for mod, call in self.calls.get(func.name, []):
            arg = next((k.value for k in call.keywords if k.arg == param), None)
            if arg is None and param in positional and positional.index(param) < len(call.args):
                arg = call.args[positional.index(param)]
                if any(isinstance(a, ast.Starred) for a in call.args[: positional.index(param) + 1]):
                    arg = None
            if arg is not None:
                out.append((mod, arg, f"{mod.path}:{mod.line(call)}"))
        return out


_EMPTY_CHECK = re.compile(r"(?i)empty|blank")


def _tested_empty(test: ast.expr) -> set[str]:
    """What an ``if`` test holds empty: ``not x``, ``is_none_or_empty(x.content)``, ``x is None``, ``len(x) == 0``."""
    if isinstance(test, ast.BoolOp):
        return {name for value in test.values for name in _tested_empty(value)}
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return {ast.unparse(test.operand)}
    if isinstance(test, ast.Call) and test.args and _EMPTY_CHECK.search(dotted_name(test.func).rsplit(".", 1)[-1]):
        return {ast.unparse(test.args[0])}
    if (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Is | ast.Eq)
            and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value in (None, "", 0)):
        left = test.left
        if isinstance(left, ast.Call) and dotted_name(left.func) == "len" and left.args:
            left = left.args[0]
        return {ast.unparse(left)}
    return set()


def _empty_guards(mod: PyModule) -> dict[int, set[str]]:
    """Every node in the body of an ``if`` that holds something empty → what it holds empty."""
    found: dict[int, set[str]] = {}
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.If) and (empty := _tested_empty(node.test)):
            for stmt in node.body:
                for inner in ast.walk(stmt):
                    found.setdefault(id(inner), set()).update(empty)
    return found


def _logs_only_empty_content(value: str, empty: set[str]) -> bool:
    """A message logged because its content is empty (``if not message.content: log(f"dropped {message}")``)
    writes no content: the content tested empty is the value's own (``x``, ``x.content``, ``x_content``)."""
    return bool(value) and bool(empty & {value, f"{value}.content", f"{value}_content"})


def _python_findings(mod: PyModule, project: _Project, level: tuple[str, str] = ("", "")) -> Iterator[Evidence]:
    """``level``: the project's default log level and where it is set, when debug is only switched on."""
    guards = _empty_guards(mod)
    printer = printer_name(mod)
    ciphertext = decrypted_after(mod)
    own_levels = module_levels(mod)
    default = level
    for call in mod.calls():
        if not _is_logger_call(call, printer):
            continue
        if project.sinks.not_a_log(mod, call):
            continue  # conversation_logger.log(…) of a project class that stores, not logs
        severity = dotted_name(call.func).rsplit(".", 1)[-1]
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
        level = own_levels.get(receiver.id, default) if isinstance(receiver, ast.Name) else default
        known = ciphertext.get(id(call), frozenset())
        func = project.enclosing.get(id(call))
        if func is not None and forwarding_wrapper(func, call):
            params = frozenset(a.arg for a in [*func.args.args, *func.args.kwonlyargs])
            if not any(project.judge(mod, arg, depth=3, known=params)
                       for arg in [*call.args, *(k.value for k in call.keywords)]):
                continue  # a logger wrapper handing on its parameter: its call sites are the log calls
        event, payloads = socket_payloads(func)
        if func is not None and (severity in FAILURE_LEVELS or in_failure_branch(func, call)):
            known = known | response_texts(func)  # logged because the call failed: its answer is an error text
        unsure = ""
        built = _content_built(func) if func is not None else {}
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            why = project.judge(mod, arg, known=known)
            if not why and built:
                pasted = [n.id for n in _embedded_names(arg) if n.id in built and n.id not in known]
                why = f"{pasted[0]} (built from {built[pasted[0]]})" if pasted else ""
            if not why and payloads:
                sent = [n.id for n in _embedded_names(arg) if n.id in payloads]
                why = f"{sent[0]}, the payload a client sent to socket event {event!r}" if sent else ""
            if why and _logs_only_empty_content(why.split(" ")[0], guards.get(id(call), set())):
                continue
            streamed = _py_streamed_token(func, why) if func is not None else ""
            if streamed:
                yield Evidence(Status.WARN, f"log call writes {why}, a piece of the model's streamed answer "
                               f"({streamed}), not a credential — it still copies the conversation into the log: "
                               "log it only while debugging", f"{mod.path}:{mod.line(call)}", mod.excerpt(call))
                break
            if why.startswith(UNSURE):
                unsure = unsure or why.removeprefix(UNSURE)
            elif why and severity == "debug" and level[0] and level[0] != "DEBUG":
                yield Evidence(Status.WARN, f"log call writes {why} at debug level; "
                               f"{'its logger' if level != default else 'the default'} level is {level[0]} "
                               f"({level[1]}) — it reaches the log only where debug is turned on",
                               f"{mod.path}:{mod.line(call)}", mod.excerpt(call))
                break
            elif why:
                yield Evidence(Status.FAIL, f"log call writes {why}", f"{mod.path}:{mod.line(call)}",
                               mod.excerpt(call))
                break
        else:
            if unsure:
                yield Evidence(Status.WARN, f"log call writes {unsure}, one named field of a request body or message "
                               "— confirm it holds no user text or credential", f"{mod.path}:{mod.line(call)}",
                               mod.excerpt(call))


_MASK = re.compile(r"^\*{3,}$|^\[?(?:redacted|masked|filtered)\]?$|^<(?:redacted|masked)>$", re.IGNORECASE)
_MASKER_NAME = re.compile(r"(?i)redact|sanitiz|mask|scrub")
_JS_MASKER = re.compile(r"(?:function\s+|(?:const|let|var)\s+)(?P<name>[A-Za-z_$][\w$]*)\s*(?:=\s*(?:async\s*)?"
                        r"(?:function\b|\([^)]*\)\s*(?::[^=]*)?=>)|\()")
_JS_MASK_LITERAL = re.compile(r"""['"`](?:\*{3,}|\[?(?:REDACTED|MASKED|FILTERED)\]?|<(?:redacted|masked)>)['"`]""",
                              re.IGNORECASE)


def _js_maskers(text: str) -> list[str]:
    """Functions of this file named redact/sanitize/mask/scrub that write a mask literal in place of values."""
    return [m.group("name") for m in _JS_MASKER.finditer(text) if _MASKER_NAME.search(m.group("name"))
            and _JS_MASK_LITERAL.search(text, m.end(), m.end() + 1500)]


def _js_hand_redaction(path: str, text: str) -> str:
    """A hand-written masker of the logger: a function named redact/sanitize/mask/scrub whose body writes a mask
    literal (``'********'``, ``'[REDACTED]'``) in place of values, in the file that builds the logger (winston,
    pino…) or called inside a log call — the project's own log redaction. A masker for display is not."""
    builds_logger = re.search(r"\b(?:winston|pino|bunyan|log4js|createLogger)\b", text)
    for m in _JS_MASKER.finditer(text):
        name = m.group("name")
        if not (_MASKER_NAME.search(name) and _JS_MASK_LITERAL.search(text, m.end(), m.end() + 1500)):
            continue
        logged = any(re.search(rf"\b{re.escape(name)}\s*\(", text[c.end(): text.find(chr(10), c.end())])
                     for c in _JS_LOG.finditer(text))
        if builds_logger or logged:
            return f"{path}:{text.count(chr(10), 0, m.start()) + 1}"
    return ""


def _python_hand_redaction(mod: PyModule) -> str:
    """A function named redact/sanitize/mask/scrub that writes a mask literal in place of values and whose result
    a log call of the same module writes."""
    printer = printer_name(mod)
    logged = {dotted_name(n.func).rsplit(".", 1)[-1] for c in mod.calls() if _is_logger_call(c, printer)
              for n in ast.walk(c) if isinstance(n, ast.Call) and n is not c}
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in logged \
                and _MASKER_NAME.search(node.name) and any(
                isinstance(c, ast.Constant) and isinstance(c.value, str) and _MASK.match(c.value.strip())
                for c in ast.walk(node)):
            return f"{mod.path}:{mod.line(node)}"
    return ""


def _python_redaction(mod: PyModule) -> str:
    hand = _python_hand_redaction(mod)
    if hand:
        return hand
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.ClassDef) and any(dotted_name(b).endswith("Filter") for b in node.bases):
            return f"{mod.path}:{mod.line(node)}"
        if isinstance(node, ast.Call):
            name = dotted_name(node.func)
            if name.endswith("addFilter") or (name.endswith("structlog.configure") and _REDACTION_PY.search(
                    ast.unparse(node))):
                return f"{mod.path}:{mod.line(node)}"
    return ""


_JS_LOG = re.compile(r"\b(?:console|logger|log|pino|winston)\.(?:log|info|debug|warn|error|trace|fatal)\s*\(")
_JS_SENSITIVE = re.compile(
    r"\breq(?:uest)?\.(?:headers|body|cookies)\b|\b(?:authorization|password|passwd|token|accessToken|apiKey|api_key|"
    r"secret|cookie|cookies|prompt|resetLink|resetUrl|reset_link|reset_url)\b", re.IGNORECASE)
# `prompt.name`, `token.expiresAt`, `promptHash`: what follows the word says it is a fact about the value.
# ... and a signed token's claims that name who it is for and when (``token.sub``, ``jwt.role``, ``token.jti``): the
# user's id, not the credential that proves it
_JS_METADATA = re.compile(r"(?:\??\.)?(?:name|id|hash|commit|sha|version|length|size|type|kind|status|slug|ref|"
                          r"expiresAt|expires_at|count|usage|model|sub|jti|iat|exp|iss|aud|role|roles|userId|user_id|"
                          r"uid)\b|(?:Name|Id|Hash|Commit|Sha|Version|Length|Count|Type)\b")
_JS_SERVER = re.compile(r"require\(\s*['\"](?:express|fastify|koa|@hapi/hapi)['\"]|from\s+['\"](?:express|fastify|koa|"
                        r"next/server|@hapi/hapi)['\"]|NextApiRequest|export\s+(?:async\s+)?function\s+(?:GET|POST)\b")
_JS_REDACT = re.compile(r"\bredact\s*:|fast-redact|redactPaths|\bredact\(")
_JS_LOGGER_LIB = re.compile(r"""(?:from\s*|require\(\s*)['"](?:pino|winston|bunyan|fast-redact)['"]""")


_JS_CHAIN = re.compile(r"(?:\s*\??\.\s*[A-Za-z_$][\w$]*)+")


def _js_fact(values: str, at: int) -> bool:
    """What follows a sensitive word says it is a fact about the value: ``prompt.name``, ``token.expiresAt``, or a
    property chain that ends in one (``req.body?.messages?.length``, ``req.body.model``)."""
    if _JS_METADATA.match(values, at):
        return True
    chain = _JS_CHAIN.match(values, at)
    last = chain.group(0).rsplit(".", 1)[-1].strip() if chain else ""
    return bool(last) and bool(_JS_METADATA.fullmatch(last))


# One header named after `req.headers` (`.origin`, `['user-agent']`, `.get('referer')`): judged by its name.
_JS_ONE_HEADER = re.compile(r"""\s*(?:\??\.\s*(?:get\s*\(\s*)?|\[\s*)(?:''|(?P<name>[A-Za-z_$][\w$-]*))""")
_CREDENTIAL_HEADER = re.compile(r"(?i)auth|cookie|token|secret|key|session|signature|passw|credential")
_JS_TEXT_OR_COMMENT = re.compile(r"""('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`)"""
                                 r"""|//[^\n]*|/\*[\s\S]*?\*/""")


def _without_js_comments(text: str) -> str:
    """The source with every comment blanked (its newlines kept, so lines keep their numbers); strings stay."""
    return _JS_TEXT_OR_COMMENT.sub(lambda m: m.group(1) or re.sub(r"[^\n]", " ", m.group(0)), text)


def _js_one_header(values: str, hit: re.Match[str], args: str) -> bool:
    """``req.headers.origin`` / ``req.headers['user-agent']``: one header, and not one that carries a credential."""
    if not hit.group(0).lower().endswith("headers"):
        return False
    m = _JS_ONE_HEADER.match(values, hit.end())
    if m is None:
        return False
    name = m.group("name")
    if name is None:  # a quoted name: the string was blanked in `values`; read it from the arguments
        quoted = re.search(re.escape(hit.group(0)) + r"""\s*(?:\??\.\s*get\s*\(\s*|\[\s*)['"]([\w-]+)['"]""", args)
        name = quoted.group(1) if quoted else ""
    return bool(name) and not _CREDENTIAL_HEADER.search(name)


_JS_CAMEL_CONTENT = re.compile(r"[a-z0-9](?:Password|Passwd|Token|Secret|Key|Auth|Authorization|Cookie|Credentials?|"
                               r"Prompt|Prompts|Messages?|Content|Text|Input|Query|Question|Image|Images)$")


def _content_field(name: str) -> bool:
    """A body field that is itself a credential or what the user wrote (``messages``, ``auth``, ``userPrompt``)."""
    return bool(_CONTENT_FIELD.match(name) or _JS_CAMEL_CONTENT.search(name))


_JS_BODY_FIELD = re.compile(r"\b(?:req|request)\.body\s*\??\.\s*([A-Za-z_$][\w$]*)")
_JS_BODY_DESTRUCTURED = re.compile(r"\{([^{}]*)\}\s*=\s*(?:await\s+)?(?:req|request)\.body\b")
# The body handed on whole (spread, serialised, assigned, passed as an argument): every field it carries is used.
_JS_BODY_WHOLE = re.compile(r"\.\.\.\s*(?:req|request)\.body\b(?!\s*\??\.)"
                            r"|(?:[=(,:]|\breturn)\s*(?:req|request)\.body\s*[;,)}\n]")


def _without_log_calls(text: str) -> str:
    """``text`` with every log call (``console.log(...)``) cut out."""
    out, pos = [], 0
    for m in _JS_LOG.finditer(text):
        if m.start() >= pos:
            out.append(text[pos:m.start()])
            pos = m.end() - 1 + len(balanced(text, m.end() - 1))
    return "".join(out) + text[pos:]


# `const { messages, toolsState } = await request.json()` / `= req.body`: names taken from what the client posted.
_JS_POSTED = re.compile(r"(?:const|let|var)\s*\{([^{}]*)\}\s*=\s*(?:await\s+)?(?:req|request)\s*\.\s*"
                        r"(?:body\b(?!\s*\??\.)|json\s*\(\s*\))")
_JS_POSTED_WHOLE = re.compile(r"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:await\s+)?"
                              r"(?:req|request)\s*\.\s*(?:json\s*\(\s*\)|body\b(?!\s*\??\.))")


def _posted_content(text: str, at: int, values: str) -> tuple[str, str, int] | None:
    """A name the log call writes whole that the handler took, within the 60 lines above, from the request body —
    a field named for what the user wrote or a credential (``messages``, ``prompt``, ``apiKey``), or the body
    itself: ``(name, what, line)``."""
    start = max(0, text.rfind("\n", 0, max(0, at - 4000)))
    window = text[start:at]
    if window.count("\n") > 60:
        window = "\n".join(window.splitlines()[-60:])
        start = at - len(window)
    bound: dict[str, tuple[str, int]] = {}
    for m in _JS_POSTED.finditer(window):
        for part in m.group(1).split(","):
            field, _, alias = part.partition(":")
            field, name = field.strip().lstrip("."), (alias.split("=")[0].strip() or field.split("=")[0].strip())
            if field and _content_field(field.split("=")[0].strip()):
                bound[name] = (f"`{field.split('=')[0].strip()}` field", text.count("\n", 0, start + m.start()) + 1)
    for m in _JS_POSTED_WHOLE.finditer(window):
        bound[m.group(1)] = ("request body", text.count("\n", 0, start + m.start()) + 1)
    for name, (what, line) in bound.items():
        if re.search(rf"(?<![\w$.]){re.escape(name)}\b(?!\s*(?:\??\.|\[|\(|:))", values):
            return name, what, line
    return None


def _body_fields(handler: str) -> list[str] | None:
    """The fields a handler reads from its request body, in order; ``None`` when it hands the body on whole (or
    reads none), so what the body carries is not known from the handler."""
    if _JS_BODY_WHOLE.search(_without_log_calls(handler)):  # the log call itself is not a use of the body
        return None
    fields = _JS_BODY_FIELD.findall(handler)
    for group in _JS_BODY_DESTRUCTURED.findall(handler):
        fields += [f.split(":")[0].split("=")[0].strip().lstrip(".") for f in group.split(",") if f.strip()]
    return list(dict.fromkeys(f for f in fields if f)) or None


_JS_DECLARED = re.compile(r"(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?=await\b)")


def _js_model_answers(text: str) -> list[tuple[int, str, bool]]:
    """Every ``const|let|var X = await …`` of a file, in order: ``(offset, name, holds a model's answer)`` — the
    answer when the statement (read up to its ``;`` or a blank line) calls a language model
    (``await chain.call({...})``, ``await openai.chat.completions.create(...)``)."""
    found: list[tuple[int, str, bool]] = []
    for m in _JS_DECLARED.finditer(text):
        statement = re.split(r";|\n\s*\n", text[m.end(): m.end() + 600], maxsplit=1)[0]
        found.append((m.start(), m.group("name"), client_call(statement) is not None))
    return found


def _answer_declared(answers: list[tuple[int, str, bool]], name: str, at: int) -> int:
    """The offset of the declaration of ``name`` nearest before ``at`` when it holds a model's answer, else -1."""
    nearest = [(start, answer) for start, declared, answer in answers if declared == name and start < at]
    return nearest[-1][0] if nearest and nearest[-1][1] else -1


_STREAM_CALLBACK = re.compile(r"(?i)^(?:on_llm_new_token|on_\w*(?:token|chunk|delta|stream)\w*|\w*_new_token)$")
_STREAM_SOURCE = re.compile(r"(?i)stream|chunks?$|completion|response|generator|iterator|tokens$")


def _py_streamed_token(func: _Func, why: str) -> str:
    """``token`` bound to a piece of a model's streamed answer in ``func``: the parameter of a streaming callback
    (LangChain's ``on_llm_new_token(self, token)``) or the loop variable over a stream (``for token in stream:``)."""
    if why not in {"token", "tokens"}:
        return ""
    params = {a.arg for a in [*func.args.args, *func.args.kwonlyargs]}
    if why in params and _STREAM_CALLBACK.match(func.name):
        return f"the {func.name} callback's parameter"
    for node in ast.walk(func):
        if isinstance(node, ast.For | ast.AsyncFor) and isinstance(node.target, ast.Name) \
                and node.target.id == why and _STREAM_SOURCE.search(ast.unparse(node.iter).split("(")[0]):
            return f"a loop over {ast.unparse(node.iter)[:60]}"
    return ""


def _streamed_token(before: str, word: str) -> str:
    """Where ``token`` is bound, just before its log call, to a piece of a model's streamed answer: the parameter of
    a progress/token callback (``onProgress = (token) => …``, ``handleLLMNewToken(token)``) or the loop variable over
    a stream (``for await (const token of stream)``); ``""`` otherwise."""
    if word.lower() not in {"token", "tokens"}:
        return ""
    w = re.escape(word)
    callback = [m for m in re.finditer(
        rf"\b(on\w*(?:Progress|Token|Chunk|Delta|Data|Message|Stream)\w*|handleLLMNewToken|onToken)\s*(?:[:=]\s*|\()"
        rf"(?:async\s*)?(?:function\s*)?\(?\s*{w}\b(?:\s*:\s*\w+)?\s*[,)]?\s*(?:=>|\{{)", before)]
    if callback:
        return f"the {callback[-1].group(1)} callback's parameter"
    loop = [m for m in re.finditer(
        rf"\bfor\s*(?:await\s*)?\(\s*(?:const|let|var)\s+{w}\s+of\s+([\w$.]*(?:stream|chunks?|completion|response|"
        rf"generator|iterator|tokens)\w*)", before, re.IGNORECASE)]
    if loop:
        return f"a loop over {loop[-1].group(1)}"
    return ""


def _js_findings(path: str, text: str, handlers: Sequence[tuple[int, int]] = ()) -> Iterator[Evidence]:
    """Log calls in server code that write a body, header, cookie, a value named like a secret or prompt, or a
    language model's answer. ``handlers``: the ``(first, last)`` lines of the file's route handlers, to read what a
    logged body holds."""
    text = _without_js_comments(text)
    lines = text.splitlines()
    maskers = _js_maskers(text)
    answers = _js_model_answers(text)
    for m in _JS_LOG.finditer(text):
        args = balanced(text, m.end() - 1)
        if maskers:  # sanitizeObject(req.body): what the file's own masker returns, the secrets masked
            args = re.sub(rf"\b(?:{'|'.join(map(re.escape, maskers))})\s*\([^()]*\)", "''", args)
        # string literals' contents ("token refreshed") are words, not values: drop them
        values = re.sub(r"(['\"])(?:\\.|(?!\1).)*\1", "''", args)
        # a template literal's text is words too; only its ${…} expressions are values
        values = re.sub(r"`(?:\\.|[^`])*`", lambda t: " ".join(re.findall(r"\$\{([^}]*)\}", t.group(0))), values)
        hit = next((h for h in _JS_SENSITIVE.finditer(values)
                    if not _js_fact(values, h.end()) and not _js_one_header(values, h, args)), None)
        if not hit:
            posted = _posted_content(text, m.start(), values)
            if posted:
                line = text.count("\n", 0, m.start()) + 1
                yield Evidence(Status.FAIL, f"log call writes {posted[0]}, the {posted[1]} the client posted "
                               f"(taken from the request body at line {posted[2]})", f"{path}:{line}",
                               lines[line - 1].strip()[:160])
                continue
            # the answer logged whole (`console.log("result", result)`): not one property of it, not an object key
            said = next(((a.group(1), start) for a in re.finditer(
                r"(?<![\w$.])([A-Za-z_$][\w$]*)\b(?!\s*(?:\??\.|\[|\(|:))", values)
                for start in [_answer_declared(answers, a.group(1), m.start())] if start >= 0), None)
            if said is not None:
                line = text.count("\n", 0, m.start()) + 1
                yield Evidence(Status.FAIL, f"log call writes {said[0]}, a language model's answer ({path}:"
                               f"{text.count(chr(10), 0, said[1]) + 1}) — the conversation it answers",
                               f"{path}:{line}", lines[line - 1].strip()[:160])
            continue
        line = text.count("\n", 0, m.start()) + 1
        excerpt = lines[line - 1].strip()[:160]
        streamed = _streamed_token(text[max(0, m.start() - 600): m.start()], hit.group(0))
        if streamed:
            yield Evidence(Status.WARN, f"log call writes {hit.group(0)}, a piece of the model's streamed answer "
                           f"({streamed}), not a credential — it still copies the conversation into the log: log it "
                           "only while debugging", f"{path}:{line}", excerpt)
            continue
        if hit.group(0).lower().endswith(".body"):
            field = re.match(r"\s*\??\.\s*([A-Za-z_$][\w$]*)", values[hit.end():])
            if field and not _content_field(field.group(1)):
                # request.body.api: one named field of the body, not the body — a label is nothing, another name
                # may hold what the user wrote: a warning saying what would confirm it
                if not (_LABEL_FIELD.search(field.group(1)) or _JS_METADATA.fullmatch(field.group(1))):
                    yield Evidence(Status.WARN, f"log call writes {hit.group(0)}.{field.group(1)}, one named field "
                                   "of the request body — confirm it holds no user text or credential",
                                   f"{path}:{line}", excerpt)
                continue
            if field:  # request.body.messages: the conversation itself, a field named like content
                yield Evidence(Status.FAIL, f"log call writes {hit.group(0)}", f"{path}:{line}", excerpt)
                continue
            handler = next(((a, b) for a, b in sorted(handlers, reverse=True) if a <= line <= b), None)
            fields = _body_fields("\n".join(lines[handler[0] - 1: handler[1]])) if handler else None
            if fields is not None and not any(_content_field(f) for f in fields):
                yield Evidence(Status.WARN, f"log call writes the whole {hit.group(0)}; its handler reads only "
                               f"{', '.join(fields)[:120]} from it — confirm the client sends no prompt, message or "
                               "credential in that body", f"{path}:{line}", excerpt)
                continue
        yield Evidence(Status.FAIL, f"log call writes {hit.group(0)}", f"{path}:{line}", excerpt)


# A "use client" module runs in the browser: its console.log writes to the visitor's console, not a server log.
_BROWSER_CODE = re.compile(r"""\A(?:\s|//[^\n]*\n|/\*[\s\S]*?\*/)*['"]use client['"]""")


def run(ctx: CheckContext) -> Outcome:
    return covering_unparsed(ctx.repo, _decide(ctx))


# Evaluation and benchmark harnesses log the dataset they run over on a developer's machine, not users' data.
_HARNESS = re.compile(r"(?:^|/)(?:evals?|evaluations?|benchmarks?|bench)/", re.IGNORECASE)


def _decide(ctx: CheckContext) -> Outcome:
    evidence: list[Evidence] = []
    redaction = ""
    logs = 0
    first_log = ""
    files = [(path, text) for path, text in source_files(ctx.repo) if not _HARNESS.search(path)]
    modules = [m for path, text in files if path.endswith(".py")
               for m in (python_module(ctx.repo, path, text),) if m is not None]
    project = _Project(modules)
    level = default_level(modules)
    handlers: dict[str, list[tuple[int, int]]] = {}
    for route in clipped(route_inventory(ctx.repo)):
        if route.line and route.end_line:
            handlers.setdefault(route.file, []).append((route.line, route.end_line))
    by_path = {m.path: m for m in modules}
    for path, text in files:
        if not path.endswith(".py") and not redaction:
            redaction = _js_hand_redaction(path, text)
        if not path.endswith(".py") and not redaction and _JS_REDACT.search(text) and _JS_LOGGER_LIB.search(text) \
                and not _BROWSER_CODE.match(text):
            redaction = path  # pezzo's `createLogger()` module: `pino({ redact: [...] })`, no server import in it
        if path.endswith(".py"):
            mod = by_path.get(path)
            if mod is None:
                continue
            printer = printer_name(mod)
            calls = [c for c in mod.calls() if _is_logger_call(c, printer)]
            logs += len(calls)
            if calls and not first_log:
                first_log = f"{path}:{mod.line(calls[0])}"
            evidence.extend(_python_findings(mod, project, level))
            redaction = redaction or _python_redaction(mod)
        elif (_JS_SERVER.search(text) or "/pages/api/" in f"/{path}") and not _BROWSER_CODE.match(text):
            live = _without_js_comments(text)  # a commented-out console.log writes nothing
            count = len(_JS_LOG.findall(live))
            logs += count
            if count and not first_log:
                first_log = f"{path}:{live[: _JS_LOG.search(live).start()].count(chr(10)) + 1}"  # type: ignore[union-attr]
            evidence.extend(_js_findings(path, text, handlers.get(path, ())))
            if _JS_REDACT.search(text) and not redaction:
                redaction = path
    if logs and not redaction:
        # "Log redaction present" is a criterion of its own (a buyer's review asks for it): its absence is a warning
        # either way. Where a log call read writes (or may write) a secret, prompt or request data, the warning says
        # so; where none does, it says that too, and that the filter would be the safety net — not that the line it
        # points at (`logger.info(f"stopped {app_name}")`) logs anything of the kind.
        risky = any(e.status in (Status.FAIL, Status.WARN) for e in evidence)
        evidence.append(Evidence(
            Status.WARN, "the project logs but configures no log redaction (no logging.Filter, structlog processor "
            "or pino `redact`), and a log call above writes or may write a secret, prompt or request data" if risky
            else f"the project logs but configures no log redaction (no logging.Filter, structlog processor or pino "
            f"`redact`); none of its {logs} log call(s) read writes a secret, prompt or request data (the first is "
            "this line), so the filter is the safety net for the next one that does — add one", first_log))
    fails = sum(e.status is Status.FAIL for e in evidence)
    return Outcome.from_evidence(
        evidence,
        passed=f"{logs} log call(s), none writing secrets, prompts or request data" + (
            f"; redaction at {redaction}" if redaction else ""),
        failed=(f"{fails} log call(s) write secrets, prompts or request data" if fails
                else "log calls may write secrets, prompts or request data" + (
                    "" if redaction else ", and no log redaction is configured")),
    )


CHECK = Check(META, run, options={})
