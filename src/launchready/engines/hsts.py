"""A strict RFC 6797 §6.1 parser for ``Strict-Transport-Security``.

Why our own: browsers ignore a header with a duplicated directive, an unquoted value that is not a
token, ``max-age==1``, or a missing max-age — lenient parsers "see" a policy the browser never
applies. Here every such header is invalid, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SIX_MONTHS = 15_768_000
ONE_YEAR = 31_536_000
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class HstsPolicy:
    max_age: int | None
    include_subdomains: bool
    preload: bool
    error: str = ""


def parse_hsts(value: str) -> HstsPolicy:
    seen: dict[str, str | None] = {}
    for raw in value.split(";"):
        part = raw.strip(" \t")
        if not part:
            continue
        name, eq, rest = part.partition("=")
        name = name.strip(" \t").lower()
        if not _TOKEN.fullmatch(name):
            return HstsPolicy(None, False, False, f"directive {part!r} is not a token")
        if name in seen:
            return HstsPolicy(None, False, False, f"directive '{name}' appears twice (RFC 6797 §6.1)")
        val: str | None = None
        if eq:
            rest = rest.strip(" \t")
            quoted = _QUOTED.fullmatch(rest)
            if quoted:
                val = re.sub(r"\\(.)", r"\1", quoted.group(1))
            elif _TOKEN.fullmatch(rest):
                val = rest
            else:
                return HstsPolicy(None, False, False, f"value of '{name}' is neither a token nor a quoted string")
        seen[name] = val
    if "max-age" not in seen:
        return HstsPolicy(None, False, False, "no max-age directive")
    age = seen["max-age"]
    if age is None or not age.isdigit() or not age.isascii():
        return HstsPolicy(None, False, False, f"max-age {age!r} is not a number of seconds")
    # RFC 6797 puts no bound on the digits; browsers cap it, and so do we (no overflow past 64 bits).
    return HstsPolicy(min(int(age), 2**63 - 1), "includesubdomains" in seen, "preload" in seen)
