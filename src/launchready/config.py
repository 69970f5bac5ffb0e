"""``launchready.toml`` (or ``[tool.launchready]`` in ``pyproject.toml``) → a frozen :class:`Config`.

Strict by design: an unknown key is an error naming the file, the line and the nearest valid key;
credentials are named by environment variable, never written into the file; a suppression without
a reason is an error. Keys are the long CLI flags (``fail-on``, ``dkim-selector``), and CLI flags
override the file.
"""

from __future__ import annotations

import difflib
import enum
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from launchready.errors import ConfigError
from launchready.model import Profile
from launchready.tomlpos import locate

CONFIG_FILE = "launchready.toml"
REPORT_FORMATS = ("terminal", "json", "markdown", "sarif", "junit", "html")

_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
# Tables and arrays nested deeper than this are not a launchready config; the TOML reader recurses
# per level, so a hostile file 500 levels deep must be refused before (and while) it is read.
_MAX_NESTING = 32
_CREDENTIAL_KEY = re.compile(r"(?:^|[-_])(password|passwd|secret|token|api[-_]?key|key)$", re.IGNORECASE)


class FailOn(enum.StrEnum):
    FAIL = "fail"
    WARN = "warn"


def _hyphenate(name: str) -> str:
    return name.replace("_", "-")


class _Strict(BaseModel):
    # hide_input_in_errors: a refused value (a URL with a password, a token pasted as a key) is never echoed
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_hyphenate, populate_by_name=True, hide_input_in_errors=True
    )


class Exclusion(_Strict):
    """Paths the repo checks do not read (the project's own example products, say)."""

    paths: tuple[str, ...] = Field(min_length=1)
    reason: str = Field(min_length=3)


class Suppression(_Strict):
    """An accepted finding: which check, which evidence (location glob or fingerprint), and why."""

    check: str
    location: str = "*"
    fingerprint: str = ""
    reason: str = Field(min_length=3)


class LoginRecipe(_Strict):
    """How a test identity logs in: a request whose answer holds a token at ``token-pointer``."""

    path: str = "/auth/login"
    method: str = "POST"
    form: bool = False
    username_field: str = "email"
    password_field: str = "password"
    token_pointer: str = "/access_token"
    header: str = "Authorization"
    scheme: str = "Bearer"


class Tenant(_Strict):
    """A test identity in one tenant, by environment-variable name only: a token, or a login."""

    name: str
    token_env: str | None = None
    username_env: str | None = None
    password_env: str | None = None

    @field_validator("token_env", "username_env", "password_env")
    @classmethod
    def _env_names(cls, value: str | None) -> str | None:
        return None if value is None else env_var_name(value, key="…-env")


class Webhook(_Strict):
    """A webhook endpoint and the signature scheme it must enforce."""

    path: str
    scheme: str = "stripe"
    secret_env: str | None = None

    @field_validator("scheme")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        schemes = ("stripe", "github", "slack", "standard-webhooks", "hmac-sha256")
        if value not in schemes:
            raise ValueError(f"unknown webhook scheme '{value}' (known: {', '.join(schemes)})")
        return value

    @field_validator("secret_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        return None if value is None else env_var_name(value, key="secret-env")


class LogSource(_Strict):
    """Where the application's logs can be read: one of a file, a directory or a command."""

    file: Path | None = None
    directory: Path | None = None
    command: str | None = None


class ApiSettings(_Strict):
    """The live API surface (the `[api]` table)."""

    openapi: str | None = None
    public: tuple[str, ...] = ("GET /health", "GET /openapi.json", "GET /docs", "POST /auth/login")
    request_budget: int = Field(default=2000, ge=1, le=100_000)
    request_timeout: float = Field(default=10.0, gt=0, le=120)
    concurrency: int = Field(default=8, ge=1, le=64)
    login: LoginRecipe = Field(default_factory=LoginRecipe)
    tenants: tuple[Tenant, ...] = ()
    chat: str | None = None
    upload: str | None = None
    reset: str | None = None
    tools: tuple[str, ...] = ()
    admin: tuple[str, ...] = ()
    webhooks: tuple[Webhook, ...] = ()
    logs: LogSource | None = None
    health: str = "/health"
    scanner_header: str = "X-Launchready-Scan"
    scanner_token_env: str | None = None
    """Staging-only token the product's limiter exempts, so a full scan does not exhaust its windows.
    Sent on every request except the probes that measure rate limits themselves."""

    @field_validator("scanner_token_env")
    @classmethod
    def _scanner_env(cls, value: str | None) -> str | None:
        return None if value is None else env_var_name(value, key="scanner-token-env")


class ChatAdapter(_Strict):
    """How to talk to the chatbot: a request template with ``{message}``, and where the answer's parts are.

    ``preset`` fills the keys that are not given: ``openai`` for an OpenAI-compatible
    ``/v1/chat/completions`` (messages array; the conversation is kept client-side), ``example`` for
    launchready's example products (``POST /chat {message, conversation_id?}``). Pointers are RFC 6901
    JSON pointers into the answer; ``tool-calls-pointer`` may point at OpenAI ``tool_calls``, Anthropic
    ``content`` blocks, LangChain ``intermediate_steps``, Vercel AI ``toolInvocations`` or a
    ``[{name, arguments, status}]`` list. ``stream = true`` (or a ``text/event-stream`` answer) reads
    SSE ``data:`` lines and concatenates the deltas.
    """

    endpoint: str = "POST /chat"
    preset: str = "custom"
    body: Mapping[str, Any] = Field(default_factory=lambda: {"message": "{message}"})
    form: bool = False
    reply_pointer: str = "/reply"
    tool_calls_pointer: str | None = "/tool_calls"
    usage_pointer: str | None = "/usage"
    conversation_pointer: str | None = None
    """Where the answer says which conversation it belongs to (sent back on the next turn)."""
    conversation_field: str | None = None
    """The request body key that carries the conversation id on later turns."""
    stream: bool = False
    tenant: str = "tenant-a"
    """The `[[api.tenants]]` identity the probes chat as; the other tenant plants cross-tenant records."""

    @model_validator(mode="before")
    @classmethod
    def _apply_preset(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        preset = data.get("preset", "custom")
        defaults = CHAT_PRESETS.get(str(preset))
        if defaults is None:
            raise ValueError(f"unknown chat preset '{preset}' (known: {', '.join(CHAT_PRESETS)})")
        merged = dict(data)
        for key, value in defaults.items():
            if key not in merged and key.replace("-", "_") not in merged:
                merged[key] = value
        return merged


CHAT_PRESETS: dict[str, dict[str, Any]] = {
    "custom": {},
    "openai": {
        "endpoint": "POST /v1/chat/completions",
        "body": {"messages": [{"role": "user", "content": "{message}"}]},
        "reply-pointer": "/choices/0/message/content",
        "tool-calls-pointer": "/choices/0/message/tool_calls",
        "usage-pointer": "/usage",
        "conversation-pointer": None,
        "conversation-field": None,
    },
    "example": {
        "endpoint": "POST /chat",
        "body": {"message": "{message}"},
        "reply-pointer": "/reply",
        "tool-calls-pointer": "/tool_calls",
        "usage-pointer": "/usage",
        "conversation-pointer": "/conversation_id",
        "conversation-field": "conversation_id",
    },
}


class AiSettings(_Strict):
    """The chatbot surface (the `[ai]` table). The chatbot is reached through the API target (`url`)."""

    chat: ChatAdapter | None = None
    system_prompt_canary: str | None = None
    """A marker planted in the system prompt. Not a credential: its only job is to be recognised."""
    probe_budget: int = Field(default=200, ge=1, le=10_000)
    """Chat requests the whole ai surface may send; each ai check gets an equal share."""
    exhaustive: bool = False
    """Run every probe of a family even after one is confirmed (default: stop at the first)."""
    upload: str | None = None
    """Where documents are uploaded (`POST /files`, multipart field `file`); defaults to `[api] upload`."""
    outbox: str | None = None
    """A route that lists what the product sent (`GET /outbox`): read back to prove an e-mail tool ran."""
    model: str | None = None
    price_input_per_mtok: float | None = Field(default=None, ge=0)
    price_output_per_mtok: float | None = Field(default=None, ge=0)
    budget_per_hour: float | None = Field(default=None, ge=0)


class Config(_Strict):
    """Everything one scan needs to know; built from the file, then the CLI flags."""

    path: Path = Path(".")
    profile: Profile = Profile.HANDOVER
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    format: tuple[str, ...] = ("terminal",)
    output: Path | None = None
    fail_on: FailOn | None = None
    quiet: bool = False
    show_skipped: bool = False
    check_timeout: float = Field(default=300.0, gt=0, le=3600)
    concurrency: int = Field(default=4, ge=1, le=64)
    exclude: tuple[Exclusion, ...] = ()
    baseline: Path | None = None
    suppress: tuple[Suppression, ...] = ()
    checks: Mapping[str, Mapping[str, Any]] = Field(default_factory=dict)
    # api surface
    url: str | None = None
    staging_hosts: tuple[str, ...] = ()
    allow_destructive: bool = False
    api: ApiSettings = Field(default_factory=ApiSettings)
    ai: AiSettings = Field(default_factory=AiSettings)
    # domain surface
    domain: str | None = None
    subdomain: tuple[str, ...] = ()
    dkim_selector: tuple[str, ...] = ()
    nameserver: str | None = None
    resolve: tuple[str, ...] = ()
    ca_file: Path | None = None
    dns_timeout: float = Field(default=3.0, gt=0, le=60)

    config_file: Path | None = Field(default=None, exclude=True)
    """Where the file values came from (not a key; set by the loader)."""

    @field_validator("format")
    @classmethod
    def _known_formats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for item in value:
            for name in (p.strip() for p in item.split(",")):
                if name and name not in REPORT_FORMATS:
                    near = difflib.get_close_matches(name, REPORT_FORMATS, n=1)
                    hint = f" — did you mean '{near[0]}'?" if near else ""
                    raise ValueError(f"unknown report format '{name}'{hint} (known: {', '.join(REPORT_FORMATS)})")
                if name and name not in out:
                    out.append(name)
        return tuple(out)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        return None if value is None else http_url(value)

    @property
    def excluded_paths(self) -> tuple[str, ...]:
        return tuple(p for e in self.exclude for p in e.paths)

    def source_line(self, loc: Sequence[str | int]) -> str:
        """``file:line`` for a key of this config, or the file alone, or ``""``."""
        if self.config_file is None:
            return ""
        try:
            text = self.config_file.read_text(encoding="utf-8")
        except OSError:
            return str(self.config_file)
        prefix: tuple[str, ...] = ("tool", "launchready") if self.config_file.name == "pyproject.toml" else ()
        line = locate(text, (*prefix, *loc))
        return f"{self.config_file}:{line}" if line else str(self.config_file)


def http_url(value: str) -> str:
    """An ``http(s)://host[:port][/path]`` base URL; never one that carries a credential."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port  # parses (and range-checks) the port; raises on a malformed one
    except ValueError as exc:
        raise ValueError(f"not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) URL with a host (like http://127.0.0.1:8000)")
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "the URL carries a user name or password; launchready never reads credentials from its config "
            "or flags — give the test identities by environment variable ([[api.tenants]] token-env)"
        )
    del port
    return value.strip()


def _nesting_depth(value: Any, limit: int) -> int:
    """How deep ``value`` nests, counted without recursion and never past ``limit + 1``."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limit:
            break
        children = node.values() if isinstance(node, Mapping) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, Mapping | list))
    return deepest


def env_var_name(value: str, *, key: str) -> str:
    """Validate an environment-variable *name* given for a credential (``token-env = "NAME"``)."""
    if not _ENV_NAME.match(value):
        raise ValueError(
            f"'{key}' takes the NAME of an environment variable (like TENANT_A_TOKEN), not a value"
        )
    return value


def find_config_file(path: Path, explicit: Path | None) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file not found: {explicit}", hint="check --config")
        return explicit
    if not path.is_dir():
        return None
    candidate = path / CONFIG_FILE
    if candidate.is_file():
        return candidate
    pyproject = path / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError, RecursionError):
            return None  # not ours to judge: it has no [tool.launchready] we could read
        if isinstance(data.get("tool"), dict) and "launchready" in data["tool"]:
            return pyproject
    return None


def read_config_file(file: Path) -> dict[str, Any]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", location=str(file)) from exc
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"tables or arrays nested too deeply (more than {_MAX_NESTING} levels)",
                          location=str(file)) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = m.group(1) if m else str(max(1, len(text.splitlines()))) if "end of document" in str(exc) else ""
        where = f"{file}:{line}" if line else str(file)
        reason = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(f"not valid TOML: {reason}", location=where) from exc
    if _nesting_depth(data, _MAX_NESTING) > _MAX_NESTING:
        raise ConfigError(f"tables or arrays nested too deeply (more than {_MAX_NESTING} levels)",
                          location=str(file))
    if file.name == "pyproject.toml":
        section = data.get("tool", {}).get("launchready")
        if not isinstance(section, dict):
            raise ConfigError("no [tool.launchready] table", location=str(file))
        return section
    return data


def load_config(
    path: Path | None = None,
    *,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Read the config for a scan of ``path``; ``overrides`` (CLI flags, by key) win over the file."""
    root = Path(path) if path is not None else Path(".")
    file = find_config_file(root, config_file)
    data: dict[str, Any] = read_config_file(file) if file else {}
    base = file.parent if file else root
    for key in ("output", "ca-file", "baseline"):
        if isinstance(data.get(key), str):
            data[key] = str(base / data[key])
    merged = {**data, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    merged.setdefault("path", str(root))
    merged["config-file"] = file
    try:
        return Config.model_validate(merged)
    except ValidationError as exc:
        raise _explain(exc, file, set((overrides or {}).keys())) from None


def _explain(exc: ValidationError, file: Path | None, flags: set[str]) -> ConfigError:
    # An unknown key explains a "missing" one (a misspelt `reason`), so it is reported first.
    err = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
    loc: tuple[str | int, ...] = tuple(err["loc"])
    text = ""
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError:
            text = ""
    prefix: tuple[str, ...] = ("tool", "launchready") if file is not None and file.name == "pyproject.toml" else ()
    where = ""
    if loc and isinstance(loc[0], str) and loc[0] in flags:
        where = f"--{loc[0]}"
    elif file is not None:
        line = locate(text, (*prefix, *loc)) if text else None
        where = f"{file}:{line}" if line else str(file)
    dotted = ".".join(str(p) for p in loc)
    if err["type"] == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(loc[:-1])
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        if _CREDENTIAL_KEY.search(key):
            return ConfigError(
                f"'{dotted}' looks like a credential; launchready never reads secrets from its config file",
                hint=f"export it and name the variable: '{key}-env = \"MY_{key.upper().replace('-', '_')}\"'",
                location=where,
            )
        hint = f"did you mean '{near[0]}'?" if near else f"valid keys here: {', '.join(sorted(known))}"
        return ConfigError(f"unknown key '{dotted}'", hint=hint, location=where)
    if err["type"] == "missing":
        return ConfigError(f"missing required key '{dotted}'", location=where)
    reason = str(err["msg"]).removeprefix("Value error, ")
    return ConfigError(f"invalid value for '{dotted}': {reason}", location=where)


def _known_keys(parent: tuple[str | int, ...]) -> list[str]:
    model: type[BaseModel] = Config
    for part in parent:
        if isinstance(part, int):
            continue
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return []
        inner = _model_of(field.annotation)
        if inner is None:
            return []
        model = inner
    return [f.alias or n for n, f in model.model_fields.items() if not f.exclude]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None
