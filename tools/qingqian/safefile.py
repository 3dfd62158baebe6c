"""Reading a file of the (untrusted) ledger repository: a regular file of bounded size, or nothing.

A committed symbolic link to the process environment published secrets; a file linked
to /dev/zero grew without end; a FIFO hung the reader. So a file is opened with
O_NOFOLLOW (a link is refused, not followed) and O_NONBLOCK (opening a FIFO cannot
wait for a writer), then `fstat` on the open descriptor — the very file read, so it
cannot be swapped in between — must say a regular file no larger than the limit,
before a byte is read. The size check is by `fstat`, so a 100 MB file costs nothing.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 4 * 1024 * 1024  # a ledger file; one receivable's history fits many times over
REFUSAL_RULES = ("S006", "S019", "S020")
REFUSED = b"\x00qingqian-refused\x00"  # never valid YAML: the loader turns it into a finding


UNDECODABLE: set[str] = set()  # shown paths of files whose names are not UTF-8 (loader._walk)


class Refused(Exception):
    """Why a file is not read: the rule (S019 not a regular file, S006 too large) and a message."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; Refused, or OSError when gone."""
    if UNDECODABLE and str(path) in UNDECODABLE:
        raise Refused("S020", NAME_NOT_UTF8)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused("S019", "是符号链接，未读取 / a symbolic link: links are never "
                          "followed") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("S019", f"不是普通文件，未读取 / {_kind(info.st_mode)}, "
                          "not a regular file")
        if info.st_size > limit:
            raise Refused("S006", f"file is {info.st_size:,} bytes, above the limit of {limit:,}")
        parts, size = [], 0
        while size <= limit and (chunk := os.read(fd, 1 << 20)):
            parts.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise Refused("S006", f"file is above the limit of {limit:,} bytes")
        return b"".join(parts)
    finally:
        os.close(fd)


NAME_NOT_UTF8 = "文件名不是 UTF-8，未读取 / the file name is not valid UTF-8"


def name_refused() -> bytes:
    """The bytes standing for a file whose name is not UTF-8, wherever it was listed from."""
    return marker(Refused("S020", NAME_NOT_UTF8))


def marker(refused: Refused) -> bytes:
    """Bytes standing for a refused file, so the reason travels (and is cached) like content."""
    return REFUSED + f"{refused.rule}\x00{refused.message}".encode()


def unmark(data: bytes) -> tuple[str, str] | None:
    """(rule, message) when `data` is a refusal marker, else None."""
    if not data.startswith(REFUSED):
        return None
    rule, _, message = data[len(REFUSED):].decode("utf-8", "replace").partition("\x00")
    return (rule, message) if rule in REFUSAL_RULES else None  # else plain (bad) content


def is_link_or_special(path: Path) -> bool:
    """Whether `path` is anything but a regular file or a real folder (not following links)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def read_ledger_bytes(path: Path | str) -> bytes:
    """A ledger file's bytes; b"" when it is gone since it was listed (then S003, never a
    traceback); a refusal marker for a link, a device, a FIFO or a file above the size
    limit, which the loader reports as S019, S020 or S006 without reading it."""
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except Refused as refused:
        return marker(refused)
    except OSError:
        return b""
