"""Self-contained HTML report: one file, no external assets (a CSP forbids loading any), every value
escaped by Jinja2's autoescaping — evidence quotes attacker-controlled text, so nothing is trusted."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from launchready.model import Scorecard, Status
from launchready.printable import printable

EVIDENCE_PER_CHECK = 20


def _environment() -> Environment:
    return Environment(loader=PackageLoader("launchready.report", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def render(card: Scorecard) -> str:
    results = sorted(card.results, key=lambda r: (-r.status.rank, not card.is_blocking(r.check_id), r.check_id))
    suppressed = [(r.check_id, s) for r in card.results for s in r.suppressed]
    template = _environment().get_template("scorecard.html.j2")
    return printable(template.render(card=card, v=card.verdict, results=results, suppressed=suppressed,
                                     limit=EVIDENCE_PER_CHECK, Status=Status))
