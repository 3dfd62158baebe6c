"""The Material sidebar, rendered once per section instead of once per page, byte for byte.

Every page of a Material site carries the whole navigation: with one page per debtor,
2,000 pages each render 2,000 nav items, and that quadratic template work was most of
the build. A nav item's HTML depends on the current page only through its links
(relative to the page's folder) and, when it contains the page, through the `active`
marks. So:

- an item that does not contain the current page is rendered once per page folder and
  reused (`("up", parent folder)` when no link in it points into the page's own folder);
- a section that contains the page is rendered in full for the first page; for the
  next pages the stored HTML is reused with only the children that contain either page
  rendered again.

The macro of Material's `partials/nav-item.html` is wrapped in `{% call %}`, so the
HTML still comes from the theme's own template; any other template is left alone.
tests/test_site_fast.py compares every file with a plain MkDocs build.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

TEMPLATE = "partials/nav-item.html"
MACRO = "{% macro render(nav_item, path, level, parent) %}"
CALL = "{% call qq_nav_item(render, nav_item, path, level, parent, page, features) %}"
END = "{% endmacro %}"

Parts = tuple[str, ...]


def patch_source(source: str) -> str | None:
    """Material's nav-item.html with the `render` macro's body wrapped; None if not that shape."""
    start, end = source.find(MACRO), source.rfind(END)
    if source.count(MACRO) != 1 or end < start or "{% macro" in source[start + 1:end]:
        return None
    head = start + len(MACRO)
    return source[:head] + CALL + source[head:end] + "{% endcall %}" + source[end:]


class PatchingLoader(jinja2.BaseLoader):
    """The theme's loader, with Material's own nav-item.html wrapped for the cache."""

    def __init__(self, inner: jinja2.BaseLoader, material_dir: Path) -> None:
        self.inner = inner
        self.material_dir = material_dir

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple:
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template == TEMPLATE and filename and Path(filename).parent.parent == self.material_dir:
            source = patch_source(source) or source
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def install(env: jinja2.Environment, nav: Any) -> bool:
    """Route the theme's nav items through a cache; False when the theme is not Material."""
    try:
        import material  # type: ignore[import-untyped]
    except ImportError:
        return False
    material_dir = Path(material.__file__).parent / "templates"
    if env.loader is None:
        return False
    env.loader = PatchingLoader(env.loader, material_dir)
    env.globals["qq_nav_item"] = NavCache(nav).render_item
    return True


def url_parts(path: str) -> list[str]:
    """A URL path as MkDocs compares it (mkdocs.utils._norm_parts)."""
    path = posixpath.normpath("/" + path)[1:]
    return path.split("/") if path else []


def page_folder(url: str) -> Parts:
    """The parts MkDocs makes links relative to: the page URL without a file name."""
    folder, _, name = url.rpartition("/")
    return tuple(url_parts(folder if "." in name else url))


def link_target(url: str) -> Parts | None:
    """A nav link's parts, or None for a link that no page changes (absolute, anchor, scheme)."""
    parsed = urlsplit(url)
    if parsed.scheme or parsed.netloc or url.startswith(("/", "#")):
        return None
    return tuple(url_parts(url))


@dataclass
class Child:
    """A child item's call and HTML, as recorded while its section rendered for one page."""

    args: tuple
    html: str
    fixed: bool  # neither containing that page nor linking into its folder


@dataclass
class Stored:
    """A section's HTML for one page, with where each child's HTML lies in it."""

    html: str
    children: list[Child]
    spans: list[tuple[int, int]]
    index: dict[int, int]  # id(child item) -> position in `children`
    redo: frozenset[int]  # children to render again for any other page

    def for_page(self, render: Any, place: Place) -> str:
        """The HTML for another page: the stored text, the children it changes rendered again."""
        found = self.redo | _positions(self.index, place.shadowed | place.path)
        parts, start = [], 0
        for position in sorted(found):
            child = self.children[position]
            begin, end = self.spans[position]
            parts += [self.html[start:begin], render(*child.args)]
            start = end
        parts.append(self.html[start:])
        return type(self.html)("".join(parts))


def _positions(index: dict[int, int], ids: frozenset[int]) -> set[int]:
    if len(ids) < len(index):
        return {index[i] for i in ids if i in index}
    return {p for i, p in index.items() if i in ids}


@dataclass
class Recording:
    section: Any
    children: list[Child] = field(default_factory=list)


@dataclass(frozen=True)
class Place:
    """What a nav item's HTML may depend on for one current page."""

    folder: Parts
    shadowed: frozenset[int]  # ids of items with a link into the page's folder
    path: frozenset[int]  # ids of the page and the sections that contain it


class NavCache:
    """Reused nav item HTML; one per build, keyed by item identity and the page's folder."""

    def __init__(self, nav: Any) -> None:
        self.under: dict[Parts, set[int]] = {}  # folder -> ids of items linking into it
        for item in getattr(nav, "items", []):
            self._index(item, [])
        self.html: dict[tuple, str] = {}
        self.sections: dict[tuple, Stored] = {}
        self.places: dict[int, Place] = {}
        self.recording: list[Recording] = []

    def _index(self, item: Any, ancestors: list[int]) -> None:
        chain = [*ancestors, id(item)]
        target = link_target(item.url) if getattr(item, "url", None) is not None else None
        if target is not None:
            for k in range(len(target) + 1):
                self.under.setdefault(target[:k], set()).update(chain)
        for child in getattr(item, "children", None) or ():
            self._index(child, chain)

    def place(self, page: Any) -> Place:
        found = self.places.get(id(page))
        if found is None:
            folder, path, node = page_folder(page.url), set(), page
            while node is not None:
                path.add(id(node))
                node = getattr(node, "parent", None)
            found = self.places[id(page)] = Place(folder, frozenset(self.under.get(folder, ())),
                                                  frozenset(path))
        return found

    def render_item(self, render: Any, item: Any, path: str, level: int, parent: Any, page: Any,
                    features: Any, caller: Callable[[], str]) -> str:
        """The `{% call %}` target: the item's HTML from the cache, or from the theme."""
        if page is None or getattr(item, "pages", None) is not None:
            return caller()
        place = self.place(page)
        above = None if isinstance(parent, jinja2.Undefined) else bool(parent.active)
        if not item.active:
            html = self._inactive(item, (path, level, above), place, caller)
        elif getattr(item, "children", None) and "navigation.indexes" not in (features or ()):
            html = self._active_section(render, item, (path, level, above), place, caller)
        else:
            html = caller()
        if self.recording and self.recording[-1].section is parent:
            fixed = not item.active and id(item) not in place.shadowed
            self.recording[-1].children.append(Child((item, path, level, parent), html, fixed))
        return html

    def _inactive(self, item: Any, where: tuple, place: Place, caller: Callable[[], str]) -> str:
        """An item off the page's path: its links are all that change, with the page's folder."""
        folder = ("at", place.folder) if id(item) in place.shadowed else ("up", place.folder[:-1])
        key = (id(item), *where, folder)
        html = self.html.get(key)
        if html is None:
            html = self.html[key] = caller()
        return html

    def _active_section(self, render: Any, item: Any, where: tuple, place: Place,
                        caller: Callable[[], str]) -> str:
        """A section on the page's path: the first page's HTML with the changed children redone."""
        key = (id(item), *where, place.folder[:-1])
        stored = self.sections.get(key)
        if stored is not None:
            return stored.for_page(render, place)
        self.recording.append(Recording(item))
        try:
            html = caller()
        finally:
            children = self.recording.pop().children
        spans = cut(html, children)
        if spans is not None:
            self.sections[key] = Stored(
                html, children, spans, {id(c.args[0]): i for i, c in enumerate(children)},
                frozenset(i for i, c in enumerate(children) if not c.fixed))
        return html


def cut(html: str, children: list[Child]) -> list[tuple[int, int]] | None:
    """Where each child's HTML lies in `html`; None unless only whitespace lies between them."""
    spans = []
    start = 0
    for index, child in enumerate(children):
        found = html.find(child.html, start)
        if found < 0 or (index and html[start:found].strip()):
            return None
        start = found + len(child.html)
        spans.append((found, start))
    return spans
