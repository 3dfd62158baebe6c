"""The generated MkDocs config: INHERITs the ledger's mkdocs.yml, adds the paths, nav and language.

Nav titles are our own words, ids and months, never free text from YAML: MkDocs themes
print nav titles unescaped, so a debtor's name must not become one.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .labels import word
from .untrusted import debtor_page

# Used when the ledger has no mkdocs.yml of its own (the same settings as this repo's).
DEFAULT_CONFIG = """\
site_name: 清收清欠
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.top, search.highlight]
extra:
  generator: false
plugins:
  - search:
      lang: en
      pipeline: [stemmer]
      separator: '[\\s\\u200b\\u3000\\-、。，．？！；：]+'
markdown_extensions:
  - tables
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
      slugify: !!python/name:markdown.extensions.toc.slugify_unicode
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""

STATUS = ("aging", "units", "collectors", "cases", "limitation", "holds", "writeoffs")
CSS = "assets/qingqian.css"


def nav(lang: str, pages: dict[str, str], policies: list[str], debtors: list[str],
        months: list[str]) -> list:
    """Overview, status, monthly archive, debtors, policies, reference; only pages that exist."""
    def w(key: str) -> str:
        return word(key, lang)

    out: list = [{w("overview"): "index.md"},
                 {w("status"): [{w(name): f"status/{name}.md"} for name in STATUS
                                if f"status/{name}.md" in pages]}]
    todo = sorted(p for p in pages if p.startswith("todo/") and p != "todo/index.md")
    if "todo/index.md" in pages:
        out.append({word("todo", lang): ["todo/index.md", *({p[5:-3]: p} for p in todo)]})
    out.append({w("monthly"): ["monthly/index.md", *({m: f"monthly/{m}.md"} for m in months)]})
    if debtors:
        out.append({w("debtors"): ["debtors/index.md",
                                   *({d: debtor_page(d)} for d in debtors)]})
    if policies:
        out.append({w("policies"): [f"policies/{p}" for p in policies]})
    out.append({w("reference"): [{w("rules"): "reference/rules.md"},
                                 {w("formats"): "reference/formats.md"}]})
    return out


def write_config(root: Path, src: Path, out: Path, lang: str, site_nav: list,
                 title: str | None, strict: bool) -> Path:
    """Write `src/mkdocs.yml`; the ledger's mkdocs.yml (or DEFAULT_CONFIG) is its parent."""
    parent = root / "mkdocs.yml"
    if not parent.is_file():
        parent = src / "base.yml"
        parent.write_text(DEFAULT_CONFIG, encoding="utf-8")
    config: dict = {"INHERIT": str(parent.resolve()), "docs_dir": "docs",
                    "site_dir": str(out.resolve()), "theme": {"language": lang},
                    "extra_css": [CSS], "nav": site_nav, "strict": strict}
    if title:
        config["site_name"] = title
    path = src / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


STYLE = """\
.qq-headline { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; }
.qq-kpi { flex: 1 1 11rem; padding: .6rem .8rem;
  border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; }
.qq-kpi-label { display: block; font-size: .7rem; color: var(--md-default-fg-color--light); }
.qq-kpi-value { font-size: 1.1rem; }
.qq-kpi-currency { font-size: .65rem; color: var(--md-default-fg-color--light); }
.qq-chart { margin: .8rem 0; overflow-x: auto; }
"""
