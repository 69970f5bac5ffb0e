"""The check catalogue: built-ins listed explicitly, plus third-party checks from entry points.

Third-party packages expose a :class:`~launchready.model.Check` (or a sequence of them) in the
``launchready.checks`` entry-point group. Nothing registers itself at import time.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points

from launchready.checks import BUILTIN_CHECKS
from launchready.errors import CheckNotFound, LaunchreadyError
from launchready.model import Check, Surface

ENTRY_POINT_GROUP = "launchready.checks"


@dataclass(frozen=True)
class Catalog:
    checks: tuple[Check, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for check in self.checks:
            if check.meta.id in seen:
                raise LaunchreadyError(f"two checks share the id {check.meta.id!r}")
            seen.add(check.meta.id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.meta.id for c in self.checks)

    def get(self, check_id: str) -> Check:
        for check in self.checks:
            if check.meta.id == check_id:
                return check
        near = difflib.get_close_matches(check_id, self.ids, n=1)
        hint = f"did you mean '{near[0]}'?" if near else "`launchready checks` lists them"
        raise CheckNotFound(f"no check with id '{check_id}'", hint=hint)

    def _matches(self, pattern: str) -> list[Check]:
        pattern = pattern.strip()
        if pattern in {s.value for s in Surface} or pattern.endswith(".*"):
            surface = pattern.removesuffix(".*")
            return [c for c in self.checks if c.meta.surface.value == surface]
        return [self.get(pattern)]

    def select(self, only: Sequence[str] = (), skip: Sequence[str] = ()) -> tuple[Check, ...]:
        """Checks named by ``only`` (ids or surfaces; all when empty) minus those named by ``skip``."""
        chosen = [c for p in _split(only) for c in self._matches(p)] if only else list(self.checks)
        dropped = {c.meta.id for p in _split(skip) for c in self._matches(p)}
        unique = {c.meta.id: c for c in chosen if c.meta.id not in dropped}
        return tuple(c for c in self.checks if c.meta.id in unique)


def _split(items: Iterable[str]) -> list[str]:
    return [p for item in items for p in item.split(",") if p.strip()]


def plugin_checks() -> tuple[Check, ...]:
    found: list[Check] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = ep.load()
        except Exception as exc:
            raise LaunchreadyError(
                f"check plugin '{ep.name}' ({ep.value}) failed to load: {type(exc).__name__}: {exc}",
                hint="uninstall it or fix the package",
            ) from exc
        items = [loaded] if isinstance(loaded, Check) else list(loaded) if isinstance(loaded, (list, tuple)) else []
        if not items or not all(isinstance(i, Check) for i in items):
            raise LaunchreadyError(
                f"check plugin '{ep.name}' ({ep.value}) is not a launchready Check or a list of them"
            )
        found.extend(items)
    return tuple(found)


def load_catalog(*, plugins: bool = True) -> Catalog:
    return Catalog((*BUILTIN_CHECKS, *(plugin_checks() if plugins else ())))
