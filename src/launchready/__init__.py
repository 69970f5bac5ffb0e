"""launchready: is this AI chatbot product ready for real users, or for a security review?

The public API is only what is re-exported here.
"""

from launchready.api import scan
from launchready.config import Config, load_config
from launchready.errors import LaunchreadyError
from launchready.model import Scorecard, Severity, Status

__all__ = ["Config", "LaunchreadyError", "Scorecard", "Severity", "Status", "load_config", "scan"]
