"""domain.spf: exactly one valid SPF record, within the lookup limits, ending in -all or ~all."""

from __future__ import annotations

from launchready.checks.domain._support import domain_target, evidence
from launchready.context import CheckContext
from launchready.engines.email_auth import evaluate_spf, judge_spf
from launchready.model import Check, CheckMeta, Effort, Outcome, Severity, Surface

META = CheckMeta(
    id="domain.spf",
    title="SPF record valid and strict",
    surface=Surface.DOMAIN,
    severity=Severity.HIGH,
    criteria=(
        "Exactly one valid record; ≤ 10 DNS-querying terms counted through includes (name the term that crosses "
        "the limit); ≤ 2 void lookups; ends in `-all` or `~all`; `+all`/bare `all` fail; `?all`, no `all`, `ptr` "
        "warn; conforms to the RFC 7208 test suite."
    ),
    why=(
        "SPF tells receiving mail servers which servers may send mail as your domain. Password resets, invoices "
        "and sign-in links from your chatbot product are only trusted if it is published and valid."
    ),
    breaks=(
        "A missing, duplicated or over-limit record is a permerror: receivers treat the domain as having no SPF, "
        "so phishing mail in your name passes and your own mail lands in spam."
    ),
    fix=(
        "Publish one TXT record `v=spf1 include:<your mail provider> -all` (or `~all`) at the domain; flatten or "
        "drop includes until at most 10 DNS-querying terms remain; remove `ptr` and includes of domains without SPF."
    ),
    references=("RFC 7208", "RFC 7505", "M3AAWG Email Authentication Best Practices"),
    checklist=("SPF published, one record, ends in -all/~all", "SPF within 10 DNS lookups"),
    effort=Effort.HOURS,
)


def run(ctx: CheckContext) -> Outcome:
    target = domain_target(ctx)
    findings = judge_spf(evaluate_spf(target.lookup, target.domain), parked=target.is_null_mx())
    return Outcome.from_evidence(
        evidence(findings),
        passed=f"{target.domain} publishes one valid, strict SPF record",
        failed=f"SPF for {target.domain} needs attention",
    )


CHECK = Check(META, run)
