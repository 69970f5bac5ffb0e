"""domain.dkim: every declared selector publishes a strong, parsable, live key."""

from __future__ import annotations

from launchready.checks.domain._support import domain_target, evidence
from launchready.context import CheckContext
from launchready.engines.email_auth import judge_dkim
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="domain.dkim",
    title="DKIM keys published and strong",
    surface=Surface.DOMAIN,
    severity=Severity.HIGH,
    criteria=(
        "Each declared selector (or one found from a sample message) publishes a parsable key: RSA ≥ 2048 pass, "
        "1024 warn, < 1024 fail, ed25519 ok, revoked (`p=`) or `t=y` flagged; with no selector known: "
        '"unknown — declare the selector", not fail.'
    ),
    why=(
        "DKIM signs your outgoing mail so receivers can tell it was not altered or forged; DMARC needs it to "
        "survive forwarding, where SPF breaks."
    ),
    breaks=(
        "A missing, revoked or weak key means your signatures fail or can be forged: mail lands in spam, and "
        "with a sub-1024-bit key an attacker can sign mail as you."
    ),
    fix=(
        "Enable DKIM at your mail provider and publish the `<selector>._domainkey.<domain>` record it gives you; "
        "use RSA 2048 (or ed25519 alongside RSA); remove `t=y`; declare the selector with --dkim-selector."
    ),
    references=("RFC 6376", "RFC 8301", "RFC 8463"),
    checklist=("DKIM key per sending service, RSA ≥ 2048",),
    effort=Effort.HOURS,
)


def run(ctx: CheckContext) -> Outcome:
    target = domain_target(ctx)
    if target.is_null_mx() and not target.dkim_selectors:
        loc = f"{target.domain} MX"
        return Outcome(
            Status.PASS,
            "parked domain (null MX): it sends no mail to sign",
            (Evidence(Status.PASS, "null MX (RFC 7505)", loc),),
        )
    if not target.dkim_selectors:
        return Outcome(
            Status.WARN,
            "unknown — declare the selector (--dkim-selector); DKIM keys cannot be listed from DNS",
            (Evidence(Status.WARN, "no DKIM selector declared", f"<selector>._domainkey.{target.domain} TXT"),),
        )
    return Outcome.from_evidence(
        evidence(judge_dkim(target.lookup, target.domain, target.dkim_selectors)),
        passed=f"every declared DKIM selector of {target.domain} publishes a strong key",
        failed=f"DKIM for {target.domain} needs attention",
    )


CHECK = Check(META, run)
