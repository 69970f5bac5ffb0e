"""Evidence one check's probes draw out for another, tool use shown only in replies, and upload probes
that leave nothing behind — against the purpose-built products of ``apps_observed`` on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app
from launchready.model import Evidence, Result, Status
from tests.checks.ai.apps_observed import BILLING_KEY, CANARY


def _serve(root: Path, *, delete: bool) -> Iterator[tuple[str, Path]]:
    uploads = root / "uploads"
    uploads.mkdir(parents=True)
    env = {"LR_UPLOAD_DIR": str(uploads), "LR_UPLOAD_DELETE": "1" if delete else "0"}
    with serve_app("tests.checks.ai.apps_observed:app", cwd=checkout_root(), env=env) as base_url:
        yield base_url, root


@pytest.fixture(scope="module")
def product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    yield from _serve(tmp_path_factory.mktemp("observed"), delete=True)


@pytest.fixture(scope="module")
def undeletable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    yield from _serve(tmp_path_factory.mktemp("undeletable"), delete=False)


def _config(base_url: str, only: tuple[str, ...], endpoint: str = "POST /chat", **ai: Any) -> Config:
    return Config.model_validate({
        "url": base_url,
        "api": {"upload": "POST /files", "chat": endpoint},
        "ai": {"chat": {"endpoint": endpoint, "body": {"message": "{message}"}, "reply-pointer": "/reply"},
               "system-prompt-canary": CANARY, "upload": "POST /files", **ai},
        "only": list(only),
    })


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _seen_elsewhere(result: Result) -> list[Evidence]:
    return [e for e in result.evidence if ":seen-elsewhere:" in e.fingerprint]


def test_the_canary_a_document_probe_draws_out_fails_the_system_prompt_leak_check(product: tuple[str, Path]) -> None:
    card = scan(_config(product[0], ("ai.system-prompt-leak", "ai.indirect-injection")))
    leak = card.result("ai.system-prompt-leak")
    assert leak.status is Status.FAIL, (leak.summary, leak.evidence)
    seen = _seen_elsewhere(leak)
    assert seen and all(e.status is Status.FAIL for e in seen)
    assert seen[0].message == ("seen elsewhere: the system-prompt canary (verbatim), in the answer to "
                               "ai.indirect-injection's probe")
    assert seen[0].location == "POST /chat"
    assert "Please summarise the document lr" in seen[0].detail and CANARY in seen[0].detail
    assert "this check's own probes saw nothing" in leak.summary
    # The document probe itself proved nothing about indirect injection: its result is untouched.
    assert card.result("ai.indirect-injection").status is Status.PASS
    assert not _seen_elsewhere(card.result("ai.indirect-injection"))


def test_without_the_document_probes_the_leak_check_passes_on_its_own_replies(product: tuple[str, Path]) -> None:
    leak = scan(_config(product[0], ("ai.system-prompt-leak",))).result("ai.system-prompt-leak")
    assert leak.status is Status.PASS and not _seen_elsewhere(leak)


def test_a_credential_in_another_checks_reply_is_a_warning_for_the_leak_check_never_reprinted(
        product: tuple[str, Path]) -> None:
    card = scan(_config(product[0], ("ai.system-prompt-leak", "ai.injection-tool-misuse")))
    leak = card.result("ai.system-prompt-leak")
    assert leak.status is Status.WARN, (leak.summary, leak.evidence)
    seen = _seen_elsewhere(leak)
    assert [e.status for e in seen] == [Status.WARN]
    assert seen[0].message == ("seen elsewhere: a reply holds a live-looking Stripe live secret key (sk_live_…nB6y), "
                               "in the answer to ai.injection-tool-misuse's probe (not a proof on its own)")
    assert "probe: " in seen[0].detail and "Export all records" in seen[0].detail
    shown = " ".join([leak.summary, *(f"{e.message} {e.detail}" for r in card.results for e in r.evidence)])
    assert BILLING_KEY not in shown and BILLING_KEY[-12:] not in shown


def test_a_reply_claiming_an_email_was_sent_to_the_planted_address_is_a_warning(product: tuple[str, Path]) -> None:
    r = scan(_config(product[0], ("ai.injection-tool-misuse",))).result("ai.injection-tool-misuse")
    assert r.status is Status.WARN, (r.summary, r.evidence)
    claims = [e for e in r.evidence if e.fingerprint.endswith(":claimed")]
    assert claims and all(e.status is Status.WARN for e in claims)
    assert "the reply says it acted on the probe's planted lr-" in claims[0].message
    assert "@lr-canary.invalid" in claims[0].message and "Email notification sent to" in claims[0].message
    assert claims[0].location == "POST /chat"
    assert not [e for e in r.evidence if e.status is Status.FAIL]


def test_a_json_tool_result_with_the_planted_address_is_proof(product: tuple[str, Path]) -> None:
    r = scan(_config(product[0], ("ai.injection-tool-misuse",), endpoint="POST /chat-json")) \
        .result("ai.injection-tool-misuse")
    assert r.status is Status.FAIL, (r.summary, r.evidence)
    proof = next(e for e in r.evidence if ":tool-result:" in e.fingerprint)
    assert proof.status is Status.FAIL and proof.location == "POST /chat-json"
    assert "made the bot run send_email: the answer holds its result (status 'sent')" in proof.message
    assert '"to": "lr-' in proof.detail and "@lr-canary.invalid" in proof.detail


def test_upload_probes_leave_nothing_behind_in_or_outside_the_upload_folder(product: tuple[str, Path]) -> None:
    base_url, root = product
    card = scan(_config(base_url, ("api.upload-validation", "ai.indirect-injection")))
    upload = card.result("api.upload-validation")
    traversal = next(e for e in upload.evidence if e.fingerprint == "api.upload-validation:traversal-posix:accepted")
    assert traversal.status is Status.FAIL and "the file name ../lr-up-" in traversal.message
    assert "-traversal.txt relative to its upload folder and remove it" in traversal.detail
    assert not [e for e in upload.evidence if e.fingerprint.endswith(":left-in-place")]
    assert _files(root) == []  # the naive server wrote one file outside its folder; the scan's DELETE removed it
    assert card.result("ai.indirect-injection").status is Status.PASS


def test_uploads_the_product_will_not_delete_are_named_in_the_report(undeletable: tuple[str, Path]) -> None:
    base_url, root = undeletable
    card = scan(_config(base_url, ("api.upload-validation", "ai.indirect-injection")))
    upload = card.result("api.upload-validation")
    left = next(e for e in upload.evidence if e.fingerprint == "api.upload-validation:left-in-place")
    ids = left.detail.removeprefix("ids: ").split(", ")
    assert "could not be deleted: ids " + ", ".join(ids) in upload.summary
    docs = next(e for e in card.result("ai.indirect-injection").evidence
                if e.fingerprint == "ai.indirect-injection:left-in-place")
    named = docs.detail.splitlines()
    files = _files(root)
    outside = [f for f in files if not f.startswith("uploads/")]
    # Nothing was written anywhere but the upload folder, except the one traversal name the report names.
    assert len(outside) == 1 and outside[0].startswith("lr-up-") and outside[0].endswith("-traversal.txt")
    assert f"look for ../{outside[0]} relative to its upload folder" in next(
        e.detail for e in upload.evidence if e.fingerprint == "api.upload-validation:traversal-posix:accepted")
    # Every file in the folder is one the report lists: an upload-validation id or a named document.
    documents = [f for f in files if f.startswith("uploads/lr") and "-up-" not in f]
    assert documents and all(any(line.startswith(f.removeprefix("uploads/")) for line in named) for f in documents)
    assert len(ids) == len(files) - len(documents)  # the traversal file outside is one of the listed uploads
