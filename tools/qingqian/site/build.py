"""`qingqian site build`: generate the pages, copy the policies, run MkDocs, check for leaks.

The generated tree lives outside the source tree (`.qingqian/site-src/`, git-ignored):
`docs/` holds plain Markdown plus inline SVG and `mkdocs.yml` INHERITs the ledger's
own. Private fields (rules.yaml `private:`) are removed from the ledger before any page
is generated, and the built site is scanned for their values afterwards.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..figures.trend import outstanding_at
from ..ledger import Ledger, load
from ..reports.common import base_currency
from ..reports.labels import word
from ..reports.monthly import month_bounds, monthly_reports
from ..reports.total import total_report
from . import archive, nav, pages, reference, todo_pages
from .leaks import leaks, readable  # noqa: F401 (readable: part of this module's API)
from .rawsyntax import raw_syntax
from .safe import html_text
from .untrusted import clean_policy_pages, config_problems, debtor_page, linked_folder

SOURCE = Path(".qingqian") / "site-src"


@dataclass
class BuildResult:
    """What a build did; `problems` non-empty means the site must not be published."""

    out: Path
    pages: int = 0
    warnings: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def scrub(ledger: Ledger, private: Iterable[str]) -> Ledger:
    """A copy of the ledger whose debtors and people have every private field reset."""
    names = set(private)

    def clean(model: Any) -> Any:
        fields = type(model).model_fields
        update = {n: fields[n].get_default(call_default_factory=True) for n in names if n in fields}
        return model.model_copy(update=update) if update else model

    return replace(ledger, debtors={k: clean(d) for k, d in ledger.debtors.items()},
                   people={k: clean(p) for k, p in ledger.people.items()})


def private_values(ledger: Ledger, private: Iterable[str]) -> set[str]:
    """Every private value of the ledger, less those that are also public names."""
    names = set(private)
    found: set[str] = set()
    for model in [*ledger.debtors.values(), *ledger.people.values()]:
        for name in names & set(type(model).model_fields):
            found.update(_strings(getattr(model, name)))
    public = {d.name for d in ledger.debtors.values()} | {p.name for p in ledger.people.values()}
    public |= {u.name for u in ledger.units.values()}
    return {v for v in found if len(v) >= 2 and v not in public}


def _strings(value: Any) -> Iterable[str]:
    """The text of a value: contacts give their name, phone and email, not their role."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    if hasattr(type(value), "model_fields"):
        return [s for key in ("name", "phone", "email") if hasattr(value, key)
                for s in _strings(getattr(value, key))]
    return [str(value).strip()]


def month_list(as_of: date, count: int = 24) -> list[str]:
    """The `count` months ending with the as-of month, oldest first."""
    index = as_of.year * 12 + as_of.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def site_data(ledger: Ledger, as_of: date, lang: str, debtor_pages: bool) -> pages.Site:
    """The figures several pages share, each from its report: computed once per build."""
    months = monthly_reports(ledger, as_of, month_list(as_of), lang=lang)
    ends = [min(month_bounds(month)[1], as_of) for month in months]
    trend = tuple(zip(months, outstanding_at(ledger, ends, base_currency(ledger))))
    return pages.Site(ledger, as_of, lang, debtor_pages,
                      total_report(ledger, as_of, by="unit", lang=lang), months, trend)


def generate(site: pages.Site) -> dict[str, str]:
    """Every generated page, `{path under docs/: markdown}`."""
    out = {"index.md": pages.overview(site), "status/aging.md": pages.aging(site),
           "status/units.md": pages.units(site), "status/collectors.md": pages.collectors(site),
           "status/cases.md": pages.cases_page(site),
           "status/limitation.md": pages.limitation_page(site),
           "status/holds.md": pages.holds_page(site), "status/writeoffs.md": pages.writeoffs(site),
           "monthly/index.md": archive.monthly_index(site), **archive.month_pages(site),
           "reference/rules.md": reference.rules_page(site.w, site.lang),
           "reference/formats.md": reference.formats_page(site.w)}
    out.update(todo_pages.pages(site))
    if site.debtor_pages:
        out["debtors/index.md"] = archive.debtor_index(site)
        out.update({debtor_page(d): archive.debtor_page(site, d)
                    for d in sorted(site.ledger.debtors)})
    note = f"\n---\n\n{word('generated', site.lang)}\n"
    named = titles(site)
    return {path: front_matter(path, named.get(path)) + text + note
            for path, text in out.items()}


# Pages of wide tables give the table of contents' column to the content.
WIDE = "---\nhide:\n  - toc\n---\n\n"


# Pages of rows that each stand on a debtor page too (status lists, work queues) stay out of
# the search index: a search for a name or an id finds the debtor page, not forty copies of
# its rows, and the index the browser loads shrinks from 33 MB to 9 MB at 10,000
# receivables (the build spends a third less time indexing).
UNSEARCHED = ("status/", "todo/")


def front_matter(path: str, title: str | None) -> str:
    """WIDE for every page but the reference; a page named by ledger text gets its `title:`
    escaped once, as its nav title is (the theme prints both as they are)."""
    fields = ([] if path.startswith("reference/") else ["hide:\n  - toc"]) + \
        (["search:\n  exclude: true"] if path.startswith(UNSEARCHED) else []) + \
        ([f"title: {json.dumps(html_text(title), ensure_ascii=False)}"] if title else [])
    return "---\n" + "\n".join(fields) + "\n---\n\n" if fields else ""


def titles(site: pages.Site) -> dict[str, str]:
    """The pages named by ledger text: each debtor's, each person's and unit's work queue.

    A name two of them share gets its id, so that the navigation tells them apart.
    """
    ledger = site.ledger
    named = [(f"todo/{i}.md", i, p.name) for i, p in ledger.people.items()]
    named += [(f"todo/unit-{i}.md", i, u.name) for i, u in ledger.units.items()]
    if site.debtor_pages:
        named += [(debtor_page(i), i, d.name) for i, d in ledger.debtors.items()]
    count = Counter(name for _, _, name in named)
    return {page: name if count[name] == 1 else f"{name}（{ident}）"
            for page, ident, name in named if name}


def write_tree(root: Path, src: Path, generated: dict[str, str],
               problems: list[str] | None = None) -> list[str]:
    """Write the pages and copy policies/**/*.md as written; returns the policy pages.

    A policy file that is a link, a device or too large is not published: it goes to
    `problems` with its place (S019, S006). Linked folders are not entered.
    """
    docs = src / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    for rel, text in generated.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (docs / nav.CSS).parent.mkdir(parents=True, exist_ok=True)
    (docs / nav.CSS).write_text(nav.STYLE, encoding="utf-8")
    policies = []
    for rel in _policy_pages(root / "policies"):
        data = _policy_bytes(root, rel, problems if problems is not None else [])
        if data is None:
            continue
        (docs / "policies" / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / "policies" / rel).write_text(join_cjk_lines(data.decode("utf-8", "replace")),
                                             encoding="utf-8")
        policies.append(rel)
    # index.md first: it is the section's landing page.
    return sorted(policies, key=lambda p: (p != "index.md", p))


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_BLOCK = re.compile(r"\s*([-*+>#|]|\d+[.)]\s|```|~~~|!!!|$)")


def join_cjk_lines(text: str) -> str:
    """A paragraph's line break between two Chinese characters removed (else it shows as a space:
    "或者 发现"); code fences, lists, quotes, headings and tables are left as written."""
    lines = text.split("\n")
    out: list[str] = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if (out and not fenced and not _BLOCK.match(line) and out[-1][-1:] and
                not out[-1].lstrip().startswith(("#", "|", "!!!", "???")) and
                _CJK.match(out[-1][-1]) and _CJK.match(line[:1]) and not out[-1].endswith("  ")):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _policy_pages(base: Path) -> list[str]:
    """policies/**/*.md below `base`, letter templates left out; links to folders not entered."""
    found = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(base).as_posix()
        found += [name if rel == "." else f"{rel}/{name}" for name in names if name.endswith(".md")]
    return sorted(p for p in found if not p.startswith("templates/"))


def _policy_bytes(root: Path, rel: str, problems: list[str]) -> bytes | None:
    from ..safefile import Refused, read_regular

    try:
        return read_regular(root / "policies" / rel, POLICY_LIMIT)
    except Refused as refused:
        problems.append(f"policies/{rel}:1:1: error {refused.rule}: {refused.message}; "
                        "not published / 未发布")
    except OSError as exc:
        problems.append(f"policies/{rel}: {exc.strerror}; not published")
    return None


POLICY_LIMIT = 4 * 1024 * 1024


STEPS = 5  # load, generate, write, MkDocs, scan: `tick` is called after each


def build_site(root: Path, as_of: date, out: Path | None = None, strict: bool = False,
               src: Path | None = None, trust_config: bool = False,
               tick: Callable[[int], None] | None = None) -> BuildResult:
    """Generate and build the site of the ledger at `root` as of a date.

    `src` is the folder for the generated Markdown and config (default
    `.qingqian/site-src/` under the ledger root); tests pass a temporary one.
    `trust_config` lets the ledger's mkdocs.yml use Python tags, hooks and templates.
    `tick(1)` is called after each of the `STEPS` phases (a progress bar's `update`).
    """
    tick = tick or (lambda steps: None)
    start = time.monotonic()
    out = out or root / "site"
    src = src or root / SOURCE
    result = BuildResult(out)
    result.problems += _refusals(root, out, src, trust_config)
    if result.problems:
        return result
    ledger = load(root)
    if ledger.rules is None:
        result.problems.append("policies/rules.yaml does not load; run `qingqian check`")
        return result
    rules = ledger.rules
    tick(1)
    public = scrub(ledger, rules.private)
    site = site_data(public, as_of, rules.language, bool(rules.site.debtor_pages))
    generated = generate(site)
    tick(1)
    src.mkdir(parents=True, exist_ok=True)
    policies = write_tree(root, src, generated, result.problems)
    todo_pages.write_calendars(src / "docs", site)
    months = sorted((p[8:-3] for p in generated if p.startswith("monthly/2")), reverse=True)
    debtors = sorted(site.ledger.debtors) if site.debtor_pages else []
    title = html_text(rules.site.title) if rules.site.title else None
    config = nav.write_config(root, src, out, rules.language,
                              nav.nav(rules.language, generated, policies, debtors, months,
                                      titles(site)),
                              title, strict)
    result.pages = len(generated) + len(policies)
    tick(1)
    with clean_policy_pages():
        result.warnings, error = run_mkdocs(config, strict)
    tick(1)
    if error:
        result.problems.append(error)
    elif out.is_dir():
        result.problems += remove_leaks(out, leaks(out, private_values(ledger, rules.private)))
        raw = raw_syntax(out)
        result.warnings += len(raw)
        for item in raw:
            print(f"mkdocs WARNING: {item}", file=sys.stderr)
        if strict:
            result.problems += raw
    tick(1)
    result.seconds = time.monotonic() - start
    return result


def _refusals(root: Path, out: Path, src: Path, trust_config: bool) -> list[str]:
    """Why the build must not start: linked output or work folders, a config that runs code."""
    problems = []
    for folder in (out, src, src / "docs", src / "mkdocs.yml", src / "base.yml"):
        link = linked_folder(root, folder) if folder in (out, src) else \
            (folder if os.path.islink(folder) else None)
        if link is not None:
            problems.append(f"{link} is a link or not a folder; the build deletes and rewrites "
                            "this folder, so it must be a real one / 输出目录不能是链接")
    if not trust_config:
        problems += [f"{item} (pass --trust-config if you trust this repository)"
                     for item in config_problems(root / "mkdocs.yml")]
    return problems


def remove_leaks(out: Path, found: list[str]) -> list[str]:
    """Delete every built file holding a private value; the problems, naming files, not values."""
    paths = sorted({item.split(": ", 1)[0] for item in found})
    for rel in paths:
        (out / rel).unlink(missing_ok=True)
    return [f"private value in {rel} (removed from the site / 已从站点删除)" for rel in paths]


def run_mkdocs(config_path: Path, strict: bool, fast: bool = True) -> tuple[int, str | None]:
    """Build in-process; MkDocs' warnings go to stderr and are counted.

    `fast` uses `parallel.run` (every core, the sidebar cached) when the config allows it;
    the site is the same byte for byte.
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from . import forks
    from .tablestash import TableStashExtension

    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # search still works, word by word
        pass
    counter = _Counter()
    stream = logging.StreamHandler()
    stream.setLevel(logging.WARNING)
    stream.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    logger.addHandler(stream)
    try:
        config = load_config(str(config_path), strict=strict)
        config.markdown_extensions.append(TableStashExtension())  # our tables, unparsed
        theirs = _fast_build(config) if fast else None
        if theirs is None:
            build(config)
        else:
            counter.count += theirs
    except forks.WorkerFailed as exc:
        return counter.count, f"mkdocs: a page process failed:\n{exc}"
    except exceptions.MkDocsException as exc:
        return counter.count, f"mkdocs: {exc}"
    finally:
        logger.removeHandler(counter)
        logger.removeHandler(stream)
    return counter.count, None


def _fast_build(config: Any) -> int | None:
    """`parallel.run`'s own warnings, or None where MkDocs' own build must run instead.

    Other plugins need MkDocs' build (silently); MkDocs internals that changed shape need
    it too, and a one-line notice says why the build is slower.
    """
    try:
        from . import parallel
    except ImportError as exc:  # a name parallel imports from MkDocs is gone
        reason: str | None = str(exc)
    else:
        if not parallel.supported(config):
            return None
        reason = parallel.unusable()
        if reason is None:
            return parallel.run(config)
    print(f"qingqian: 站点改用 MkDocs 自带构建（较慢）: MkDocs internals changed ({reason}); "
          "using MkDocs' own build", file=sys.stderr)
    return None


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
