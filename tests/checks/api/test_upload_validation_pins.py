"""api.upload-validation pinned upload by upload: a route that answers the n-th upload as told
(``apps_probe_pins:uploads``), so each sample's own evidence — status, message, where — and both sides of
every boundary (2xx stored, 4xx rejected, 429, 5xx; the size limit + 1; served inline or not) are asserted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from launchready import scan
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.fixtures_surface import edge_config

ID = "api.upload-validation"
KINDS = ("exe", "html", "svg", "mismatch", "oversized", "traversal-posix", "traversal-windows", "traversal-absolute")


def _scan(env: Mapping[str, str], *, api: Mapping[str, Any] | None = None,
          options: Mapping[str, int] | None = None) -> Result:
    with scan_credentials(), serve_app("tests.checks.api.apps_probe_pins:uploads", cwd=checkout_root(),
                                       env=dict(env)) as url:
        config = edge_config(url, request_timeout=1.0, upload="POST /files", checks={ID: dict(options)} if options else None,
                             **(api or {}))
        return scan(config.model_copy(update={"only": (ID,)})).result(ID)


def _items(result: Result) -> dict[str, tuple[Status, str, str]]:
    """fingerprint less the check id → (status, message with the scan's nonce as N, location)"""
    out = {}
    for e in result.evidence:
        nonce = next((w.split("lr-up-")[1][:16] for w in e.message.split() if "lr-up-" in w), "")
        message = e.message.replace(f"lr-up-{nonce}", "N") if nonce else e.message
        out[e.fingerprint.removeprefix(f"{ID}:")] = (e.status, message, e.location)
    return out


def test_every_dangerous_upload_refused_at_the_edges_of_4xx_passes() -> None:
    # the plain .txt stored with 299 (still 2xx); the samples refused with 400, 499, 413, 415, the size limit
    # (1000 bytes, the sample is 1001), 422, 400, 400
    result = _scan({"UPLOAD_ANSWERS": "ok:299,400,499,413,415,limit,422,400,400", "UPLOAD_LIMIT": "1000"},
                   options={"max-bytes": 1000})
    assert result.status is Status.PASS, result.evidence
    assert result.evidence == ()
    assert result.summary == "a plain .txt was accepted and all 8 dangerous uploads were rejected"
    assert result.metrics == {"accepted_dangerous": 0, "rejected": 8}
    assert result.requests == 9  # the deletion of the plain file is sent past the budget


def test_without_tenants_the_uploads_are_sent_and_deleted_anonymously() -> None:
    result = _scan({"UPLOAD_ANSWERS": "ok,400,400,400,400,400,400,400,400"}, api={"tenants": []})
    assert result.status is Status.PASS and result.evidence == ()
    assert result.summary == "a plain .txt was accepted and all 8 dangerous uploads were rejected"


def test_each_accepted_sample_is_its_own_finding_with_what_was_stored() -> None:
    answers = "ok,ok:200,ok:299,ok,ok,limit,400,400,400"  # exe 200, html 299, svg, mismatch, oversized 1001 ≤ 1001
    result = _scan({"UPLOAD_ANSWERS": answers, "UPLOAD_LIMIT": "1001", "UPLOAD_INT_IDS": "1", "UPLOAD_META": "short",
                    "UPLOAD_KEEP": "1", "UPLOAD_DELETE_AUTH": "1", "UPLOAD_SERVE": "svg:s299"}, options={"max-bytes": 1000})
    assert _items(result) == {
        "exe:accepted": (Status.FAIL, "a Windows executable was accepted (200); stored as name 'N.exe', type "
                                      "'application/x-msdownload'", "POST /files"),
        "html:accepted": (Status.FAIL, "an HTML page with a script was accepted (299); stored as name 'N.html', type "
                                       "'text/html'", "POST /files"),
        "html:served-inline": (Status.FAIL, "an HTML page with a script is served back inline with its script: stored "
                                            "cross-site scripting on the product's own origin",
                               "GET /files/{file_id}/download"),
        "svg:accepted": (Status.FAIL, "an SVG image with a script was accepted (201); stored as name 'N.svg', type "
                                      "'image/svg+xml'", "POST /files"),
        "svg:served-inline": (Status.FAIL, "an SVG image with a script is served back inline with its script: stored "
                                           "cross-site scripting on the product's own origin",
                              "GET /files/{file_id}/download"),
        # served as image/png, its own type: no browser runs it
        "mismatch:accepted": (Status.FAIL, "a .png whose content is HTML with a script was accepted (201); stored as "
                                           "name 'N.png', type 'image/png'", "POST /files"),
        "oversized:accepted": (Status.FAIL, "a file of 1001 bytes (limit + 1) was accepted (201); stored as name "
                                            "'N-big.txt', type 'text/plain'", "POST /files"),
        "left-in-place": (Status.PASS, "files this scan uploaded and could not delete (remove them by hand)",
                          "POST /files"),
    }
    left = next(e for e in result.evidence if e.fingerprint == f"{ID}:left-in-place")
    assert left.detail == "ids: 1"  # the plain file (id 1) was kept by the server; the others were deleted
    served = next(e for e in result.evidence if e.fingerprint == f"{ID}:svg:served-inline")
    assert served.detail.startswith("served as image/svg+xml, inline:\n") and "→ 299 <svg" in served.detail
    assert result.status is Status.FAIL
    # five samples accepted (two of them also served inline): five dangerous uploads, not seven findings
    assert result.summary == ("5 dangerous uploads were accepted or crashed the handler; rejected: traversal-posix, "
                              "traversal-windows, traversal-absolute; 1 uploaded file(s) could not be deleted: ids 1")
    assert result.metrics == {"accepted_dangerous": 5, "rejected": 3}
    # 9 uploads, 5 read-backs, the content routes of the 3 active files: 2 for html and svg (found at the
    # second), all 3 for the .png (served as its own type: not found)
    assert result.requests == 21


def test_crashes_rate_limits_and_3xx_answers_each_have_their_own_verdict() -> None:
    answers = "ok:200,ok,399,500,429,ok,ok,400,500"
    env = {"UPLOAD_ANSWERS": answers, "UPLOAD_ID_KEYS": "id,file_id,uuid", "UPLOAD_KEEP": "f2:300,f7",
           "UPLOAD_DELETED_STATUS": "299"}
    result = _scan(env)
    items = _items(result)
    assert {k: v[0] for k, v in items.items()} == {
        "exe:accepted": Status.FAIL, "html:accepted": Status.FAIL, "svg:5xx": Status.FAIL,
        "mismatch:rate-limited": Status.ERROR, "oversized:accepted": Status.FAIL,
        "traversal-posix:accepted": Status.FAIL, "traversal-absolute:5xx": Status.FAIL, "left-in-place": Status.PASS}
    # a 3xx is no rejection; without an id nothing is read back or fetched from the content routes
    assert items["html:accepted"][1] == "an HTML page with a script was accepted (399)"
    assert items["svg:5xx"][1] == "an SVG image with a script → 500 (server error instead of a clean 4xx)"
    assert items["mismatch:rate-limited"][1] == ("a .png whose content is HTML with a script: rate-limited (429) "
                                                 "before the handler judged it")
    # the default limit is 10 MiB: the sample is one byte more
    assert items["oversized:accepted"][1] == ("a file of 10485761 bytes (limit + 1) was accepted (201); stored as "
                                              "name 'N-big.txt', type 'text/plain'")
    posix = next(e for e in result.evidence if e.fingerprint == f"{ID}:traversal-posix:accepted")
    assert posix.detail.endswith("-traversal.txt relative to its upload folder and remove it (deleting the upload "
                                 "through the API may not)")
    exe = next(e for e in result.evidence if e.fingerprint == f"{ID}:exe:accepted")
    assert "\nread back:\n" in exe.detail and "relative to its upload folder" not in exe.detail
    # ids answered under id (f1), file_id (f2), uuid (f6), id (f7): all found; f2 (300) and f7 (404) kept by the
    # server, f1 and f6 deleted (299)
    left = next(e for e in result.evidence if e.fingerprint == f"{ID}:left-in-place")
    assert left.detail == "ids: f2, f7"
    assert result.requests == 9 + 3  # the uploads, and a read-back for each of exe, oversized, traversal-posix
    assert result.summary.endswith("; 2 uploaded file(s) could not be deleted: ids f2, f7")
    assert result.summary.startswith("6 dangerous uploads were accepted or crashed the handler; rejected: "
                                     "traversal-windows; ")
    assert result.status is Status.ERROR  # the rate-limited sample was not judged


def test_only_an_active_file_served_inline_as_an_active_type_with_its_script_is_stored_xss() -> None:
    # html as an attachment, svg as text/plain, the .png as application/xhtml+xml (inline)
    result = _scan({"UPLOAD_ANSWERS": "ok,400,ok,ok,ok,400,400,400,400",
                    "UPLOAD_SERVE": "html:attachment,svg:text,png:xhtml"})
    items = _items(result)
    assert sorted(items) == ["html:accepted", "mismatch:accepted", "mismatch:served-inline", "svg:accepted"]
    inline = next(e for e in result.evidence if e.fingerprint == f"{ID}:mismatch:served-inline")
    assert inline.status is Status.FAIL and inline.location == "GET /files/{file_id}/download"
    assert inline.detail.startswith("served as application/xhtml+xml, inline:\n")
    assert result.metrics == {"accepted_dangerous": 3, "rejected": 5}


def test_a_refused_plain_file_is_an_error_and_nothing_else_is_sent() -> None:
    result = _scan({"UPLOAD_ANSWERS": "300"})
    assert result.status is Status.ERROR and result.requests == 1
    assert result.summary.startswith("even a plain small .txt upload was refused (300): the probes would never reach")
    [refused] = result.evidence
    assert refused.status is Status.ERROR and refused.fingerprint == f"{ID}:control-refused"
    assert refused.message == "plain upload refused" and refused.location == "POST /files"


def test_an_upload_without_an_answer_is_an_error_keeping_what_was_found() -> None:
    result = _scan({"UPLOAD_ANSWERS": "ok,ok,hang"})
    assert result.status is Status.ERROR
    assert result.summary.startswith("the upload route did not answer: ")
    assert [e.fingerprint for e in result.evidence] == [f"{ID}:exe:accepted"]


def test_a_spent_budget_is_an_error() -> None:
    result = _scan({"UPLOAD_ANSWERS": "ok,400,400,400"}, options={"budget": 3})
    assert result.status is Status.ERROR and result.requests == 3
    assert result.summary == "stopped before every probe was sent: request budget of 3 spent"


def test_the_samples_are_in_a_fixed_order_and_the_executable_has_a_dos_header_and_stub() -> None:
    from launchready.checks.api.upload_validation import samples

    found = samples(10, "n")
    assert [s.kind for s in found] == list(KINDS)
    exe = found[0].content  # the 14 bytes of an MS-DOS header, 48 zero bytes, then the stub's message
    assert exe == (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48)
                   + b"This program cannot be run in DOS mode.")
    assert len(exe) == 101
