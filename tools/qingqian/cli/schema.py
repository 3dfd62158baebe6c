"""`qingqian schema`: write the JSON Schema files that editors use to complete and check YAML."""

from __future__ import annotations

from pathlib import Path

import click

from .bilingual import Command


@click.command(cls=Command)
@click.option("--out", "out", type=click.Path(file_okay=False), default="schemas",
              show_default=True,
              help="Folder to write <kind>.schema.json files into.")
def schema(out: str) -> None:
    """Write JSON Schema (draft-07) for every file kind."""
    from ..scaffold.schema import write_schemas

    for path in write_schemas(Path(out)):
        click.echo(str(path))


COMMANDS = (schema,)
