"""Charts drawn at build time as inline SVG: no JavaScript library, no CDN.

Each function takes labels and already computed amounts (from the reports) and returns
one `<div class="qq-chart">` line that Markdown passes through as a raw HTML block.
Every chart is drawn twice, at 720 and at 360 units wide: the stylesheet shows the wide
one on screens and the narrow one on phones, so text is about 12 px on both (a 720-wide
drawing squeezed onto a phone would print its labels at 6 px). Axis ticks are round
amounts in 万/亿 on Chinese pages (¥1,500万), in K/M otherwise. Every text is escaped
with `safe.esc`; numbers are formatted here, never computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .safe import esc, money

BAR = "#3f6ec6"
TARGET = "#c8cfdb"
LINE = "#d0582b"
INK = "#333333"
GRID = "#e3e6eb"
FONT = "font-family=\"sans-serif\" font-size=\"12\""
SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "GBP": "£", "JPY": "JP¥"}


@dataclass(frozen=True)
class Style:
    """What the axis and value texts need: the page language and the amounts' currency."""

    lang: str = "zh"
    currency: str = "CNY"

    def short(self, amount: Decimal) -> str:
        """A compact amount: ¥1,234万 / ¥1.5亿 in Chinese, ¥1.2M / ¥350K otherwise."""
        steps = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")) if self.lang == "zh" \
            else ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))
        sign, value = ("-" if amount < 0 else ""), abs(amount)
        symbol = SYMBOLS.get(self.currency, f"{self.currency} ")
        for size, unit in steps:
            if value >= size:
                return f"{sign}{symbol}{_trim(value / size)}{unit}"
        return f"{sign}{symbol}{_trim(value)}"


def _trim(value: Decimal) -> str:
    """Thousands separators, at most two decimals, no trailing zeros: 1,234 / 2.5 / 0.25."""
    text = f"{value.quantize(Decimal('0.01')):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Frame:
    """One drawing size: width, label column and the number of x labels that fit."""

    width: int
    left: int
    x_labels: int
    css: str


WIDE = Frame(720, 150, 12, "qq-chart-wide")
NARROW = Frame(360, 92, 6, "qq-chart-narrow")


def _svg(frame: Frame, height: int, title: str, body: list[str]) -> str:
    label = esc(title)
    return (f'<svg class="{frame.css}" width="{frame.width}" height="{height}" '
            f'viewBox="0 0 {frame.width} {height}" role="img" aria-label="{label}">'
            f'<title>{label}</title>{"".join(body)}</svg>')


def _both(title: str, draw: Callable[[Frame], str], caption: bool) -> str:
    """The chart's visible title (unless a heading above gives it), its two drawings."""
    shown = f'<p class="qq-chart-title">{esc(title)}</p>' if caption else ""
    return f'<div class="qq-chart">{shown}{draw(WIDE)}{draw(NARROW)}</div>'



def nice_top(values: Sequence[Decimal | None]) -> Decimal:
    """The smallest 4 × (1, 2, 2.5 or 5 × 10ⁿ) at or above the largest value: round ticks."""
    top = max((v for v in values if v is not None), default=Decimal(0))
    if top <= 0:
        return Decimal(4)
    step = top / 4
    power = Decimal(10) ** (len(str(int(step))) - 1) if step >= 1 else Decimal(1)
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if power * factor >= step:
            return power * factor * 4
    return power * 40


def hbars(title: str, labels: Sequence[str], values: Sequence[Decimal],
          texts: Sequence[str] | None = None, style: Style = Style(), caption: bool = True) -> str:
    """Horizontal bars, one per label (aging buckets, cases by stage); a value beside each bar.

    The wide drawing prints full amounts, the narrow one 万/亿 (or the given `texts`).
    """
    def draw(frame: Frame) -> str:
        row, right = 28, (170 if frame is WIDE else 78)
        top = max((v for v in values if v is not None and v > 0), default=Decimal(1))
        span = frame.width - frame.left - right
        body = []
        for i, (name, value) in enumerate(zip(labels, values)):
            y = 8 + i * row
            w = int(span * (value / top)) if value and value > 0 else 0
            shown = texts[i] if texts is not None else (
                money(value) if frame is WIDE else style.short(value))
            body.append(f'<text x="{frame.left - 8}" y="{y + 17}" text-anchor="end" {FONT} '
                        f'fill="{INK}">{esc(name)}</text>'
                        f'<rect x="{frame.left}" y="{y + 4}" width="{max(w, 1)}" '
                        f'height="{row - 10}" fill="{BAR}"><title>{esc(name)}: '
                        f'{esc(money(value) if texts is None else shown)}</title></rect>'
                        f'<text x="{frame.left + w + 6}" y="{y + 17}" {FONT} '
                        f'fill="{INK}">{esc(shown)}</text>')
        return _svg(frame, row * len(labels) + 16, title, body)

    return _both(title, draw, caption)


def pairs(title: str, labels: Sequence[str], amounts: Sequence[Decimal],
          targets: Sequence[Decimal | None], legend: tuple[str, str],
          style: Style = Style(), caption: bool = True) -> str:
    """Vertical bar pairs per month, amount collected against its target (phones: last 6)."""
    def draw(frame: Frame) -> str:
        keep = len(labels) if frame is WIDE else min(len(labels), frame.x_labels)
        names, got, aims = labels[-keep:], amounts[-keep:], targets[-keep:]
        height, bottom, top_pad, left = 260, 40, 30, _axis_left(frame)
        top = nice_top([*got, *aims])
        plot_h = height - bottom - top_pad
        step = (frame.width - left - 10) / max(len(names), 1)
        bar = max(step * 0.35, 2)
        body = _axis(frame, left, height, bottom, top_pad, top, style)
        for i, name in enumerate(names):
            x = left + i * step + step * 0.12
            for j, (value, colour) in enumerate(((aims[i], TARGET), (got[i], BAR))):
                if value is None:
                    continue
                h = float(plot_h * (value / top)) if value > 0 else 0.0
                body.append(f'<rect x="{x + j * bar:.1f}" y="{height - bottom - h:.1f}" '
                            f'width="{bar:.1f}" height="{max(h, 0.5):.1f}" fill="{colour}">'
                            f'<title>{esc(name)} {esc(legend[1 - j])}: {esc(money(value))}'
                            f'</title></rect>')
            body.append(f'<text x="{x + bar:.1f}" y="{height - bottom + 16}" '
                        f'text-anchor="middle" {FONT} fill="{INK}">{esc(name)}</text>')
        body += _legend(frame, left, ((legend[0], BAR), (legend[1], TARGET)))
        return _svg(frame, height, title, body)

    return _both(title, draw, caption)


def line(title: str, labels: Sequence[str], values: Sequence[Decimal],
         style: Style = Style(), caption: bool = True) -> str:
    """A line through month-end amounts (the outstanding trend)."""
    def draw(frame: Frame) -> str:
        height, bottom, top_pad, left = 260, 40, 30, _axis_left(frame)
        top = nice_top(values)
        plot_h = height - bottom - top_pad
        step = (frame.width - left - 24) / max(len(labels) - 1, 1)
        points = [(left + i * step, height - bottom - float(plot_h * (v / top)))
                  for i, v in enumerate(values)]
        body = _axis(frame, left, height, bottom, top_pad, top, style)
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
        for (x, y), name, value in zip(points, labels, values):
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE}">'
                        f'<title>{esc(name)}: {esc(money(value))}</title></circle>')
        every = -(-len(labels) // frame.x_labels) if labels else 1
        last = len(labels) - 1
        for i, name in enumerate(labels):
            if (last - i) % every == 0:  # counted from the latest month, which is always shown
                body.append(f'<text x="{points[i][0]:.1f}" y="{height - bottom + 16}" '
                            f'text-anchor="middle" {FONT} fill="{INK}">{esc(name)}</text>')
        return _svg(frame, height, title, body)

    return _both(title, draw, caption)


def _axis_left(frame: Frame) -> int:
    return 86 if frame is WIDE else 70


def _axis(frame: Frame, left: int, height: int, bottom: int, top_pad: int,
          top: Decimal, style: Style) -> list[str]:
    """Four horizontal grid lines at round amounts, labelled in 万/亿 or K/M, and the base line."""
    out = []
    plot_h = height - bottom - top_pad
    for k in range(5):
        y = height - bottom - plot_h * k / 4
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{frame.width - 10}" y2="{y:.1f}" '
                   f'stroke="{GRID if k else INK}" stroke-width="1"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT} '
                   f'fill="{INK}">{esc(style.short(top * k / 4) if k else "0")}</text>')
    return out


def _legend(frame: Frame, left: int, items: tuple[tuple[str, str], ...]) -> list[str]:
    out, x = [], (frame.width - 260 if frame is WIDE else left)
    for name, colour in items:
        out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="16" {FONT} fill="{INK}">{esc(name)}</text>')
        x += 120
    return out
