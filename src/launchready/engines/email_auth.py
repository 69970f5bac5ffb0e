"""SPF (RFC 7208), DMARC (RFC 7489 and RFC 9989, "DMARCbis") and DKIM key records (RFC 6376, 8463).

Why our own parser instead of pyspf / checkdmarc: those libraries answer "does this IP pass?" or
stop at the first problem, and do their own DNS. A readiness check needs the opposite: a *static*
audit of the published policy that walks every branch, counts the DNS-querying terms through the
includes and names the term that crosses the limit, counts void lookups, reports every problem, and
asks DNS only through the scan's one resolver (so a lab on 127.0.0.1 answers, and a DNS error stays
an error). Everything here is pure: it takes a ``lookup(name, rtype) -> DnsAnswer`` callable.
"""

from __future__ import annotations

import base64
import binascii
import enum
import ipaddress
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from launchready.targets.domain import DnsAnswer

Lookup = Callable[[str, str], DnsAnswer]

MAX_DNS_TERMS = 10
MAX_VOID_LOOKUPS = 2


class Level(enum.StrEnum):
    """How bad one finding is; the checks map these onto ``Status``."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str
    location: str
    detail: str = ""


# --------------------------------------------------------------------------------------------- SPF

_MECHANISMS = ("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists")
_DNS_TERMS = ("include", "a", "mx", "ptr", "exists")
_MACRO = re.compile(r"%(?:\{[slodiphcrtvSLODIPHCRTV]\d*[rR]?[.\-+,/_=]*\}|%|_|-)")
_MODIFIER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9\-_.]*$")
_TOPLABEL = re.compile(r"^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9\-]*[A-Za-z0-9])$")


@dataclass(frozen=True)
class SpfTerm:
    text: str
    qualifier: str = "+"
    mechanism: str = ""
    """Lower-case mechanism name, or ``""`` for a modifier."""
    domain_spec: str = ""
    modifier: str = ""
    value: str = ""

    @property
    def queries_dns(self) -> bool:
        return self.mechanism in _DNS_TERMS or self.modifier == "redirect"


@dataclass(frozen=True)
class SpfRecord:
    domain: str
    text: str
    terms: tuple[SpfTerm, ...]
    errors: tuple[str, ...]
    """Syntax errors: any one makes the record a permerror (RFC 7208 §4.6)."""

    @property
    def all_term(self) -> SpfTerm | None:
        return next((t for t in self.terms if t.mechanism == "all"), None)

    @property
    def redirect(self) -> SpfTerm | None:
        return next((t for t in self.terms if t.modifier == "redirect"), None)

    @property
    def terms_after_all(self) -> tuple[SpfTerm, ...]:
        seen = False
        out: list[SpfTerm] = []
        for t in self.terms:
            if seen and t.mechanism:
                out.append(t)
            seen = seen or t.mechanism == "all"
        return tuple(out)


def is_spf_text(text: str) -> bool:
    """RFC 7208 §4.5: the version is exactly ``v=spf1`` (case-insensitive) then a space or the end."""
    low = text.lower()
    return low == "v=spf1" or low.startswith("v=spf1 ")


def _valid_domain_spec(spec: str) -> str | None:
    """The reason ``spec`` is not a valid domain-spec (macro-string + domain-end), or None."""
    if not spec:
        return "empty domain"
    stripped = _MACRO.sub("", spec)
    if "%" in stripped:
        return f"invalid macro in {spec!r}"
    if re.search(r"%\{[crtCRT]", spec):
        return f"macro letters c, r and t are allowed only in exp= text, not in {spec!r}"
    if any(ord(c) < 0x21 or ord(c) > 0x7E for c in spec):
        return f"invalid character in {spec!r}"
    if spec.rstrip(".") != spec.rstrip(".").rstrip("}") or spec.endswith("}"):
        return None  # ends in a macro-expand
    last = spec.rstrip(".").rsplit(".", 1)
    if len(last) < 2 or not _TOPLABEL.match(last[1]):
        return f"{spec!r} does not end in a valid top-level label"
    if any(len(label) > 63 for label in spec.split(".")):
        return None  # RFC 7208 §4.3/4.8: an over-long label is a lookup that finds nothing, not a syntax error
    return None


def _valid_cidr(text: str, *, v4: bool, v6: bool) -> bool:
    m = re.fullmatch(r"(?:/(0|[1-9]\d{0,2}))?(?://(0|[1-9]\d{0,2}))?", text)
    if not m:
        return False
    if m.group(1) is not None and (not v4 or int(m.group(1)) > 32):
        return False
    return not (m.group(2) is not None and (not v6 or int(m.group(2)) > 128))


def parse_spf(domain: str, text: str) -> SpfRecord:
    """Parse one SPF record; every syntax problem is collected, none raises."""
    errors: list[str] = []
    terms: list[SpfTerm] = []
    if any(ord(c) > 0x7E for c in text):
        errors.append("the record is not 7-bit ASCII")
    if re.search(r"[\x00-\x1f]", text):
        errors.append("terms must be separated by spaces only, not control characters")
    seen_modifiers: set[str] = set()
    for raw in text.split(" ")[1:]:
        if not raw:
            continue
        m = re.fullmatch(r"([+\-~?]?)([A-Za-z][A-Za-z0-9]*)(.*)", raw, re.DOTALL)
        if m and m.group(2).lower() in _MECHANISMS and (not m.group(3) or m.group(3)[0] in ":/"):
            qual, name, rest = m.group(1) or "+", m.group(2).lower(), m.group(3)
            spec, cidr = "", ""
            if name == "all":
                if rest:
                    errors.append(f"'{raw}': all takes no argument")
            elif name in ("include", "exists"):
                if not rest.startswith(":"):
                    errors.append(f"'{raw}': {name} needs ':domain'")
                elif not rest[1:]:
                    errors.append(f"'{raw}': empty domain after ':'")
                else:
                    spec = rest[1:]
            elif name in ("a", "mx", "ptr"):
                if rest.startswith(":"):
                    # the domain-spec may itself hold ':' and '/', so the prefix lengths are split off the end
                    split = re.fullmatch(r"(.*?)((?:/[0-9]*)?(?://[0-9]*)?)", rest[1:], re.DOTALL)
                    assert split is not None
                    spec, cidr = split.group(1), split.group(2)
                    if not spec:
                        errors.append(f"'{raw}': empty domain after ':'")
                else:
                    cidr = rest
                if name == "ptr" and cidr:
                    errors.append(f"'{raw}': ptr takes no prefix length")
                elif cidr and not _valid_cidr(cidr, v4=True, v6=True):
                    errors.append(f"'{raw}': invalid prefix length")
            elif name in ("ip4", "ip6"):
                if not rest.startswith(":"):
                    errors.append(f"'{raw}': {name} needs ':address'")
                else:
                    errors.extend(_check_ip(raw, name, rest[1:]))
            if spec:
                problem = _valid_domain_spec(spec)
                if problem:
                    errors.append(f"'{raw}': {problem}")
            terms.append(SpfTerm(raw, qual, name, spec))
            continue
        mm = re.fullmatch(r"([^=:/]+)=(.*)", raw, re.DOTALL)
        if mm and _MODIFIER_NAME.match(mm.group(1)):
            name, value = mm.group(1).lower(), mm.group(2)
            if name in ("redirect", "exp"):
                if name in seen_modifiers:
                    errors.append(f"'{raw}': {name}= appears more than once")
                seen_modifiers.add(name)
                problem = _valid_domain_spec(value)
                if problem:
                    errors.append(f"'{raw}': {problem}")
            elif _MACRO.sub("", value).count("%"):
                errors.append(f"'{raw}': invalid macro")
            terms.append(SpfTerm(raw, modifier=name, value=value, domain_spec=value if name == "redirect" else ""))
            continue
        errors.append(f"unknown term '{raw}'")
        terms.append(SpfTerm(raw))
    return SpfRecord(domain, text, tuple(terms), tuple(errors))


def _check_ip(raw: str, kind: str, arg: str) -> list[str]:
    addr, slash, plen = arg.partition("/")
    try:
        if kind == "ip4":
            if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", addr):
                raise ValueError(addr)
            ipaddress.IPv4Address(addr)
        else:
            ipaddress.IPv6Address(addr)
    except ValueError:
        return [f"'{raw}': {addr!r} is not an {kind} address"]
    if slash:
        limit = 32 if kind == "ip4" else 128
        if not re.fullmatch(r"0|[1-9]\d{0,2}", plen) or int(plen) > limit:
            return [f"'{raw}': invalid prefix length"]
    return []


@dataclass
class SpfEvaluation:
    """The static audit of a domain's SPF policy, through every include and redirect."""

    domain: str
    record: SpfRecord | None = None
    result: str = "none"
    """``none`` (no record), ``permerror``, ``temperror`` or ``ok`` (decidable, no error)."""
    reason: str = ""
    location: str = ""
    lookup_count: int = 0
    void_lookups: int = 0
    crossing_term: str = ""
    """``term in domain`` — the DNS-querying term that took the count past 10."""
    effective_all: str = ""
    """The qualifier+``all`` that ends evaluation (following ``redirect``), or ``""`` if none."""
    findings: list[Finding] = field(default_factory=list)
    records: list[SpfRecord] = field(default_factory=list)


class _Stop(Exception):
    def __init__(self, result: str, reason: str, location: str) -> None:
        super().__init__(reason)
        self.result, self.reason, self.location = result, reason, location


def find_spf_records(lookup: Lookup, domain: str) -> tuple[DnsAnswer, list[str]]:
    answer = lookup(domain, "TXT")
    return answer, [r for r in answer.records if is_spf_text(r)] if answer.found else []


def evaluate_spf(lookup: Lookup, domain: str) -> SpfEvaluation:
    """Walk ``domain``'s SPF policy statically; never raises on what DNS or the record contains."""
    ev = SpfEvaluation(domain.rstrip(".").lower())
    try:
        record = _select(lookup, ev.domain, ev, top=True)
        if record is None:
            ev.result, ev.reason, ev.location = "none", "no SPF record", f"{ev.domain} TXT"
            return ev
        ev.record = record
        ev.effective_all = _walk(lookup, record, ev, depth=0, chain=(ev.domain,))
        ev.result = "ok"
    except _Stop as stop:
        ev.result, ev.reason, ev.location = stop.result, stop.reason, stop.location
    return ev


def _select(lookup: Lookup, domain: str, ev: SpfEvaluation, *, top: bool) -> SpfRecord | None:
    answer, texts = find_spf_records(lookup, domain)
    if answer.failed:
        raise _Stop("temperror", answer.hint, answer.location)
    if len(texts) > 1:
        raise _Stop("permerror", f"{len(texts)} SPF records at {domain}: exactly one is allowed", answer.location)
    if not texts:
        return None
    record = parse_spf(domain, texts[0])
    ev.records.append(record)
    if record.errors:
        raise _Stop("permerror", f"syntax: {record.errors[0]}", f"{domain} TXT")
    return record


def _count(ev: SpfEvaluation, term: SpfTerm, domain: str) -> None:
    ev.lookup_count += 1
    if ev.lookup_count > MAX_DNS_TERMS:
        ev.crossing_term = f"{term.text} in {domain}"
        raise _Stop(
            "permerror",
            f"more than {MAX_DNS_TERMS} DNS-querying terms: '{term.text}' at {domain} is number {ev.lookup_count}",
            f"{domain} TXT",
        )


def _void(ev: SpfEvaluation, answer: DnsAnswer, term: SpfTerm, domain: str) -> None:
    if answer.failed:
        raise _Stop("temperror", answer.hint, answer.location)
    if answer.absent:
        ev.void_lookups += 1
        ev.findings.append(Finding(Level.WARN, f"void lookup: '{term.text}' finds nothing", answer.location))
        if ev.void_lookups > MAX_VOID_LOOKUPS:
            raise _Stop(
                "permerror",
                f"more than {MAX_VOID_LOOKUPS} void lookups: '{term.text}' at {domain} "
                f"is void number {ev.void_lookups}",
                answer.location,
            )


def _target(term: SpfTerm, domain: str) -> str | None:
    spec = term.domain_spec or domain
    if "%" in spec:
        return None
    return spec.rstrip(".").lower()


def _referenced(
    lookup: Lookup, ev: SpfEvaluation, term: SpfTerm, target: str, domain: str, chain: tuple[str, ...]
) -> SpfRecord:
    """The record an ``include:`` or ``redirect=`` points at; a loop or a missing record is a permerror."""
    kind = "include" if term.mechanism == "include" else "redirect"
    if target in chain:
        raise _Stop("permerror", f"{kind} loop: {' → '.join((*chain, target))}", f"{domain} TXT")
    sub = _select(lookup, target, ev, top=False)
    if sub is None:
        answer = lookup(target, "TXT")
        if answer.absent:
            _void(ev, answer, term, domain)
        raise _Stop("permerror", f"'{term.text}' at {domain}: {target} publishes no SPF record", f"{target} TXT")
    return sub


def _walk(lookup: Lookup, record: SpfRecord, ev: SpfEvaluation, *, depth: int, chain: tuple[str, ...]) -> str:
    domain = record.domain
    for term in record.terms:
        if not term.mechanism:
            continue
        if term.mechanism == "ptr":
            ev.findings.append(
                Finding(Level.WARN, f"'{term.text}' uses ptr (RFC 7208 §5.5: do not use)", f"{domain} TXT")
            )
        if not term.queries_dns:
            continue
        _count(ev, term, domain)
        target = _target(term, domain)
        if target is None:
            ev.findings.append(
                Finding(Level.OK, f"'{term.text}' has a macro: not followed statically", f"{domain} TXT")
            )
            continue
        if term.mechanism == "include":
            sub = _referenced(lookup, ev, term, target, domain, chain)
            _walk(lookup, sub, ev, depth=depth + 1, chain=(*chain, target))
        elif term.mechanism == "a":
            answer = lookup(target, "A")
            if answer.absent:
                answer = lookup(target, "AAAA")
            _void(ev, answer, term, domain)
        elif term.mechanism == "mx":
            answer = lookup(target, "MX")
            _void(ev, answer, term, domain)
            hosts = [r.split()[-1] for r in answer.records if r.split()[-1] != "."]
            if len(hosts) > MAX_DNS_TERMS:
                raise _Stop("permerror", f"'{term.text}': {len(hosts)} MX hosts (limit 10)", f"{target} MX")
        elif term.mechanism in ("exists", "ptr"):
            _void(ev, lookup(target, "A"), term, domain)
    all_term = record.all_term
    if all_term is not None:
        if record.redirect is not None:
            ev.findings.append(
                Finding(Level.OK, f"'{record.redirect.text}' is ignored: the record has 'all'", f"{domain} TXT")
            )
        if record.terms_after_all:
            ev.findings.append(
                Finding(
                    Level.WARN,
                    f"terms after '{all_term.text}' are never evaluated: "
                    + " ".join(t.text for t in record.terms_after_all),
                    f"{domain} TXT",
                )
            )
        return all_term.qualifier + "all"
    redirect = record.redirect
    if redirect is not None:
        _count(ev, redirect, domain)
        target = _target(redirect, domain)
        if target is None:
            return ""
        sub = _referenced(lookup, ev, redirect, target, domain, chain)
        return _walk(lookup, sub, ev, depth=depth + 1, chain=(*chain, target))
    return ""


def judge_spf(ev: SpfEvaluation, *, parked: bool = False) -> list[Finding]:
    """The readiness verdict on an evaluation: what a check reports, one finding per fact."""
    loc = ev.location or f"{ev.domain} TXT"
    if ev.result == "temperror":
        return [Finding(Level.ERROR, ev.reason, loc)]
    if ev.result == "none":
        return [Finding(Level.FAIL, f"no SPF record at {ev.domain}: anyone can send mail as this domain", loc)]
    if ev.result == "permerror":
        detail = f"crossing term: {ev.crossing_term}" if ev.crossing_term else ""
        return [Finding(Level.FAIL, f"SPF permerror (receivers treat it as no SPF): {ev.reason}", loc, detail)]
    out = [f for f in ev.findings if f.level is not Level.OK]
    top = f"{ev.domain} TXT"
    assert ev.record is not None
    if parked:
        if ev.record.text.strip().lower() != "v=spf1 -all":
            out.append(
                Finding(Level.FAIL, f"parked domain (null MX) must publish 'v=spf1 -all', not {ev.record.text!r}", top)
            )
        else:
            out.append(Finding(Level.OK, "parked domain: 'v=spf1 -all' refuses all mail", top))
        return out
    match ev.effective_all:
        case "-all" | "~all":
            out.append(Finding(Level.OK, f"ends in '{ev.effective_all}'; {ev.lookup_count} DNS-querying terms", top))
        case "+all":
            term = ev.record.all_term.text if ev.record.all_term else "+all"
            out.append(Finding(Level.FAIL, f"'{term}' authorises every server on the internet", top))
        case "?all":
            out.append(Finding(Level.WARN, "'?all' is neutral: unlisted senders are not rejected", top))
        case _:
            out.append(Finding(Level.WARN, "no 'all' term: unlisted senders get a neutral result", top))
    if ev.lookup_count >= 9:
        out.append(Finding(Level.WARN, f"{ev.lookup_count} of {MAX_DNS_TERMS} DNS-querying terms used", top))
    return out


# ------------------------------------------------------------------------------------------- DMARC

_DMARC_POLICIES = ("none", "quarantine", "reject")


@dataclass(frozen=True)
class DmarcRecord:
    text: str
    tags: dict[str, str]
    errors: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def policy(self) -> str | None:
        return self.tags.get("p")


def is_dmarc_text(text: str) -> bool:
    return re.match(r"^\s*v\s*=\s*DMARC1\s*(;|$)", text) is not None


def parse_dmarc(text: str) -> DmarcRecord:
    """RFC 7489 §6.3 and RFC 9989 (DMARCbis) tag syntax; unknown tags are noted, not errors."""
    tags: dict[str, str] = {}
    errors: list[str] = []
    notes: list[str] = []
    parts = [p.strip() for p in text.split(";")]
    for i, part in enumerate(parts):
        if not part:
            continue
        name, eq, value = part.partition("=")
        name, value = name.strip().lower(), value.strip()
        if not eq or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            errors.append(f"'{part}' is not a tag=value pair")
            continue
        if i == 0 and (name != "v" or value != "DMARC1"):
            errors.append("the record must start with 'v=DMARC1'")
        if name in tags:
            errors.append(f"tag '{name}' appears twice")
        tags[name] = value
    if "v" not in tags:
        errors.append("no 'v=DMARC1' tag")
    for key in ("p", "sp", "np"):
        if key in tags and tags[key].lower() not in _DMARC_POLICIES:
            errors.append(f"{key}={tags[key]!r} is not none, quarantine or reject")
    if "p" not in tags:
        if "rua" in tags:
            notes.append("no p= tag: RFC 9989 reads this as p=none (RFC 7489 receivers ignore the record)")
        else:
            errors.append("no p= tag (required by RFC 7489)")
    for key, allowed in (("adkim", ("r", "s")), ("aspf", ("r", "s")), ("t", ("y", "n")), ("psd", ("y", "n", "u"))):
        if key in tags and tags[key].lower() not in allowed:
            errors.append(f"{key}={tags[key]!r} is not one of {', '.join(allowed)}")
    if "pct" in tags:
        if not re.fullmatch(r"\d{1,3}", tags["pct"]) or int(tags["pct"]) > 100:
            errors.append(f"pct={tags['pct']!r} is not 0–100")
        else:
            notes.append("pct= is an RFC 7489 tag removed by RFC 9989 (use t=)")
    for key in ("rua", "ruf"):
        for uri in dmarc_uris(tags.get(key, "")):
            if not re.fullmatch(r"mailto:[^@\s]+@[^@\s!]+(?:![0-9]+[kmgt]?)?", uri, re.IGNORECASE):
                errors.append(f"{key} URI {uri!r} is not a mailto: address")
    known = {"v", "p", "sp", "np", "pct", "t", "psd", "adkim", "aspf", "rua", "ruf", "fo", "rf", "ri"}
    notes.extend(f"unknown tag '{k}' ignored" for k in tags if k not in known)
    return DmarcRecord(text, tags, tuple(errors), tuple(notes))


def dmarc_uris(value: str) -> list[str]:
    return [u.strip() for u in value.split(",") if u.strip()]


def report_domain(uri: str) -> str:
    return uri.split("@", 1)[-1].split("!", 1)[0].rstrip(".").lower()


MAX_TREE_WALK_LABELS = 8
"""RFC 9989 §4.10: after the Author Domain, a name of 8 or more labels is cut to 7 (eight queries at most)."""


@dataclass(frozen=True)
class DmarcStep:
    """One query of the DNS tree walk: ``_dmarc.<domain> TXT`` and the DMARC records it returned."""

    domain: str
    answer: DnsAnswer
    texts: tuple[str, ...] = ()

    @property
    def record(self) -> DmarcRecord | None:
        """The step's record: exactly one ``v=DMARC1`` text (several are all discarded, RFC 9989 §4.10)."""
        return parse_dmarc(self.texts[0]) if len(self.texts) == 1 else None

    @property
    def location(self) -> str:
        return f"_dmarc.{self.domain} TXT"


@dataclass(frozen=True)
class DmarcDiscovery:
    """Where the policy for ``domain`` comes from: its own record, one inherited from a parent, or none."""

    domain: str
    steps: tuple[DmarcStep, ...]
    failed: DnsAnswer | None = None
    """The first DNS error: the walk stopped there, and above it nothing could be read."""
    policy: DmarcStep | None = None
    organisational_domain: str = ""
    """RFC 9989 §4.10.2's choice; empty when a record at the Author Domain made the walk unnecessary."""

    @property
    def inherited(self) -> bool:
        return self.policy is not None and self.policy.domain != self.domain

    @property
    def trail(self) -> str:
        def said(step: DmarcStep) -> str:
            if step.answer.failed:
                return "error"
            if len(step.texts) > 1:
                return f"{len(step.texts)} records (discarded)"
            return "record" if step.texts else ("NXDOMAIN" if step.answer.nxdomain else "no record")

        return " → ".join(f"_dmarc.{s.domain}: {said(s)}" for s in self.steps)


def tree_walk_names(domain: str) -> list[str]:
    """RFC 9989 §4.10: the Author Domain, then (cut to 7 labels if it has 8 or more) one label less each time."""
    labels = domain.rstrip(".").lower().split(".")
    names = [".".join(labels)]
    rest = labels[-(MAX_TREE_WALK_LABELS - 1) :] if len(labels) >= MAX_TREE_WALK_LABELS else labels[1:]
    while rest:
        names.append(".".join(rest))
        rest = rest[1:]
    return names


def _psd(step: DmarcStep) -> str:
    record = step.record
    return record.tags.get("psd", "u").lower() if record is not None and not record.errors else "u"


def _tree_walk(lookup: Lookup, domain: str, *, policy_only: bool) -> tuple[tuple[DmarcStep, ...], DnsAnswer | None]:
    """RFC 9989 §4.10 steps 1–7; ``policy_only`` stops at a record at the Author Domain (§4.10.1)."""
    steps: list[DmarcStep] = []
    for name in tree_walk_names(domain):
        answer = lookup(f"_dmarc.{name}", "TXT")
        if answer.failed:
            steps.append(DmarcStep(name, answer))
            return tuple(steps), answer
        texts = tuple(r for r in answer.records if is_dmarc_text(r)) if answer.found else ()
        step = DmarcStep(name, answer, texts)
        steps.append(step)
        if (policy_only and name == domain and step.record is not None) or _psd(step) in ("y", "n"):
            break
    return tuple(steps), None


def _organisational(domain: str, steps: tuple[DmarcStep, ...]) -> tuple[DmarcStep | None, str]:
    """RFC 9989 §4.10.2 over the walk's records: the Organizational Domain and the record that speaks for it.

    ``psd=n`` names it; else it is one label below a ``psd=y`` (whose own policy applies when that name
    has no record); else the record with the fewest labels. No record at all: ``(None, "")``.
    """
    # §4.10.2 chooses among *valid* records; an unparsable one is reported only if nothing else applies.
    parsed = [(s, s.record) for s in steps]
    valid = [s for s, r in parsed if r is not None and not r.errors]
    with_record = valid or [s for s, r in parsed if r is not None][-1:]
    for step in with_record:  # longest name first, as the walk went
        if _psd(step) == "n":
            return step, step.domain
        if _psd(step) == "y" and step.domain != domain:
            org_name = ".".join(domain.split(".")[-(len(step.domain.split(".")) + 1) :])
            below = [s for s in with_record if s.domain == org_name]
            return (below[0] if below else step), org_name
    if with_record:
        return with_record[-1], with_record[-1].domain
    return None, ""


def discover_dmarc(lookup: Lookup, domain: str) -> DmarcDiscovery:
    """DMARC policy discovery by the RFC 9989 §4.10 DNS tree walk — no public-suffix list needed.

    A record at the Author Domain is its policy (no walk). Otherwise the walk goes up to the TLD,
    stopping early at a record with ``psd=y`` or ``psd=n``, and the Organizational Domain's record
    applies (:func:`_organisational`), as RFC 7489 §6.6.3's fall-back to the Organizational Domain says.
    A DNS error on the way leaves the policy undetermined: the record above it could not be read.
    """
    domain = domain.rstrip(".").lower()
    steps, failed = _tree_walk(lookup, domain, policy_only=True)
    own = steps[0]
    if own.record is not None:
        return DmarcDiscovery(domain, steps, policy=own)
    if failed is not None:
        return DmarcDiscovery(domain, steps, failed=failed)
    policy, org = _organisational(domain, steps)
    return DmarcDiscovery(domain, steps, policy=policy, organisational_domain=org or domain)


def organisational_domain(lookup: Lookup, name: str) -> str | None:
    """RFC 9989 §4.10.2 by the full DNS tree walk (no public-suffix list); ``None`` when a DNS error hid part of it.

    A walk that finds no record makes ``name`` its own Organizational Domain (RFC 9989 §4.10.2).
    """
    name = name.rstrip(".").lower()
    steps, failed = _tree_walk(lookup, name, policy_only=False)
    if failed is not None:
        return None
    return _organisational(name, steps)[1] or name


def _domain_exists(lookup: Lookup, domain: str) -> DnsAnswer:
    return lookup(domain, "A")


def judge_dmarc(lookup: Lookup, domain: str, *, p_none: str, parked: bool = False) -> list[Finding]:
    domain = domain.rstrip(".").lower()
    found = discover_dmarc(lookup, domain)
    own = found.steps[0]
    if found.failed is not None:
        where = "" if found.failed is own.answer else f"DMARC policy for {domain} undetermined: "
        return [Finding(Level.ERROR, where + found.failed.hint, found.failed.location, found.trail)]
    out: list[Finding] = []
    if len(own.texts) > 1:
        level = Level.WARN if found.policy is not None else Level.FAIL
        out.append(
            Finding(
                level, f"{len(own.texts)} DMARC records at _dmarc.{domain}: receivers ignore them all", own.location
            )
        )
    if found.policy is None:
        if not out:
            out.append(
                Finding(
                    Level.FAIL,
                    f"no DMARC record at _dmarc.{domain} or any parent: receivers have no policy for spoofed mail",
                    own.location,
                    found.trail,
                )
            )
        return out
    rec = found.policy.record
    assert rec is not None
    loc = found.policy.location
    if rec.errors:
        return out + [Finding(Level.FAIL, f"invalid DMARC record: {e}", loc, rec.text) for e in rec.errors]
    out.extend(Finding(Level.OK, n, loc) for n in rec.notes)
    policy = (rec.policy or "none").lower()
    if found.inherited:
        out.extend(_inherited(lookup, found, rec, p_none=p_none, parked=parked))
    elif parked and policy != "reject":
        out.append(
            Finding(Level.FAIL, f"parked domain (null MX) should publish p=reject, not p={policy}", loc, rec.text)
        )
    elif policy == "none":
        level = Level.FAIL if p_none == "fail" else Level.WARN
        out.append(Finding(level, "p=none only monitors: spoofed mail is still delivered", loc, rec.text))
    else:
        out.append(Finding(Level.OK, f"p={policy}", loc, rec.text))
    if not found.inherited:
        sub = rec.tags.get("sp", "").lower()
        if sub == "none" and policy != "none":
            out.append(Finding(Level.WARN, f"sp=none leaves subdomains open while p={policy}", loc))
        if rec.tags.get("np", "").lower() == "none" and policy != "none":
            out.append(Finding(Level.WARN, "np=none leaves non-existent subdomains open", loc))
    if rec.tags.get("t", "").lower() == "y":
        out.append(
            Finding(Level.WARN, "t=y: the policy is in test mode (RFC 9989), receivers apply one level less", loc)
        )
    if "pct" in rec.tags and int(rec.tags["pct"]) < 100:
        out.append(Finding(Level.WARN, f"pct={rec.tags['pct']}: the policy applies to part of the mail only", loc))
    rua = dmarc_uris(rec.tags.get("rua", ""))
    if not rua and not parked:
        out.append(Finding(Level.WARN, "no rua=: you will never see who sends mail as this domain", loc))
    for key in ("rua", "ruf"):
        for uri in dmarc_uris(rec.tags.get(key, "")):
            out.append(_authorised(lookup, found.policy.domain, key, uri))
    return out


def _inherited(lookup: Lookup, found: DmarcDiscovery, rec: DmarcRecord, *, p_none: str, parked: bool) -> list[Finding]:
    """The policy a subdomain gets from its Organizational Domain's record: ``sp=`` (``np=`` if it does not exist)."""
    assert found.policy is not None
    domain, loc = found.domain, found.policy.location
    p = (rec.policy or "none").lower()
    sp = rec.tags.get("sp", "").lower() or p
    tag, effective = ("sp", sp) if "sp" in rec.tags else ("p", p)
    np = rec.tags.get("np", "").lower()
    if np and np != effective:
        exists = _domain_exists(lookup, domain)
        if exists.failed:
            return [
                Finding(
                    Level.ERROR,
                    f"DMARC policy for {domain} undetermined: sp/p={effective} applies if it exists, np={np} if "
                    f"not, and {exists.hint}",
                    exists.location,
                )
            ]
        if exists.nxdomain:
            tag, effective = "np", np
    said = f"{tag}={effective}" + (f" (overrides p={p})" if tag != "p" and effective != p else "")
    inherited = Finding(
        Level.OK,
        f"no record at _dmarc.{domain}: inherited from _dmarc.{found.policy.domain} "
        f"(RFC 9989 DNS tree walk; RFC 7489 §6.6.3), where {said} applies to {domain}",
        loc,
        f"{rec.text} — walk: {found.trail}",
    )
    if parked and effective != "reject":
        return [
            inherited,
            Finding(Level.FAIL, f"parked domain (null MX) should get reject, not {said}", loc, rec.text),
        ]
    if effective == "none":
        level = Level.FAIL if p_none == "fail" else Level.WARN
        return [
            inherited,
            Finding(
                level, f"{said} inherited by {domain} only monitors: spoofed mail is still delivered", loc, rec.text
            ),
        ]
    return [inherited]


def _authorised(lookup: Lookup, domain: str, key: str, uri: str) -> Finding:
    """RFC 7489 §7.1: a report destination outside the Organizational Domain must publish an authorisation record.

    Both Organizational Domains come from the RFC 9989 tree walk; when either could not be read, the
    authorisation record decides (never "within the domain" on a guess).
    """
    dest = report_domain(uri)
    if dest == domain:
        return Finding(Level.OK, f"{key} {uri} is within the domain", f"_dmarc.{domain} TXT")
    mine, theirs = organisational_domain(lookup, domain), organisational_domain(lookup, dest)
    if mine is not None and mine == theirs:
        return Finding(Level.OK, f"{key} {uri} is within the organisational domain {mine}", f"_dmarc.{domain} TXT")
    name = f"{domain}._report._dmarc.{dest}"
    answer = lookup(name, "TXT")
    if answer.failed:
        return Finding(Level.ERROR, answer.hint, f"{name} TXT")
    if answer.found and any(is_dmarc_text(r) for r in answer.records):
        return Finding(Level.OK, f"{key} destination {dest} authorises reports for {domain}", f"{name} TXT")
    unread = " (a DNS error hid whether it shares your organisational domain)" if mine is None or theirs is None else ""
    return Finding(
        Level.WARN,
        f"{key} destination {dest} does not authorise reports for {domain}: receivers will not send them{unread}",
        f"{name} TXT",
    )


# -------------------------------------------------------------------------------------------- DKIM


@dataclass(frozen=True)
class DkimKey:
    selector: str
    tags: dict[str, str]
    key_type: str
    bits: int = 0
    revoked: bool = False
    testing: bool = False
    error: str = ""


def parse_dkim_key(selector: str, text: str) -> DkimKey:
    tags: dict[str, str] = {}
    for part in text.split(";"):
        name, eq, value = part.partition("=")
        if eq:
            tags[name.strip().lower()] = re.sub(r"\s+", "", value)
    key_type = tags.get("k", "rsa").lower()
    testing = "y" in tags.get("t", "").lower().split(":")
    first = text.split(";", 1)[0].replace(" ", "")
    if "v" in tags and (tags["v"] != "DKIM1" or not first.startswith("v=")):
        return DkimKey(selector, tags, key_type, testing=testing, error="v= must be DKIM1 and come first")
    if "p" not in tags:
        return DkimKey(selector, tags, key_type, testing=testing, error="no p= tag (public key)")
    if tags["p"] == "":
        return DkimKey(selector, tags, key_type, revoked=True, testing=testing)
    try:
        raw = base64.b64decode(tags["p"], validate=True)
    except (binascii.Error, ValueError):
        return DkimKey(selector, tags, key_type, testing=testing, error="p= is not valid base64")
    if key_type == "ed25519":
        try:
            ed25519.Ed25519PublicKey.from_public_bytes(raw)
        except ValueError as exc:
            return DkimKey(selector, tags, key_type, testing=testing, error=f"not an ed25519 key: {exc}")
        return DkimKey(selector, tags, key_type, bits=256, testing=testing)
    if key_type != "rsa":
        return DkimKey(selector, tags, key_type, testing=testing, error=f"unknown key type k={key_type}")
    try:
        key = load_der_public_key(raw)
    except ValueError as exc:
        return DkimKey(selector, tags, key_type, testing=testing, error=f"the RSA key does not parse: {exc}")
    if not isinstance(key, rsa.RSAPublicKey):
        return DkimKey(selector, tags, key_type, testing=testing, error=f"k=rsa but the key is {type(key).__name__}")
    return DkimKey(selector, tags, key_type, bits=key.key_size, testing=testing)


def judge_dkim(lookup: Lookup, domain: str, selectors: Sequence[str]) -> list[Finding]:
    out: list[Finding] = []
    for selector in selectors:
        name = f"{selector}._domainkey.{domain}"
        loc = f"{name} TXT"
        answer = lookup(name, "TXT")
        if answer.failed:
            out.append(Finding(Level.ERROR, answer.hint, loc))
            continue
        texts = [r for r in answer.records if "p=" in r] if answer.found else []
        if not texts:
            out.append(Finding(Level.FAIL, f"selector '{selector}' publishes no DKIM key", loc))
            continue
        if len(texts) > 1:
            out.append(Finding(Level.FAIL, f"selector '{selector}' has {len(texts)} key records; verifiers fail", loc))
            continue
        key = parse_dkim_key(selector, texts[0])
        if key.error:
            out.append(Finding(Level.FAIL, f"selector '{selector}': {key.error}", loc))
        elif key.revoked:
            out.append(
                Finding(Level.FAIL, f"selector '{selector}' is revoked (empty p=): mail signed with it fails", loc)
            )
        elif key.key_type == "ed25519":
            out.append(Finding(Level.OK, f"selector '{selector}': ed25519 key", loc))
        elif key.bits >= 2048:
            out.append(Finding(Level.OK, f"selector '{selector}': RSA {key.bits}-bit key", loc))
        elif key.bits >= 1024:
            out.append(Finding(Level.WARN, f"selector '{selector}': RSA {key.bits}-bit key (use 2048)", loc))
        else:
            out.append(Finding(Level.FAIL, f"selector '{selector}': RSA {key.bits}-bit key is breakable", loc))
        if key.testing:
            out.append(
                Finding(Level.WARN, f"selector '{selector}' has t=y: verifiers may treat signatures as unsigned", loc)
            )
    return out
