"""Profile `qingqian site build` on a large ledger (issue 7): wall and CPU time per step.

    python benchmarks/profile_site.py /tmp/qq-bench/ledger-10000
    python benchmarks/profile_site.py /tmp/qq-bench/ledger-10000 --cprofile site.prof

Runs `build_site` as the command does (site into <ledger>-profile-site next to the
ledger) and prints each step: load, figures (site_data), page generation, writing the
Markdown, MkDocs, the private-value scan. CPU time includes the forked page processes,
so CPU above wall means both cores worked. `--cprofile FILE` also writes a cProfile of
this process (the forked processes are not in it; use `py-spy record --subprocesses`).
"""

from __future__ import annotations

import argparse
import cProfile
import resource
import time
from datetime import date
from pathlib import Path

from qingqian.site import build as site_build

STEPS = ("load", "site_data", "generate", "write_tree", "run_mkdocs", "leaks")


def cpu() -> float:
    """CPU seconds of this process and of every child it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(name: str, step):  # type: ignore[no-untyped-def]
    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        wall, used = time.perf_counter(), cpu()
        try:
            return step(*args, **kwargs)
        finally:
            print(f"{name:12} wall {time.perf_counter() - wall:7.2f} s   cpu {cpu() - used:7.2f} s",
                  flush=True)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--as-of", default="2026-11-30")
    parser.add_argument("--cprofile", type=Path, help="write a cProfile of this process here")
    args = parser.parse_args()
    for name in STEPS:
        setattr(site_build, name, timed(name, getattr(site_build, name)))
    out = args.ledger.parent / f"{args.ledger.name}-profile-site"
    profile = cProfile.Profile() if args.cprofile else None
    wall, used = time.perf_counter(), cpu()
    if profile:
        profile.enable()
    result = site_build.build_site(args.ledger, date.fromisoformat(args.as_of), out)
    if profile:
        profile.disable()
        profile.dump_stats(args.cprofile)
    print(f"{'total':12} wall {time.perf_counter() - wall:7.2f} s   cpu {cpu() - used:7.2f} s   "
          f"{result.pages} pages, {result.warnings} warnings, problems: {result.problems[:3]}")


if __name__ == "__main__":
    main()
