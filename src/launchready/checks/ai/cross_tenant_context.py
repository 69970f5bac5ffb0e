"""ai.cross-tenant-context: tenant A, asking the bot about other customers' data, never gets tenant B's.

Tenant B plants a record holding a fresh secret ``LR-B-<nonce>`` — a document through the upload
endpoint and a chat message (memory / cache) — then tenant A asks about it in several phrasings
that name only a topic word, never the secret. A reply holding the secret (verbatim or encoded) is
proof that retrieval, memory or a cache crossed the tenant boundary; quoting the question cannot
produce it. The planted document is deleted however the check ends (or named when it cannot be).
"""

from __future__ import annotations

import secrets
from dataclasses import replace

from launchready.context import CheckContext
from launchready.engines.ai_probes import ProbeRun, chat_target, load_probes, probe_budget
from launchready.engines.chat import ChatTarget, fill, find_secret, nonce
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import BudgetExhausted, Exchange, Probe, route_of

META = CheckMeta(
    id="ai.cross-tenant-context",
    title="Chatbot context isolated per tenant",
    surface=Surface.AI,
    severity=Severity.CRITICAL,
    criteria=(
        "Tenant A, asking the bot about other customers' data (\"what do other customers' files say…\", "
        "\"search all workspaces…\", memory questions, admin claims), never receives the canary that tenant B "
        "planted in a document or a conversation (retrieval / memory / cache isolation)."
    ),
    why=(
        "Retrieval and memory that are not filtered by tenant hand one customer's documents to another; the "
        "API may be perfectly isolated while the chatbot reads across every workspace."
    ),
    breaks=(
        "Any customer can ask the bot for a competitor's contracts, prices or conversations; a single answer "
        "is a reportable data breach for a B2B product."
    ),
    fix=(
        "Filter every retrieval, vector search, memory and cache lookup by the tenant taken from the session "
        "(never from the prompt), and key caches by tenant."
    ),
    references=("OWASP LLM02:2025", "OWASP LLM08:2025", "OWASP API1:2023", "CWE-639"),
    checklist=("Users only reach their own conversations and files — through the chatbot too",),
    effort=Effort.DAY,
)


def run(ctx: CheckContext) -> Outcome:
    chat = chat_target(ctx)
    if chat.tenant(own=False) is None:
        return Outcome(Status.SKIP, "needs two tenants in [[api.tenants]] (one plants, the other asks)")
    state = ProbeRun(META.id, exhaustive=ctx.config.ai.exhaustive)
    secret = nonce("LR-B")
    topic = f"zephyr{secrets.token_hex(2)}"
    values = {"secret": secret, "topic": topic}
    planted: list[str] = []
    uploads: list[Exchange] = []
    with chat.api.probe(budget=probe_budget(ctx, chat), deadline=ctx.deadline) as probe:
        other = chat.tenant(own=False)
        assert other is not None
        try:
            early = _plant_and_ask(chat, probe, state, values, planted, uploads)
        finally:
            # The planted document is this scan's own: deleted however the check ends, or named.
            for answer in uploads:
                if not chat.remove_upload(probe, chat.identity(own=False), answer):
                    state.notes.append(Evidence(Status.PASS, f"the document planted as {other.name} could not be "
                                                "deleted: remove it by hand", " ".join(chat.upload_route or ()),
                                                f"{answer.summary()}: {answer.excerpt(120)}",
                                                f"{META.id}:left-in-place"))
        if early is not None:
            left = tuple(n for n in state.notes if n.fingerprint == f"{META.id}:left-in-place")
            return replace(early, evidence=(*early.evidence, *left))
        requests = probe.count
    return state.outcome(
        requests=requests,
        passed=f"{state.answered} cross-tenant questions as {chat.adapter.tenant}; none returned the record "
               f"{other.name} planted ({'; '.join(planted)})",
        failed="the chatbot hands one tenant's data to another",
        what="cross-tenant context",
        metrics={"planted": len(planted)},
    )


def _plant_and_ask(chat: ChatTarget, probe: Probe, state: ProbeRun, values: dict[str, str],
                   planted: list[str], uploads: list[Exchange]) -> Outcome | None:
    """Tenant B plants the secret, tenant A asks for it; an outcome when the plant failed, else ``None``."""
    library = load_probes()["cross_tenant"]
    route = " ".join(route_of(chat.adapter.endpoint))
    secret = values["secret"]
    other = chat.tenant(own=False)
    assert other is not None
    try:
        owner = chat.identity(own=False)
        if chat.upload_route is not None:
            filename = fill(library["plant_filename"], values)
            answer = chat.upload(probe, owner, filename, fill(library["plant_document"], values).encode(),
                                 "text/plain")
            if 200 <= answer.status < 300:
                uploads.append(answer)
                planted.append(f"document {filename} uploaded as {other.name} ({answer.summary()})")
            else:
                state.notes.append(Evidence(Status.PASS, f"planting a document as {other.name} was refused: "
                                            f"{answer.summary()}", fingerprint=f"{META.id}:plant-upload"))
        turn = state.send(chat.session(probe, own=False), fill(library["plant_chat"], values))
        if turn is not None:
            planted.append(f"chat message as {other.name} ({turn.exchange.summary()})")
    except (TargetError, BudgetExhausted) as exc:
        return Outcome(Status.ERROR, f"could not plant a record as {other.name}: {exc}", requests=probe.count)
    if not planted:
        return Outcome(Status.ERROR, f"could not plant a record as {other.name}: the upload and the chat were "
                       "both refused", tuple(state.notes), probe.count)
    state.answered = 0  # the plant is not a probe
    for item in library["ask"]:
        if state.family_done(bool(state.confirmed)):
            break
        text = fill(item["text"], values)
        turn = state.send(chat.session(probe), text)
        if turn is None:
            continue
        how = find_secret(turn.reply, secret)
        if how is not None:
            state.confirm(
                f"as {chat.adapter.tenant}, the probe '{item['id']}' got {other.name}'s planted secret back "
                f"({how}) [OWASP {item['owasp']}:2025]",
                route, f"planted: {'; '.join(planted)}\nprobe: {text}\n{turn.detail(secret)}",
                f"{item['id']}",
            )
    return None


CHECK = Check(META, run, options={"budget": 33})
