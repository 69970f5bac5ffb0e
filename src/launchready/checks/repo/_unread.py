"""Tracked files a repo check could not read: named as warnings, so a pass never covers them.

"Incomplete is never pass": a file that stood unreadable (mode 000, a directory we may not enter, a
FIFO or a directory where git tracks a file) may hold exactly what the check looks for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from launchready.model import Evidence, Outcome, Status
from launchready.targets.repo import RepoSnapshot


def covering_unread(repo: RepoSnapshot, outcome: Outcome, relevant: Callable[[str], bool], *,
                    limit: int = 10) -> Outcome:
    """``outcome`` with a warning for each relevant tracked file that could not be read; a pass or
    skip becomes a warning. Call it after the check has read its files (reads record failures)."""
    missed = sorted((p, why) for p, why in repo.unread(repo.tracked_files).items() if relevant(p))
    if not missed:
        return outcome
    evidence = [Evidence(Status.WARN, f"not read: {why}", path, "this check could not look inside it; make it "
                         "readable to the scan") for path, why in missed[:limit]]
    if len(missed) > limit:
        evidence.append(Evidence(Status.WARN, f"{len(missed) - limit} more file(s) could not be read", "(repository)"))
    status = outcome.status if outcome.status.rank > Status.WARN.rank else Status.WARN
    return replace(outcome, status=status, evidence=(*outcome.evidence, *evidence),
                   summary=f"{outcome.summary}; {len(missed)} file(s) could not be read ({missed[0][0]})")
