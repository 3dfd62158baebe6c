"""The law firm's letters on a case (art. 3): 法律意见书 and 结案报告, from templates.

Templates are the ledger's `policies/templates/legal-opinion.md` and
`closing-report.md` with string.Template `$placeholders`, like the other letters; the
figures are the case's progress from its opening to the as-of date. Every value from
YAML is escaped for the output it goes into.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from string import Template
from typing import Any

from . import WriteProblem
from .letter import html_value, md_value, rmb_upper

KINDS = {"opinion": "legal-opinion", "closing": "closing-report"}
SCOPES = {"general": "一般代理", "special": "特别授权", None: "—"}
RESULTS = {"collected": "债权全部收回，本案办结。", "partial": "债权部分收回，本案办结。",
           "written-off": "经穷尽措施仍未能收回，取得的法律文书可作为核销依据，本案办结。",
           "withdrawn": "委托人撤回委托，本案终结。", None: "本案尚未办结。"}


def _m(amount: Any) -> str:
    return "—" if amount is None else f"{amount:,.2f}"


def values(ledger: Any, ident: str, as_of: date, kind: str,
           escape: Callable[[str], str]) -> dict[str, str]:
    """Template values for a case letter; ledger strings pass through `escape`."""
    from ..lifecycle.cases import opened
    from ..lifecycle.progress import progress_between
    case = ledger.cases[ident]
    start = opened(case) or as_of
    p = progress_between(ledger, ident, "case", start, as_of)
    counsel, unit_names = case.counsel, []
    for ar in case.receivables:
        rec = ledger.receivables.get(ar)
        if rec is not None and rec.unit in ledger.units:
            unit_names.append(ledger.units[rec.unit].name)
    stages = "；".join(f"{s.date} {_stage(s.stage)}" for s in case.stages if s.date <= as_of)
    assets = "；".join(f"{a.description}（{_m(a.amount)}）" for a in case.assets
                       if a.date <= as_of) or "尚未查明"
    outcome = case.outcome if case.outcome and case.outcome.date <= as_of else None
    currency = ledger.currency(ledger.receivables[case.receivables[0]]) \
        if case.receivables and case.receivables[0] in ledger.receivables else "CNY"
    return {
        "letter_no": escape(f"{ident}-{kind}-{as_of:%Y%m%d}"), "case_id": escape(ident),
        "debtor_name": escape(p.debtor_name),
        "creditor": escape("、".join(dict.fromkeys(unit_names))),
        "receivables": escape("、".join(case.receivables)),
        "as_of_cn": f"{as_of.year}年{as_of.month}月{as_of.day}日", "opened": str(start),
        "currency": "人民币" if currency == "CNY" else escape(currency),
        "claim": _m(p.claim), "claim_upper": rmb_upper(p.claim),
        "claim_at_opening": _m(p.claim_at_opening), "recovered": _m(p.recovered_total),
        "recovered_upper": rmb_upper(p.recovered_total), "costs": _m(p.costs_total),
        "fee_due": _m(p.fee_due), "frozen": _m(p.frozen), "stages": escape(stages),
        "assets": escape(assets),
        "outcome": escape(RESULTS[outcome.result if outcome else None]
                          + (f"（{outcome.note}）" if outcome and outcome.note else "")),
        "law_firm": escape(counsel.firm if counsel else "＿＿＿＿律师事务所"),
        "lawyer": escape(counsel.lawyer or "＿＿＿＿" if counsel else "＿＿＿＿"),
        "contract": escape(counsel.contract or "—" if counsel else "—"),
        "scope": SCOPES[counsel.scope if counsel else None],
    }


def _stage(stage: str) -> str:
    from ..reports.labels import stage_name
    return stage_name(stage, "zh")


def render(ledger: Any, template: str, ident: str, as_of: date, kind: str) -> tuple[str, str]:
    """(Markdown, HTML page) of a case letter."""
    import html

    import markdown  # type: ignore[import-untyped]

    from .letter import CSS
    try:
        text = Template(template).substitute(values(ledger, ident, as_of, kind, md_value))
        source = Template(template).substitute(values(ledger, ident, as_of, kind, html_value))
    except (KeyError, ValueError) as exc:
        names = ", ".join("$" + k for k in sorted(values(ledger, ident, as_of, kind, str)))
        raise WriteProblem(f"template placeholder {exc} is unknown; use one of {names}") from None
    body = markdown.markdown(source, extensions=["tables"], output_format="html")
    page = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(ident)} {kind}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")
    return text, page


def write_case_letter(root: Path, ledger: Any, ident: str, kind: str, as_of: date,
                      out: Path) -> list[Path]:
    """Write <case>-<kind>-<date>.md and .html into `out`."""
    from .atomic import atomic_write
    if ident not in ledger.cases:
        raise WriteProblem(f"no case `{ident}`")
    path = root / "policies" / "templates" / f"{KINDS[kind]}.md"
    if not path.is_file():
        raise WriteProblem(f"no template policies/templates/{KINDS[kind]}.md; add one "
                           "(string.Template $placeholders), e.g. from the qingqian demo ledger")
    text, page = render(ledger, path.read_text(encoding="utf-8"), ident, as_of, kind)
    stem = f"{ident}-{kind}-{as_of.isoformat()}"
    paths = [out / f"{stem}.md", out / f"{stem}.html"]
    atomic_write(paths[0], text.encode("utf-8"))
    atomic_write(paths[1], page.encode("utf-8"))
    return paths
