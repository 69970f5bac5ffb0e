"""Is a committed ``.env`` file that cannot be read as text an encrypted copy (git-secret, git-crypt)?

git-secret commits ``<file>.secret``, the GPG-encrypted copy of ``<file>``, and lists ``<file>`` in
``.gitsecret/paths/mapping.cfg``; git-crypt commits blobs that start with ``\\0GITCRYPT\\0``. Either is readable only
with a key the repository does not hold: no plain value is in the commit.
"""

from __future__ import annotations

from launchready.targets.repo import RepoSnapshot

_MAPPING = ".gitsecret/paths/mapping.cfg"
_GIT_CRYPT_HEADER = b"\x00GITCRYPT\x00"


def encryption(repo: RepoSnapshot, commit: str, path: str) -> str:
    """How the version of ``path`` at ``commit`` is encrypted, as a sentence of facts read there; ``""`` if not."""
    head = repo.git("cat-file", "blob", f"{commit}:{path}", check=False)[: len(_GIT_CRYPT_HEADER)]
    if head == _GIT_CRYPT_HEADER:
        return "encrypted by git-crypt (its content starts with the git-crypt header)"
    if path.endswith(".secret"):
        plain = path[: -len(".secret")]
        mapping = repo.show(commit, _MAPPING) or ""
        if any(line.split(":", 1)[0].strip() == plain for line in mapping.splitlines()):
            return (f"encrypted by git-secret ({_MAPPING} in {commit[:10]} lists {plain}): readable only with a GPG "
                    "private key of the keys in .gitsecret/keys")
    return ""
