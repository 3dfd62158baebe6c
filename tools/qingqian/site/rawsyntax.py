"""Markdown extension syntax that reached the built HTML as text: a page MkDocs did not understand.

When the ledger's mkdocs.yml lacks an extension the pages use (`admonition` for the
credit-hold box of a debtor page, `md_in_html` for the tables), MkDocs prints the
syntax as text (`!!! warning "停止供货（信用冻结）"`) and reports nothing. The built pages
are searched for the marks such syntax leaves; `site build --strict` fails on any.
"""

from __future__ import annotations

from pathlib import Path

from . import forks

# (what is left in the HTML, the extension that would have rendered it)
MARKS = ((b"<p>!!! ", "admonition"), (b"\n!!! ", "admonition"), (b"<p>??? ", "pymdownx.details"),
         (b' markdown="1"', "md_in_html"), (b' markdown="span"', "md_in_html"))


def raw_syntax(out: Path) -> list[str]:
    """`page: mark (needs extension)` for every built page showing unrendered syntax."""
    pages = sorted(out.rglob("*.html"))
    found = forks.map_forked(_marks, forks.split(pages, forks.cores()))
    return [f"{path.relative_to(out).as_posix()}: {said}"
            for path, said in sorted(item for share in found for item in share)]


def _marks(pages: list[Path]) -> list[tuple[Path, str]]:
    """The first mark found in each page, said as a warning (the pages split between processes)."""
    found = []
    for path in pages:
        data = path.read_bytes()
        for mark, extension in MARKS:
            at = data.find(mark)
            if at >= 0:
                line = data[at:at + 60].split(b"\n", 2)[1 if mark.startswith(b"\n") else 0]
                text = line.decode("utf-8", "replace").removeprefix("<p>").strip()
                found.append((path, f"raw Markdown `{text}` "
                                    f"(add `{extension}` to markdown_extensions in mkdocs.yml)"))
                break
    return found
