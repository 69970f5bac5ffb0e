"""domain.tls, domain.https-redirect and domain.hsts against the loopback TLS lab."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
import warnings
from pathlib import Path

import pytest

from launchready.checks.domain import hsts, https_redirect, tls
from launchready.engines.hsts import parse_hsts
from launchready.lab.tls import Pki, Reply
from launchready.model import Status
from tests.checks.domain.fixtures import APP, FIXTURES, web_lab
from tests.checks.domain.helpers import run_check

CERT = f"https://{APP}:443/ certificate"


@pytest.mark.parametrize("check_id", ["domain.tls", "domain.https-redirect", "domain.hsts"])
def test_web_fixtures_fail_then_pass(check_id: str, tmp_path: Path) -> None:
    check = {"domain.tls": tls, "domain.https-redirect": https_redirect, "domain.hsts": hsts}[check_id].CHECK
    failing, passing = FIXTURES[check_id]
    with failing(tmp_path) as cfg:
        assert run_check(check, cfg).status is Status.FAIL
    with passing(tmp_path) as cfg:
        out = run_check(check, cfg)
        assert out.status is Status.PASS, out.evidence


def _by_location(out: object, suffix: str) -> list[object]:
    return [e for e in out.evidence if e.location.endswith(suffix)]  # type: ignore[attr-defined]


def test_missing_intermediate_fails_with_the_openssl_verify_code(tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.tls", leaf=lambda pki: pki.leaf([APP], include_intermediate=False)) as cfg:
        out = run_check(tls.CHECK, cfg)
    chain = next(e for e in out.evidence if e.location == f"{CERT} chain")
    assert out.status is Status.FAIL and chain.status is Status.FAIL
    assert "OpenSSL verify code 20" in chain.message


@pytest.mark.parametrize(
    ("make", "field", "needle"),
    [
        (
            lambda p: p.leaf([APP], not_before=dt.timedelta(days=-90), not_after=dt.timedelta(days=-1)),
            "notAfter",
            "expired",
        ),
        (
            lambda p: p.leaf([APP], not_before=dt.timedelta(days=2), not_after=dt.timedelta(days=90)),
            "notBefore",
            "not valid until",
        ),
        (lambda p: p.leaf(["other.example.test"]), "subjectAltName", f"does not name {APP}"),
        (lambda p: p.leaf([APP], rsa_bits=1024), "subjectPublicKeyInfo", "RSA 1024-bit"),
        (lambda p: p.leaf([APP], self_signed=True), "chain", "self-signed"),
    ],
)
def test_certificate_flaws_point_at_the_field(make: object, field: str, needle: str, tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.tls", leaf=make) as cfg:  # type: ignore[arg-type]
        out = run_check(tls.CHECK, cfg)
    hit = next(e for e in out.evidence if e.location == f"{CERT} {field}")
    assert out.status is Status.FAIL and hit.status is Status.FAIL and needle in hit.message, out.evidence


def test_short_lived_certificate_passes(tmp_path: Path) -> None:
    make = lambda p: p.leaf([APP], not_before=dt.timedelta(days=-5), not_after=dt.timedelta(days=2))  # noqa: E731
    with web_lab(tmp_path, "domain.tls", leaf=make) as cfg:
        out = run_check(tls.CHECK, cfg)
    assert next(e for e in out.evidence if e.location == f"{CERT} notAfter").status is Status.PASS


@pytest.mark.parametrize(
    ("left_days", "life_days", "status"),
    [(60, 90, Status.PASS), (20, 90, Status.WARN), (5, 90, Status.FAIL), (2, 7, Status.PASS), (0.5, 7, Status.FAIL)],
)
def test_expiry_is_judged_by_fraction_of_lifetime(left_days: float, life_days: float, status: Status) -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    after = now + dt.timedelta(days=left_days)
    assert tls.expiry_status(after - dt.timedelta(days=life_days), after, now)[0] is status


def test_redirect_to_another_host_warns_and_downgrade_fails(tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.https-redirect", http_reply=Reply(301, (("Location", f"http://{APP}/x"),))) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert out.status is Status.FAIL
    assert any("stays on http" in e.message for e in out.evidence)
    assert any("end on http" in e.message for e in out.evidence)


def test_https_redirect_loop_fails_instead_of_passing(tmp_path: Path) -> None:
    loop = Reply(301, (("Location", f"https://{APP}/loop"),))
    with web_lab(tmp_path, "domain.https-redirect", http_reply=loop, https_routes={"/loop": loop}) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert out.status is Status.FAIL
    looped = next(e for e in out.evidence if e.status is Status.FAIL)
    assert looped.location == f"http://{APP}/" and "more than 10 redirects" in looped.message
    assert looped.detail.startswith(f"http://{APP}/ → https://{APP}/loop → https://{APP}/loop")


def test_api_host_refusing_plain_http_passes(tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.https-redirect", http_server=False) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert out.status is Status.PASS and "refused" in out.evidence[0].message


@pytest.mark.parametrize(
    ("header", "status", "needle"),
    [
        ("max-age=100", Status.FAIL, "under six months"),
        ("max-age==31536000", Status.FAIL, "invalid"),
        ("max-age=31536000; max-age=31536000", Status.FAIL, "twice"),
        ('max-age="31536000"', Status.PASS, "max-age=31536000"),
        ("max-age=99999999999999999999999", Status.PASS, "max-age=9223372036854775807"),
    ],
)
def test_hsts_is_parsed_strictly(header: str, status: Status, needle: str, tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.hsts", https_headers=(("Strict-Transport-Security", header),)) as cfg:
        out = run_check(hsts.CHECK, cfg)
    assert out.status is status and needle in out.evidence[0].message
    assert out.evidence[0].location == f"https://{APP}/ Strict-Transport-Security"


@pytest.mark.parametrize(
    ("max_age", "status", "message"),
    [
        (15551999, Status.FAIL, "max-age=15551999 is under six months (15552000 s, 180 days)"),
        (15552000, Status.PASS, "max-age=15552000 (one year recommended)"),
        (15767999, Status.PASS, "max-age=15767999 (one year recommended)"),
        (15768000, Status.PASS, "max-age=15768000 (one year recommended)"),
        (31535999, Status.PASS, "max-age=31535999 (one year recommended)"),
        (31536000, Status.PASS, "max-age=31536000"),
    ],
)
def test_hsts_max_age_on_both_sides_of_each_threshold(
    max_age: int, status: Status, message: str, tmp_path: Path
) -> None:
    header = f"max-age={max_age}; includeSubDomains"
    with web_lab(tmp_path, "domain.hsts", https_headers=(("Strict-Transport-Security", header),)) as cfg:
        out = run_check(hsts.CHECK, cfg)
    [item] = out.evidence
    assert (item.status, item.message, item.detail) == (status, message, header)
    assert item.location == f"https://{APP}/ Strict-Transport-Security" and out.status is status


def test_hsts_parser_rejects_unquoted_garbage() -> None:
    assert parse_hsts('max-age=1"2').error
    assert parse_hsts("includeSubDomains").error == "no max-age directive"


def test_pki_fixture_builds_a_chain() -> None:
    pki = Pki()
    assert pki.leaf([APP]).chain.count(b"BEGIN CERTIFICATE") == 2


def _local_openssl_speaks(version: ssl.TLSVersion, tmp_path: Path) -> bool:
    """Decided here, independently of the engine: can this OpenSSL finish a handshake at ``version``?"""
    cert, key = Pki().leaf(["probe.test"]).write(tmp_path, "probe")
    server_ctx, client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER), ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname, client_ctx.verify_mode = False, ssl.CERT_NONE
    try:
        server_ctx.load_cert_chain(str(cert), str(key))
        for ctx in (server_ctx, client_ctx):
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            ctx.minimum_version = ctx.maximum_version = version
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            with socket.create_connection(listener.getsockname(), timeout=5) as raw:
                accepted, _ = listener.accept()
                result: list[bool] = []

                def serve() -> None:
                    try:
                        with server_ctx.wrap_socket(accepted, server_side=True):
                            result.append(True)
                    except (ssl.SSLError, OSError):
                        result.append(False)

                thread = threading.Thread(target=serve)
                thread.start()
                try:
                    with client_ctx.wrap_socket(raw, server_hostname="probe.test"):
                        ok = True
                except (ssl.SSLError, OSError):
                    ok = False
                thread.join(5)
                accepted.close()
                return ok and result == [True]
    except (ValueError, ssl.SSLError):
        return False


@pytest.mark.parametrize(("version", "name"), [(ssl.TLSVersion.TLSv1, "TLS 1.0"), (ssl.TLSVersion.TLSv1_1, "TLS 1.1")])
def test_old_protocol_warns_or_says_it_is_not_testable_here(version: ssl.TLSVersion, name: str, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        speaks = _local_openssl_speaks(version, tmp_path)
        with web_lab(tmp_path, "domain.tls", tls_min=version) as cfg:
            out = run_check(tls.CHECK, cfg)
    about = [e for e in out.evidence if e.location == f"https://{APP}:443/ protocol" and e.message.startswith(name)]
    assert len(about) == 1, out.evidence
    if speaks:  # the lab really offers it: a warning, and the certificate is otherwise fine
        assert about[0].status is Status.WARN and "accepted (deprecated by RFC 8996)" in about[0].message
        assert out.status is Status.WARN
    else:  # this OpenSSL cannot speak it, so nothing can be concluded — and the report says so
        assert about[0].status is Status.SKIP and "not testable" in about[0].message


def test_modern_only_server_gets_no_protocol_warning(tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.tls") as cfg:
        out = run_check(tls.CHECK, cfg)
    assert not [e for e in out.evidence if e.status is Status.WARN and "TLS 1." in e.message]


def test_first_hop_to_another_host_warns_even_when_it_ends_on_https(tmp_path: Path) -> None:
    login = "login.example.test"
    with web_lab(
        tmp_path,
        "domain.https-redirect",
        leaf=lambda pki: pki.leaf([APP, login]),
        http_reply=Reply(301, (("Location", f"https://{login}/"),)),
        also_serve=(login,),
    ) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert out.status is Status.WARN, out.evidence
    warn = next(e for e in out.evidence if e.status is Status.WARN)
    assert warn.message == f"first hop leaves the host: http://{APP}/ → https://{login}/"
    assert warn.location == f"http://{APP}/"
    assert any(e.status is Status.PASS and e.message == f"redirects to https://{login}/" for e in out.evidence)


def test_a_refusal_proves_nothing_when_this_openssl_cannot_speak_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other branch of the test above, forced: a build that cannot do TLS 1.0 reports "not testable"."""
    from launchready.engines import tls_probe

    monkeypatch.setattr(tls_probe, "local_handshake_possible", lambda version: False)
    with web_lab(tmp_path, "domain.tls") as cfg:
        out = run_check(tls.CHECK, cfg)
    skipped = [e.message for e in out.evidence if e.status is Status.SKIP]
    assert "TLS 1.0 not testable: the local OpenSSL cannot offer it" in skipped
    assert out.status is Status.PASS


def test_hsts_behind_a_certificate_that_does_not_verify_fails_as_ignored(tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.hsts", leaf=lambda pki: pki.leaf(["other.example.test"])) as cfg:
        out = run_check(hsts.CHECK, cfg)
    assert out.status is Status.FAIL
    assert "browsers ignore this header" in out.evidence[0].message and "max-age=31536000" in out.evidence[0].detail


def test_an_old_protocol_probe_that_cannot_connect_or_times_out_is_undetermined_not_refused() -> None:
    """Only a refusal during the handshake means "not offered"; silence or a closed port proves nothing."""
    from launchready.engines.tls_probe import probe_version
    from launchready.lab.server import free_loopback_port
    from launchready.targets.domain import DomainResolver, DomainTarget

    closed = free_loopback_port()
    with socket.socket() as silent:  # accepts the connection, never answers the ClientHello
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        target = DomainTarget(
            domain="example.test",
            resolver=DomainResolver("127.0.0.1:1", 0.5),
            overrides={
                ("closed.example.test", 443): ("127.0.0.1", closed),
                ("silent.example.test", 443): ("127.0.0.1", silent.getsockname()[1]),
            },
        )
        assert probe_version(target, "silent.example.test", ssl.TLSVersion.TLSv1_2, timeout=0.5) == (
            None, "the handshake timed out after 0.5 s"
        )
    offered, why = probe_version(target, "closed.example.test", ssl.TLSVersion.TLSv1_2, timeout=0.5)
    assert offered is None and why.startswith(f"cannot connect to 127.0.0.1:{closed}")
