"""The cost curves as a small SVG written by hand: one log–log panel per curve, its points joined,
with a dotted line for "flat" and a dashed one for "linear" drawn through its first point."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

W, H = 300, 200  # one panel
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 34, 34
COLUMNS = 3
INK, GRID, LINE, MEDIAN = "#222", "#ddd", "#1f5fa8", "#e08a2c"


def _ticks(lo: float, hi: float) -> list[float]:
    """1-2-5 ticks between ``lo`` and ``hi`` (positive), at most about six."""
    out: list[float] = []
    for steps in ((1,), (1, 2, 5), (1, 2, 3, 5)):
        out = [m * 10 ** e for e in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1)
               for m in steps if lo <= m * 10 ** e <= hi]
        if len(out) >= 3:
            break
    return out


def _label(value: float) -> str:
    if 0 < value < 1 or (value < 10 and value != int(value)):
        return f"{value:.2g}" if value < 1 else f"{value:.3g}"
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _panel(curve: dict, ox: float, oy: float) -> list[str]:
    pts = curve["points"]
    xs = [x for x, _ in pts if x > 0]
    zero = any(x <= 0 for x, _ in pts)
    x_lo = min(xs) / (16 if zero else 1.6)  # a point at 0 sits one decade left of the first other
    x_hi = max(xs) * 1.6
    ys = [y for _, y in pts + [tuple(p) for p in curve.get("cpu", {}).get("points", [])] if y > 0]
    y_lo, y_hi = min(ys) / 2, max(ys) * 2
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x: float) -> float:
        x = min(xs) / 10 if x <= 0 else x
        return ox + LEFT + pw * (math.log10(x) - math.log10(x_lo)) / (math.log10(x_hi) - math.log10(x_lo))

    def py(y: float) -> float:
        y = min(max(y, y_lo), y_hi)
        return oy + TOP + ph * (1 - (math.log10(y) - math.log10(y_lo)) / (math.log10(y_hi) - math.log10(y_lo)))

    out = [f'<rect x="{ox + LEFT}" y="{oy + TOP}" width="{pw}" height="{ph}" fill="none" stroke="{INK}" stroke-width="0.6"/>']
    for t in _ticks(y_lo, y_hi):
        y = py(t)
        out.append(f'<line x1="{ox + LEFT}" y1="{y:.1f}" x2="{ox + LEFT + pw}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.6"/>')
        out.append(f'<text x="{ox + LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{_label(t)}</text>')
    for x, _ in pts:
        out.append(f'<text x="{px(x):.1f}" y="{oy + TOP + ph + 13}" text-anchor="middle">{_label(x)}</text>')
    out.append(f'<text x="{ox + LEFT + pw / 2}" y="{oy + H - 6}" text-anchor="middle">{escape(curve["x"])}</text>')
    out.append(f'<text x="{ox + 10}" y="{oy + TOP + ph / 2}" text-anchor="middle" '
               f'transform="rotate(-90 {ox + 10} {oy + TOP + ph / 2})">{escape(curve["unit"])}</text>')
    # references through the first point with x > 0: flat (dotted) and linear (dashed)
    x0, y0 = next((x, y) for x, y in pts if x > 0)
    first = pts[0]
    flat_y = py(first[1])
    out.append(f'<line x1="{px(first[0]):.1f}" y1="{flat_y:.1f}" x2="{ox + LEFT + pw}" y2="{flat_y:.1f}" '
               f'stroke="#888" stroke-width="1" stroke-dasharray="1.5 2.5"/>')
    x_end = x_hi
    y_end = y0 * x_end / x0
    if y_end > y_hi:  # the line leaves through the top
        x_end, y_end = x0 * y_hi / y0, y_hi
    out.append(f'<line x1="{px(x0):.1f}" y1="{py(y0):.1f}" x2="{px(x_end):.1f}" y2="{py(y_end):.1f}" '
               f'stroke="#888" stroke-width="1" stroke-dasharray="5 3"/>')
    if "cpu" in curve:
        mid = curve["cpu"]["points"]
        line = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in mid)
        out.append(f'<polyline class="cpu" points="{line}" fill="none" stroke="{MEDIAN}" stroke-width="1.4"/>')
        out.extend(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.2" fill="{MEDIAN}"/>' for x, y in mid)
    line = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
    out.append(f'<polyline class="measured" points="{line}" fill="none" stroke="{LINE}" stroke-width="1.8"/>')
    out.extend(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.8" fill="{LINE}"/>' for x, y in pts)
    title = f'{curve["what"]}'
    verdict = curve["verdict"] + (f", k {curve['exponent']:.2f}" if curve.get("exponent") is not None else "")
    if "cpu" in curve:
        verdict += f" (CPU: {curve['cpu']['verdict']})"
    out.append(f'<text x="{ox + LEFT}" y="{oy + 13}" font-weight="bold">{escape(title)}</text>')
    out.append(f'<text x="{ox + LEFT}" y="{oy + 26}">{escape(verdict)}</text>')
    return out


def svg(result: dict) -> str:
    """The whole figure: a panel per curve, a legend and the date and machine beneath."""
    curves = list(result["curves"].values())
    rows = math.ceil((len(curves) + 1) / COLUMNS)
    width, height = COLUMNS * W, rows * H + 30
    body: list[str] = []
    for n, curve in enumerate(curves):
        body.extend(_panel(curve, (n % COLUMNS) * W, (n // COLUMNS) * H))
    n = len(curves)
    lx, ly = (n % COLUMNS) * W + LEFT, (n // COLUMNS) * H + TOP + 10
    body += [f'<line x1="{lx}" y1="{ly}" x2="{lx + 30}" y2="{ly}" stroke="{LINE}" stroke-width="1.8"/>',
             f'<text x="{lx + 38}" y="{ly + 4}">measured (log–log axes)</text>',
             f'<line x1="{lx}" y1="{ly + 20}" x2="{lx + 30}" y2="{ly + 20}" stroke="#888" stroke-dasharray="1.5 2.5"/>',
             f'<text x="{lx + 38}" y="{ly + 24}">flat, from the first point</text>',
             f'<line x1="{lx}" y1="{ly + 40}" x2="{lx + 30}" y2="{ly + 40}" stroke="#888" stroke-dasharray="5 3"/>',
             f'<text x="{lx + 38}" y="{ly + 44}">linear, from the first point</text>',
             f'<line x1="{lx}" y1="{ly + 60}" x2="{lx + 30}" y2="{ly + 60}" stroke="{MEDIAN}" stroke-width="1.4"/>',
             f'<text x="{lx + 38}" y="{ly + 64}">adds: CPU time, median (GUI thread)</text>',
             f'<text x="{lx}" y="{ly + 90}">k: y ∝ xᵏ, first point to last</text>',
             f'<text x="{lx}" y="{ly + 106}">(from the first with x &gt; 0)</text>']
    foot = escape(f"{result['date']} · {result['machine']}")
    body.append(f'<text x="8" y="{height - 10}" font-size="8" fill="#555">{foot[:220]}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="sans-serif" font-size="10" fill="{INK}">\n'
            f'<rect width="{width}" height="{height}" fill="#fff"/>\n' + "\n".join(body) + "\n</svg>\n")
