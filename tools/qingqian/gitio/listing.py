"""The one parser of `git ls-files` output (`-s -z`: staged records; `-z`: names)."""

from __future__ import annotations

import hashlib

_REGULAR = ("100644", "100755")


def staged(listing: bytes) -> dict[str, str]:
    """`{path: blob sha}` of regular files in `git ls-files -s -z` output.

    Records read `MODE SHA STAGE\\tPATH`; a conflicted path (stages 1-3) is taken by
    "ours" (stage 2), and symbolic links and submodules are left out.
    """
    out: dict[str, str] = {}
    for record in listing.decode("utf-8", "surrogateescape").split("\0"):
        meta, tab, path = record.partition("\t")
        if not tab:
            continue
        mode, sha, stage = meta.split(" ")
        if mode in _REGULAR and stage in ("0", "2"):
            out[path] = sha
    return out


def names(output: bytes) -> list[str]:
    """The paths of `-z` name output (`ls-files -o -z`, `diff-files --name-only -z`)."""
    return [p.decode("utf-8", "surrogateescape") for p in output.split(b"\0") if p]


def blob_id(data: bytes, width: int = 40) -> str:
    """The id Git gives a blob of these bytes (SHA-1, or SHA-256 when `width` is 64)."""
    digest = hashlib.sha256() if width == 64 else hashlib.sha1()  # noqa: S324 - Git's own id
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()
