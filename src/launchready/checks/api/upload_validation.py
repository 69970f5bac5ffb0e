"""api.upload-validation: the upload route rejects dangerous files and keeps accepting a plain one.

A small plain ``.txt`` goes first: if even that is refused, the probes never reached the handler and
the check cannot decide (``error``, never a pass). Then an executable, HTML and SVG with script, a
``.png`` that is HTML, a file one byte over the limit (generated in memory) and path-traversal names.
Each must be refused with a 4xx; an accepted one is read back (``GET <upload>/{id}``) to show what was
stored. Every file the scan uploaded is deleted afterwards (``DELETE <upload>/{id}``: its own objects);
the ids it could not delete are listed. Traversal names aim where a vulnerable server's write harms
nothing and can be named for cleanup (see :func:`traversal_names`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from launchready.context import CheckContext
from launchready.engines.probing import RetryingProbe, show, tenant_named
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Identity, Probe, split_route
from launchready.targets.sink import CanarySink

META = CheckMeta(
    id="api.upload-validation",
    title="Uploads are restricted by type, size and file name",
    surface=Surface.API,
    severity=Severity.HIGH,
    criteria=(
        "Uploads with disallowed types (executable, HTML/SVG with script, mismatched extension and content), "
        "oversized files and path-traversal file names are rejected."
    ),
    why=(
        "An upload route that stores anything serves malware and stored cross-site scripting from your domain, "
        "lets one user fill the disk, and a file name with `../` can write outside the upload directory."
    ),
    breaks=(
        "Your domain hosts phishing pages and malware; a script in an uploaded SVG runs in your users' sessions; "
        "a traversal name overwrites server files."
    ),
    fix=(
        "Allow-list the types you need by sniffing the content (not the extension or the client's Content-Type), "
        "cap the size before reading the body, store under a generated name and keep the original name only as "
        "metadata, and serve uploads with `Content-Disposition: attachment` and `nosniff`."
    ),
    references=("OWASP API4:2023", "CWE-434", "CWE-22", "OWASP ASVS 5.0 V5.2"),
    checklist=("Uploads restricted by type, size and name",),
    effort=Effort.HOURS,
)

SCRIPT = b"<script>alert('lr-upload')</script>"


@dataclass(frozen=True)
class Sample:
    kind: str
    filename: str
    content: bytes
    content_type: str
    description: str


def samples(max_bytes: int, nonce: str) -> list[Sample]:
    return [
        Sample("exe", f"{nonce}.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48
               + b"This program cannot be run in DOS mode.", "application/x-msdownload", "a Windows executable"),
        Sample("html", f"{nonce}.html", b"<!doctype html><html><body>" + SCRIPT + b"</body></html>", "text/html",
               "an HTML page with a script"),
        Sample("svg", f"{nonce}.svg", b'<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>",
               "image/svg+xml", "an SVG image with a script"),
        Sample("mismatch", f"{nonce}.png", b"<html><body>" + SCRIPT + b"</body></html>", "image/png",
               "a .png whose content is HTML with a script"),
        Sample("oversized", f"{nonce}-big.txt", b"A" * (max_bytes + 1), "text/plain",
               f"a file of {max_bytes + 1} bytes (limit + 1)"),
        *(Sample(kind, name, b"lr-probe " + nonce.encode(), "text/plain", f"the file name {name}")
          for kind, name in traversal_names(nonce).items()),
    ]


def traversal_names(nonce: str) -> dict[str, str]:
    """Traversal names whose target harms nothing if a server writes them as given: one level up, a new
    file named by the scan's nonce (listed in the report for cleanup), or under ``/dev/null``, which is no
    directory, so the write fails — never a real file such as ``/etc/passwd``."""
    return {
        "traversal-posix": f"../{nonce}-traversal.txt",
        "traversal-windows": f"..\\{nonce}-traversal.txt",
        "traversal-absolute": f"/dev/null/{nonce}-traversal.txt",
    }


def _object_id(answer: Any) -> str:
    if isinstance(answer, dict):
        for key in ("id", "file_id", "uuid"):
            if isinstance(answer.get(key), str | int):
                return str(answer[key])
    return ""


def _upload(probe: RetryingProbe, method: str, path: str, field: str, who: Identity | None, sample: Sample) -> Exchange:
    return probe.request(method, path, identity=who, files={field: (sample.filename, sample.content,
                                                                    sample.content_type)})


ACTIVE = {"html", "svg", "mismatch"}
_ACTIVE_TYPES = ("text/html", "image/svg+xml", "application/xhtml+xml")


def content_routes(api: ApiTarget, upload_path: str) -> list[str]:
    """GET routes that serve one uploaded object (``/files/{file_id}``, ``/files/{file_id}/download``)."""
    pattern = re.compile(re.escape(upload_path.rstrip("/")) + r"/\{[^}/]+\}(?:/[\w-]+)?$")
    return [op.path for op in api.operations if op.method == "GET" and pattern.match(op.path)]


def served_inline(probe: RetryingProbe, routes: list[str], oid: str, who: Identity | None) -> tuple[str, str] | None:
    """The route and detail where an uploaded active file comes back inline with its script."""
    for template in routes:
        concrete = re.sub(r"\{[^}/]+\}", oid, template, count=1)
        back = probe.get(concrete, identity=who)
        kind = back.headers.get("content-type", "").split(";")[0].strip().lower()
        disposition = back.headers.get("content-disposition", "").lower()
        if 200 <= back.status < 300 and kind in _ACTIVE_TYPES and "attachment" not in disposition \
                and SCRIPT in back.body:
            return f"GET {template}", f"served as {kind}, inline:\n" + show(back)
    return None


def remove_uploads(probe: Probe, path: str, ids: list[str], who: Identity | None) -> list[str]:
    """``DELETE <upload path>/<id>`` for each object this scan created; the ids that could not be deleted.

    Sent past the check's own budget (``probe.target``): cleanup never competes with the probes for it."""
    left: list[str] = []
    for oid in ids:
        try:
            gone = probe.target.send("DELETE", f"{path.rstrip('/')}/{oid}",
                                     headers=who.headers if who else None, exempt=probe.exempt)
        except (TargetError, BudgetExhausted):
            left.append(oid)
            continue
        if not 200 <= gone.status < 300:  # a 404 may mean "no such route": not proof it is gone
            left.append(oid)
    return left


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    route = split_route(ctx.config.api.upload)
    if route is None:
        return Outcome(Status.SKIP, "no upload endpoint declared ([api] upload)")
    method, path = route
    opts = ctx.options
    field = str(opts["field"])
    max_bytes = int(opts["max-bytes"])
    nonce = CanarySink.nonce("lr-up")
    evidence: list[Evidence] = []
    uploaded: list[str] = []
    rejected: list[str] = []
    where = f"{method} {path}"
    with api.probe(budget=int(opts["budget"]), deadline=ctx.deadline) as raw:
        probe = RetryingProbe(raw)
        who: Identity | None = None
        try:
            who = api.identity(tenant_named(ctx.config, str(opts["tenant"]))) if ctx.config.api.tenants else None
            control = Sample("control", f"{nonce}.txt", f"launchready upload probe {nonce}\n".encode(),
                             "text/plain", "a plain .txt file")
            ok = _upload(probe, method, path, field, who, control)
            if not 200 <= ok.status < 300:
                return Outcome(Status.ERROR, f"even a plain small .txt upload was refused ({ok.status}): the probes "
                               "would never reach the upload handler (check the multipart field name, option `field`, "
                               "and the tenant's credentials)", (Evidence(Status.ERROR, "plain upload refused", where,
                               show(ok), "api.upload-validation:control-refused"),), probe.count)
            if oid := _object_id(ok.json()):
                uploaded.append(oid)
            for sample in samples(max_bytes, nonce):
                ex = _upload(probe, method, path, field, who, sample)
                if ex.status == 429:
                    evidence.append(Evidence(Status.ERROR, f"{sample.description}: rate-limited (429) before the "
                                             "handler judged it", where, show(ex),
                                             f"api.upload-validation:{sample.kind}:rate-limited"))
                elif 400 <= ex.status < 500:
                    rejected.append(sample.kind)
                elif ex.status >= 500:
                    evidence.append(Evidence(Status.FAIL, f"{sample.description} → {ex.status} (server error instead "
                                             "of a clean 4xx)", where, show(ex),
                                             f"api.upload-validation:{sample.kind}:5xx"))
                else:
                    oid = _object_id(ex.json())
                    detail = show(ex)
                    stored = ""
                    if oid:
                        uploaded.append(oid)
                        back = probe.get(f"{path.rstrip('/')}/{oid}", identity=who)
                        detail += "\nread back:\n" + show(back)
                        meta = back.json()
                        if isinstance(meta, dict):
                            stored = (f"; stored as name {meta.get('filename', meta.get('name'))!r}, "
                                      f"type {meta.get('content_type', meta.get('type'))!r}")
                    if sample.kind.startswith("traversal"):
                        detail += (f"\nif the product wrote it as named, look for {sample.filename} relative to its "
                                   "upload folder and remove it (deleting the upload through the API may not)")
                    evidence.append(Evidence(Status.FAIL, f"{sample.description} was accepted ({ex.status}){stored}",
                                             where, detail, f"api.upload-validation:{sample.kind}:accepted"))
                    inline = served_inline(probe, content_routes(api, path), oid, who) \
                        if oid and sample.kind in ACTIVE else None
                    if inline is not None:
                        evidence.append(Evidence(
                            Status.FAIL, f"{sample.description} is served back inline with its script: stored "
                            "cross-site scripting on the product's own origin", inline[0], inline[1],
                            f"api.upload-validation:{sample.kind}:served-inline"))
        except TargetError as exc:
            return Outcome(Status.ERROR, f"the upload route did not answer: {exc.message}", tuple(evidence),
                           probe.count)
        except BudgetExhausted as exc:
            return Outcome(Status.ERROR, f"stopped before every probe was sent: {exc}", tuple(evidence), probe.count)
        finally:
            # Whatever this scan uploaded, it deletes (its own objects: no --allow-destructive needed).
            leftovers = remove_uploads(raw, path, uploaded, who)
        sent = probe.count
    left = ""
    if leftovers:
        left = f"; {len(leftovers)} uploaded file(s) could not be deleted: ids {', '.join(leftovers)}"
        evidence.append(Evidence(Status.PASS, "files this scan uploaded and could not delete (remove them by hand)",
                                 where, "ids: " + ", ".join(leftovers), "api.upload-validation:left-in-place"))
    # samples, not findings: an accepted file that is also served inline is one dangerous upload
    failed = len({e.fingerprint.split(":")[1] for e in evidence if e.status is Status.FAIL})
    outcome = Outcome.from_evidence(
        evidence,
        passed=f"a plain .txt was accepted and all {len(rejected)} dangerous uploads were rejected" + left,
        failed=f"{failed} dangerous uploads were accepted or crashed the handler; rejected: "
               f"{', '.join(rejected) or 'none'}" + left,
        requests=sent)
    return Outcome(outcome.status, outcome.summary, outcome.evidence, sent,
                   {"accepted_dangerous": failed, "rejected": len(rejected)})


CHECK = Check(META, run, options={
    "budget": 40,
    "field": "file",
    "max-bytes": 10 * 1024 * 1024,
    "tenant": "tenant-a",
})
