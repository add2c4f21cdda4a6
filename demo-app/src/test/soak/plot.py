#!/usr/bin/env python3
"""Draws the soak's CSV (DemoSoakTest) as one SVG of four stacked panels over time: heap after a full GC, live tasks,
timer lateness and the longest gap between pulses. Standard library only: no plotting package is needed.

usage: plot.py SOAK.csv OUT.svg [TITLE]
"""
import csv
import math
import sys

WIDTH, PANEL_H, LEFT, RIGHT, TOP, GAP = 900, 150, 70, 20, 40, 45


def read(path):
    with open(path, newline="") as f:
        comment = f.readline().lstrip("# ").strip()
        rows = list(csv.DictReader(f))
    return comment, rows


def num(v):
    try:
        x = float(v)
        return None if math.isnan(x) else x
    except (TypeError, ValueError):
        return None


def nice_max(v):
    """A round upper bound for an axis: 1, 2 or 5 times a power of ten."""
    if v <= 0:
        return 1
    p = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 5, 10):
        if v <= m * p:
            return m * p
    return 10 * p


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def panel(out, y0, title, series, t_max, unit, log_note=None):
    """One panel: series is a list of (label, colour, [(t, v)], style) drawn on a shared y axis."""
    plot_w = WIDTH - LEFT - RIGHT
    values = [v for _, _, pts, _ in series for _, v in pts]
    y_max = nice_max(max(values) if values else 1)
    out.append(f'<text x="{LEFT}" y="{y0 - 8}" font-size="13" font-weight="bold">{esc(title)}</text>')
    out.append(f'<rect x="{LEFT}" y="{y0}" width="{plot_w}" height="{PANEL_H}" fill="none" stroke="#999"/>')
    for i in range(5):
        v = y_max * i / 4
        y = y0 + PANEL_H - PANEL_H * i / 4
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        label = f"{v:g}"
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{label}</text>')
    out.append(f'<text x="14" y="{y0 + PANEL_H / 2:.1f}" font-size="11" transform="rotate(-90 14 {y0 + PANEL_H / 2:.1f})" '
               f'text-anchor="middle">{esc(unit)}</text>')
    for k, (label, colour, pts, style) in enumerate(series):
        coords = [(LEFT + plot_w * t / t_max, y0 + PANEL_H - PANEL_H * min(v, y_max) / y_max) for t, v in pts]
        if style == "dots":
            for x, y in coords:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{colour}"/>')
        else:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="1"/>')
        lx = LEFT + plot_w - 10
        out.append(f'<text x="{lx}" y="{y0 + 16 + 14 * k}" font-size="11" text-anchor="end" fill="{colour}">{esc(label)}</text>')
    if log_note:
        out.append(f'<text x="{LEFT + 6}" y="{y0 + 16}" font-size="10" fill="#666">{esc(log_note)}</text>')


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    comment, rows = read(sys.argv[1])
    title = sys.argv[3] if len(sys.argv) > 3 else "loopfx soak: the FX loop under the demo's workloads"
    t = [num(r["t_s"]) / 60 for r in rows]
    t_max = max(t) if t else 1

    def pts(col, scale=1.0):
        return [(ti, num(r[col]) * scale) for ti, r in zip(t, rows) if num(r[col]) is not None]

    panels = [
        ("Heap used after a full GC (every 30 s)", "MB", [("heap after GC", "#1f5fa8", pts("heap_after_gc_mb"), "line")], None),
        ("Live tasks of the FX loop (each second)", "tasks", [("live tasks", "#2a8a3a", pts("live_tasks"), "line")], None),
        ("Timer lateness: a task sleeping 20 ms, worst wake-up per second", "ms",
         [("max", "#c0392b", pts("timer_late_max_ms"), "line"), ("mean", "#e59866", pts("timer_late_mean_ms"), "line")],
         "clipped at the axis; floods of a million callbacks make the high spikes"),
        ("Longest gap between pulses, per second", "ms", [("max gap", "#7d3c98", pts("pulse_gap_max_ms"), "line")],
         "a pulse is due every 16.7 ms"),
    ]
    # Clip the lateness axis at its 99.5th percentile so that the flood spikes do not flatten the rest.
    height = TOP + len(panels) * (PANEL_H + GAP) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="{LEFT}" y="18" font-size="15" font-weight="bold">{esc(title)}</text>',
           f'<text x="{LEFT}" y="32" font-size="10" fill="#666">{esc(comment)}</text>']
    for i, (name, unit, series, note) in enumerate(panels):
        y0 = TOP + 20 + i * (PANEL_H + GAP)
        if unit == "ms":
            vals = sorted(v for _, _, p, _ in series for _, v in p)
            if vals:
                cap = vals[min(len(vals) - 1, int(len(vals) * 0.995))]
                series = [(l, c, [(x, min(v, cap)) for x, v in p], s) for l, c, p, s in series]
        panel(out, y0, name, series, t_max, unit, note)
    axis_y = TOP + 20 + len(panels) * (PANEL_H + GAP) - GAP + 16
    plot_w = WIDTH - LEFT - RIGHT
    step = max(1, round(t_max / 10))
    m = 0
    while m <= t_max + 1e-9:
        x = LEFT + plot_w * m / t_max
        out.append(f'<text x="{x:.1f}" y="{axis_y}" font-size="11" text-anchor="middle">{m:g}</text>')
        m += step
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{axis_y + 16}" font-size="11" text-anchor="middle">minutes</text>')
    out.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
