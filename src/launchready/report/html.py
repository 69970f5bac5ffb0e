"""Self-contained HTML report: one file, no external assets, every value escaped by Jinja2's
autoescaping — evidence quotes attacker-controlled text, so nothing is trusted.

Laid out like an audit report (Lighthouse is the model): the verdict with the counts and what each
surface's coverage was, then the short plan, then the findings grouped by surface, failing first,
each collapsed in a ``<details>`` (failing ones marked in red, blocking ones in bold, so the page stays
a few screens long however much evidence there is), with a status filter made of radio inputs and
sibling selectors — the page carries no script at all. Its Content-Security-Policy allows nothing but
the one ``<style>`` element, by its SHA-256 hash: stricter than a nonce (a nonce in a static file is a
constant anyone can copy) and than ``'unsafe-inline'``; the template has no ``style`` attributes,
which a hash does not cover.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from launchready.model import Result, Scorecard, Status, Surface
from launchready.printable import printable
from launchready.verdict import shown_plan

EVIDENCE_PER_CHECK = 20
COUNTED = (Status.PASS, Status.FAIL, Status.WARN, Status.SKIP, Status.ERROR)


@dataclass(frozen=True)
class Coverage:
    """One surface's line in the coverage table: scanned with what it found, or not scanned and why."""

    surface: Surface
    scanned: bool
    text: str


@dataclass(frozen=True)
class SurfaceGroup:
    surface: Surface
    results: tuple[Result, ...]
    not_scanned: str
    """Why the surface was not scanned; empty when it was."""


def _environment() -> Environment:
    return Environment(loader=PackageLoader("launchready.report", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def style_hash(css: str) -> str:
    """The CSP source that allows exactly this ``<style>`` element's text (CSP Level 2 hash source)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"


def counts(card: Scorecard) -> dict[Status, int]:
    return {s: sum(1 for r in card.results if r.status is s) for s in COUNTED}


def coverage(card: Scorecard) -> list[Coverage]:
    rows = []
    for surface in Surface:
        if surface in card.verdict.not_scanned:
            rows.append(Coverage(surface, False, card.verdict.not_scanned[surface]))
            continue
        mine = [r for r in card.results if card.metas[r.check_id].surface is surface]
        found = ", ".join(f"{n} {s.value}" for s in (Status.FAIL, Status.ERROR, Status.WARN, Status.SKIP)
                          if (n := sum(1 for r in mine if r.status is s)))
        rows.append(Coverage(surface, True, f"{len(mine)} checks" + (f": {found}" if found else ": all pass")))
    return rows


def groups(card: Scorecard) -> list[SurfaceGroup]:
    """Findings by surface: the surface with the worst result first, and in each the worst, blocking first."""
    by_surface: dict[Surface, list[Result]] = {}
    for r in card.results:
        by_surface.setdefault(card.metas[r.check_id].surface, []).append(r)
    order = list(Surface)
    found = [SurfaceGroup(s, tuple(sorted(rs, key=lambda r: (-r.status.rank, not card.is_blocking(r.check_id),
                                                               card.metas[r.check_id].severity.rank, r.check_id))),
                          card.verdict.not_scanned.get(s, ""))
             for s, rs in by_surface.items()]
    return sorted(found, key=lambda g: (-max(r.status.rank for r in g.results), order.index(g.surface)))


def render(card: Scorecard) -> str:
    css = resources.files("launchready.report").joinpath("templates", "scorecard.css").read_text(encoding="utf-8")
    steps, more = shown_plan(card.verdict.plan)
    suppressed = [(r.check_id, s) for r in card.results for s in r.suppressed]
    template = _environment().get_template("scorecard.html.j2")
    page = template.render(card=card, v=card.verdict, css=css, style_src=style_hash(css), counts=counts(card),
                           coverage=coverage(card), groups=groups(card), steps=steps, more=more,
                           suppressed=suppressed, limit=EVIDENCE_PER_CHECK, Status=Status)
    return printable(page)
