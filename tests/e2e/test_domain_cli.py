"""`launchready scan --domain … --only domain --format json` as a user runs it, against a loopback lab.

No git repository is needed: with only domain checks selected, no repo snapshot is built.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from launchready.lab.dns import DnsLab, RecordData
from launchready.lab.domains import lab_domain
from launchready.lab.tls import Pki, Reply, WebServer
from tests.checks.domain.fixtures import dkim_record
from tests.cli import launchready

DOMAIN = "example.test"
WWW = f"www.{DOMAIN}"
HEADERS = (
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("Server", "cloudflare"),
    ("CF-RAY", "8f1e2d3c4b5a6978-FRA"),
)


def zone() -> dict[str, list[RecordData]]:
    return {
        DOMAIN: [
            ("NS", f"ns1.{DOMAIN}"),
            ("A", "127.0.0.2"),
            ("MX", f"10 mail.{DOMAIN}"),
            ("TXT", "v=spf1 mx include:_spf.mailer.test -all"),
            ("CAA", '0 issue "letsencrypt.org"'),
        ],
        f"ns1.{DOMAIN}": [("A", "127.0.0.1")],
        f"mail.{DOMAIN}": [("A", "127.0.0.2")],
        WWW: [("CNAME", DOMAIN)],
        f"_dmarc.{DOMAIN}": [("TXT", f"v=DMARC1; p=reject; rua=mailto:dmarc@{DOMAIN}")],
        f"s1._domainkey.{DOMAIN}": [("TXT", dkim_record(2048))],
        "_spf.mailer.test": [("TXT", "v=spf1 ip4:192.0.2.0/24 -all")],
    }


def test_scan_of_a_lab_domain_from_the_command_line(tmp_path: Path) -> None:
    pki = Pki()
    cert, key = pki.leaf([DOMAIN, WWW]).write(tmp_path, "leaf")
    ca_file = tmp_path / "lab-ca.pem"
    shutil.copy(pki.write_root(tmp_path), ca_file)
    with (
        DnsLab(zone(), zones=(DOMAIN, "mailer.test")) as dns,
        WebServer(default=Reply(200, HEADERS), tls=(cert, key)) as https,
        WebServer(redirect_to_https=True) as http,
    ):
        resolve = [f"{h}:{p}:127.0.0.1:{s.port}" for h in (DOMAIN, WWW) for p, s in ((443, https), (80, http))]
        run = launchready(
            "scan", "--domain", DOMAIN, "--nameserver", dns.nameserver,
            *[arg for item in resolve for arg in ("--resolve", item)],
            "--ca-file", str(ca_file), "--dkim-selector", "s1", "--subdomain", "www",
            "--only", "domain", "--format", "json", "--quiet",
            cwd=tmp_path,
        )  # fmt: skip
    assert run.code == 0, run.err
    report = json.loads(run.out)
    results = {r["id"]: r for r in report["results"]}
    assert {i: r["status"] for i, r in results.items()} == {
        i: "pass"
        for i in (
            "domain.dns", "domain.tls", "domain.https-redirect", "domain.hsts",
            "domain.spf", "domain.dkim", "domain.dmarc", "domain.cdn",
        )
    }  # fmt: skip
    locations = {i: {e["location"] for e in r["evidence"]} for i, r in results.items()}
    assert f"{DOMAIN} CAA" in locations["domain.dns"] and f"{WWW} CNAME" in locations["domain.dns"]
    assert f"https://{WWW}:443/ certificate chain" in locations["domain.tls"]
    assert f"http://{DOMAIN}/" in locations["domain.https-redirect"]
    assert f"https://{DOMAIN}/ Strict-Transport-Security" in locations["domain.hsts"]
    assert f"{DOMAIN} TXT" in locations["domain.spf"]
    assert f"s1._domainkey.{DOMAIN} TXT" in locations["domain.dkim"]
    assert f"_dmarc.{DOMAIN} TXT" in locations["domain.dmarc"]
    assert f"https://{WWW}/ response headers" in locations["domain.cdn"]


def test_weak_lab_domain_exits_1_with_the_failures_in_json(tmp_path: Path) -> None:
    with lab_domain("weak", tmp_path / "lab") as lab:
        run = launchready("scan", *lab.cli_args(), "--only", "domain", "--format", "json", "--quiet", cwd=tmp_path)
    assert run.code == 1, run.err
    report = json.loads(run.out)
    status = {r["id"]: r["status"] for r in report["results"]}
    assert status["domain.spf"] == "fail" and status["domain.tls"] == "fail" and status["domain.cdn"] == "warn"
    dns = next(r for r in report["results"] if r["id"] == "domain.dns")
    assert any(e["location"] == "app.acme-assist-vulnerable.test CNAME" for e in dns["evidence"])
