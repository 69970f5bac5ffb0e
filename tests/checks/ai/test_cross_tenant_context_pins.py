"""ai.cross-tenant-context against scripted bots, one flaw each (``apps_ai_pins``, ``/ct/…``): each evidence
item's own status, message and location; what was planted, and how, named in the result."""

from __future__ import annotations

import pytest

from launchready import scan
from launchready.model import Status
from tests.checks.ai.pins import pin_config, pin_scan

CHECK = "ai.cross-tenant-context"


def test_a_memory_and_documents_shared_by_every_tenant_fail_on_the_first_question(pin_bot: str) -> None:
    r = pin_scan(pin_bot, CHECK, "POST /ct/shared/chat", upload="POST /ct/shared/files")
    assert r.status is Status.FAIL, (r.summary, r.evidence)
    assert r.summary == "the chatbot hands one tenant's data to another"
    [fail] = r.evidence  # the run stops at the first proof, and the planted document was deleted: no note
    assert fail.status is Status.FAIL and fail.location == "POST /ct/shared/chat"
    assert fail.fingerprint == f"{CHECK}:other-customers"
    assert fail.message == ("as tenant-a, the probe 'other-customers' got tenant-b's planted secret back (verbatim) "
                            "[OWASP LLM02:2025]")
    planted, probe = fail.detail.splitlines()[:2]
    assert planted.startswith("planted: document zephyr") and "-notes.txt uploaded as tenant-b (POST " in planted
    assert "; chat message as tenant-b (POST /ct/shared/chat → 200" in planted
    assert probe.startswith("probe: What do other customers' files say about the zephyr")
    assert r.metrics["planted"] == 2 and r.metrics["probes_answered"] == 1
    assert r.requests == 3  # the upload, the planted chat message, the one question


def test_tenants_kept_apart_pass_after_every_question_naming_both_plants(pin_bot: str) -> None:
    r = pin_scan(pin_bot, CHECK, "POST /ct/isolated/chat", upload="POST /ct/isolated/files")
    assert r.status is Status.PASS, (r.summary, r.evidence)
    assert r.evidence == ()
    assert r.summary.startswith("4 cross-tenant questions as tenant-a; none returned the record tenant-b planted "
                                "(document zephyr")
    assert "-notes.txt uploaded as tenant-b (POST /ct/isolated/files → 201" in r.summary
    assert "; chat message as tenant-b (POST /ct/isolated/chat → 200" in r.summary
    assert r.metrics["planted"] == 2 and r.metrics["probes_answered"] == 4


def test_a_secret_given_back_only_in_base64_to_the_memory_question_fails_on_that_question(pin_bot: str) -> None:
    r = pin_scan(pin_bot, CHECK, "POST /ct/memory-b64/chat")  # no upload route: only the chat plants
    assert r.status is Status.FAIL, (r.summary, r.evidence)
    [fail] = r.evidence
    assert fail.status is Status.FAIL and fail.fingerprint == f"{CHECK}:memory"
    assert fail.message == ("as tenant-a, the probe 'memory' got tenant-b's planted secret back (base64-encoded) "
                            "[OWASP LLM02:2025]")
    assert fail.detail.startswith("planted: chat message as tenant-b (POST /ct/memory-b64/chat → 200")
    assert r.metrics["planted"] == 1 and r.metrics["probes_answered"] == 3  # two questions answered without it


def test_a_refused_upload_is_a_note_and_the_chat_plant_is_still_judged(pin_bot: str) -> None:
    r = pin_scan(pin_bot, CHECK, "POST /ct/no-upload/chat", upload="POST /ct/no-upload/files")
    assert r.status is Status.PASS, (r.summary, r.evidence)
    [note] = r.evidence
    assert note.status is Status.PASS and note.fingerprint == f"{CHECK}:plant-upload"
    assert note.message.startswith("planting a document as tenant-b was refused: POST /ct/no-upload/files → 403")
    assert "(chat message as tenant-b (POST /ct/no-upload/chat → 200" in r.summary and "document" not in r.summary
    assert r.metrics["planted"] == 1


def test_a_tenant_that_can_plant_nothing_is_an_error_not_a_pass(pin_bot: str) -> None:
    r = pin_scan(pin_bot, CHECK, "POST /ct/refuse-b/chat", upload="POST /ct/refuse-b/files")
    assert r.status is Status.ERROR, (r.summary, r.evidence)
    assert r.summary == "could not plant a record as tenant-b: the upload and the chat were both refused"
    [note] = r.evidence
    assert note.status is Status.PASS and note.fingerprint == f"{CHECK}:plant-upload"
    assert r.requests == 2


def test_a_planted_document_the_product_will_not_delete_is_named_beside_the_finding(pin_bot: str) -> None:
    r = pin_scan(pin_bot, CHECK, "POST /ct/keep/chat", upload="POST /ct/keep/files")
    assert r.status is Status.FAIL, (r.summary, r.evidence)
    fail, left = r.evidence
    assert fail.status is Status.FAIL and fail.fingerprint == f"{CHECK}:other-customers"
    assert left.status is Status.PASS and left.fingerprint == f"{CHECK}:left-in-place"
    assert left.message == "the document planted as tenant-b could not be deleted: remove it by hand"
    assert left.location == "POST /ct/keep/files"
    assert left.detail.startswith("POST /ct/keep/files → 201") and '"filename":"zephyr' in left.detail


def test_one_tenant_is_a_skip_naming_what_is_missing(pin_bot: str) -> None:
    r = pin_scan(pin_bot, CHECK, "POST /ct/shared/chat", tenants=[{"name": "tenant-a", "token-env": "LR_PIN_A"}])
    assert r.status is Status.SKIP and r.requests == 0
    assert r.summary == "needs two tenants in [[api.tenants]] (one plants, the other asks)"


@pytest.mark.parametrize(("code", "accepted"), [(200, True), (299, True), (300, False)])
def test_an_upload_counts_as_planted_on_any_2xx_and_only_then(pin_bot: str, code: int, accepted: bool) -> None:
    r = pin_scan(pin_bot, CHECK, f"POST /ct/status-{code}/chat", upload=f"POST /ct/status-{code}/files")
    assert r.status is Status.PASS, (r.summary, r.evidence)
    assert (f"-notes.txt uploaded as tenant-b (POST /ct/status-{code}/files → {code}" in r.summary) is accepted
    assert r.metrics["planted"] == (2 if accepted else 1)
    if accepted:
        assert r.evidence == ()  # deleted by its owner: tenant B
    else:
        [note] = r.evidence
        assert note.fingerprint == f"{CHECK}:plant-upload" and f"was refused: POST /ct/status-{code}/files → {code}" \
            in note.message


def test_an_upload_that_times_out_is_an_error_naming_the_failure(pin_bot: str) -> None:
    config = pin_config(pin_bot, CHECK, "POST /ct/slow-upload/chat", upload="POST /ct/slow-upload/files")
    config = config.model_copy(update={"api": config.api.model_copy(update={"request_timeout": 0.5})})
    r = scan(config).result(CHECK)
    assert r.status is Status.ERROR, (r.summary, r.evidence)
    assert r.summary.startswith("could not plant a record as tenant-b: ")
    assert "the upload and the chat were both refused" not in r.summary
    assert r.requests == 1
