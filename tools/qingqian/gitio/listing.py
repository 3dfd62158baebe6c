"""The one parser of `git ls-files` output (`-s -z`: staged records; `-z`: names)."""

from __future__ import annotations

import hashlib

_REGULAR = ("100644", "100755")

# paths Git listed whose names are not UTF-8, as shown (`\\xNN`): their content is refused
# (S020) as the working tree's is, and no surrogate reaches an output that would refuse it
UNDECODED: set[str] = set()


def decode_path(raw: bytes) -> str:
    """A path as text: UTF-8, or for a name that is not, the name with `\\xNN` escapes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        shown = raw.decode("utf-8", "backslashreplace")
        UNDECODED.add(shown)
        return shown


def shown_path(text: str) -> str:
    """A path Git's output gave as text with surrogates (GitPython decodes so), as shown."""
    if text.isascii():
        return text
    return decode_path(text.encode("utf-8", "surrogateescape"))


def staged(listing: bytes) -> dict[str, str]:
    """`{path: blob sha}` of regular files in `git ls-files -s -z` output.

    Records read `MODE SHA STAGE\\tPATH`; a conflicted path (stages 1-3) is taken by
    "ours" (stage 2), and symbolic links and submodules are left out.
    """
    out: dict[str, str] = {}
    for record in listing.split(b"\0"):
        meta, tab, raw = record.partition(b"\t")
        if not tab:
            continue
        mode, sha, stage = meta.decode("ascii").split(" ")
        if mode in _REGULAR and stage in ("0", "2"):
            out[decode_path(raw)] = sha
    return out


def names(output: bytes) -> list[str]:
    """The paths of `-z` name output (`ls-files -o -z`, `diff-files --name-only -z`)."""
    return [decode_path(p) for p in output.split(b"\0") if p]


def blob_id(data: bytes, width: int = 40) -> str:
    """The id Git gives a blob of these bytes (SHA-1, or SHA-256 when `width` is 64)."""
    digest = hashlib.sha256() if width == 64 else hashlib.sha1()  # noqa: S324 - Git's own id
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()
