"""Attacks: a title with CR and `<!--` hid the history findings of the `diff` summary; a value
with a line break injected a GitHub workflow command into `check --format github`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import policy_files, receivable, write_ledger
from markdown_it import MarkdownIt
from test_git_history import AR1, GitRepo, closed_rules

AS_OF = "2026-11-30"
PREFIX = {"en": "⚠ History rules", "zh": "⚠ 历史规则"}
HEADING = {"en": "⚠ History rules ({n})", "zh": "⚠ 历史规则（{n} 项）"}  # the real heading
NONE = {"en": "none", "zh": "无"}
SHOW = "y\r-->"
FAKE = "D-9\n::notice title=ok::All checks passed\r::notice ::done"


def _hide(lang: str) -> str:
    """A title that opens an HTML comment and fakes an empty history section in `lang`."""
    return f"x\r<!-- \r### {HEADING[lang].format(n=0)}\r\r{NONE[lang]}\r"


def _titled(ident: str, title: str) -> str:
    import json
    return receivable(ident, "- {date: 2026-11-05, type: invoice, amount: '10.00', ref: X}") \
        .replace("title: 某工程进度款", f"title: {json.dumps(title)}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_history_findings_cannot_be_hidden_in_diff_markdown(tmp_path: Path, lang: str) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1})
    base = repo.git("rev-parse", "HEAD")
    repo.commit("hide", {"ledger/east/2026/AR-1.yaml": AR1.replace('"300.00"', '"30.00"'),
                         "ledger/east/2026/AR-2.yaml": _titled("AR-2", _hide(lang)),
                         "ledger/east/2026/AR-3.yaml": _titled("AR-3", SHOW)})
    code, out = repo.qq("diff", f"{base}..HEAD", "--as-of", AS_OF, "--lang", lang)
    assert code == 0, out
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(out)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not kinds & {"html_block", "html_inline"}, "a value opened raw HTML"
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [h for h in headings if h.startswith(PREFIX[lang])] == [HEADING[lang].format(n=2)]
    items = [t.content for t in tokens if t.type == "inline"]
    start = next(i for i, t in enumerate(items) if t.startswith(PREFIX[lang]))
    shown = " ".join(items[start:])
    assert "H002" in shown and "H003" in shown
    html = parser.render(out)
    assert "<!--" not in html


def test_line_break_in_a_value_injects_no_workflow_command(qq, tmp_path: Path) -> None:
    rec = receivable("AR-1", "- {date: 2026-01-05, type: invoice, amount: '100.00'}")
    import json
    rec = rec.replace("debtor: D-0001", f"debtor: {json.dumps(FAKE)}")
    code, out = qq("check", "--as-of", AS_OF, "--format", "github",
                   files={"ledger/east/AR-1.yaml": rec})
    assert code == 1
    commands = [line for line in out.replace("\r", "\n").split("\n") if line.startswith("::")]
    assert commands and all(line.startswith("::error file=ledger/east/AR-1.yaml,") for line in commands)
    assert "%0A::notice" in out


def test_line_break_in_a_value_stays_on_its_line_in_text_output(qq) -> None:
    rec = receivable("AR-1", "- {date: 2026-01-05, type: invoice, amount: '100.00'}")
    import json
    rec = rec.replace("debtor: D-0001", f"debtor: {json.dumps(FAKE)}")
    code, out = qq("check", "--as-of", AS_OF, files={"ledger/east/AR-1.yaml": rec})
    assert code == 1
    lines = out.replace("\r", "\n").splitlines()
    assert not [line for line in lines if line.startswith("::")]
    assert "\\n::notice" in out
