"""Every configuration key, said once: what it does and an example. The CLI's ``scan`` flags and
``docs/configuration.md`` are both generated from this table and the :class:`~launchready.config.Config`
model (type and default come from the model), so a key cannot exist in one place and not the other.

Keys are the long flags: each top-level key whose value is not a table is a ``scan`` flag, and each
``scan`` flag (but ``--config`` and ``--help``) is a key. Tables (``[api]``, ``[ai]``, ``[[exclude]]``,
``[[suppress]]``, ``[checks]``) live only in the file.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from launchready.config import Config


@dataclass(frozen=True)
class KeyDoc:
    help: str
    example: str
    """A TOML value (or, for a table, a TOML snippet) that the strict loader accepts."""
    metavar: str = ""
    """How the value reads after the flag (``--url URL``); empty for a switch."""


KEYS: dict[str, KeyDoc] = {
    "path": KeyDoc("The product's git repository (the positional argument of `scan`).", '"."'),
    "profile": KeyDoc("Which checklist decides the verdict: handover (real users) or security-review (a B2B "
                      "buyer's review).", '"security-review"', "{handover,security-review}"),
    "only": KeyDoc("Run only these check ids or surfaces (comma-separated or repeated).", '["repo", "api.cors"]',
                   "IDS"),
    "skip": KeyDoc("Skip these check ids or surfaces (comma-separated or repeated).", '["domain"]', "IDS"),
    "format": KeyDoc("Report formats: terminal, json, markdown, sarif, junit, html (comma-separated or repeated).",
                     '["terminal", "sarif"]', "FORMATS"),
    "output": KeyDoc("Directory for the report files; launchready.json is always written there "
                     "(default: launchready-report in the current directory).", '"launchready-report"', "DIR"),
    "fail-on": KeyDoc("Also exit 1 on any failing check (fail) or any warning too (warn), not only when not ready.",
                      '"warn"', "{fail,warn}"),
    "quiet": KeyDoc("No progress display.", "true"),
    "show-skipped": KeyDoc("List every skipped check in the terminal report; by default the checks of a surface "
                           "that was not scanned are folded into one line per surface.", "true"),
    "check-timeout": KeyDoc("Seconds one check may run before it is reported as an error.", "120", "SECONDS"),
    "concurrency": KeyDoc("Checks run at once.", "2", "N"),
    "exclude": KeyDoc("Paths the repo checks do not read, with the reason (listed in every report).",
                      '[[exclude]]\npaths = ["vendor/**"]\nreason = "third-party code we do not ship"'),
    "exclude.paths": KeyDoc("Glob patterns of excluded paths.", '["vendor/**"]'),
    "exclude.reason": KeyDoc("Why they are excluded.", '"third-party code we do not ship"'),
    "baseline": KeyDoc("Accepted findings written by `launchready baseline`; only new findings count.",
                       '".launchready-baseline.json"', "FILE"),
    "suppress": KeyDoc("An accepted finding: which check, which evidence, and why.",
                       '[[suppress]]\ncheck = "repo.debug-mode"\nlocation = "scripts/dev.py:*"\n'
                       'reason = "local development entry point"'),
    "suppress.check": KeyDoc("The check id.", '"repo.debug-mode"'),
    "suppress.location": KeyDoc("A glob over the evidence location (path:line).", '"scripts/dev.py:*"'),
    "suppress.fingerprint": KeyDoc("Or the finding's stable fingerprint from the JSON report.", '"3f2a9c0d1b7e4a55"'),
    "suppress.reason": KeyDoc("Why it is accepted (required; listed in every report).",
                              '"local development entry point"'),
    "checks": KeyDoc("Per-check options, by check id (`launchready explain ID` lists them).",
                     '[checks."api.latency"]\nrequests = 100'),
    "url": KeyDoc("Base URL of the running API (loopback or a declared staging host); enables the api and ai "
                  "surfaces.", '"http://127.0.0.1:8000"', "URL"),
    "staging-hosts": KeyDoc("The only non-loopback hosts the live checks may probe.", '["staging.example.com"]',
                            "HOSTS"),
    "allow-destructive": KeyDoc("Allow PUT/DELETE on other tenants' objects (staging and loopback hosts only).",
                                "false"),
    "api": KeyDoc("The live API surface.", '[api]\nchat = "POST /chat"'),
    "api.openapi": KeyDoc("OpenAPI document: a path on the API or a file (found at the usual paths when omitted).",
                          '"/openapi.json"'),
    "api.public": KeyDoc("Routes that need no authentication.", '["GET /health", "POST /auth/login"]'),
    "api.request-budget": KeyDoc("Requests the whole scan may send.", "2000"),
    "api.request-timeout": KeyDoc("Seconds one request may take.", "10.0"),
    "api.concurrency": KeyDoc("Requests in flight at once.", "8"),
    "api.login": KeyDoc("How a test identity logs in and where the token is in the answer.",
                        '[api.login]\npath = "/auth/login"'),
    "api.login.path": KeyDoc("The login route.", '"/auth/login"'),
    "api.login.method": KeyDoc("Its method.", '"POST"'),
    "api.login.form": KeyDoc("Send a form (OAuth2 password flow) instead of JSON.", "true"),
    "api.login.username-field": KeyDoc("The user name field.", '"username"'),
    "api.login.password-field": KeyDoc("The password field.", '"password"'),
    "api.login.token-pointer": KeyDoc("JSON pointer to the token in the answer.", '"/access_token"'),
    "api.login.header": KeyDoc("Header that carries the token.", '"Authorization"'),
    "api.login.scheme": KeyDoc("Scheme before the token in that header.", '"Bearer"'),
    "api.tenants": KeyDoc("Two test identities in two tenants, by environment-variable name only.",
                          '[[api.tenants]]\nname = "tenant-a"\ntoken-env = "LR_TENANT_A_TOKEN"'),
    "api.tenants.name": KeyDoc("The identity's name.", '"tenant-a"'),
    "api.tenants.token-env": KeyDoc("Variable holding a ready-made token.", '"LR_TENANT_A_TOKEN"'),
    "api.tenants.username-env": KeyDoc("Variable holding the login user name.", '"LR_TENANT_A_USER"'),
    "api.tenants.password-env": KeyDoc("Variable holding the login password.", '"LR_TENANT_A_PASSWORD"'),
    "api.chat": KeyDoc("The chat route.", '"POST /chat"'),
    "api.upload": KeyDoc("The upload route.", '"POST /files"'),
    "api.reset": KeyDoc("The password-reset route.", '"POST /auth/reset"'),
    "api.tools": KeyDoc("Routes that run tools.", '["POST /tools/export"]'),
    "api.admin": KeyDoc("Admin, billing and internal routes an ordinary user must not reach.",
                        '["GET /admin/users"]'),
    "api.webhooks": KeyDoc("Webhook endpoints and the signature scheme each must enforce.",
                           '[[api.webhooks]]\npath = "/webhooks/stripe"\nscheme = "stripe"'),
    "api.webhooks.path": KeyDoc("The webhook route.", '"/webhooks/stripe"'),
    "api.webhooks.scheme": KeyDoc("stripe, github, slack, standard-webhooks or hmac-sha256.", '"stripe"'),
    "api.webhooks.secret-env": KeyDoc("Variable holding the test-mode signing secret.", '"LR_STRIPE_WEBHOOK_SECRET"'),
    "api.logs": KeyDoc("Where the application's logs can be read (one of file, directory, command).",
                       '{ file = "logs/app.log" }'),
    "api.logs.file": KeyDoc("A log file.", '"logs/app.log"'),
    "api.logs.directory": KeyDoc("A directory of log files.", '"logs"'),
    "api.logs.command": KeyDoc("A command that prints the recent log.", '"journalctl -u app --since=-10min"'),
    "api.health": KeyDoc("The health route.", '"/healthz"'),
    "api.scanner-header": KeyDoc("Header carrying the scanner token.", '"X-Launchready-Scan"'),
    "api.scanner-token-env": KeyDoc("Variable holding a staging-only token the limiter exempts.",
                                    '"LR_SCANNER_TOKEN"'),
    "ai": KeyDoc("The chatbot surface (reached through `url`).", '[ai]\nsystem-prompt-canary = "LR-CANARY-3f9a0c"'),
    "ai.chat": KeyDoc("How to talk to the chatbot.", '[ai.chat]\npreset = "openai"'),
    "ai.chat.endpoint": KeyDoc("The chat route.", '"POST /chat"'),
    "ai.chat.preset": KeyDoc("custom, openai (/v1/chat/completions) or example.", '"openai"'),
    "ai.chat.body": KeyDoc("Request body template; {message} is replaced by the probe.", '{ message = "{message}" }'),
    "ai.chat.form": KeyDoc("Send the body as a form.", "false"),
    "ai.chat.reply-pointer": KeyDoc("JSON pointer to the reply text.", '"/reply"'),
    "ai.chat.tool-calls-pointer": KeyDoc("JSON pointer to the tool-call trace (empty: none).", '"/tool_calls"'),
    "ai.chat.usage-pointer": KeyDoc("JSON pointer to the token usage.", '"/usage"'),
    "ai.chat.conversation-pointer": KeyDoc("JSON pointer to the conversation id in the answer.",
                                           '"/conversation_id"'),
    "ai.chat.conversation-field": KeyDoc("Body key that carries the conversation id on later turns.",
                                         '"conversation_id"'),
    "ai.chat.stream": KeyDoc("Read a server-sent-events answer.", "true"),
    "ai.chat.tenant": KeyDoc("The [[api.tenants]] identity the probes chat as.", '"tenant-a"'),
    "ai.system-prompt-canary": KeyDoc("A marker planted in the system prompt (not a credential).",
                                      '"LR-CANARY-3f9a0c"'),
    "ai.probe-budget": KeyDoc("Chat requests the whole ai surface may send.", "200"),
    "ai.exhaustive": KeyDoc("Run every probe of a family even after one is confirmed.", "false"),
    "ai.upload": KeyDoc("Where documents are uploaded (defaults to [api] upload).", '"POST /files"'),
    "ai.outbox": KeyDoc("A route listing what the product sent, read back to prove an e-mail tool ran.",
                        '"GET /outbox"'),
    "ai.model": KeyDoc("The model, for the cost estimate.", '"gpt-4o-mini"'),
    "ai.price-input-per-mtok": KeyDoc("Input price per million tokens (USD), overriding the table.", "0.15"),
    "ai.price-output-per-mtok": KeyDoc("Output price per million tokens (USD).", "0.6"),
    "ai.budget-per-hour": KeyDoc("Worst-case spend per account and IP per hour allowed (USD).", "5.0"),
    "domain": KeyDoc("Mail / apex domain or web host to check; enables the domain surface.", '"example.com"',
                     "NAME"),
    "subdomain": KeyDoc("Web subdomains to check (repeatable).", '["www", "app", "api"]', "NAME"),
    "dkim-selector": KeyDoc("DKIM selectors to check (repeatable).", '["google", "s1"]', "NAME"),
    "nameserver": KeyDoc("Ask only this DNS server (IP[:PORT]).", '"127.0.0.1:5353"', "IP[:PORT]"),
    "resolve": KeyDoc("Connect-to override for TLS and HTTP probes (repeatable), like curl's.",
                      '["example.com:443:127.0.0.1"]', "HOST:PORT:ADDR"),
    "ca-file": KeyDoc("Extra trusted CA (PEM) for the TLS checks.", '"lab/lab-root.pem"', "PEM"),
    "dns-timeout": KeyDoc("Seconds one DNS question may take.", "3.0", "SECONDS"),
}

NOT_FLAGS = frozenset({"path"})
"""Top-level keys that are not ``--flags``: the repository is ``scan``'s positional argument."""


@dataclass(frozen=True)
class Key:
    """One configuration key as the model declares it."""

    name: str
    """Dotted from the top (``api.login.path``)."""
    field: FieldInfo
    is_table: bool

    @property
    def doc(self) -> KeyDoc:
        return KEYS[self.name]

    @property
    def is_list(self) -> bool:
        return typing.get_origin(_bare(self.field.annotation)) is tuple

    @property
    def is_switch(self) -> bool:
        return _bare(self.field.annotation) is bool

    def type_name(self) -> str:
        return _type_name(self.field.annotation, self.is_table)

    def default_text(self) -> str:
        default = self.field.get_default(call_default_factory=True)
        if default is PydanticUndefined:
            return "required"
        if self.is_table or isinstance(default, BaseModel):
            return "—"
        return _toml(default)


def keys(model: type[BaseModel] = Config, prefix: str = "") -> Iterator[Key]:
    """Every key of the configuration, depth first, in declaration order."""
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        dotted = prefix + (field.alias or name)
        inner = _model_of(field.annotation)
        yield Key(dotted, field, inner is not None or _is_mapping(field.annotation))
        if inner is not None:
            yield from keys(inner, dotted + ".")


def flag_keys() -> list[Key]:
    """The top-level keys that are ``scan`` flags."""
    return [k for k in keys() if "." not in k.name and not k.is_table and k.name not in NOT_FLAGS]


def render_reference() -> str:
    """``docs/configuration.md``."""
    lines = [
        "# Configuration reference",
        "",
        "<!-- generated by `python -m launchready.docs`; do not edit -->",
        "",
        "`launchready.toml` in the scanned repository, or `[tool.launchready]` in its `pyproject.toml`, or the file",
        "`--config` names. Every key is optional. Keys are the long `scan` flags (`fail-on` is `--fail-on`), and flags",
        "override the file; tables (`[api]`, `[ai]`, `[[exclude]]`, `[[suppress]]`, `[checks]`) live only in the",
        "file. An unknown key is an error naming the file and line. Credentials are never values here: name the",
        "environment variable that holds them (`token-env = \"LR_TENANT_A_TOKEN\"`).",
        "",
        "| key | flag | type | default | what it does | example |",
        "|---|---|---|---|---|---|",
    ]
    flags = {k.name for k in flag_keys()}
    for key in keys():
        flag = f"`--{key.name}`" if key.name in flags else "—"
        example = key.doc.example.replace("\n", "<br>").replace("|", "\\|")
        text = key.doc.help.replace("|", "\\|")
        lines.append(f"| `{key.name}` | {flag} | {key.type_name()} | `{key.default_text()}` | {text} | `{example}` |")
    return "\n".join(lines) + "\n"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _is_mapping(annotation: Any) -> bool:
    return typing.get_origin(_bare(annotation)) is Mapping


def _bare(annotation: Any) -> Any:
    """``X | None`` → ``X``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _type_name(annotation: Any, is_table: bool) -> str:
    bare = _bare(annotation)
    if typing.get_origin(bare) is tuple:
        inner = typing.get_args(bare)[0]
        return "array of tables" if _model_of(inner) else f"array of {_type_name(inner, False)}"
    if is_table:
        return "table"
    if isinstance(bare, type) and issubclass(bare, enum.Enum):
        return " \\| ".join(f'"{m.value}"' for m in bare)
    names = {str: "string", bool: "boolean", int: "integer", float: "number", Path: "path"}
    return names.get(bare, str(bare)) if isinstance(bare, type) else str(bare)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "unset"
    if isinstance(value, enum.Enum):
        return f'"{value.value}"'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    return '"' + str(value) + '"'
