"""`qingqian demo generate`: a synthetic ledger of any size for benchmarks and tests."""

from __future__ import annotations

from pathlib import Path

import click

from .bilingual import Group
from .common import UsageProblem


@click.group(cls=Group)
def demo() -> None:
    """Synthetic ledgers (deterministic from a seed) for benchmarks and tests."""


@demo.command()
@click.option("--receivables", "count", type=click.IntRange(1, 1_000_000), default=1000,
              show_default=True, help="How many receivables to write.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same bytes.")
@click.option("--out", type=click.Path(file_okay=False), required=True,
              help="An empty or new directory for the ledger.")
@click.option("--beancount", type=click.Path(dir_okay=False), default=None,
              help="Also write the same money movements as a Beancount ledger to this file.")
def generate(count: int, seed: int, out: str, beancount: str | None) -> None:
    """Write a ledger of N receivables (~6 events each) that passes `check --as-of 2026-11-30`."""
    from ..demo.generate import AS_OF
    from ..demo.generate import generate as write_ledger

    target = Path(out)
    if (target / "policies" / "rules.yaml").exists() or (target.exists() and any(target.iterdir())):
        raise UsageProblem(f"{out} is not empty; generate into a new directory")
    from ..progress import bar

    with bar(count, "demo generate") as drawn:
        counts = write_ledger(target, count, seed, Path(beancount) if beancount else None,
                              drawn.update)
    click.echo(", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" written to {out}")
    click.echo(f"next: qingqian --root {out} check --as-of {AS_OF}", err=True)


COMMANDS = (demo,)
