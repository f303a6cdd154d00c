"""Charts built at fill time from the blocks the manifest names.

openpyxl keeps a chart's ranges static, so every refresh rebuilds the charts over the rows
just written. Series reference cells only; no cached values are stored in the chart, so a
chart never carries a number the sheet does not show.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from workbook_templates import i18n, styles
from workbook_templates.context import FillContext
from workbook_templates.manifest import Chart
from workbook_templates.tables import Placement

WIDTH_CM = 18.0
HEIGHT_CM = 9.5
ROW_CM = 0.53  # a default row (15 pt) in centimetres


def _series(
    chart: BarChart | LineChart, ws: Worksheet, place: Placement, names: tuple[str, ...]
) -> int:
    added = 0
    for name in names:
        col = place.columns.get(name)
        if col is None:
            continue
        ref = Reference(ws, min_col=col, min_row=place.header_row, max_row=place.last_row)
        chart.add_data(ref, titles_from_data=True)
        if isinstance(chart, LineChart):
            chart.series[-1].smooth = False  # straight segments between months
        added += 1
    return added


def _axes(chart: BarChart | LineChart) -> None:
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = ChartLines()


def build_chart(
    ws: Worksheet, spec: Chart, place: Placement, ctx: FillContext
) -> BarChart | LineChart | None:
    """One chart over a placed block; None when the block is empty or lacks the columns."""
    cat_col = place.columns.get(spec.category)
    if place.rows <= 0 or cat_col is None:
        return None
    cats = Reference(ws, min_col=cat_col, min_row=place.first_row, max_row=place.last_row)
    main: BarChart | LineChart
    if spec.kind == "line" or not spec.bars:
        main = LineChart()
        names = spec.bars or spec.line
        if not _series(main, ws, place, names):
            return None
    else:
        main = BarChart()
        main.type = "bar" if spec.kind == "bar" else "col"
        main.grouping = "clustered"
        if not _series(main, ws, place, spec.bars):
            return None
        if spec.line:
            line = LineChart()
            if _series(line, ws, place, spec.line):
                line.set_categories(cats)
                line.y_axis.axId = 200
                line.y_axis.crosses = "max"
                line.y_axis.delete = False
                line.y_axis.number_format = (
                    styles.SHARE if "conversion" in spec.line[0] else "General"
                )
                main += line
    main.set_categories(cats)
    main.title = i18n.text(spec.key, ctx.lang)
    main.width, main.height = WIDTH_CM, HEIGHT_CM
    if spec.kind == "bar":
        main.height = max(HEIGHT_CM, min(30.0, 1.0 + 0.55 * place.rows))
        main.x_axis.scaling.orientation = "maxMin"  # the first row on top, as in the table
    _axes(main)
    main.legend = main.legend if len(spec.bars) + len(spec.line) > 1 else None
    return main


def place_charts(
    ws: Worksheet, top: int, col: int, specs: list[tuple[Chart, Placement]], ctx: FillContext
) -> tuple[int, int]:
    """Anchor the charts one under another from (``top``, ``col``), right of their block.

    Returns the first row below the charts and the last column they cover.
    """
    row, right = top, col
    for spec, place in specs:
        chart = build_chart(ws, spec, place, ctx)
        if chart is None:
            continue
        ws.add_chart(chart, f"{get_column_letter(col)}{row}")
        row += int(chart.height / ROW_CM) + 2
        right = max(right, _column_after(ws, col, chart.width))
    return row, right


def _column_after(ws: Worksheet, start: int, cm: float) -> int:
    """The first column at least ``cm`` to the right of column ``start``'s left edge."""
    col, used = start, 0.0
    while used < cm and col < start + 60:
        width = ws.column_dimensions[get_column_letter(col)].width or 8.43
        used += (width * 7 + 5) / 96 * 2.54  # characters -> pixels -> cm
        col += 1
    return col
