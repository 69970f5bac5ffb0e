"""An authoritative DNS server on 127.0.0.1 that serves a zone given as data (UDP and TCP).

Why our own server rather than dnslib's ``DNSServer``: the domain checks must be proven against the
answers a real authoritative server gives — NXDOMAIN versus NODATA with the SOA in the authority
section, CNAME chains, wildcards, TXT split into 255-byte strings, null MX, a zone transfer that is
allowed or refused — *and* against broken servers: SERVFAIL for one name, a query that is never
answered. dnslib parses and packs the messages; the answering logic lives here, a few dozen lines.

Usage::

    with DnsLab({"example.test": [("A", "127.0.0.1"), ("TXT", "v=spf1 -all")]}) as lab:
        lab.nameserver  # "127.0.0.1:53053" — what ``--nameserver`` takes
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType

from dnslib import (
    AAAA,
    CAA,
    CNAME,
    MX,
    NS,
    QTYPE,
    RCODE,
    RR,
    SOA,
    TXT,
    A,
    DNSRecord,
)

RecordData = tuple[str, str]
"""(type, value): ``("A", "127.0.0.1")``, ``("MX", "10 mail.example.test")``, ``("MX", "0 .")`` (null
MX), ``("TXT", "v=spf1 -all")`` (any length: split into 255-byte strings), ``("CNAME", "x.example.test")``,
``("NS", "ns1.example.test")``, ``("CAA", '0 issue "letsencrypt.org"')``, ``("AAAA", "::1")``."""

_TTL = 300


def _norm(name: str) -> str:
    return name.strip().rstrip(".").lower()


def _txt_chunks(value: str) -> list[bytes]:
    raw = value.encode("utf-8")
    return [raw[i : i + 255] for i in range(0, len(raw), 255)] or [b""]


def _rdata(rtype: str, value: str) -> object:
    match rtype:
        case "A":
            return A(value)
        case "AAAA":
            return AAAA(value)
        case "CNAME":
            return CNAME(value.rstrip(".") + ".")
        case "NS":
            return NS(value.rstrip(".") + ".")
        case "MX":
            pref, _, host = value.partition(" ")
            host = host.strip()
            return MX("." if host in (".", "") else host.rstrip(".") + ".", int(pref))
        case "TXT":
            return TXT(_txt_chunks(value))
        case "CAA":
            flags, tag, rest = value.split(" ", 2)
            return CAA(int(flags), tag, rest.strip().strip('"'))
    raise ValueError(f"the DNS lab does not serve {rtype} records")


@dataclass
class _Zone:
    origin: str
    names: dict[str, list[RecordData]] = field(default_factory=dict)

    def soa(self) -> RR:
        return RR(
            self.origin + ".",
            QTYPE.SOA,
            ttl=_TTL,
            rdata=SOA(f"ns1.{self.origin}.", f"hostmaster.{self.origin}.", (1, 3600, 600, 86400, 60)),
        )

    def exists(self, name: str) -> bool:
        """A name exists if it owns records or is an empty non-terminal above one that does."""
        return name == self.origin or name in self.names or any(n.endswith("." + name) for n in self.names)


class DnsLab:
    """A threaded authoritative server for one or more zones on a free 127.0.0.1 port.

    ``records`` maps names to their records; ``zones`` are the origins served (default: the last two
    labels of every name). ``servfail`` names are answered SERVFAIL (``"name TYPE"``: only queries of that
    type, so a name can have no CNAME and a failing A lookup), ``drop`` names never answered;
    ``axfr`` allows zone transfers over TCP (refused otherwise). Names outside every zone get REFUSED,
    except under the TLD of a served zone, as through a real resolver: the names above a zone answer
    NODATA, the other names under that TLD NXDOMAIN.
    """

    def __init__(
        self,
        records: Mapping[str, Sequence[RecordData]],
        *,
        zones: Sequence[str] = (),
        servfail: Sequence[str] = (),
        drop: Sequence[str] = (),
        axfr: bool = False,
    ) -> None:
        origins = [_norm(z) for z in zones] or sorted({".".join(_norm(n).split(".")[-2:]) for n in records})
        self._zones = {o: _Zone(o) for o in origins}
        for name, recs in records.items():
            zone = self._zone_for(_norm(name))
            if zone is None:
                raise ValueError(f"{name} is in none of the lab's zones {origins}")
            zone.names.setdefault(_norm(name), []).extend(recs)
        self._servfail = {_norm(n) for n in servfail if " " not in n.strip()}
        self._servfail_typed = {(_norm(n.split()[0]), n.split()[1].upper()) for n in servfail if " " in n.strip()}
        self._drop = {_norm(n) for n in drop}
        self._axfr = axfr
        self._servers: list[socketserver.BaseServer] = []
        self._threads: list[threading.Thread] = []
        self.port = 0
        self.queries: list[tuple[str, str]] = []
        """Every (name, type) asked, in order: tests assert what a check looked up."""
        self._lock = threading.Lock()

    # -- answering ------------------------------------------------------------------------------

    def _zone_for(self, name: str) -> _Zone | None:
        best: _Zone | None = None
        for origin, zone in self._zones.items():
            if (name == origin or name.endswith("." + origin)) and (best is None or len(origin) > len(best.origin)):
                best = zone
        return best

    def _records_at(self, zone: _Zone, name: str) -> list[RecordData] | None:
        if name in zone.names:
            return zone.names[name]
        if zone.exists(name):
            return []
        # RFC 4592: the closest encloser's wildcard answers for names that do not exist.
        labels = name.split(".")
        for i in range(1, len(labels)):
            encloser = ".".join(labels[i:])
            if not encloser.endswith(zone.origin):
                break
            wild = "*." + encloser
            if wild in zone.names:
                return zone.names[wild]
            if zone.exists(encloser):
                break
        return None

    def answer(self, request: DNSRecord) -> DNSRecord | None:
        """The reply to one query, or ``None`` to drop it (an unanswered query, for timeout tests)."""
        reply = request.reply()
        reply.header.aa = 1
        qname = _norm(str(request.q.qname))
        qtype = QTYPE.get(request.q.qtype)
        with self._lock:
            self.queries.append((qname, str(qtype)))
        if qname in self._drop:
            return None
        if qname in self._servfail or (qname, str(qtype)) in self._servfail_typed:
            reply.header.rcode = RCODE.SERVFAIL
            return reply
        zone = self._zone_for(qname)
        if zone is None:
            # Through a recursive resolver the TLD above a served zone (``test`` above ``example.test``)
            # exists (NOERROR/NODATA) and the names under it that no zone serves do not (NXDOMAIN): tree
            # climbs (CAA, the DMARC tree walk) end there. Anything else is not ours: REFUSED.
            reply.header.aa = 0
            tlds = {origin.rsplit(".", 1)[-1] for origin in self._zones}
            if any(origin.endswith("." + qname) for origin in self._zones):
                pass
            elif qname.rsplit(".", 1)[-1] in tlds:
                reply.header.rcode = RCODE.NXDOMAIN
            else:
                reply.header.rcode = RCODE.REFUSED
            return reply
        if qtype == "AXFR":
            if not self._axfr:
                reply.header.rcode = RCODE.REFUSED
                return reply
            reply.add_answer(zone.soa())
            for name, recs in sorted(zone.names.items()):
                for rtype, value in recs:
                    reply.add_answer(RR(name + ".", getattr(QTYPE, rtype), ttl=_TTL, rdata=_rdata(rtype, value)))
            reply.add_answer(zone.soa())
            return reply
        name = qname
        for _ in range(8):  # chase CNAMEs inside our zones, as an authoritative server does
            zone = self._zone_for(name)
            if zone is None:
                return reply
            if name in self._servfail:
                reply.header.rcode = RCODE.SERVFAIL
                return reply
            found = self._records_at(zone, name)
            if found is None:
                reply.header.rcode = RCODE.NXDOMAIN
                reply.add_auth(zone.soa())
                return reply
            if qtype == "SOA" and name == zone.origin:
                reply.add_answer(zone.soa())
                return reply
            cname = [v for t, v in found if t == "CNAME"]
            if cname and qtype != "CNAME":
                reply.add_answer(RR(name + ".", QTYPE.CNAME, ttl=_TTL, rdata=_rdata("CNAME", cname[0])))
                name = _norm(cname[0])
                continue
            matching = [(t, v) for t, v in found if t == qtype]
            if not matching:
                reply.add_auth(zone.soa())  # NODATA: NOERROR, empty answer, SOA in authority
                return reply
            for rtype, value in matching:
                reply.add_answer(RR(name + ".", getattr(QTYPE, rtype), ttl=_TTL, rdata=_rdata(rtype, value)))
            return reply
        reply.header.rcode = RCODE.SERVFAIL
        return reply

    # -- serving --------------------------------------------------------------------------------

    @property
    def nameserver(self) -> str:
        """``127.0.0.1:<port>``, the value ``--nameserver`` takes."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> DnsLab:
        lab = self

        class Udp(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                data, sock = self.request
                with contextlib.suppress(Exception):  # a garbled packet is not our test's business
                    reply = lab.answer(DNSRecord.parse(data))
                    if reply is not None:
                        packed = reply.pack()
                        if len(packed) > 512:
                            reply = reply.truncate()
                            packed = reply.pack()
                        sock.sendto(packed, self.client_address)

        class Tcp(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                sock: socket.socket = self.request
                sock.settimeout(5)
                with contextlib.suppress(OSError, struct.error):
                    head = sock.recv(2)
                    (length,) = struct.unpack("!H", head)
                    data = b""
                    while len(data) < length:
                        chunk = sock.recv(length - len(data))
                        if not chunk:
                            return
                        data += chunk
                    reply = lab.answer(DNSRecord.parse(data))
                    if reply is not None:
                        packed = reply.pack()
                        sock.sendall(struct.pack("!H", len(packed)) + packed)

        class UdpServer(socketserver.ThreadingUDPServer):
            daemon_threads = True

        class TcpServer(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        for _ in range(20):  # UDP and TCP must share a port; retry if another process took it
            udp = UdpServer(("127.0.0.1", 0), Udp)
            port = udp.server_address[1]
            try:
                tcp = TcpServer(("127.0.0.1", port), Tcp)
            except OSError:
                udp.server_close()
                continue
            break
        else:  # pragma: no cover - twenty lost races in a row
            raise OSError("no free port for the DNS lab on 127.0.0.1")
        self.port = port
        for server in (udp, tcp):
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=2)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> DnsLab:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


@contextlib.contextmanager
def dns_lab(records: Mapping[str, Sequence[RecordData]], **kwargs: object) -> Iterator[DnsLab]:
    """``with dns_lab({...}) as lab:`` — the functional spelling of :class:`DnsLab`."""
    with DnsLab(records, **kwargs) as lab:  # type: ignore[arg-type]
        yield lab
