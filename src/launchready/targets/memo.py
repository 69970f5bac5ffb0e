"""One value per key, built once however many checks ask at the same moment: the targets' shared cache
(route inventory, parsed Python, secrets scans), kept on the target and never in a module global."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per key; a caller asking while it runs waits for that one result."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                self._values[key] = build()
            value: T = self._values[key]
            return value
