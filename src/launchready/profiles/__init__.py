"""The two checklists as data: which checks block the verdict, and the thresholds they use."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from launchready.model import Profile


@dataclass(frozen=True)
class ProfileSpec:
    profile: Profile
    title: str
    blocking: frozenset[str]
    thresholds: Mapping[str, Any]

    def blocks(self, check_id: str) -> bool:
        return check_id in self.blocking


def load_profile(profile: Profile) -> ProfileSpec:
    """Read ``<profile>.toml`` shipped in this package, following ``extends``."""
    data = tomllib.loads(resources.files(__package__).joinpath(f"{profile.value}.toml").read_text("utf-8"))
    blocking = set(data.get("blocking", ()))
    thresholds: dict[str, Any] = {}
    if "extends" in data:
        parent = load_profile(Profile(data["extends"]))
        blocking |= parent.blocking
        thresholds |= dict(parent.thresholds)
    thresholds |= data.get("thresholds", {})
    return ProfileSpec(profile, str(data["title"]), frozenset(blocking), thresholds)
