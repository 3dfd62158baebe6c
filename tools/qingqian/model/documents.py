"""Documents held for a receivable or a case (清欠资料档案): a file in the repository, or
a paper original identified by its hash and where it is kept."""

from __future__ import annotations

from .types import Day, Record


class Document(Record):
    """One document: `kind` (rules.yaml `documents.kinds`), and `path` (a file under the
    repository's evidence folder) or `sha256` of the scan plus `held` (where the paper
    original is kept, e.g. 财务档案室 12号柜)."""

    kind: str
    path: str | None = None
    sha256: str | None = None
    held: str | None = None
    date: Day | None = None
    title: str | None = None
    note: str | None = None
