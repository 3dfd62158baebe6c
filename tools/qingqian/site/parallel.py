"""MkDocs' own build, with the pages shared between processes and the sidebar cached.

`mkdocs build` converts, renders and indexes one page after another on one core. This
runs the same steps (mkdocs.commands.build.build, 1.6) in the same order, with these
differences, each chosen to leave every output byte as it was:

- the pages whose title comes from their own text (no title in the nav: policies and
  index pages) are converted first, and every page's front matter is read, so every
  process shows the same nav;
- the other pages are shared between forked processes, which convert, render and write
  them; each sends back its search entries and anchor data, and the parent writes the
  search index with the entries in page order;
- nav items are reused across pages (`navcache`), jieba's cut of a repeated word is
  remembered, and the old site is deleted by another process while the new one builds.

Only the search plugin is known to keep no other state across pages; with any other
plugin or hook, `supported` is false and mkdocs' own build runs unchanged. The steps are
MkDocs' private functions (pyproject pins the minor version they were read from); when
one is gone or takes other parameters, `unusable` says so and MkDocs' own build runs.
"""

from __future__ import annotations

import inspect
import logging
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mk
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from . import forks, navcache

log = logging.getLogger("mkdocs.qingqian")
SEARCH = ("search", "material/search")
INCLUDED = InclusionLevel.is_included
SHARES_PER_PROCESS = 8  # a process that finishes early takes another share


# The private functions of mkdocs.commands.build this build calls (MkDocs 1.6): the
# parameters passed by position, then those passed by name.
PRIVATE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "_populate_page": (("page", "config", "files"), ()),
    "_build_page": (("page", "config", "doc_files", "nav", "env"), ("excluded",)),
    "_build_theme_template": (("template_name", "env", "files", "config", "nav"), ()),
    "_build_extra_template": (("template_name", "files", "config", "nav"), ()),
}


def unusable() -> str | None:
    """Why this MkDocs cannot be built in parts (a private function gone or changed), or None."""
    for name, (positional, named) in PRIVATE.items():
        func = getattr(mk, name, None)
        try:
            params = list(inspect.signature(func).parameters) if callable(func) else None
        except (TypeError, ValueError):
            params = None
        if params is None:
            return f"mkdocs.commands.build.{name} is missing"
        if params[:len(positional)] != list(positional) or not set(named) <= set(params):
            return f"mkdocs.commands.build.{name} takes ({', '.join(params)})"
    return None


def supported(config: MkDocsConfig) -> bool:
    """Whether every plugin is one this build knows to be safe to split (search only)."""
    return all(name in SEARCH for name in config.plugins)


def run(config: MkDocsConfig, processes: int | None = None) -> int:
    """Build the site like mkdocs' build (which see); returns the number of warnings logged by
    the page processes, which the parent's log handlers did not see."""
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        with _jieba_memo():
            theirs = _build(config, processes or forks.cores())
        for level, count in theirs.items():
            counter.counts[level] += count
        if config.strict and (counts := counter.get_counts()):
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} "
                        "in strict mode!")
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            log.error(str(exc))
            raise Abort("Aborted with a BuildError!") from exc
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    return sum(theirs.values())


@dataclass
class Job:
    """One build's MkDocs objects; each forked process starts from a copy."""

    config: MkDocsConfig
    files: Files
    env: Any
    nav: Navigation
    pages: list[Page]
    read: set[int]  # ids of the pages converted before the fork


def _build(config: MkDocsConfig, processes: int) -> dict[int, int]:
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    with _cleared(config.site_dir):
        job = _prepare(config)
        job.files.copy_static_files(inclusion=INCLUDED)
        shares = share(job.pages, job.read, processes * SHARES_PER_PROCESS)
        apart = _templates_apart(job)  # then one page process writes them, alongside
        if not apart:
            _write_templates(job)
        parent = os.getpid()

        def work(share: int) -> dict:
            counter = _fresh_counter() if os.getpid() != parent else None
            if apart and share == len(shares) - 1:
                _write_templates(job)
            found = _work(job, shares[share])
            return {**found, "warnings": dict(counter.counts) if counter else {}}

        return _finish(job, forks.map_forked(work, range(len(shares))))


def _prepare(config: MkDocsConfig) -> Job:
    """Files, nav and pages as mkdocs gathers them, and the pages the nav takes titles from."""
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    pages = _pages(config, files)
    first = {id(p) for p in pages if "title" not in p.__dict__}  # nav title from the text
    for page in pages:
        if id(page) in first:
            mk._populate_page(page, config, files)
        else:
            page.read_source(config)  # front matter (nav icons, status) for every process
    env = config.plugins.on_env(env, config=config, files=files)
    navcache.install(env, nav)
    return Job(config, files, env, nav, pages, first)


def _pages(config: MkDocsConfig, files: Files) -> list[Page]:
    """The documentation pages in build order, as mkdocs creates them."""
    pages = []
    for file in files.documentation_pages(inclusion=INCLUDED):
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        assert file.page is not None
        pages.append(file.page)
    return pages


def _templates_apart(job: Job) -> bool:
    """Whether no page is written where a theme template is (then they need no order)."""
    names = set(job.config.theme.static_templates) | set(job.config.extra_templates)
    return not any(page.file.dest_uri in names for page in job.pages)


def _write_templates(job: Job) -> None:
    for template in job.config.theme.static_templates:
        mk._build_theme_template(template, job.env, job.files, job.config, job.nav)
    for template in job.config.extra_templates:
        mk._build_extra_template(template, job.files, job.config, job.nav)


def share(pages: Sequence[Page], read: set[int], parts: int) -> list[list[int]]:
    """Page indexes in about `parts` shares of about equal estimated cost (a big table costs
    more to build), the costliest pages first: processes take the shares in this order as
    they come free, so the big pages start early and the shares of small ones fill the end."""
    weight = {i: _size(p) + (0 if id(p) in read else 4 * _size(p))
              + 20_000  # the template and the write, about equal per page
              for i, p in enumerate(pages)}
    target = sum(weight.values()) / max(1, parts)
    shares: list[list[int]] = []
    current: list[int] = []
    load = 0
    for index in sorted(weight, key=lambda i: -weight[i]):
        current.append(index)
        load += weight[index]
        if load >= target:
            shares.append(sorted(current))
            current, load = [], 0
    return shares + [sorted(current)] if current else shares


def _size(page: Page) -> int:
    try:
        return os.path.getsize(page.file.abs_src_path or "")
    except OSError:
        return 0


def _work(job: Job, mine: list[int]) -> dict:
    """Convert, render and write these pages; what the parent needs back, by page index."""
    entries = _entries_of(job.config)
    entries = [] if entries is None else entries  # None when search is disabled
    found: dict[str, dict] = {"entries": {}, "anchors": {}}
    for index in mine:
        if id(job.pages[index]) not in job.read:
            mk._populate_page(job.pages[index], job.config, job.files)
    doc_files = job.files.documentation_pages(inclusion=INCLUDED)
    for index in mine:
        page, before = job.pages[index], len(entries)
        mk._build_page(page, job.config, doc_files, job.nav, job.env,
                       excluded=page.file.inclusion.is_excluded())
        found["entries"][index] = entries[before:]
        found["anchors"][index] = (page.present_anchor_ids, _links(page))
    return found


def _links(page: Page) -> dict[str, dict[str, str]] | None:
    """Links to anchors, by the linked file's path (File objects do not cross processes)."""
    if page.links_to_anchors is None:
        return None
    return {f.src_uri: links for f, links in page.links_to_anchors.items()}


def _finish(job: Job, results: list[dict]) -> dict[int, int]:
    """Anchor checks and the search index, as mkdocs ends a build; the page processes' warnings."""
    _gather(results, job.pages, job.files, job.config)
    for page in job.pages:
        page.validate_anchor_links(files=job.files, log_level=job.config.validation.links.anchors)
    job.config.plugins.on_post_build(config=job.config)
    theirs: dict[int, int] = defaultdict(int)
    for result in results:
        for level, count in result["warnings"].items():
            theirs[level] += count
    return theirs


def _gather(results: list[dict], pages: list[Page], files: Files, config: MkDocsConfig) -> None:
    """Anchor data onto the parent's pages; every search entry, in page order."""
    by_page: dict[int, list] = {}
    for result in results:
        by_page.update(result["entries"])
        for index, (present, links) in result["anchors"].items():
            pages[index].present_anchor_ids = present
            if links is not None:
                pages[index].links_to_anchors = {files.get_file_from_path(uri): found
                                                 for uri, found in links.items()}
    entries = _entries_of(config)
    if entries is not None:
        entries[:] = [entry for index in sorted(by_page) for entry in by_page[index]]


def _entries_of(config: MkDocsConfig) -> list | None:
    """The search plugin's list of index entries (Material's or MkDocs' own), if any."""
    for name in SEARCH:
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        for attr in ("entries", "_entries"):
            if isinstance(getattr(index, attr, None), list):
                return getattr(index, attr)
    return None


def _fresh_counter() -> utils.CountHandler:
    """A warning counter for this process alone (the inherited ones hold the parent's counts)."""
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        if isinstance(handler, utils.CountHandler):
            logger.removeHandler(handler)
    logger.addHandler(counter)
    return counter


@contextmanager
def _cleared(directory: str) -> Iterator[None]:
    """mkdocs' `clean_directory`, the deleting done by another process while the site builds.

    The old entries are moved aside first (a rename is instant), so no new file meets an
    old one; hidden entries stay, as mkdocs leaves them.
    """
    trash = _move_aside(directory)
    remover = forks.start_removing(trash) if trash else None
    try:
        yield
    finally:
        if remover is not None:
            remover.wait()


def _move_aside(directory: str) -> str | None:
    """Move the directory's visible entries into a new sibling folder; its path, if any."""
    if not os.path.isdir(directory):
        return None
    entries = [e for e in os.listdir(directory) if not e.startswith(".")]
    if not entries:
        return None
    parent, name = os.path.split(os.path.abspath(directory))
    try:
        trash = tempfile.mkdtemp(prefix=f".{name}.old-", dir=parent)
    except OSError:
        utils.clean_directory(directory)
        return None
    try:
        for entry in entries:
            os.rename(os.path.join(directory, entry), os.path.join(trash, entry))
    except OSError:
        utils.clean_directory(directory)  # what could not be moved
    return trash


@contextmanager
def _jieba_memo() -> Iterator[None]:
    """Material's search segments every Chinese run with jieba; the same run cuts the same way."""
    try:
        from material.plugins.search import plugin as search  # type: ignore[import-untyped]
    except ImportError:
        yield
        return
    real = getattr(search, "jieba", None)
    if real is None:
        yield
        return
    search.jieba = _MemoJieba(real)
    try:
        yield
    finally:
        search.jieba = real


class _MemoJieba:
    """jieba with `cut` remembered per input (the dictionary does not change during a build)."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self._cuts: dict[tuple, list[str]] = {}

    def cut(self, text: Any, *args: Any, **kwargs: Any) -> Iterator[str]:
        key = (text, args, tuple(sorted(kwargs.items())))
        if key not in self._cuts:
            self._cuts[key] = list(self._real.cut(text, *args, **kwargs))
        return iter(self._cuts[key])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)
