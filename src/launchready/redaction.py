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
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_PREFIX_MAX = 8

# Provider formats (prefix-anchored), bearer tokens, JWTs. Kept deliberately broad: masking a
# non-secret costs a little readability, printing a secret costs a rotation.
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
      | SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}
      | (?:SK|AC)[0-9a-f]{32}
      | (?:hf|gsk|pplx|xai|lsv2_(?:pt|sk)|pcsk|sbp|sb_secret)_[A-Za-z0-9_\-]{16,}
      | xai-[A-Za-z0-9]{20,}
      | pplx-[A-Za-z0-9]{20,}
      | eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*
    )
    """,
    re.VERBOSE,
)
_PRIVATE_KEY = re.compile(
    r"-----BEGIN[A-Z ]*PRIVATE KEY-----.*?(?:-----END[A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL
)
_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@'\"]*:)(?P<pw>[^\s@/'\"]+)(?=@)")
_BEARER = re.compile(r"(?P<head>\b(?:Bearer|Basic|Token)\s+)(?P<tok>[A-Za-z0-9._~+/=\-]{8,})", re.IGNORECASE)
_ASSIGNED = re.compile(
    r"""(?P<head>(?:[A-Za-z0-9_.\-]*(?:key|secret|token|passw(?:or)?d|pwd|credential|auth|api_?key|dsn)[A-Za-z0-9_.\-]*)
        ["']?\s*[:=]\s*["']?)
        (?P<val>[^\s"'`,;]{8,})""",
    re.IGNORECASE | re.VERBOSE,
)
# A header's value runs to the end of the line or to a closing quote (a header inside a curl line).
_HEADER_VALUE = re.compile(
    r"(?P<head>\b(?:authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-launchready-scan)\s*[:=]\s*)"
    r"(?P<val>[^\r\n'\"]+)",
    re.IGNORECASE,
)

_MASKED = re.compile(r"…[A-Za-z0-9_\-+/=]{0,4}$|^\*+$")


def redact_secret(value: str) -> str:
    """``sk-proj-abc…wxyz``: a recognisable prefix and the last four characters at most."""
    value = value.strip()
    if len(value) < 12:
        return "*" * max(len(value), 4)
    cut = _prefix_length(value)
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
        if _MASKED.search(val) or (always and val.strip().startswith(("$", "<", "*"))) or (
                not always and _looks_harmless(val)):
            return m.group(0)
        return m.group(0).replace(val, redact_secret(val), 1)

    return repl


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
    """(literals, pattern, secret group) for each secrets rule, compiled once for text."""
    from launchready.engines.secrets.rules import load_rules

    maskers = []
    for rule in load_rules():
        flags = re.IGNORECASE if rule.caseless else 0
        maskers.append((rule.literals, re.compile(rule.regex.pattern.decode(), flags), rule.secret_group))
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


def redact_text(text: str) -> str:
    """Mask everything credential-shaped in ``text``; idempotent."""
    if not text:
        return text
    lowered = text.lower()
    for literals, pattern, group in _rule_maskers():
        if any(lit.lower() in lowered for lit in literals):
            text = pattern.sub(_mask_rule_match(group), text)
    text = _PRIVATE_KEY.sub("-----BEGIN PRIVATE KEY-----[redacted]-----END PRIVATE KEY-----", text)
    text = _TOKEN.sub(lambda m: redact_secret(m.group(0)), text)
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "****", text)
    text = _BEARER.sub(_mask_group("tok"), text)
    text = _HEADER_VALUE.sub(_mask_group("val", always=True), text)
    text = _ASSIGNED.sub(_mask_group("val"), text)
    return text
