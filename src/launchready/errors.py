"""Expected failures: each carries a one-line diagnosis and a hint, never a traceback."""

from __future__ import annotations


class LaunchreadyError(Exception):
    """An expected failure the user can act on. ``exit_code`` follows the CLI's contract (2)."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str = "", location: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def diagnostics(self) -> str:
        where = f"{self.location}: " if self.location else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"

    def __str__(self) -> str:
        return self.diagnostics()


class ConfigError(LaunchreadyError):
    """The configuration file or flags are invalid."""


class TargetError(LaunchreadyError):
    """A scan target cannot be read or reached: missing path, corrupt repository, refused host."""


class CheckNotFound(LaunchreadyError):
    """An id given by the user names no registered check."""
