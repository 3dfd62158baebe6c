"""What a site build takes from the ledger repository, made safe to publish and to run.

- Policy pages are the ledger's own Markdown, so they may hold `<script>`, event
  attributes (`{: onclick=… }` through attr_list) or `javascript:` links. Their HTML,
  as Python-Markdown renders it inside MkDocs, is cleaned with nh3 (ammonia) before the
  theme and the search index see it: known tags, harmless attributes, http(s)/mailto
  and relative links only. Generated pages are escaped where they are made.
- The ledger's `mkdocs.yml` is YAML that MkDocs loads with Python tags enabled
  (`!!python/object/apply` runs code), may name `hooks` (Python files) or a theme
  `custom_dir` (Jinja templates, which are not sandboxed). A build refuses those
  unless the user says `--trust-config`; a handful of plain function names used
  by Markdown extensions (toc's slugify) are allowed.
- The build's output and work folders must not be links: deleting `site/` must not
  delete whatever a committed `site → /elsewhere` points at.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import yaml

RESERVED_PAGES = frozenset({"index", "readme"})  # MkDocs makes either a folder's index page
SAFE_NAMES = frozenset({
    "markdown.extensions.toc.slugify", "markdown.extensions.toc.slugify_unicode",
    "pymdownx.slugs.uslugify", "pymdownx.superfences.fence_code_format",
    "material.extensions.emoji.twemoji", "material.extensions.emoji.to_svg",
})
PYTHON_TAG = "tag:yaml.org,2002:python/"
CONFIG_LIMIT = 1024 * 1024


def debtor_page(ident: str) -> str:
    """The page of a debtor under docs/; an id such as `index` cannot replace a site page."""
    return f"debtors/_{ident}.md" if ident.lower() in RESERVED_PAGES else f"debtors/{ident}.md"


def clean_html(text: str) -> str:
    """Policy HTML with no script, event handler, style or unsafe link left in it."""
    import nh3

    attributes = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
    attributes["*"] = {"class", "id", "title", "lang", "dir"}
    attributes["a"] = {"href", "hreflang"}
    for cell in ("td", "th"):
        attributes[cell] = attributes.get(cell, set()) | {"style"}
    return nh3.clean(text, attributes=attributes, link_rel=None,
                     url_schemes={"http", "https", "mailto", "tel"},
                     filter_style_properties={"text-align"})


@contextlib.contextmanager
def clean_policy_pages() -> Iterator[None]:
    """While MkDocs builds (forked workers included), policy pages render through clean_html."""
    from mkdocs.structure.pages import Page

    render = Page.render

    def cleaned(self: Page, config, files) -> None:  # type: ignore[no-untyped-def]
        render(self, config, files)
        if self.file.src_uri.startswith("policies/") and self.content is not None:
            self.content = clean_html(self.content)

    Page.render = cleaned  # type: ignore[method-assign]
    try:
        yield
    finally:
        Page.render = render  # type: ignore[method-assign]


def config_problems(path: Path) -> list[str]:
    """Why the ledger's mkdocs.yml may run code during a build; [] when it cannot."""
    from ..safefile import Refused, read_regular

    if not os.path.lexists(path):
        return []
    try:
        data = read_regular(path, CONFIG_LIMIT)
    except (Refused, OSError) as exc:
        return [f"{path.name}: {exc}"]
    problems = []
    try:
        for event in yaml.parse(data):
            tag = getattr(event, "tag", None) or ""
            if tag.startswith(PYTHON_TAG) and tag[len(PYTHON_TAG):] not in \
                    {f"name:{name}" for name in SAFE_NAMES}:
                line = event.start_mark.line + 1
                problems.append(f"{path.name}:{line}: Python tag `!!{tag[18:]}` would run code")
        document = yaml.load(data, Loader=_Plain) or {}
    except yaml.YAMLError as exc:
        return [f"{path.name}: not valid YAML: {exc}"]
    if isinstance(document, dict):
        if document.get("hooks"):
            problems.append(f"{path.name}: `hooks` run Python files from the repository")
        theme = document.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir"):
            problems.append(f"{path.name}: theme `custom_dir` templates can run code")
        if document.get("INHERIT"):
            problems.append(f"{path.name}: `INHERIT` reads another file; put the settings here")
    return problems


class _Plain(yaml.SafeLoader):
    """SafeLoader that reads any tag as the plain value under it (for looking, not running)."""


_Plain.add_multi_constructor("", lambda loader, suffix, node: (
    loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None))


def linked_folder(root: Path, folder: Path) -> Path | None:
    """The first link (or non-folder) on the way from `root` down to `folder`, if any.

    A folder outside `root` (an explicit `--out`) is checked itself only.
    """
    folder = Path(os.path.abspath(folder))
    try:
        steps = [root.joinpath(*folder.relative_to(root).parts[:n])
                 for n in range(1, len(folder.relative_to(root).parts) + 1)]
    except ValueError:
        steps = [folder]
    for here in steps:
        if os.path.islink(here) or (os.path.lexists(here) and not here.is_dir()):
            return here
    return None
