"""Redaction: no output of launchready ever reprints a secret.

Two layers. A check that *knows* it holds a secret calls :func:`redact_secret` on the value.
Every :class:`~launchready.model.Evidence` additionally passes all its text through
:func:`redact_text`, which masks anything credential-shaped it finds (provider key formats,
bearer tokens, JWTs, passwords in URLs, private-key blocks, ``*_KEY=``/``*_SECRET=`` values), so
a secret quoted by accident — in a line excerpt, a response body, a commit message — is still
masked. The mask keeps a recognisable prefix and the last four characters at most.

Besides its own broad patterns, :func:`redact_text` applies every rule of the secrets engine
(``engines/secrets/rules.toml``), so a provider format taught to the scanner is masked in every
output without being written a second time.

Linear time, bounded input. Evidence quotes what a hostile server sent, so every pattern here is
written so that a run of letters cannot make it backtrack: a pattern that starts with a character
class only starts where that class's run starts (a look-behind), and classes that must be followed
by something are possessive. The secrets engine's *generic* rule (a keyword anywhere inside a name)
is not replayed here for that reason; :data:`_ASSIGNED` masks a superset of it. On top of that, no
matcher ever sees more than :data:`MAX_TEXT` characters: longer text is cut *before* matching, at a
whitespace boundary — the run of characters the cut falls in is dropped whole — so a secret
straddling the cut is never shown in part.

Values the scan itself holds (test users' tokens and passwords, the scanner token, webhook signing
secrets) are masked by value, wherever they appear: see :func:`holding_secrets`.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

_PREFIX_MAX = 8
FULL_MASK_BELOW = 12
"""A value shorter than this is masked whole: a prefix and four characters would be most of it."""
MAX_TEXT = 64 * 1024
"""The most characters of one text any matcher sees (and any report shows)."""

# Provider formats (prefix-anchored), bearer tokens, JWTs. Kept deliberately broad: masking a
# non-secret costs a little readability, printing a secret costs a rotation. A JWT must start where a
# run of token characters starts: "eyJeyJeyJ…" would otherwise rescan the run from every "eyJ".
_TOKEN = re.compile(
    r"""
    (?:
        sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_\-]{20,}
      | sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{20,}
      | sk-[A-Za-z0-9]{20,}(?:T3BlbkFJ[A-Za-z0-9]{20,})?
      | (?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}
      | whsec_[A-Za-z0-9+/=]{16,}
      | (?:AKIA|ASIA|ABSK)[A-Z0-9+/=]{16,}
      | AIza[0-9A-Za-z_\-]{35}
      | gh[pousr]_[A-Za-z0-9]{30,}
      | github_pat_[A-Za-z0-9_]{40,}
      | xox[abposr]-[A-Za-z0-9\-]{10,}
      | hooks\.slack\.com/services/[A-Za-z0-9/]{20,}
      | SG\.[A-Za-z0-9_\-]{16,}+\.[A-Za-z0-9_\-]{16,}
      | (?:SK|AC)[0-9a-f]{32}
      | (?:hf|gsk|pplx|xai|lsv2_(?:pt|sk)|pcsk|sbp|sb_secret)_[A-Za-z0-9_\-]{16,}
      | xai-[A-Za-z0-9]{20,}
      | pplx-[A-Za-z0-9]{20,}
      | (?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}+\.eyJ[A-Za-z0-9_\-]{8,}+\.[A-Za-z0-9_\-]*
    )
    """,
    re.VERBOSE,
)
# What is left of a provider key after a cut ("sk-ant-api03-AbCdEf", the rest cut off by an excerpt
# that was cut before it was redacted): a prefix this distinctive is masked with whatever follows it.
# Only the prefix is kept: the characters after it are the middle of a secret, not its last four.
_PARTIAL = re.compile(
    r"(?P<lit>sk-ant-(?:api|admin)\d\d-|sk-(?:proj|svcacct|admin)-|(?:sk|rk)_(?:live|test)_|whsec_|github_pat_"
    r"|sb_secret_)[A-Za-z0-9_\-+/=]++…?"
    r"|(?P<short>gh[pousr]_|xox[abposr]-|AKIA|ASIA)[A-Za-z0-9_\-]{4,}+…?"
)
_PRIVATE_KEY = re.compile(
    r"-----BEGIN[A-Z ]{0,40}PRIVATE KEY-----.*?(?:-----END[A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL
)
_URL_PASSWORD = re.compile(
    r"(?P<head>(?<![a-zA-Z0-9+.\-])[a-zA-Z][a-zA-Z0-9+.\-]*+://[^\s:/@'\"]*+:)(?P<pw>[^\s@/'\"]++)(?=@)"
)
_BEARER = re.compile(r"(?P<head>\b(?:Bearer|Basic|Token)\s++)(?P<tok>[A-Za-z0-9._~+/=\-]{8,}+…?)", re.IGNORECASE)
# The name is a whole run of name characters (it starts where the run starts, and is taken whole) and
# holds a credential word somewhere: one look-ahead over the run, never a rescan from inside it.
_NAME_CHARS = r"[A-Za-z0-9_.\-]"
_ASSIGNED = re.compile(
    rf"""(?P<head>(?<!{_NAME_CHARS})
        (?={_NAME_CHARS}*?(?:key|secret|token|passw(?:or)?d|pwd|credential|auth|session|cookie|dsn))
        {_NAME_CHARS}++
        ["']?\s*+[:=]\s*+["']?)
        (?P<val>(?:[^\s"'`,;\\]|\\(?![nrt])){{8,}})""",
    re.IGNORECASE | re.VERBOSE,
)
# A header's value runs to the end of the line or to a closing quote (a header inside a curl line).
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",
                      "x-auth-token", "x-access-token", "x-session-token", "x-csrf-token", "x-launchready-scan")
"""Headers whose value is a credential whatever it looks like."""
_HEADER_VALUE = re.compile(
    rf"(?P<head>\b(?:{'|'.join(re.escape(h) for h in CREDENTIAL_HEADERS)})\s*+[:=]\s*+)"
    r"(?P<val>[^\r\n'\"]+)",
    re.IGNORECASE,
)

# One word of what redact_secret writes: stars, or at most 8 characters, "…", at most the last 4.
_MASK_WORD = re.compile(r"\*+|[^\s…]{0,8}…[A-Za-z0-9_\-+/=]{0,4}[;,]?")
_SCHEMES = frozenset({"bearer", "basic", "token", "digest"})
_PASSWORD_MASK = "********"


def redact_secret(value: str) -> str:
    """``sk-proj-abc…wxyz``: a recognisable prefix (never more than a third) and the last four
    characters at most; a value shorter than :data:`FULL_MASK_BELOW` is masked whole."""
    value = value.strip()
    if len(value) < FULL_MASK_BELOW:
        return "*" * max(len(value), 4)
    cut = _prefix_length(value)
    if value.endswith("…"):  # cut by an excerpt: its last four characters are not the secret's last four
        return f"{value[:cut]}…"
    return f"{value[:cut]}…{value[-4:]}"


def _prefix_length(value: str) -> int:
    # Keep the provider prefix ("sk-proj-", "sk_live_", "AKIA") but never more than a third.
    m = re.match(r"[A-Za-z]{1,10}[_\-.](?:[A-Za-z]{2,8}[_\-])?", value)
    cut = m.end() if m else 4
    return min(cut, _PREFIX_MAX, len(value) // 3)


def _mask_group(group: str, *, always: bool = False) -> Callable[[re.Match[str]], str]:
    """Mask one group; ``always``: even values that look like identifiers (credential headers)."""

    def repl(m: re.Match[str]) -> str:
        val = m.group(group)
        if _already_masked(val) or _only_references(val) or (always and val.strip().startswith(("$", "<", "*"))) or (
                not always and _looks_harmless(val)):
            return m.group(0)
        return m.group(0).replace(val, redact_secret(val), 1)

    return repl


# A shell variable reference in a replay command (``Bearer $LR_TENANT_B_TOKEN``, ``sid=${LR_SID}``): upper-case
# names only, so that nothing a server could send as a token ("$2b$12$…") passes for one.
_VARIABLE_WORD = re.compile(r"(?:[A-Za-z0-9_.\-]+=)?\$(?:[A-Z][A-Z0-9_]*+|\{[A-Z][A-Z0-9_]*+\})[;,]?")


def _only_references(value: str) -> bool:
    """Every word of a header value is an auth scheme or a shell variable reference (``Bearer
    $LR_TENANT_B_TOKEN``, or a bare ``Bearer`` sent with no token): nothing in it is a secret."""
    words = value.split()
    return bool(words) and all(_VARIABLE_WORD.fullmatch(w) or w.lower() in _SCHEMES for w in words)


def _already_masked(value: str) -> bool:
    """Every word of ``value`` is a mask (or an auth scheme): redacting it again would change nothing.
    A value merely *ending* in "…" — a secret cut by an excerpt — is not masked."""
    words = value.split()
    return bool(words) and all(_MASK_WORD.fullmatch(w) or w.lower() in _SCHEMES for w in words) and any(
        w.lower() not in _SCHEMES for w in words)


def _looks_harmless(value: str) -> bool:
    """Values that are plainly not secrets: references, placeholders, booleans, short words."""
    v = value.strip("'\"")
    if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:
        return True
    if v.startswith(("process.env", "os.environ", "os.getenv", "env(", "${", "{{", "<", "$")):
        return True
    return bool(re.fullmatch(r"[a-z]+(?:[_.][a-z]+)*", v))  # identifiers such as settings.api_key


@functools.cache
def _rule_maskers() -> tuple[tuple[tuple[str, ...], re.Pattern[str], str | int], ...]:
    """(literals, pattern, secret group) for each provider rule of the secrets engine, compiled once
    for text. A rule whose literal must not follow a letter or digit (``boundary``) gets that as a
    look-behind, exactly the engine's reading, which also keeps a repeated literal from rescanning."""
    from launchready.engines.secrets.rules import Tier, load_rules

    maskers = []
    for rule in load_rules():
        if rule.tier is not Tier.PROVIDER:
            continue  # a keyword anywhere in a name: _ASSIGNED masks a superset, in linear time
        flags = re.IGNORECASE if rule.caseless else 0
        pattern = rule.regex.pattern.decode()
        if rule.boundary:
            flags_at_start = re.match(r"\(\?[aiLmsux]+\)", pattern)  # global flags must stay first
            lead = flags_at_start.group(0) if flags_at_start else ""
            pattern = lead + r"(?<![A-Za-z0-9])(?:" + pattern[len(lead):] + ")"
        maskers.append((rule.literals, re.compile(pattern, flags), rule.secret_group))
    return tuple(maskers)


def _mask_rule_match(group: str | int) -> Callable[[re.Match[str]], str]:
    def repl(m: re.Match[str]) -> str:
        try:
            secret = m.group(group) or m.group(0)
        except (IndexError, re.error):
            secret = m.group(0)
        if "…" in secret or _looks_harmless(secret):
            return m.group(0)
        return m.group(0).replace(secret, redact_secret(secret), 1)

    return repl


# -- values the scan holds -----------------------------------------------------------------------

SHORT_VALUE = 6
"""A known value shorter than this is masked only as a whole word, so "pw1" does not eat "pw12ab"."""
SHORTEST_VALUE = 3
"""A one- or two-character "password" cannot be told from the words of a report; it is not masked."""


class KnownSecrets:
    """The secret values one scan holds, masked by value in every text redacted while it is active.

    Thread-safe and append-only: identities log in on the runner's worker threads while other
    threads redact evidence.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._masks: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def add(self, value: str | None, *, password: bool = False) -> None:
        """Hold ``value`` (and its URL-, JSON- and HTML-escaped spellings); a password is masked whole."""
        if not value or len(value.strip()) < SHORTEST_VALUE:
            return
        mask = _PASSWORD_MASK if password else redact_secret(value)
        spellings = {value, value.strip(), urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value),
                     json.dumps(value)[1:-1], html.escape(value)}
        with self._lock:
            for spelling in spellings:
                if len(spelling) >= SHORTEST_VALUE and (password or spelling not in self._masks):
                    self._masks[spelling] = mask
            self._pattern = None

    def __contains__(self, value: object) -> bool:
        with self._lock:
            return value in self._masks

    def redact(self, text: str) -> str:
        with self._lock:
            if not self._masks:
                return text
            present = [v for v in self._masks if v in text]
            if not present:
                return text
            masks = dict(self._masks)
            pattern = self._pattern
            if pattern is None:
                # Longest first, so a value is never masked by a shorter value inside it.
                alternatives = [re.escape(v) if len(v) >= SHORT_VALUE
                                else rf"(?<![A-Za-z0-9]){re.escape(v)}(?![A-Za-z0-9])"
                                for v in sorted(masks, key=len, reverse=True)]
                pattern = self._pattern = re.compile("|".join(alternatives))
        return pattern.sub(lambda m: masks[m.group(0)], text)


# The one piece of state redaction reads besides its argument: the scan's known values. A ContextVar
# rather than a module global (ARCHITECTURE habit 7) — each scan, and each test, has its own; the
# runner starts every check's thread in a copy of the scan's context, so all of them share one
# KnownSecrets object, and values learnt on one thread (a login) are masked on every other.
_KNOWN: ContextVar[KnownSecrets | None] = ContextVar("launchready_known_secrets", default=None)


@contextlib.contextmanager
def holding_secrets(values: Iterable[str] = (), passwords: Iterable[str] = ()) -> Iterator[KnownSecrets]:
    """Within the block, :func:`redact_text` masks ``values`` and ``passwords`` by value, and so every
    value later given to :func:`remember_secret`. Nested blocks share the outermost holder (the CLI
    opens one around the whole command; ``scan()`` adds what it reads from the environment)."""
    known = _KNOWN.get()
    token = None
    if known is None:
        known = KnownSecrets()
        token = _KNOWN.set(known)
    for value in values:
        known.add(value)
    for value in passwords:
        known.add(value, password=True)
    try:
        yield known
    finally:
        if token is not None:
            _KNOWN.reset(token)


def remember_secret(value: str | None, *, password: bool = False) -> None:
    """A secret obtained during the scan (a login's token): masked by value from now on, everywhere."""
    known = _KNOWN.get()
    if known is not None:
        known.add(value, password=password)


# -- text ----------------------------------------------------------------------------------------

def _bounded(text: str) -> str:
    """At most :data:`MAX_TEXT` characters: cut at whitespace; the run the cut falls in goes whole."""
    if len(text) <= MAX_TEXT:
        return text
    keep = MAX_TEXT - 48
    cut = keep
    if not text[keep].isspace():
        while cut > 0 and not text[cut - 1].isspace():
            cut -= 1
    return f"{text[:cut]}… [{len(text) - cut} more characters not shown]"


def _redact(text: str) -> str:
    known = _KNOWN.get()
    if known is not None:
        text = known.redact(text)
    lowered = text.lower()
    for literals, pattern, group in _rule_maskers():
        if any(lit.lower() in lowered for lit in literals):
            text = pattern.sub(_mask_rule_match(group), text)
    text = _PRIVATE_KEY.sub("-----BEGIN PRIVATE KEY-----[redacted]-----END PRIVATE KEY-----", text)
    text = _TOKEN.sub(lambda m: redact_secret(m.group(0)), text)
    text = _PARTIAL.sub(lambda m: m.group(0) if _MASK_WORD.fullmatch(m.group(0))
                        else (m.group("lit") or m.group("short")) + "…", text)
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "****", text)
    text = _BEARER.sub(_mask_group("tok"), text)
    text = _HEADER_VALUE.sub(_mask_group("val", always=True), text)
    text = _ASSIGNED.sub(_mask_group("val"), text)
    return text


def redact_text(text: str) -> str:
    """Mask everything credential-shaped in ``text``, and every value the scan holds; idempotent.

    Text longer than :data:`MAX_TEXT` characters is cut first (see :func:`_bounded`).
    """
    if not text:
        return text
    return _redact(_bounded(text))


def holds_secret(text: str) -> bool:
    """Whether ``text`` quotes something :func:`redact_text` would mask (a cut alone does not count)."""
    if not text:
        return False
    bounded = _bounded(text)
    return _redact(bounded) != bounded


def excerpt(text: str, width: int) -> str:
    """``text`` redacted, *then* cut to ``width`` characters (with "…"): a secret that straddles the
    cut is masked whole before the cut, never shown in part."""
    masked = redact_text(text)
    return masked if len(masked) <= width else masked[: max(width - 1, 0)] + "…"
