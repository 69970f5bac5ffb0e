"""The relevant CAA RRset of a host: RFC 8659 §3 tree climbing, three-state.

Why our own: a CA does not read CAA at the host alone. It asks for CAA at the host (the lookup
follows CNAMEs as any DNS lookup does), and when that answer is empty it climbs to the parent,
label by label, up to but not including the root; the first non-empty CAA RRset found is the
relevant one. So ``www.example.com`` is covered by CAA published at ``example.com``. Every step
is read through the scan's one resolver, and a DNS error at any step leaves the answer
undetermined: the records above the failed name could not be read, so "no CAA" cannot be said.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchready.targets.domain import DnsAnswer, Lookup


@dataclass(frozen=True)
class CaaSearch:
    """Where the climb for ``host`` ended: a found RRset, nothing up to the TLD, or a failed step."""

    host: str
    steps: tuple[DnsAnswer, ...]
    """Every CAA lookup made, from the host upwards, ending at the found or failed one."""

    @property
    def found(self) -> DnsAnswer | None:
        last = self.steps[-1] if self.steps else None
        return last if last is not None and last.found else None

    @property
    def failed(self) -> DnsAnswer | None:
        last = self.steps[-1] if self.steps else None
        return last if last is not None and last.failed else None

    @property
    def trail(self) -> str:
        """``www.example.test: NODATA → example.test: found`` — what was asked, in order."""
        return " → ".join(f"{s.name}: {_state(s)}" for s in self.steps)


def _state(answer: DnsAnswer) -> str:
    if answer.found:
        return "found"
    if answer.failed:
        return "error"
    return "NXDOMAIN" if answer.nxdomain else "NODATA"


def relevant_caa(lookup: Lookup, host: str) -> CaaSearch:
    """RFC 8659 §3: CAA at ``host``, then at each parent up to (not including) the root."""
    labels = host.rstrip(".").lower().split(".")
    steps: list[DnsAnswer] = []
    for i in range(len(labels)):
        answer = lookup(".".join(labels[i:]), "CAA")
        steps.append(answer)
        if answer.found or answer.failed:
            break
    return CaaSearch(host, tuple(steps))
