"""What a check receives: the shared, read-only targets of one scan and its own options."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from launchready.model import Surface

if TYPE_CHECKING:
    from launchready.config import Config
    from launchready.profiles import ProfileSpec
    from launchready.targets.repo import RepoSnapshot


class SurfaceNotScanned(Exception):
    """Raised by a target accessor when the surface was not declared; the runner skips the check."""


@dataclass(frozen=True)
class Targets:
    """The targets of one scan; a surface whose target is ``None`` was not declared."""

    repo: RepoSnapshot | None = None
    # Later surfaces add their targets here (api, chat, domain); each stays optional.
    extra: Mapping[Surface, Any] = field(default_factory=dict)
    not_scanned: Mapping[Surface, str] = field(default_factory=dict)
    """Why each missing surface was not scanned ("no --url declared")."""

    def close(self) -> None:
        """Release what the targets hold open (HTTP clients, canary sinks, lab servers)."""
        for target in self.extra.values():
            close = getattr(target, "close", None)
            if callable(close):
                close()

    def available(self, surface: Surface) -> bool:
        if surface is Surface.REPO or surface is Surface.OPS:
            return self.repo is not None
        return surface in self.extra

    def reason_missing(self, surface: Surface) -> str:
        return self.not_scanned.get(surface, f"no {surface.value} target declared")


@dataclass(frozen=True)
class CheckContext:
    """One check's view of the scan."""

    config: Config
    targets: Targets
    options: Mapping[str, Any]
    profile: ProfileSpec
    deadline: float = field(default_factory=lambda: time.monotonic() + 300.0)

    @property
    def repo(self) -> RepoSnapshot:
        if self.targets.repo is None:
            raise SurfaceNotScanned(self.targets.reason_missing(Surface.REPO))
        return self.targets.repo

    def target(self, surface: Surface) -> Any:
        if surface not in self.targets.extra:
            raise SurfaceNotScanned(self.targets.reason_missing(surface))
        return self.targets.extra[surface]

    def time_left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())
