"""The installed version, in a module of its own so that `launchready --version` imports no check."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def tool_version() -> str:
    try:
        return version("launchready")
    except PackageNotFoundError:
        return "0+unknown"
