"""launchready: is this AI chatbot product ready for real users, or for a security review?

The public API is only what is re-exported here. It is loaded on first use (PEP 562): `scan` brings in
every check and the libraries they need (httpx, dnspython, …), which `launchready --version`, `-h` or
`explain` never touch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from launchready.api import scan
    from launchready.config import Config, load_config
    from launchready.errors import LaunchreadyError
    from launchready.model import Scorecard, Severity, Status

__all__ = ["Config", "LaunchreadyError", "Scorecard", "Severity", "Status", "load_config", "scan"]

_WHERE = {"scan": "launchready.api", "Config": "launchready.config", "load_config": "launchready.config",
          "LaunchreadyError": "launchready.errors", "Scorecard": "launchready.model",
          "Severity": "launchready.model", "Status": "launchready.model"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'launchready' has no attribute {name!r}")
