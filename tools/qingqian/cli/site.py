"""`qingqian site build|serve`: the published site (MkDocs, Material theme, inline SVG charts)."""

from __future__ import annotations

from pathlib import Path

import click

from .bilingual import Group
from .common import as_of_option, ledger_root, resolve_as_of

trust_option = click.option(
    "--trust-config", is_flag=True,
    help="Let the ledger's mkdocs.yml use Python tags, hooks and theme templates (they run code).")


@click.group("site", cls=Group)
def site() -> None:
    """Build or serve the published site: policies plus generated status pages."""


@site.command("build")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: site/ at the ledger root).")
@as_of_option
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning (broken links…).")
@trust_option
@click.pass_context
def build_command(ctx: click.Context, out: str | None, as_of, strict: bool,  # type: ignore[no-untyped-def]
                  trust_config: bool) -> None:
    """Generate the status pages and build the site with MkDocs."""
    from ..progress import bar
    from ..site.build import STEPS, build_site

    with bar(STEPS, "site build") as drawn:
        result = build_site(ledger_root(ctx), resolve_as_of(as_of), Path(out) if out else None,
                            strict, trust_config=trust_config, tick=drawn.update)
    for problem in result.problems:
        click.echo(f"qingqian: {problem}", err=True)
    if not result.ok:
        ctx.exit(1)
    click.echo(f"site: {result.pages} pages in {result.out} ({result.seconds:.1f}s, "
               f"{result.warnings} warnings)")


@site.command("serve")
@click.option("--addr", default="127.0.0.1:8000", show_default=True, help="HOST:PORT to serve on.")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: site/ at the ledger root).")
@as_of_option
@trust_option
@click.pass_context
def serve_command(ctx: click.Context, addr: str, out: str | None, as_of,  # type: ignore[no-untyped-def]
                  trust_config: bool) -> None:
    """Build the site, then serve it until interrupted (rebuild to refresh)."""
    import functools
    import http.server

    from ..site.build import build_site

    result = build_site(ledger_root(ctx), resolve_as_of(as_of), Path(out) if out else None,
                        trust_config=trust_config)
    for problem in result.problems:
        click.echo(f"qingqian: {problem}", err=True)
    if not result.ok:
        ctx.exit(1)
    host, _, port = addr.rpartition(":")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(result.out))
    with http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler) as server:
        click.echo(f"serving {result.out} on http://{host or '127.0.0.1'}:{port}/ (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


COMMANDS = (site,)
