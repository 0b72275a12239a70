"""Bar charts drawn at build time: the geometry of a horizontal bar chart, which a template draws
as inline SVG (``bar_chart`` in theme/ocop/_macros.html) beside a table of the same numbers.

No chart library reaches the page and nothing runs in it: the chart is there without JavaScript,
prints, and is named for screen readers by its title and description. Each row is a label on its
own line above its bar, so that a long commune name never shortens the bars, and the value is
written after the bar. Sizes are in the SVG's own units, which the page scales to its width.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 300  # units across; the page scales the chart to its column, about a unit a pixel
ROW = 42  # units per row: a label line, then the bar
BAR = 14
LABEL_SIZE = 14  # the text of the page around it
VALUE_ROOM = 64  # after the longest bar, for its value ("1 234", "91,7%")


@dataclass(frozen=True)
class Bar:
    label_y: float  # the label's baseline
    y: float  # the bar's top
    width: float
    value_x: float  # where the value is written, after the bar
    value_y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bar_height: int
    label_size: int
    bars: list[Bar]


def bar_chart(values: list[float], maximum: float | None = None) -> BarChart:
    """One bar per value, as long as the value is a part of ``maximum`` (the largest value when
    not given: a share is drawn against 1); a value above nought stays visible."""
    top = maximum if maximum is not None else max(values, default=0)
    longest = WIDTH - VALUE_ROOM
    bars = []
    for index, value in enumerate(values):
        y = index * ROW
        width = round(longest * value / top, 1) if top > 0 else 0.0
        if value > 0:
            width = max(width, 2.0)
        bar_top = y + LABEL_SIZE + 6
        bars.append(Bar(y + LABEL_SIZE, bar_top, width, width + 5, bar_top + BAR - 2))
    return BarChart(WIDTH, max(len(values), 1) * ROW, BAR, LABEL_SIZE, bars)
