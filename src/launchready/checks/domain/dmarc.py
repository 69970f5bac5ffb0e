"""domain.dmarc: one DMARC record that enforces (quarantine/reject), with authorised reporting."""

from __future__ import annotations

from launchready.checks.domain._support import domain_target, evidence
from launchready.context import CheckContext
from launchready.engines.email_auth import judge_dmarc
from launchready.model import Check, CheckMeta, Effort, Outcome, Severity, Surface

META = CheckMeta(
    id="domain.dmarc",
    title="DMARC policy enforced",
    surface=Surface.DOMAIN,
    severity=Severity.HIGH,
    criteria=(
        "One record at `_dmarc`, `v=DMARC1` first, `p=quarantine` or `reject` (p=none warns in `handover`, fails "
        "in `security-review`), `rua` present and authorised, no `t=y`/pct<100 left behind; both RFC 7489 and "
        "RFC 9989 syntax understood."
    ),
    why=(
        "DMARC is what makes SPF and DKIM matter: it tells receivers to quarantine or reject mail that claims to "
        "be from your domain but fails both, and sends you reports of who is sending as you."
    ),
    breaks=(
        "Without an enforcing policy anyone can send mail that shows your domain in the From: line — fake "
        "invoices, fake password resets to your users — and major mailbox providers will throttle your own mail."
    ),
    fix=(
        'Publish `_dmarc.<domain> TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@<domain>"`, watch the reports, '
        "then move to `p=reject`; remove `t=y` and `pct<100` once done; an outside report address must publish "
        '`<domain>._report._dmarc.<dest> TXT "v=DMARC1"`.'
    ),
    references=("RFC 7489", "RFC 9989", "RFC 7505"),
    checklist=("DMARC at p=quarantine or p=reject", "DMARC aggregate reports (rua) authorised"),
    effort=Effort.HOURS,
)


def run(ctx: CheckContext) -> Outcome:
    target = domain_target(ctx)
    p_none = str(ctx.profile.thresholds.get("dmarc-p-none", "warn"))
    findings = judge_dmarc(target.lookup, target.domain, p_none=p_none, parked=target.is_null_mx())
    return Outcome.from_evidence(
        evidence(findings),
        passed=f"{target.domain} enforces DMARC",
        failed=f"DMARC for {target.domain} needs attention",
    )


CHECK = Check(META, run)
