"""api.rate-limits' upload burst leaves nothing behind: the files it stored are deleted through the
product's own DELETE route, and where the product has none, the evidence names every file left."""

from __future__ import annotations

import httpx

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import RunningExample, checkout_root
from launchready.lab.server import serve_app
from launchready.model import Status
from launchready.targets.http import ApiTarget

CHECK = "api.rate-limits"


def test_the_upload_burst_deletes_every_file_it_stored_through_the_products_delete_route(
        vulnerable: RunningExample) -> None:
    config = vulnerable.config(only=(CHECK,))
    result = scan(config).result(CHECK)
    assert "api.rate-limits:upload:unlimited" in {e.fingerprint for e in result.evidence}  # 30 files were stored
    assert result.metrics["upload_files_left"] == 0, result.evidence
    assert not [e for e in result.evidence if e.fingerprint == "api.rate-limits:upload:left-in-place"]
    api = ApiTarget(config)
    try:
        who = api.identity(config.api.tenants[0])
        listing = api.send("GET", "/files", headers=who.headers).json()
    finally:
        api.close()
    assert isinstance(listing, list)
    assert not [f for f in listing if str(f.get("filename", "")).startswith("lr-burst-")], listing


def test_without_a_delete_route_the_evidence_names_each_file_left_in_the_product() -> None:
    with serve_app("tests.checks.api.apps_upload_store:app", cwd=checkout_root()) as url:
        config = Config.model_validate({"url": url, "only": [CHECK], "api": {"upload": "POST /files"}})
        result = scan(config).result(CHECK)
        stored = httpx.get(f"{url}/stored").json()
    [left] = [e for e in result.evidence if e.fingerprint == "api.rate-limits:upload:left-in-place"]
    assert left.status is Status.PASS and left.location == "POST /files"
    assert left.message.startswith(f"upload: {len(stored)} of the {len(stored)} files this burst stored could not "
                                   "be deleted")
    burst_files = [name for name in stored if name.startswith("lr-burst-")]
    assert burst_files and len(burst_files) == len(stored)
    assert all(f"{name} (POST /files → 201; DELETE refused)" in left.detail for name in burst_files)
    assert result.metrics["upload_files_left"] == len(stored)
    assert f"{len(stored)} burst file(s) left in the product" in result.summary
