"""Scan one buffer: prefilter hits → full rules at those offsets → offline checks → hits.

Bounded by construction: every regex runs with an ``endpos`` a few KB past its start, generic
rules look at a window of at most :data:`LINE_WINDOW` bytes around their keyword, and excerpts are
cut to a few dozen characters — so a 50 MB one-line bundle costs one linear prefilter pass.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from launchready.engines.secrets.decoding import inline_views
from launchready.engines.secrets.documentation_values import DISOWNED, author_disowned, inside_digest
from launchready.engines.secrets.matcher import Prefilter
from launchready.engines.secrets.public_clients import google_client_secret
from launchready.engines.secrets.rules import Level, Rule, Tier
from launchready.engines.secrets.validators import CHECKS, Candidate, Verdict, is_placeholder
from launchready.redaction import redact_secret, redact_text

MATCH_SPAN = 8192
"""A rule's regex never reads more than this many bytes past its literal."""
LINE_WINDOW = 512
"""Generic rules and ignore markers look at most this far either side of a hit."""
MAX_GENERIC_LINES = 2000
"""Per buffer; a minified bundle with thousands of ``token`` words stays bounded."""
EXCERPT = 40

_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

# Inline markers: ours (with a reason) and the other tools', honoured for migration.
_OURS = re.compile(rb"launchready:\s*ignore\[(?P<ids>[A-Za-z0-9_.,*\- ]+)\]\s*(?P<reason>[^\n\r*/#>-]*)")
_FOREIGN = (
    (b"gitleaks:allow", "gitleaks:allow marker"),
    (b"pragma: allowlist secret", "detect-secrets allowlist marker"),
    (b"kingfisher:ignore", "kingfisher:ignore marker"),
    (b"nosec", "nosec marker"),
)
_NEXTLINE = b"pragma: allowlist nextline secret"


def fingerprint(rule_id: str, secret: str) -> str:
    """``rule:hash`` — what dedup and the baseline use; never the secret itself."""
    return f"{rule_id}:{hashlib.sha256(secret.encode('utf-8', 'surrogateescape')).hexdigest()[:16]}"


@dataclass(frozen=True)
class Hit:
    """One confirmed match in one buffer. ``secret`` never leaves the engine."""

    rule: Rule
    level: Level
    secret: str
    start: int
    end: int
    note: str
    excerpt: str
    marker: str
    """Why an inline marker ignores this hit ("" when none)."""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.rule.id, self.secret)

    @property
    def redacted(self) -> str:
        return redact_secret(self.secret)


def _line_bounds(data: bytes, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - LINE_WINDOW)
    nl = data.rfind(b"\n", lo, start)
    lo = nl + 1 if nl >= 0 else lo
    hi = min(len(data), end + LINE_WINDOW)
    nl = data.find(b"\n", end, hi)
    return lo, nl if nl >= 0 else hi


def _marker(data: bytes, start: int, end: int, check_id: str, rule_id: str) -> str:
    lo, hi = _line_bounds(data, start, end)
    line = data[lo:hi]
    for m in _OURS.finditer(line):
        ids = {x.strip() for x in m.group("ids").decode().split(",")}
        if ids & {rule_id, check_id, "*", "secrets"}:
            reason = m.group("reason").decode("utf-8", "replace").strip()
            return f"inline ignore: {reason or '(no reason given)'}"
    for token, why in _FOREIGN:
        if token in line:
            return why
    if lo > 0:
        prev_lo = max(0, data.rfind(b"\n", max(0, lo - LINE_WINDOW), lo - 1) + 1)
        if _NEXTLINE in data[prev_lo:lo]:
            return "detect-secrets allowlist nextline marker"
    return ""


_EDGE_RUN = re.compile(r"^[A-Za-z0-9+/=_\-]{6,}|[A-Za-z0-9+/=_\-]{6,}$")


def _excerpt(data: bytes, start: int, end: int, secret: str) -> str:
    """A short excerpt around the match: the whole (bounded) line is redacted first, then cut, and a
    token cut in half at either edge is dropped, so no neighbouring secret survives in part."""
    lo, hi = _line_bounds(data, start, end)
    before = data[lo:start].decode("utf-8", "replace")
    inner = data[start:end].decode("utf-8", "replace")
    after = data[end:hi].decode("utf-8", "replace")
    masked = inner
    if secret:
        hidden = redact_secret(secret)
        # When the secret is a partner elsewhere (AWS pair), the id in the match is masked too.
        masked = inner.replace(secret, hidden) if secret in inner else redact_secret(inner)
        before, after = before.replace(secret, hidden), after.replace(secret, hidden)
    masked, before, after = redact_text(masked), redact_text(before), redact_text(after)
    left, right = before[-EXCERPT:], after[:EXCERPT]
    if len(before) > EXCERPT:
        left = "…" + _EDGE_RUN.sub("", left, count=1) if _EDGE_RUN.match(left) else "…" + left
    if len(after) > EXCERPT:
        right = (_EDGE_RUN.sub("", right) if _EDGE_RUN.search(right) else right) + "…"
    text = (left + masked + right).replace("\r", " ").replace("\t", " ").replace("\n", " ")
    return text.strip()


def scan_buffer(data: bytes, prefilter: Prefilter | None, rules: Sequence[Rule], *,
                generic: bool = True, check_id: str = "", raw: list[tuple[int, int]] | None = None,
                decode: bool = True, code: bool = False) -> list[Hit]:
    """Every confirmed secret in ``data`` (sorted by offset), including those inside base64 values
    and string literals joined with ``+`` (``decode``; located at the encoded span).

    ``raw`` passes prefilter hits computed elsewhere (the history scan prefilters many blobs at once;
    it decodes nothing: its prefilter hits say nothing about encoded content). ``code``: the buffer is a
    program's source, where an unquoted name is a reference, not a value.
    """
    if raw is None:
        assert prefilter is not None
        hits = _scan_plain(data, prefilter.hits(data), rules, generic, check_id, code)
        return _public_clients(data, _with_decoded(data, hits, prefilter, rules, generic, check_id) if decode else hits)
    return _public_clients(data, _scan_plain(data, raw, rules, generic, check_id))


def _public_clients(data: bytes, hits: list[Hit]) -> list[Hit]:
    """A Google OAuth client secret with its client id in the same buffer (see :mod:`.public_clients`): judged on
    the whole buffer, because the two are often far apart or split into joined literals."""
    out = []
    for h in hits:
        judged = google_client_secret(data, h.secret) if h.level is Level.FAIL else None
        if judged is None:
            out.append(h)
            continue
        sure, note = judged
        out.append(replace(h, level=Level.INFO if sure else Level.WARN, note=f"{h.note}; {note}" if h.note else note))
    return out


def _with_decoded(data: bytes, hits: list[Hit], prefilter: Prefilter, rules: Sequence[Rule], generic: bool,
                  check_id: str) -> list[Hit]:
    views = inline_views(data)
    if not views:
        return hits
    # A decoded value is judged decoded: the generic rule's view of its base64 form (a random-looking
    # string, even when it encodes "your-password-here") is dropped.
    spans = [(v.start, v.end) for v in views if v.how.startswith("base64")]
    hits = [h for h in hits if h.rule.tier is not Tier.GENERIC or not any(s < h.end and h.start < e for s, e in spans)]
    seen = {(h.rule.id, h.secret) for h in hits}
    # One prefilter pass over all views (joined by newlines; no literal or anchor spans one), then
    # the full rules on the views that have hits.
    joined = b"\n".join(v.text for v in views)
    starts = list(itertools.accumulate((len(v.text) + 1 for v in views), initial=0))
    per_view: dict[int, list[tuple[int, int]]] = {}
    for ri, at in prefilter.hits(joined):
        k = bisect.bisect_right(starts, at) - 1
        per_view.setdefault(k, []).append((ri, at - starts[k]))
    for k, raw in sorted(per_view.items()):
        view = views[k]
        for h in _scan_plain(view.text, raw, rules, generic, check_id):
            if (h.rule.id, h.secret) in seen:
                continue
            seen.add((h.rule.id, h.secret))
            lines = view.text.count(b"\n", 0, h.start)
            where = f", decoded line {lines + 1}" if b"\n" in view.text.strip() else ""
            note = f"{h.note}; {view.how}{where}" if h.note else f"{view.how}{where}"
            hits.append(Hit(h.rule, h.level, h.secret, view.start, view.end, note, h.excerpt,
                            h.marker or _marker(data, view.start, view.end, check_id, h.rule.id)))
    hits.sort(key=lambda h: h.start)
    return hits


def _disowned(data: bytes, m: re.Match[bytes], verdict: Verdict) -> Verdict:
    """A failing key its author marks beside it as invalid, fake, revoked or expired: a warning that says so — only the
    provider can confirm it no longer works, so it is not dropped (see :func:`.documentation_values.author_disowned`).
    Judged here, on the hit's own line, so the tree, history and client scans agree; the same value written bare
    elsewhere in that file is judged with it (:class:`.findings.FindingSet`)."""
    if verdict.level is not Level.FAIL:
        return verdict
    lo, hi = _line_bounds(data, m.start(), m.end())
    words = author_disowned(data[lo:m.start()].decode("utf-8", "replace"), data[m.end():hi].decode("utf-8", "replace"))
    if not words:
        return verdict
    said = f"{DISOWNED} (“{words}” beside it): confirm it is revoked"
    return Verdict(Level.WARN, verdict.secret, f"{verdict.note}; {said}" if verdict.note else said, verdict.claimed)


def _scan_plain(data: bytes, raw: list[tuple[int, int]], rules: Sequence[Rule], generic: bool,
                check_id: str, code: bool = False) -> list[Hit]:
    if not raw:
        return []
    raw.sort(key=lambda h: (h[1], h[0]))
    hits: list[Hit] = []
    claimed: list[tuple[int, int]] = []
    generic_at: list[tuple[int, int]] = []
    confirmed: list[tuple[int, int]] = []
    matched: list[tuple[str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for ri, start in raw:
        if (ri, start) in seen:
            continue
        seen.add((ri, start))
        rule = rules[ri]
        if rule.tier is Tier.GENERIC:
            if generic:
                generic_at.append((ri, start))
            continue
        if rule.boundary and start > 0 and data[start - 1] in _WORD:
            continue
        if any(cs <= start < ce for cs, ce in confirmed) or any(
                rid == rule.id and ms <= start < me for rid, ms, me in matched):
            continue  # inside a secret another rule already confirmed (GEMINI_API_KEY=AIza… is not also "Google")
        m = rule.regex.match(data, start, min(len(data), start + MATCH_SPAN))
        if m is None:
            continue
        claimed.append((m.start(), m.end()))
        secret = m.group(rule.secret_group).decode("utf-8", "surrogateescape")
        tail = secret
        if rule.secret_group == 0:
            lit = next((x for x in rule.literals if secret.startswith(x)), "")
            tail = secret[len(lit):]
        if rule.check != "jwt" and is_placeholder(tail):  # a JWT is judged by its parts (validators._jwt)
            continue
        if inside_digest(data, *m.span(rule.secret_group)):
            continue  # part of a file hash (pip's RECORD `path,sha256=<base64>,size`), not a key
        verdict = CHECKS[rule.check](Candidate(rule, m, data, secret))
        if verdict is None:
            continue
        verdict = _disowned(data, m, verdict)
        claimed.extend(verdict.claimed)
        confirmed.append(m.span(rule.secret_group))
        matched.append((rule.id, m.start(), m.end()))
        hits.append(Hit(rule, verdict.level, verdict.secret, m.start(), m.end(), verdict.note,
                        _excerpt(data, m.start(), m.end(), verdict.secret),
                        _marker(data, m.start(), m.end(), check_id, rule.id)))
    if generic_at:
        hits.extend(_generic_hits(data, generic_at, rules, claimed, check_id, code))
    hits.sort(key=lambda h: h.start)
    return hits


def _generic_hits(data: bytes, at: list[tuple[int, int]], rules: Sequence[Rule],
                  claimed: list[tuple[int, int]], check_id: str, code: bool = False) -> list[Hit]:
    out: list[Hit] = []
    lines_done: set[int] = set()
    found: set[tuple[str, int]] = set()
    for ri, start in at:
        lo, hi = _line_bounds(data, start, start + 1)
        if lo in lines_done:
            continue
        if len(lines_done) >= MAX_GENERIC_LINES:
            break
        lines_done.add(lo)
        rule = rules[ri]
        for m in rule.regex.finditer(data, lo, hi):
            s, e = m.span(rule.secret_group)
            if any(s < ce and cs < e for cs, ce in claimed) or (rule.id, s) in found:
                continue
            secret = m.group(rule.secret_group).decode("utf-8", "surrogateescape")
            verdict = CHECKS[rule.check](Candidate(rule, m, data, secret, code))
            if verdict is None:
                continue
            found.add((rule.id, s))
            out.append(Hit(rule, verdict.level, verdict.secret, s, e, verdict.note,
                           _excerpt(data, s, e, verdict.secret), _marker(data, s, e, check_id, rule.id)))
    return out
