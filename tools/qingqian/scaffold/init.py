"""Scaffold a new, empty ledger repository that passes `qingqian check`."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from .schema import write_schemas

# dot-files ship without their dot (a package's data and a checkout both keep them plain)
RENAMES = {"gitignore": ".gitignore", "gitlab-ci.yml": ".gitlab-ci.yml",
           "pre-commit-config.yaml": ".pre-commit-config.yaml"}


def site_config() -> bytes:
    """The one site configuration (`mkdocs.yml`) that `init`, the demo and generated ledgers
    share."""
    return (resources.files("qingqian") / "scaffold" / "template" / "mkdocs.yml").read_bytes()


class InitRefused(Exception):
    """The target already holds a ledger."""


def scaffold(target: Path) -> list[Path]:
    """Copy the scaffold into `target` and write the editor schemas; never overwrites a file."""
    if (target / "policies" / "rules.yaml").exists():
        raise InitRefused(f"{target} already holds a ledger (policies/rules.yaml exists)")
    source = resources.files("qingqian") / "scaffold" / "template"
    written: list[Path] = []
    with resources.as_file(source) as base:
        for item in sorted(Path(base).rglob("*")):
            if item.is_dir() or "__pycache__" in item.parts:
                continue
            rel = item.relative_to(base)
            dest = target / RENAMES.get(rel.as_posix(), rel.as_posix())
            if dest.exists():
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item, dest)
            written.append(dest)
    written.extend(write_schemas(target / "schemas"))
    return written
