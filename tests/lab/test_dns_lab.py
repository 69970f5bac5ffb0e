"""The loopback DNS lab answers like an authoritative server (NXDOMAIN vs NODATA, CNAME, wildcard, TXT, AXFR)."""

from __future__ import annotations

import pytest

from launchready.errors import ConfigError
from launchready.lab.dns import DnsLab
from launchready.targets.domain import DomainResolver, LookupState, parse_nameserver, parse_resolve

RECORDS = {
    "lab.test": [("NS", "ns1.lab.test"), ("TXT", "v=spf1 " + "ip4:192.0.2.1 " * 30 + "-all"), ("MX", "0 .")],
    "ns1.lab.test": [("A", "127.0.0.1")],
    "www.lab.test": [("CNAME", "web.lab.test")],
    "web.lab.test": [("A", "127.0.0.5")],
    "*.wild.lab.test": [("A", "127.0.0.7")],
    "a.b.lab.test": [("A", "127.0.0.3")],
}


def test_three_states_and_record_shapes() -> None:
    with DnsLab(RECORDS, servfail=["bad.lab.test"], drop=["slow.lab.test"]) as lab:
        r = DomainResolver(lab.nameserver, 0.3)
        txt = r.lookup("lab.test", "TXT")
        assert txt.state is LookupState.FOUND and len(txt.records[0]) > 255 and txt.records[0].endswith("-all")
        assert r.lookup("lab.test", "MX").records == ("0 .",)
        assert r.lookup("www.lab.test", "A").records == ("127.0.0.5",)
        assert r.lookup("x.wild.lab.test", "A").records == ("127.0.0.7",)
        nodata = r.lookup("b.lab.test", "A")
        assert nodata.absent and not nodata.nxdomain
        assert r.lookup("nope.lab.test", "A").nxdomain
        assert "SERVFAIL" in r.lookup("bad.lab.test", "A").error
        assert "REFUSED" in r.lookup("elsewhere.invalid", "A").error
        slow = r.lookup("slow.lab.test", "A")
        assert slow.failed and "timeout" in slow.error
        assert lab.queries.count(("slow.lab.test", "A")) == 2  # retried once


def test_option_parsing_refuses_bad_values() -> None:
    assert parse_nameserver("127.0.0.1:5353") == ("127.0.0.1", 5353)
    assert parse_nameserver("[::1]:53") == ("::1", 53)
    assert parse_resolve("www.example.com:443:127.0.0.1") == (("www.example.com", 443), ("127.0.0.1", None))
    assert parse_resolve("a.example:443:127.0.0.1:8443") == (("a.example", 443), ("127.0.0.1", 8443))
    for bad in ("ns.example.com", "127.0.0.1:99999"):
        with pytest.raises(ConfigError):
            parse_nameserver(bad)
    for bad in ("www.example.com:443", "www.example.com:x:127.0.0.1", "h:443:not-an-ip"):
        with pytest.raises(ConfigError):
            parse_resolve(bad)
