"""The geometry of the readership page's charts, drawn as SVG by the templates.

Every bar has its value written beside it and its label under or before it, so nothing depends on
colour; the templates hide the SVG from screen readers and follow it with the same data as a table.
"""

from django.utils.text import Truncator

# Horizontal bars (a label, then the bar, then its value).
LABEL_WIDTH = 230
BAR_SPACE = 330
VALUE_SPACE = 120
ROW_HEIGHT = 30
BAR_HEIGHT = 18
LABEL_CHARACTERS = 30

# Columns (the curve of a post's first days).
COLUMN_WIDTH = 28
COLUMN_GAP = 14
PLOT_HEIGHT = 160
TOP_SPACE = 24
BOTTOM_SPACE = 48


def horizontal_bars(rows):
    """Lay out [(label, value or None, words)] as bars; a None value is written but not drawn."""
    largest = max((value for _, value, _ in rows if value), default=0)
    bars = []
    for index, (label, value, words) in enumerate(rows):
        top = index * ROW_HEIGHT
        length = round(BAR_SPACE * value / largest) if value and largest else 0
        bars.append(
            {
                "label": Truncator(label).chars(LABEL_CHARACTERS),
                "label_x": LABEL_WIDTH - 8,
                "text_y": top + ROW_HEIGHT / 2 + 5,
                "bar_x": LABEL_WIDTH,
                "bar_y": top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                "bar_width": length,
                "bar_height": BAR_HEIGHT,
                "is_drawn": length > 0,
                "value_x": LABEL_WIDTH + length + 6,
                "words": words,
            }
        )
    return {
        "width": LABEL_WIDTH + BAR_SPACE + VALUE_SPACE,
        "height": max(1, len(rows)) * ROW_HEIGHT,
        "bars": bars,
    }


def columns(points):
    """Lay out [(label, value, part)] as columns, each with its value above it and part hatched.

    A value of None (a day still to come) is drawn as nothing and written as nothing.
    """
    largest = max((value or 0 for _, value, _ in points), default=0)
    baseline = TOP_SPACE + PLOT_HEIGHT
    drawn = []
    for index, (label, value, part) in enumerate(points):
        height = round(PLOT_HEIGHT * value / largest) if largest and value else 0
        part_height = round(PLOT_HEIGHT * min(part, value) / largest) if largest and value else 0
        left = COLUMN_GAP + index * (COLUMN_WIDTH + COLUMN_GAP)
        middle = left + COLUMN_WIDTH / 2
        drawn.append(
            {
                "x": left,
                "y": baseline - height,
                "width": COLUMN_WIDTH,
                "height": height,
                "part_y": baseline - part_height,
                "part_height": part_height,
                "middle": middle,
                "value_y": baseline - height - 6,
                "label_y": baseline + 18,
                "label": label,
                "value": "" if value is None else value,
            }
        )
    width = COLUMN_GAP + len(points) * (COLUMN_WIDTH + COLUMN_GAP)
    return {
        "width": width,
        "height": baseline + BOTTOM_SPACE,
        "baseline": baseline,
        "axis_label_x": width / 2,
        "axis_label_y": baseline + 40,
        "columns": drawn,
    }
