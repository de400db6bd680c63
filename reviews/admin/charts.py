"""Geometry for the decisions dashboard's inline SVG charts (no JavaScript, no library):
the template draws what these functions compute."""

from dataclasses import dataclass, replace
from datetime import timedelta


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def histogram(counts: dict[int, int], *, width: int = 360, height: int = 160) -> dict:
    """Vertical bars, one per score, heights relative to the tallest."""
    keys = sorted(counts)
    top = max(counts.values(), default=0) or 1
    gap, base = 8, 20
    slot = width / max(1, len(keys))
    bars = [
        Bar(
            label=str(key),
            value=counts[key],
            x=round(i * slot + gap / 2, 1),
            y=round(height - base - (height - base - 16) * counts[key] / top, 1),
            width=round(slot - gap, 1),
            height=round((height - base - 16) * counts[key] / top, 1),
        )
        for i, key in enumerate(keys)
    ]
    return {"bars": bars, "width": width, "height": height, "axis_y": height - base}


def progress_rows(rows: list[tuple[str, int, int]], *, width: int = 360, row: int = 22) -> dict:
    """Horizontal bars per reviewer: `done` filled inside an outline of `assigned`."""
    label_width = 150
    top = max((assigned for _, _, assigned in rows), default=0) or 1
    scale = (width - label_width - 40) / top
    drawn = [
        {
            "label": label,
            "done": done,
            "assigned": assigned,
            "y": i * row,
            "done_width": round(done * scale, 1),
            "assigned_width": round(assigned * scale, 1),
            "text_x": label_width + round(assigned * scale, 1) + 6,
        }
        for i, (label, done, assigned) in enumerate(rows)
    ]
    return {
        "rows": drawn,
        "width": width,
        "height": max(row, row * len(rows)),
        "label_width": label_width,
        "bar_height": row - 6,
    }


def daily(counts: dict, *, width: int = 360, height: int = 160, labels: int = 6) -> dict:
    """Bars per day from the first to the last day with a count (empty days drawn as
    zero), with about `labels` dates written under them."""
    if not counts:
        return histogram({}, width=width, height=height)
    first, last = min(counts), max(counts)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    chart = histogram(
        {i: counts.get(day, 0) for i, day in enumerate(days)}, width=width, height=height
    )
    every = max(1, -(-len(days) // labels))
    chart["bars"] = [
        replace(bar, label=f"{day:%b %-d}" if i % every == 0 else "")
        for i, (bar, day) in enumerate(zip(chart["bars"], days, strict=True))
    ]
    chart["days"] = len(days)
    return chart
