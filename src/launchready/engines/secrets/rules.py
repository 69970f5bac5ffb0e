"""The secret rules, loaded from ``rules.toml`` (data) into compiled, typed :class:`Rule` objects."""

from __future__ import annotations

import enum
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


class Level(enum.StrEnum):
    """How bad a finding of a rule is: a live credential, a test/partial one, or public by design."""

    FAIL = "fail"
    WARN = "warn"
    INFO = "info"


class Tier(enum.StrEnum):
    PROVIDER = "provider"
    GENERIC = "generic"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    provider: str
    level: Level
    tier: Tier
    literals: tuple[str, ...]
    anchor: str
    anchor_width: int
    regex: re.Pattern[bytes]
    secret_group: str | int
    check: str
    boundary: bool
    caseless: bool
    positives: tuple[str, ...]
    negatives: tuple[str, ...]


def _fixed_width(anchor: str) -> int:
    if not anchor:
        return 0
    lo, hi = re._parser.parse(anchor).getwidth()  # type: ignore[attr-defined]
    if lo != hi:
        raise ValueError(f"anchor {anchor!r} must have a fixed width (the prefilter derives the start from it)")
    return int(lo)


CONTEXT_ANCHOR = r"[_akpst]"
_NAME_TAIL = r"[A-Za-z0-9_.\-]{0,40}?(?:key|token|secret|pat|auth)[A-Za-z0-9_\-]{0,16}"
_ASSIGN = r"""["']?\s*(?::=|=>|[:=])\s*["'`]?"""


def context_regex(literals: tuple[str, ...], value: str) -> str:
    """The regex of a *keyword-context* rule: a provider's name, then a key/token/secret-named
    variable, an assignment, and a value of the provider's shape (``MISTRAL_API_KEY=<32 alnum>``).
    For providers whose keys carry no prefix of their own; the value is matched case-sensitively."""
    names = "|".join(re.escape(lit) for lit in literals)
    return f"(?i)(?:{names}){_NAME_TAIL}{_ASSIGN}(?P<secret>(?-i:{value}))(?![A-Za-z0-9_\\-])"


def _rule(raw: dict[str, Any]) -> Rule:
    literals = tuple(str(x) for x in raw["literals"])
    if not literals or any(not lit for lit in literals):
        raise ValueError(f"rule {raw['id']}: every rule begins with a non-empty fixed literal")
    tier = Tier(raw.get("tier", "provider"))
    if "value" in raw:  # a keyword-context rule: caseless literals, the secret in a named group
        # The anchor keeps the prefilter off English words ("together", "azure"): the provider's name
        # must run on into a separator or the start of api/key/secret/token/pat (camelCase included).
        raw = {"caseless": True, "boundary": False, "secret": "secret", "check": "random",
               "anchor": CONTEXT_ANCHOR, **raw, "regex": context_regex(literals, str(raw["value"]))}
    anchor = str(raw.get("anchor", ""))
    regex = re.compile(str(raw["regex"]).encode())
    if tier is Tier.PROVIDER:
        for lit in literals:
            probe = re.compile(re.escape(lit.encode()) + anchor.encode())
            if probe.pattern == b"":
                raise ValueError(f"rule {raw['id']}: empty prefilter")
    return Rule(
        id=str(raw["id"]),
        title=str(raw["title"]),
        provider=str(raw.get("provider", "")),
        level=Level(raw.get("level", "fail")),
        tier=tier,
        literals=literals,
        anchor=anchor,
        anchor_width=_fixed_width(anchor),
        regex=regex,
        secret_group=str(raw["secret"]) if "secret" in raw else 0,
        check=str(raw.get("check", "")),
        boundary=bool(raw.get("boundary", True)),
        caseless=bool(raw.get("caseless", False)),
        positives=tuple(str(x) for x in raw.get("positives", ())),
        negatives=tuple(str(x) for x in raw.get("negatives", ())),
    )


@cache
def load_rules() -> tuple[Rule, ...]:
    """All rules shipped with launchready (immutable, so a process-wide cache holds no state)."""
    text = resources.files(__package__).joinpath("rules.toml").read_text("utf-8")
    rules = tuple(_rule(r) for r in tomllib.loads(text)["rule"])
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate rule ids in rules.toml")
    return rules


def rule_ids() -> frozenset[str]:
    return frozenset(r.id for r in load_rules())
