"""Imports run one way: the Git layer and the models at the bottom, `Ledger` and the rules
above them, the incremental engine above them all, the commands on top."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "qingqian"


def _imports(path: Path) -> set[str]:
    """The qingqian modules a file imports, anywhere in it but under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and getattr(node.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(node)}
    here = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = here[:-1]  # what `from . import` names, for a module and for a package's __init__
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package[: len(package) - node.level + 1]
            name = ".".join((*base, node.module)) if node.module else ".".join(base)
        else:
            name = node.module or ""
        if name.startswith("qingqian"):
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    return {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): _imports(p)
            for p in PACKAGE.rglob("*.py")}


def _part(module: str) -> str:
    """The top-level module or package of a dotted name (qingqian.rules.registry -> rules)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_nothing_below_the_engine_imports_it() -> None:
    for module, imports in _graph().items():
        if _part(module) not in ("incremental", "cli"):
            assert not any(_part(i) == "incremental" for i in imports), module


def test_models_ledger_and_rules_know_nothing_of_git_or_the_store() -> None:
    lower = ("findings", "money", "source", "model", "loader", "ledger", "figures", "rules")
    for module, imports in _graph().items():
        if _part(module) in lower:
            assert not any(_part(i) in ("gitio", "incremental") for i in imports), module


def test_the_git_runner_and_listing_parser_stand_alone() -> None:
    graph = _graph()
    for module in ("qingqian.gitio.run", "qingqian.gitio.listing"):
        assert graph[module] == set(), module


def test_no_import_cycle_between_modules_of_the_check_path() -> None:
    """No module imports itself through others (the old ledger.py -> cache.py -> ledger.py
    did), among every module but the site's and the command line's."""
    graph = {m: i for m, i in _graph().items() if _part(m) not in ("site", "cli", "__main__")}
    edges = {m: {i for i in imports if i in graph and i != m} for m, imports in graph.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            assert state.get(nxt) != 1, " -> ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [])
