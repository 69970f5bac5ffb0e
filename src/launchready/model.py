"""The vocabulary every part of launchready shares: frozen, typed, closed.

Results are values: a check returns a :class:`Result`, the runner collects them into a
:class:`Scorecard`, renderers read it. Evidence is redacted when it is *created* — a secret that
reaches an :class:`Evidence` never survives into any field of it, whatever renders it later.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from launchready.printable import printable
from launchready.redaction import redact_text

if TYPE_CHECKING:
    from launchready.context import CheckContext



def _shown(text: str) -> str:
    """Redacted, and safe to print anywhere: terminal control characters (ESC sequences that recolour
    or hyperlink a terminal) and bytes that were not UTF-8 (a file name) become visible ``\\xNN``."""
    return printable(redact_text(text))


class Surface(enum.StrEnum):
    REPO = "repo"
    API = "api"
    AI = "ai"
    DOMAIN = "domain"
    OPS = "ops"


class Severity(enum.StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for critical … 4 for info: sorts the most severe first."""
        return list(Severity).index(self)


class Status(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """How bad a status is: error and fail outrank warn, warn outranks pass and skip."""
        return {Status.ERROR: 4, Status.FAIL: 3, Status.WARN: 2, Status.PASS: 1, Status.SKIP: 0}[self]


class Profile(enum.StrEnum):
    HANDOVER = "handover"
    SECURITY_REVIEW = "security-review"


class Effort(enum.IntEnum):
    """Rough hours to fix a failing check; orders the remediation plan after severity."""

    MINUTES = 1
    HOURS = 4
    DAY = 8
    DAYS = 24


@dataclass(frozen=True)
class CheckMeta:
    """Everything said about a check, written once; catalogue, explain, reports and docs read it."""

    id: str
    title: str
    surface: Surface
    severity: Severity
    criteria: str
    why: str
    breaks: str
    fix: str
    references: tuple[str, ...]
    checklist: tuple[str, ...]
    effort: Effort = Effort.HOURS
    warn_only: bool = False
    """A heuristic that can only warn (SPEC: "warn-level"); the runner turns its fails into warns."""

    def __post_init__(self) -> None:
        if not self.id.startswith(f"{self.surface.value}."):
            raise ValueError(f"check id {self.id!r} must start with its surface {self.surface.value!r}.")


@dataclass(frozen=True)
class Evidence:
    """One fact that supports a result: where it is and what was seen there.

    ``location`` is ``path:line``, ``commit:path``, ``METHOD /route``, a DNS name or a certificate
    field — whatever a reader can paste into a ticket. Every text field is redacted on creation.
    """

    status: Status
    message: str
    location: str = ""
    detail: str = ""
    fingerprint: str = ""

    def __post_init__(self) -> None:
        for name in ("message", "location", "detail"):
            object.__setattr__(self, name, _shown(getattr(self, name)))


def finding_id(check_id: str, evidence: Evidence) -> str:
    """The stable id of a finding: its check's explicit fingerprint, else what and where it is.

    JSON reports, SARIF, suppressions by fingerprint and baselines all use this one id.
    """
    import hashlib

    basis = evidence.fingerprint or f"{evidence.location}|{evidence.message}"
    # surrogatepass: a non-UTF-8 file name (surrogateescape'd) is hashed, not a crash; UTF-8 text hashes as before.
    return hashlib.sha256(f"{check_id}|{basis}".encode("utf-8", "surrogatepass")).hexdigest()[:24]


@dataclass(frozen=True)
class Suppressed:
    """A finding hidden by a suppression or ignore marker; always listed in reports, with why."""

    evidence: Evidence
    reason: str
    source: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", redact_text(self.reason))


@dataclass(frozen=True)
class Outcome:
    """What a check's ``run`` returns; the runner adds identity, timing and suppressions."""

    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    requests: int = 0
    metrics: Mapping[str, float | int | str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", _shown(self.summary))

    @classmethod
    def from_evidence(
        cls,
        evidence: tuple[Evidence, ...] | list[Evidence],
        *,
        passed: str,
        failed: str,
        requests: int = 0,
    ) -> Outcome:
        """The worst status among the evidence decides; no evidence is a pass."""
        items = tuple(evidence)
        worst = max((e.status for e in items), key=lambda s: s.rank, default=Status.PASS)
        if worst.rank <= Status.PASS.rank:
            return cls(Status.PASS, passed, items, requests)
        return cls(worst, failed, items, requests)


@dataclass(frozen=True)
class Result:
    """One check's answer in a scan."""

    check_id: str
    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    suppressed: tuple[Suppressed, ...] = ()
    duration_s: float = 0.0
    requests: int = 0
    metrics: Mapping[str, float | int | str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", _shown(self.summary))
        # Reports print metrics as they are; a text metric is redacted like every other text.
        object.__setattr__(self, "metrics", {k: redact_text(v) if isinstance(v, str) else v
                                             for k, v in self.metrics.items()})


class CheckFunction(Protocol):
    def __call__(self, ctx: CheckContext, /) -> Outcome: ...


@dataclass(frozen=True)
class Check:
    """A check: its metadata and a pure function of the (shared, read-only) scan context."""

    meta: CheckMeta
    run: CheckFunction
    options: Mapping[str, Any] = field(default_factory=dict)
    """Default per-check options; ``[checks."<id>"]`` in the config overrides them (same keys only)."""
    exclusive: bool = False
    """Runs alone, after the concurrent checks: it loads the target (bursts) or times it (latency), and
    neither may disturb, or be disturbed by, other checks."""



@dataclass(frozen=True)
class PlanStep:
    """One line of the remediation plan: when, what, and which check it clears."""

    window: str
    check_id: str
    title: str
    action: str
    severity: Severity
    blocking: bool
    finding: str = ""
    """Where its first finding is (``path:line``, ``METHOD /route``, a record), to open it straight away."""
    fingerprint: str = ""
    """That finding's stable fingerprint in the reports."""


@dataclass(frozen=True)
class Verdict:
    ready: bool
    label: str
    profile: Profile
    covered: tuple[Surface, ...]
    not_scanned: Mapping[Surface, str]
    not_run: tuple[str, ...]
    """Blocking checks of the profile left out by --skip/--only on a scanned surface."""
    blocking_failures: tuple[str, ...]
    score: int
    risk: str
    plan: tuple[PlanStep, ...]


@dataclass(frozen=True)
class Scorecard:
    """Everything a scan found; renderers are pure functions of this."""

    tool_version: str
    target: str
    profile: Profile
    started_at: str
    duration_s: float
    results: tuple[Result, ...]
    metas: Mapping[str, CheckMeta]
    verdict: Verdict
    blocking: frozenset[str]
    requests_sent: int = 0
    """HTTP requests the scan sent to the product, as the shared client counted them (logins included)."""

    @property
    def requests_total(self) -> int:
        """Every request sent: the client's count, or the checks' own when no HTTP target was used."""
        return max(self.requests_sent, sum(r.requests for r in self.results))

    def requests_by_surface(self) -> dict[str, int]:
        """Requests each surface's checks sent (without the shared logins and the OpenAPI fetch)."""
        counts: dict[str, int] = {}
        for r in self.results:
            if r.requests:
                surface = self.metas[r.check_id].surface.value
                counts[surface] = counts.get(surface, 0) + r.requests
        return counts

    def footer(self) -> str:
        by = " · ".join(f"{s} {n}" for s, n in self.requests_by_surface().items())
        return (f"{len(self.results)} checks · {self.duration_s:.1f} s · {self.requests_total} requests"
                + (f" ({by})" if by else "") + f" · launchready {self.tool_version}")

    def result(self, check_id: str) -> Result:
        for r in self.results:
            if r.check_id == check_id:
                return r
        raise KeyError(check_id)

    def is_blocking(self, check_id: str) -> bool:
        return check_id in self.blocking
