from __future__ import annotations

from launchready import scan
from launchready.lab.examples import RunningExample, checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Status
from tests.checks.api.fixtures_tenancy import edge_config

CHECK = "api.upload-validation"


def test_vulnerable_stores_traversal_names_and_executables(vulnerable: RunningExample) -> None:
    result = scan(vulnerable.config(only=(CHECK,))).result(CHECK)
    assert result.status is Status.FAIL
    by_fp = {e.fingerprint: e for e in result.evidence}
    traversal = by_fp["api.upload-validation:traversal-posix:accepted"]
    assert traversal.location == "POST /files"
    assert "stored as name '../lr-up-" in traversal.message and "-traversal.txt'" in traversal.message
    assert "read back" in traversal.detail
    assert "api.upload-validation:exe:accepted" in by_fp
    assert "api.upload-validation:svg:accepted" in by_fp
    assert "could not be deleted" not in result.summary  # the scan deleted every file it uploaded


def test_hardened_rejects_dangerous_uploads_and_accepts_plain_text(hardened: RunningExample) -> None:
    result = scan(hardened.config(only=(CHECK,))).result(CHECK)
    assert result.status is Status.PASS, result.summary + repr(result.evidence)
    assert result.metrics["rejected"] == 8


def test_route_that_refuses_everything_is_an_error() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_tenancy:errors", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK, upload="POST /files")).result(CHECK)
    assert result.status is Status.ERROR
    assert "even a plain small .txt upload was refused (500)" in result.summary


def test_no_upload_route_declared_is_a_skip() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_tenancy:errors", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK)).result(CHECK)
    assert result.status is Status.SKIP and "no upload endpoint declared" in result.summary


def test_uploaded_html_served_back_inline_is_stored_xss(vulnerable: RunningExample) -> None:
    result = scan(vulnerable.config(only=(CHECK,))).result(CHECK)
    inline = [e for e in result.evidence if e.fingerprint.endswith(":served-inline")]
    assert inline, [e.message for e in result.evidence]
    assert {e.location for e in inline} <= {"GET /files/{file_id}", "GET /files/{file_id}/download"}
    assert any(e.location == "GET /files/{file_id}/download" for e in inline)
    assert all("served as text/html" in e.detail or "served as image/svg+xml" in e.detail for e in inline)
