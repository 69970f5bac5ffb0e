"""Documents a scan uploaded itself, and deleting them again.

Probes must leave nothing behind in the product: every upload a check makes is deleted through the
product's own API (``DELETE <upload path>/<id>``, the id read from the upload's answer), and what could
not be deleted is named in the evidence so the owner can remove it by hand. Only objects this scan
created are ever deleted: the id comes from the answer to our own upload.
"""

from __future__ import annotations

from collections.abc import Sequence

from launchready.errors import LaunchreadyError, TargetError
from launchready.targets.http import ApiTarget, Exchange, Identity

ID_KEYS = ("id", "file_id", "document_id", "uuid")


def uploaded_id(answer: Exchange) -> str | int | None:
    """The id the product gave the uploaded object (top-level ``id``/``file_id``/…), or None."""
    if not 200 <= answer.status < 300:
        return None
    doc = answer.json()
    if not isinstance(doc, dict):
        return None
    return next((doc[k] for k in ID_KEYS if isinstance(doc.get(k), str | int) and not isinstance(doc.get(k), bool)),
                None)


def delete_upload(target: ApiTarget, upload_path: str, answer: Exchange, identity: Identity | None, *,
                  exempt: bool = True) -> bool:
    """Delete one object this scan uploaded; True when the product answered 2xx. Sent outside any probe
    budget: a check that spent its probes still cleans up. Best effort: an error is a False, never a raise."""
    object_id = uploaded_id(answer)
    if object_id is None:
        return False
    try:
        gone = target.send("DELETE", f"{upload_path.rstrip('/')}/{object_id}",
                           headers=identity.headers if identity else None, exempt=exempt)
    except (TargetError, LaunchreadyError):
        return False
    return 200 <= gone.status < 300


def leftovers(target: ApiTarget, upload_path: str, uploads: Sequence[tuple[str, Exchange]],
              identity: Identity | None, *, exempt: bool = True) -> list[str]:
    """Delete every accepted upload; the ones still in the product, as ``name (answer)`` lines."""
    left: list[str] = []
    for name, answer in uploads:
        if not 200 <= answer.status < 300:
            continue  # refused (a 429 included): nothing was stored
        if not delete_upload(target, upload_path, answer, identity, exempt=exempt):
            why = "no id in the answer" if uploaded_id(answer) is None else "DELETE refused"
            left.append(f"{name} ({answer.summary()}; {why})")
    return left
