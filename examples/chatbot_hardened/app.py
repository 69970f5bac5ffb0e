"""ASGI entry point.

From the repository root: ``uvicorn examples.chatbot_hardened.app:app``; from inside this
directory: ``uvicorn app:app`` (the package is then imported under its directory name).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from fastapi import FastAPI

__all__ = ["app"]

if __package__:
    from .main import app
else:  # run from inside this directory
    _here = Path(__file__).resolve().parent
    sys.path.insert(0, str(_here.parent))
    app: FastAPI = importlib.import_module(f"{_here.name}.main").app  # type: ignore[no-redef]
