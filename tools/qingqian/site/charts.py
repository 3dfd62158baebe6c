"""Charts drawn at build time as inline SVG: no JavaScript library, no CDN.

Each function takes labels and already computed amounts (from the reports) and returns
one `<div class="qq-chart">` line that Markdown passes through as a raw HTML block.
Every text is escaped with `safe.esc`; numbers are formatted here, never computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .safe import esc, money

BAR = "#3f6ec6"
TARGET = "#c8cfdb"
LINE = "#d0582b"
INK = "#333333"
GRID = "#e3e6eb"
FONT = "font-family=\"sans-serif\" font-size=\"12\""


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    label = esc(title)
    return (f'<div class="qq-chart"><svg width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
            f'style="max-width:100%;height:auto"><title>{label}</title>{"".join(body)}</svg></div>')


def _scale(values: Sequence[Decimal]) -> Decimal:
    top = max((v for v in values if v is not None), default=Decimal(0))
    return top if top > 0 else Decimal(1)


def hbars(title: str, labels: Sequence[str], values: Sequence[Decimal],
          texts: Sequence[str] | None = None) -> str:
    """Horizontal bars, one per label (aging buckets, cases by stage); `texts` beside each bar."""
    width, left, right, row = 720, 150, 170, 28
    height = row * len(labels) + 16
    top = _scale(values)
    span = width - left - right
    body = []
    for i, (name, value) in enumerate(zip(labels, values)):
        y = 8 + i * row
        w = int(span * (value / top)) if value and value > 0 else 0
        shown = texts[i] if texts is not None else money(value)
        body.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" {FONT} '
                    f'fill="{INK}">{esc(name)}</text>'
                    f'<rect x="{left}" y="{y + 4}" width="{max(w, 1)}" height="{row - 10}" '
                    f'fill="{BAR}"><title>{esc(name)}: {esc(shown)}</title></rect>'
                    f'<text x="{left + w + 6}" y="{y + 17}" {FONT} fill="{INK}">'
                    f'{esc(shown)}</text>')
    return _svg(width, height, title, body)


def pairs(title: str, labels: Sequence[str], amounts: Sequence[Decimal],
          targets: Sequence[Decimal | None], legend: tuple[str, str]) -> str:
    """Vertical bar pairs per month: amount collected against its target."""
    width, height, left, bottom, top_pad = 720, 260, 90, 40, 30
    values = [*amounts, *(t for t in targets if t is not None)]
    top = _scale(values)
    plot_h = height - bottom - top_pad
    step = (width - left - 10) / max(len(labels), 1)
    bar = max(step * 0.35, 2)
    body = _axis(width, height, left, bottom, top_pad, top)
    for i, name in enumerate(labels):
        x = left + i * step + step * 0.12
        for j, (value, colour) in enumerate(((targets[i], TARGET), (amounts[i], BAR))):
            if value is None:
                continue
            h = float(plot_h * (value / top)) if value > 0 else 0.0
            body.append(f'<rect x="{x + j * bar:.1f}" y="{height - bottom - h:.1f}" '
                        f'width="{bar:.1f}" height="{max(h, 0.5):.1f}" fill="{colour}">'
                        f'<title>{esc(name)} {esc(legend[1 - j])}: {esc(money(value))}'
                        '</title></rect>')
        body.append(f'<text x="{x + bar:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                    f'{FONT} fill="{INK}">{esc(name)}</text>')
    body += _legend(width, ((legend[0], BAR), (legend[1], TARGET)))
    return _svg(width, height, title, body)


def line(title: str, labels: Sequence[str], values: Sequence[Decimal]) -> str:
    """A line through month-end amounts (the outstanding trend)."""
    width, height, left, bottom, top_pad = 720, 260, 90, 40, 30
    top = _scale(values)
    plot_h = height - bottom - top_pad
    step = (width - left - 20) / max(len(labels) - 1, 1)
    points = [(left + i * step, height - bottom - float(plot_h * (v / top)))
              for i, v in enumerate(values)]
    body = _axis(width, height, left, bottom, top_pad, top)
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    body.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for (x, y), name, value in zip(points, labels, values):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE}">'
                    f'<title>{esc(name)}: {esc(money(value))}</title></circle>')
    every = max(len(labels) // 8, 1)
    for i, name in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            body.append(f'<text x="{points[i][0]:.1f}" y="{height - bottom + 16}" '
                        f'text-anchor="middle" {FONT} fill="{INK}">{esc(name)}</text>')
    return _svg(width, height, title, body)


def _axis(width: int, height: int, left: int, bottom: int, top_pad: int,
          top: Decimal) -> list[str]:
    """Four horizontal grid lines labelled with amounts, and the base line."""
    out = []
    plot_h = height - bottom - top_pad
    for k in range(5):
        y = height - bottom - plot_h * k / 4
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" '
                   f'stroke="{GRID if k else INK}" stroke-width="1"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT} '
                   f'fill="{INK}">{esc(_short(top * k / 4))}</text>')
    return out


def _legend(width: int, items: tuple[tuple[str, str], ...]) -> list[str]:
    out, x = [], width - 260
    for name, colour in items:
        out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="16" {FONT} fill="{INK}">{esc(name)}</text>')
        x += 120
    return out


def _short(amount: Decimal) -> str:
    """Axis labels: 1.2M, 350K, so they fit left of the plot."""
    value = float(amount)
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if value >= 1_000:
        return f"{value / 1_000:.0f}K"
    return f"{value:.0f}"
