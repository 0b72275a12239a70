"""The geometry of the bar charts drawn on the figures page."""

from __future__ import annotations

from generator.site.charts import LABEL_SIZE, ROW, VALUE_ROOM, WIDTH, bar_chart


def test_bars_are_as_long_as_their_values_each_on_its_own_row() -> None:
    chart = bar_chart([2, 7, 0, 3])
    longest = WIDTH - VALUE_ROOM
    assert [bar.width for bar in chart.bars] == [
        round(longest * 2 / 7, 1),
        longest,
        0,
        round(longest * 3 / 7, 1),
    ]
    assert chart.height == 4 * ROW
    for index, bar in enumerate(chart.bars):
        # The label above its bar, the value after it, all inside the row and the chart.
        assert index * ROW < bar.label_y <= bar.y < bar.y + chart.bar_height <= (index + 1) * ROW
        assert bar.value_x > bar.width and bar.value_x + VALUE_ROOM - 5 <= WIDTH
    assert chart.label_size == LABEL_SIZE


def test_a_share_is_drawn_against_its_whole_and_a_small_value_stays_visible() -> None:
    chart = bar_chart([12, 11, 0.01], maximum=12)
    assert chart.bars[0].width == WIDTH - VALUE_ROOM
    assert 0 < chart.bars[2].width < chart.bars[1].width < chart.bars[0].width
    assert bar_chart([0, 0]).bars[0].width == 0 and bar_chart([]).bars == []
