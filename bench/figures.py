#!/usr/bin/env python3
"""What the bench reports share: reading JSON Lines, reducing samples, formatting a figure for the page."""
import json
import os
import statistics


def summary(values, **extra):
    """Median, min, max and count of a sample, with extra fields."""
    out = {"median": statistics.median(values), "min": min(values), "max": max(values), "samples": len(values)}
    out.update(extra)
    return out


def read_jsonl(path):
    """The JSON objects of a JSON Lines file, one a line; [] if there is no such file."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def fmt(v):
    """A figure as the page shows it: 3 significant digits, thousands separated, millions as "M"; "—" for none."""
    if v is None:
        return "—"
    if abs(v) >= 1e6:
        return f"{v / 1e6:.3g} M"
    if abs(v) >= 1e3:
        return f"{v:,.0f}"
    return f"{v:.3g}"
