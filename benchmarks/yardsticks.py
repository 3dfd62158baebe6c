"""The two yardsticks issue 7 measured beside bean-check, run on a generated ledger.

    python benchmarks/yardsticks.py read LEDGER   # every file's bytes, nothing else
    python benchmarks/yardsticks.py yaml LEDGER   # PyYAML's CSafeLoader on every file, one process

They say how heavy a ledger and a machine are, apart from qingqian: the issue's reference
ledger took 0.86 s and 14.5 s on its machine, so a run here can be set beside its figures.
"""

from __future__ import annotations

import os
import sys

import yaml


def files(root: str) -> list[str]:
    out = []
    for top in ("ledger", "cases", "policies", "docs"):
        for folder, _dirs, names in os.walk(os.path.join(root, top)):
            out.extend(os.path.join(folder, n) for n in names if n.endswith((".yaml", ".yml")))
    return out


def main() -> None:
    what, root = sys.argv[1], sys.argv[2]
    paths = files(root)
    if what == "read":
        for path in paths:
            with open(path, "rb") as handle:
                handle.read()
    else:
        for path in paths:
            with open(path, "rb") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
    print(f"{len(paths)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
