"""The probe library (data) and the bookkeeping every ``ai.*`` probe check shares.

A check sends probes through a :class:`ProbeRun`, which turns what happened into a tri-state
verdict: *confirmed* (FAIL, with the probe and the redacted evidence), *not observed* (PASS), or
*undetermined* (WARN: no channel could see it, the endpoint rate-limited the scan, …). A probe that
got no usable answer is never counted as a pass: if no probe was answered the check is an ERROR.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from launchready.context import CheckContext
from launchready.engines.chat import ChatSession, ChatTarget, ChatTurn
from launchready.errors import TargetError
from launchready.model import Evidence, Outcome, Status, Surface
from launchready.targets.http import BudgetExhausted, Identity, Probe


def load_probes() -> dict[str, Any]:
    """``src/launchready/data/ai_probes.toml`` (read per call: no module-level cache)."""
    text = resources.files("launchready.data").joinpath("ai_probes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_prices() -> dict[str, Any]:
    text = resources.files("launchready.data").joinpath("model_prices.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def probe_budget(ctx: CheckContext, chat: ChatTarget) -> int:
    """This check's share of ``[ai] probe-budget``, capped by its own ``budget`` option."""
    own = int(ctx.options.get("budget", chat.budget_share()))
    return max(1, min(own, chat.budget_share()))


@dataclass
class ProbeRun:
    """What one ai check saw: confirmed findings, undetermined ones, and why probes went unanswered."""

    check_id: str
    exhaustive: bool = False
    confirmed: list[Evidence] = field(default_factory=list)
    undetermined: list[Evidence] = field(default_factory=list)
    notes: list[Evidence] = field(default_factory=list)
    sent: int = 0
    answered: int = 0
    rejected: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rate_limited: ChatTurn | None = None
    exhausted: str = ""

    @property
    def stopped(self) -> bool:
        """No more probes: rate limited (polite: stop at the first 429) or budget spent."""
        return self.rate_limited is not None or bool(self.exhausted)

    def family_done(self, family_confirmed: bool) -> bool:
        return self.stopped or (family_confirmed and not self.exhaustive)

    def send(self, session: ChatSession, message: str) -> ChatTurn | None:
        """Send one probe; ``None`` when it got no usable answer (the reason is recorded)."""
        if self.stopped:
            return None
        try:
            turn = session.send(message)
        except BudgetExhausted as exc:
            self.exhausted = str(exc)
            return None
        except TargetError as exc:
            self.sent += 1
            self.errors.append(str(exc))
            return None
        self.sent += 1
        if turn.rate_limited:
            self.rate_limited = turn
            return None
        if not turn.answered:
            self.rejected[turn.status] = self.rejected.get(turn.status, 0) + 1
            return None
        self.answered += 1
        return turn

    def confirm(self, message: str, location: str, detail: str, key: str) -> None:
        self.confirmed.append(Evidence(Status.FAIL, message, location, detail, f"{self.check_id}:{key}"))

    def undecided(self, message: str, location: str, detail: str, key: str) -> None:
        self.undetermined.append(Evidence(Status.WARN, message, location, detail, f"{self.check_id}:{key}"))

    def outcome(self, *, requests: int, passed: str, failed: str, what: str,
                metrics: dict[str, float | int | str] | None = None) -> Outcome:
        stats: dict[str, float | int | str] = {"probes_sent": self.sent, "probes_answered": self.answered,
                                               **(metrics or {})}
        if self.confirmed:
            return Outcome(Status.FAIL, failed, (*self.confirmed, *self.undetermined, *self.notes), requests, stats)
        if self.rate_limited is not None:
            turn = self.rate_limited
            evidence = Evidence(
                Status.WARN,
                f"undetermined: the chat endpoint answered {turn.status} (rate limit) after {self.sent} probes; "
                f"nothing was confirmed before that",
                f"{turn.exchange.method} {turn.exchange.summary().split(' ', 2)[1]}",
                f"{turn.exchange.curl()}\n→ {turn.status} {turn.exchange.excerpt(160)}",
                f"{self.check_id}:rate-limited",
            )
            return Outcome(Status.WARN, f"{what}: undetermined — rate-limited after {self.sent} probes "
                           "(give the scan's test account a higher chat limit on staging)",
                           (evidence, *self.undetermined, *self.notes), requests, stats)
        if self.answered == 0:
            why = "; ".join(self.errors[:2]) or ", ".join(f"{n}× HTTP {s}" for s, n in sorted(self.rejected.items()))
            reason = why or self.exhausted or "no probe was sent"
            return Outcome(Status.ERROR, f"{what}: no probe got an answer ({reason}) — check [ai.chat]",
                           tuple(self.notes), requests, stats)
        broken = len(self.errors) + sum(n for s, n in self.rejected.items() if s >= 500)
        if broken:
            failures = "; ".join(self.errors[:2]) or ", ".join(
                f"{n}× HTTP {s}" for s, n in sorted(self.rejected.items()) if s >= 500)
            evidence = Evidence(Status.WARN, f"undetermined: {broken} of {self.sent} probes got no usable answer "
                                f"({failures})", "", "", f"{self.check_id}:unanswered")
            return Outcome(Status.WARN, f"{what}: undetermined — {broken} of {self.sent} probes got no usable "
                           "answer (server errors)", (evidence, *self.undetermined, *self.notes), requests, stats)
        if self.undetermined:
            return Outcome(Status.WARN, f"{what}: nothing confirmed, but part of it is undetermined",
                           (*self.undetermined, *self.notes), requests, stats)
        extra = ""
        if self.rejected:  # 4xx only by now: the product refused the probe before the model ran
            extra = " (" + ", ".join(f"{n} refused with HTTP {s}" for s, n in sorted(self.rejected.items())) + ")"
        if self.exhausted:
            extra += f"; stopped early: {self.exhausted}"
        return Outcome(Status.PASS, passed + extra, tuple(self.notes), requests, stats)


def reread_outbox(chat: ChatTarget, probe: Probe, identity: Identity | None) -> tuple[list[str] | None, str]:
    """The outbox after a probe, or ``None`` and why: an unreadable outbox is no evidence that nothing was sent."""
    try:
        after = chat.read_outbox(probe, identity)
    except (TargetError, BudgetExhausted) as exc:
        return None, str(exc)
    return after, "" if after is not None else "it did not answer 200 with a JSON list"


def chat_target(ctx: CheckContext) -> ChatTarget:
    target = ctx.target(Surface.AI)
    assert isinstance(target, ChatTarget)
    return target
