"""HTML → PDF with WeasyPrint: letters, forms and case reports print the same everywhere.

WeasyPrint lays out with Pango, so Chinese renders with the system's CJK fonts
(Debian: fonts-noto-cjk; the letters' CSS asks for "Noto Serif CJK SC"). The HTML is
our own rendering of escaped ledger values; WeasyPrint runs no script, and the URL
fetcher refuses every resource, so a page cannot reach the network or the file system.
"""

from __future__ import annotations

from pathlib import Path


def _no_fetcher():  # type: ignore[no-untyped-def]
    """A WeasyPrint URL fetcher that fetches nothing: printed pages are self-contained."""
    from weasyprint.urls import URLFetcher

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
            raise ValueError(f"refusing to fetch {url!r}")

    return NoFetch(allowed_protocols=())


def pdf_bytes(html: str) -> bytes:
    """The PDF of a self-contained HTML page."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # refused fetches are expected
    return HTML(string=html, url_fetcher=_no_fetcher()).write_pdf()


def write_pdf(html: str, path: Path) -> None:
    """Write the PDF of `html` to `path` atomically."""
    from ..write.atomic import atomic_write

    atomic_write(path, pdf_bytes(html))
