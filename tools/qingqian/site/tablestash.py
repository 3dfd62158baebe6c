"""A Markdown extension: the generated tables are set aside whole, unparsed.

`pages.md_table` writes a table as HTML in one block, from `<div class="qq-table…">` to
`</div>`, escaped cell by cell. Markdown would read it with its HTML parser, character by
character, to find where the block ends (45 of 80 seconds of a 10,000-receivable site
were spent there). A table without links needs no Markdown inside it, so this
preprocessor stores the block in Markdown's own stash before that parser runs, as the
parser would have stored it. Tables with links (`markdown="1"`) are left to the parser.
Policy pages are sanitised after rendering (untrusted.py), so a policy that imitates a
table's opening line gains nothing.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPENING = re.compile(r'<div class="qq-table(?: qq-cards)?">\Z')
CLOSING = "</div>"


class TableStash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if OPENING.match(line):
                    block = [line]
                else:
                    out.append(line)
                continue
            block.append(line)
            if line == CLOSING:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
        return out + (block or [])


class TableStashExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        # after whitespace is normalised (30), before raw HTML is parsed (20)
        md.preprocessors.register(TableStash(md), "qq_table_stash", 25)
