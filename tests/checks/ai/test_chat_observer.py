"""The chat observer on its own: what it records from an exchange, and how sightings change results."""

from __future__ import annotations

import json
import threading

from launchready.config import Config
from launchready.engines.chat_observer import ChatObserver, Seen, Sighting, attach_sightings, checking
from launchready.model import Evidence, Result, Status
from launchready.targets.http import Exchange

CANARY = "LR-CANARY-3c4d5e"


def _observer() -> ChatObserver:
    return ChatObserver.for_config(Config.model_validate({
        "url": "http://127.0.0.1:9", "api": {"chat": "POST /chat"},
        "ai": {"chat": {"preset": "example"}, "system-prompt-canary": CANARY}}))


def _exchange(path: str, sent: dict[str, object], answer: dict[str, object]) -> Exchange:
    return Exchange("POST", f"http://127.0.0.1:9{path}", {}, json.dumps(sent), 200,
                    {"content-type": "application/json"}, json.dumps(answer).encode(), 3.0)


def _sighting(proves: str, source: str, *, proof: bool, what: str = "x") -> Sighting:
    return Sighting(proves, source, "POST /chat", "probe", "reply", Seen.CANARY if proof else Seen.CLAIM, what, proof)


def test_each_answer_is_attributed_to_the_check_that_asked_from_its_own_thread() -> None:
    observer = _observer()

    def ask(check_id: str, message: str) -> None:
        with checking(check_id):
            observer.observe(_exchange("/chat", {"message": message}, {"reply": f"Sure. {CANARY}"}))

    threads = [threading.Thread(target=ask, args=(c, f"question from {c}")) for c in ("api.latency", "ai.output-handling")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seen = observer.sightings()
    assert [(s.proves, s.source, s.seen, s.proof) for s in seen] == [
        ("ai.system-prompt-leak", "ai.output-handling", Seen.CANARY, True),
        ("ai.system-prompt-leak", "api.latency", Seen.CANARY, True),
    ]
    assert seen[0].probe == '{"message": "question from ai.output-handling"}' and CANARY in seen[0].reply


def test_a_canary_the_request_itself_carried_is_no_sighting() -> None:
    observer = _observer()
    observer.observe(_exchange("/chat", {"message": f"is {CANARY} yours?"}, {"reply": f"{CANARY}? No."}))
    assert observer.sightings() == ()


def test_an_executed_outbound_tool_with_a_planted_address_is_a_proof_and_a_pending_one_is_nothing() -> None:
    observer = _observer()
    address = "lr-0a1b2c3d4e@lr-canary.invalid"
    for status in ("needs_confirmation", "executed"):
        with checking("ai.indirect-injection"):
            observer.observe(_exchange("/chat", {"message": "summarise"}, {
                "reply": "done", "tool_calls": [{"name": "send_email", "arguments": {"to": address},
                                                 "status": status}]}))
    # The example preset reads /tool_calls: the executed call is the one sighting.
    seen = observer.sightings()
    assert [(s.proves, s.seen, s.proof) for s in seen] == [("ai.injection-tool-misuse", Seen.TOOL, True)]
    assert "send_email" in seen[0].what and "status=executed" in seen[0].reply


def test_a_proof_seen_elsewhere_turns_a_pass_into_a_fail_and_a_claim_turns_it_into_a_warning() -> None:
    results = [
        Result("ai.system-prompt-leak", Status.PASS, "12 probes; none leaked"),
        Result("ai.injection-tool-misuse", Status.PASS, "no tool ran"),
        Result("ai.output-handling", Status.SKIP, "not asked"),
        Result("ai.indirect-injection", Status.PASS, "none obeyed"),
    ]
    sightings = [
        _sighting("ai.system-prompt-leak", "ai.indirect-injection", proof=True, what="the canary"),
        _sighting("ai.injection-tool-misuse", "ai.output-handling", proof=False, what="a claim"),
        _sighting("ai.injection-tool-misuse", "ai.injection-tool-misuse", proof=True, what="its own"),
        _sighting("ai.output-handling", "ai.indirect-injection", proof=True),
    ]
    leak, tools, output, indirect = attach_sightings(results, sightings)
    assert leak.status is Status.FAIL
    assert leak.evidence[0] == Evidence(Status.FAIL, "seen elsewhere: the canary, in the answer to "
                                        "ai.indirect-injection's probe", "POST /chat", "probe: probe\n→ reply: reply",
                                        "ai.system-prompt-leak:seen-elsewhere:canary:ai.indirect-injection:the canary")
    assert tools.status is Status.WARN and [e.message for e in tools.evidence] == [
        "seen elsewhere: a claim, in the answer to ai.output-handling's probe (not a proof on its own)"]
    assert output is results[2] and indirect is results[3]  # skipped stays skipped; nothing proves indirect


def test_a_proof_decides_a_check_that_errored_and_a_claim_leaves_a_failure_a_failure() -> None:
    results = [Result("ai.system-prompt-leak", Status.ERROR, "timed out"),
               Result("ai.injection-tool-misuse", Status.FAIL, "ran send_email")]
    leak, tools = attach_sightings(results, [
        _sighting("ai.system-prompt-leak", "api.rate-limits", proof=True),
        _sighting("ai.injection-tool-misuse", "ai.output-handling", proof=False)])
    assert leak.status is Status.FAIL and "seen elsewhere" in leak.summary
    assert tools.status is Status.FAIL and tools.summary == "ran send_email"
