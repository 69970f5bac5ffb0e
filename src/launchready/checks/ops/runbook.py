"""ops.runbook: the repository holds a runbook a new owner can act on at 3 a.m."""

from __future__ import annotations

import re

from launchready.context import CheckContext
from launchready.engines.runbook import (
    CONTACT,
    HELD_CREDENTIAL,
    Section,
    find_runbooks,
    held_credentials,
    left_placeholder,
    linked_documents,
    named_owner,
    providers_used,
    response_minutes,
    rotation_covered,
    sections,
    with_subsections,
)
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="ops.runbook",
    title="A runbook for incidents, rollbacks and key rotation",
    surface=Surface.OPS,
    severity=Severity.MEDIUM,
    criteria=(
        "The repo holds a runbook with: incident steps with a named owner and a response time, failed-deploy / "
        "rollback steps, key-rotation steps per provider, on-call contacts."
    ),
    why=(
        "When the product is handed over, the knowledge of how to stop an incident, undo a bad deploy and rotate "
        "a leaked key must not live in one founder's head. Buyers' security questionnaires ask for exactly this."
    ),
    breaks=(
        "A leaked OpenAI or Stripe key keeps being abused while someone works out how to rotate it; a failed "
        "deploy stays down because nobody knows the rollback; an outage waits for an owner nobody named."
    ),
    fix=(
        "Run `launchready handover` to write RUNBOOK.md pre-filled from the last scan, then fill in the owner, "
        "the response time and the contacts, and commit it."
    ),
    references=("SOC 2 CC7.4", "ISO/IEC 27001:2022 A.5.24", "NIST SP 800-61r3"),
    checklist=("Incident owner named, with a response time", "Rollback steps", "Key rotation per provider",
               "On-call contacts"),
    effort=Effort.HOURS,
)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")


def _first(all_sections: list[Section], *words: str) -> list[Section]:
    """Sections titled with one of ``words`` (with their subsections), else sections mentioning one."""
    titled = [s for s in all_sections if any(w in s.title.lower() for w in words)]
    if titled:
        return [with_subsections(all_sections, s) for s in titled]
    return [s for s in all_sections if s.mentions(*words)]


def run(ctx: CheckContext) -> Outcome:
    docs = find_runbooks(ctx.repo)
    if not docs:
        return Outcome(Status.FAIL, "no runbook in the repository", (Evidence(
            Status.FAIL, "no RUNBOOK.md / docs/runbook.md / OPERATIONS.md / incident-response.md is tracked",
            location="(repository)", detail="`launchready handover` writes one pre-filled from the last scan"),))
    main_path = docs[0][0]
    all_sections = [s for path, text in docs for s in sections(path, text)]
    evidence: list[Evidence] = []

    incident = _first(all_sections, "incident", "outage", "emergency")
    owner = named_owner(all_sections)
    if not incident:
        evidence.append(Evidence(Status.FAIL, "no incident-response section", main_path))
    if owner is None:
        evidence.append(Evidence(Status.FAIL, "no named incident owner (a line such as 'Owner: Dana Smith')",
                                 incident[0].path + f":{incident[0].line}" if incident else main_path))
    if incident and all(response_minutes(s) is None for s in incident):
        evidence.append(Evidence(Status.FAIL, "the incident section states no response time (e.g. '15 minutes')",
                                 f"{incident[0].path}:{incident[0].line}"))
    rollback = _first(all_sections, "rollback", "roll back", "failed deploy", "revert")
    if not rollback or not any(len([ln for ln in s.body.splitlines() if ln.strip()]) >= 2 for s in rollback):
        evidence.append(Evidence(Status.FAIL, "no failed-deploy / rollback steps", main_path))
    rotation = _first(all_sections, "rotat")
    used = providers_used(ctx.repo)
    if not rotation:
        evidence.append(Evidence(Status.FAIL, "no key-rotation section", main_path,
                                 detail="providers in use: " + ", ".join(used) if used else ""))
    else:
        text = "\n".join(f"{s.title}\n{s.body}" for s in rotation).lower()
        held = held_credentials(ctx.repo, used)
        for provider, where in used.items():
            if rotation_covered(provider, text):
                continue
            at = f"{rotation[0].path}:{rotation[0].line}"
            if provider in HELD_CREDENTIAL and provider not in held:
                # The SDK is used, but no key of the product's own is read: keys handed in per request, or
                # an IAM role, leave nothing to rotate. Not sure, so not a failure.
                evidence.append(Evidence(
                    Status.WARN, f"no rotation steps for {provider} — its SDK is used ({where}) but no {provider} "
                    "key is read from the environment or settings: confirm whether the product holds one",
                    at, detail="credentials handed in per request or an IAM role need no rotation steps; a key the "
                               "product keeps in its own config does"))
            else:
                source = f"key {held[provider]}" if provider in held else f"used in {where}"
                evidence.append(Evidence(Status.FAIL, f"no rotation steps for {provider} ({source})", at))
    contacts = _first(all_sections, "on-call", "on call", "contact", "escalation")
    if not contacts or not any(CONTACT.search(s.body) for s in contacts):
        # A contact in a document the runbook links to (SECURITY.md's reporting address) is a contact too.
        linked = [path for path, text in linked_documents(ctx.repo, docs) if _EMAIL.search(text)]
        if linked:
            evidence.append(Evidence(Status.PASS, f"contact: an e-mail address in {linked[0]}, which the runbook "
                                                  "links to", linked[0]))
        else:
            evidence.append(Evidence(Status.FAIL, "no on-call contacts (an e-mail, @handle or phone number)",
                                     main_path))
    for s in all_sections:
        m = left_placeholder(s.body)
        if m:
            evidence.append(Evidence(Status.WARN, f"placeholder left in '{s.title}': {m.group(0)}",
                                     f"{s.path}:{s.line}"))
    return Outcome.from_evidence(
        evidence,
        passed=f"{main_path}: owner {owner[1] if owner else '?'}, response time, rollback, rotation for "
               f"{', '.join(used) or 'every provider'}, contacts",
        failed=f"{main_path} is missing what a new owner needs" if any(e.status is Status.FAIL for e in evidence)
        else f"{main_path} still has placeholders",
    )


CHECK = Check(META, run)
