"""Finding messages, hints and usage problems rendered in the language asked.

Rules build their messages in English (the values they hold are Findings, stored and
cached as they are); the renderer matches a message against its rule's templates
(`finding_templates`), takes the fields out and fills the Chinese template of the
catalogue. A field that is itself a known phrase (`FRAGMENTS`) or, in a field that
holds one, a code word (`WORDS`) is rendered too; a field quoted in backticks is code and
stays as written. A message without a template stays
English. Every template is a msgid of the catalogue (`N_`).
"""

from __future__ import annotations

import functools
import re
import string
from decimal import Decimal

from . import N_, _
from .finding_templates import FRAGMENTS, WORD_FIELDS, WORDS
from .finding_templates import TEMPLATES as FINDINGS

# Usage problems the command line reports (exit 2), as `Group.invoke` prints them.
CLI = (
    N_("no policies/rules.yaml here or above; run inside a ledger, pass --root, or create one "
       "with `qingqian init DIR`"),
    N_("--root {path} is not a directory"),
    N_("no commit on or before {date}"),
    N_("unknown revision `{rev}`"),
    N_("`{text}` is not a revision or a date"),
    N_("{path} is not inside a Git repository"),
    N_("policies/rules.yaml does not load; run `qingqian check`"),
    N_("say what to export: --xlsx FILE, --jsonl FILE or --csv FILE"),
    N_("no receivable `{id}` in this ledger"),
    N_("give a range such as origin/main..HEAD (or BASE for BASE..HEAD)"),
    N_("--month {value} is not a month like 2026-11"),
    N_("--period {value} is not YYYY-MM or YYYY"),
    N_("{path} is not empty; generate into a new directory"),
    N_("use --since or --staged, not both"),
    N_("PDF output needs qingqian.render.pdf (WeasyPrint); write --format html and print it to "
       "PDF meanwhile"),
    N_("no case `{id}`"),
    N_("no case `{id}` in this ledger"),
    N_("no commit touched a file of `{id}`"),
    N_("--restated {value}: expected a month like 2026-10"),
    N_("`{id}` is no receivable with a `lease:`"),
    N_("no invoice for {month}: no readings, or no tariff in rules.yaml"),
    N_("--horizon {value} is not a number of days like 30d or 6w"),
    N_("say where: --ics FILE or --out-dir DIR"),
    N_("unknown person `{person}`: see policies/people.yaml"),
    N_("{type} takes no --{option} (that option is for case entries)"),
    N_("no receivable `{id}`; pass --debtor"),
    N_("no receivable `{id}`"),
    N_("name a receivable, debtor or case, or pass --due"),
    # Git's refusals (gitio)
    N_("git {command} failed: {detail}"),
    N_("git cannot run: {detail}"),
    N_("git cat-file: no object {sha}"),
    N_("git diff --cached failed"),
    N_("`{text}` is not a date on the calendar (YYYY-MM-DD)"),
    N_("`{text}` is not a revision"),
    N_("{path} exists and is not qingqian's; add `qingqian check --staged` to it, or pass "
       "--force to replace it"),
    N_("{path} already holds a ledger (policies/rules.yaml exists)"),
    # the writers' refusals (write/, collect/mail)
    N_("{path} is a symbolic link; refusing to lock through it"),
    N_("cannot open the write lock {path}: {detail}"),
    N_("{receivable} is not a receivable of {case}"),
    N_("unknown case entry `{kind}`; use one of {kinds}"),
    N_("--installment {value} is not DUE:AMOUNT like 2026-12-31:200000"),
    N_("the file is not a mapping of fields"),
    N_("`{key}` is not a list"),
    N_("needs {options}"),
    N_("unknown event type `{type}`; use one of {types}"),
    N_("{type} has no field {fields}; it takes {allowed}"),
    N_("{type} needs {options}"),
    N_("a {type} of {amount} is not an event: amounts are above zero (金额须大于零)"),
    N_("refusing to write a change set that adds errors"),
    N_("{path} changed while the command ran; nothing was written, run it again"),
    N_("cannot edit a file that is not valid YAML: {detail}"),
    N_("`{value}` is not an amount like 1250000.00"),
    N_("`{value}` is not an amount: amounts are never negative"),
    N_("amount {value} has more than 2 decimal places"),
    N_("--opened {given} differs from policies/rules.yaml opened: {on_file}"),
    N_("no opening date: set `opened:` in policies/rules.yaml (the day the ledger takes over "
       "from the 台账, e.g. the day after the sheet's cut-off) or pass --opened DATE / 请在 "
       "policies/rules.yaml 设置 opened（台账移交之日）"),
    N_("`{id}` has no receivable to write about"),
    N_("no receivable, debtor or case `{id}`"),
    N_("template placeholder {name} is unknown; use one of {names}"),
    N_("no template {path}; add one (string.Template $placeholders), e.g. copied from the "
       "qingqian demo ledger"),
    N_("no template {path}; add one (string.Template $placeholders), e.g. from the qingqian "
       "demo ledger"),
    N_("{path}: its folder is a symbolic link; links are never followed"),
    N_("{path}: not UTF-8"),
    N_("{path}: unknown field(s) {fields}; map columns to {targets}, or to ~ to ignore one"),
    N_("{path}: no column is mapped to `{field}`"),
    N_("{path}: no column {columns} in row {row}"),
    N_("{path}: {size} bytes, above the limit of {limit}; split the sheet / 文件过大，请拆分"),
    N_("{path}: not a readable .xlsx ({error})"),
    N_("{path}: no sheet {sheet} (sheets: {names})"),
    N_("{path}: the sheet reaches row {rows}, column {columns}; the limit is {max_rows} rows "
       "and {max_columns} columns / 表格超出行列上限"),
    N_("credit code {code} {problem}"),
    N_("ID-card number {problem}"),
    N_("{id} ({name}) already has this {same}: one debtor, one file (一户一档); record the new "
       "receivable against {id}"),
    N_("unknown unit `{unit}`; use an id from policies/units.yaml: {known}"),
    N_("`{path}` is not a path inside the ledger"),
    N_("{path} already exists"),
    N_("set QINGQIAN_SMTP_HOST and QINGQIAN_SMTP_FROM (and _PORT, _STARTTLS, _USER, _PASSWORD "
       "as needed) to send mail"),
    N_("QINGQIAN_SMTP_PORT is not a port number"),
)

TEMPLATES: dict[str, tuple[str, ...]] = {"CLI": CLI, **FINDINGS}
_WORDS = frozenset(WORDS)


@functools.cache
def _compiled(template: str) -> tuple[re.Pattern[str], frozenset[str], str]:
    """The template as a regular expression (literal text as is, each field a lazy group),
    the fields quoted in backticks (codes, shown as written) and the literal it starts with."""
    parts = list(string.Formatter().parse(template))
    regex, seen, quoted = [], set(), set()
    for index, (literal, name, _spec, _conv) in enumerate(parts):
        regex.append(re.escape(literal))
        if name is None:
            continue
        after = parts[index + 1][0] if index + 1 < len(parts) else ""
        if literal.endswith("`") and after.startswith("`"):
            quoted.add(name)
        regex.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
    return re.compile("".join(regex) + r"\Z", re.S), frozenset(quoted), parts[0][0] if parts else ""


def _literal_length(template: str) -> int:
    return sum(len(literal) for literal, *_rest in string.Formatter().parse(template))


@functools.cache
def _ordered(group: tuple[str, ...]) -> tuple[str, ...]:
    """Most specific first: of two templates that both match, the one with more fixed text
    (`unknown unit `{unit}` in accountability` before `unknown unit `{unit}``)."""
    return tuple(sorted(group, key=_literal_length, reverse=True))


def _fill(templates: tuple[str, ...], text: str, lang: str) -> str | None:
    """`text` in `lang` by the first template that matches it, or None."""
    for template in _ordered(templates):
        pattern, quoted, prefix = _compiled(template)
        if not text.startswith(prefix):
            continue
        match = pattern.match(text)
        if match:
            fields = {name: value if name in quoted else _field(name, value, lang)
                      for name, value in match.groupdict().items()}
            return _(template, lang).format(**fields)
    return None


# fields that hold an amount of money (a rule writes it plain, 1250000.00): shown grouped
AMOUNT_FIELDS = frozenset({"amount", "cap", "claim", "collected", "credited", "delta",
                           "difference", "fee", "invoiced", "limit", "outstanding", "over",
                           "owed", "paid", "recovered", "total", "written_off"})
_AMOUNT = re.compile(r"-?\d{4,}\.\d{2}\Z")


def _field(name: str, value: str, lang: str) -> str:
    """A field's value: an amount with thousands separators, a code word or a known phrase
    in `lang`, else as it is."""
    if name in AMOUNT_FIELDS and _AMOUNT.match(value):
        return f"{Decimal(value):,.2f}"
    if name in WORD_FIELDS and value in _WORDS:
        return _(value, lang, context="word")
    # every phrase has a space in it: an amount, a date or an id is none of them
    filled = _fill(FRAGMENTS, value, lang) if " " in value else None
    return value if filled is None else filled


@functools.lru_cache(maxsize=1 << 16)  # a hint is the same on thousands of findings
def render(rule: str, text: str, lang: str) -> str:
    """A finding's message or hint in `lang`, its amounts grouped by thousands (the rule
    writes them plain); untemplated text as it is."""
    if not text:
        return text
    filled = _fill(TEMPLATES.get(rule, ()), text, lang)
    return text if filled is None else filled


def covered(rule: str, text: str) -> bool:
    """Whether a template of `rule` matches `text` (the coverage test asks)."""
    return any(_compiled(t)[0].match(text) for t in TEMPLATES.get(rule, ()))


def all_templates() -> list[str]:
    return [t for group in TEMPLATES.values() for t in group]
