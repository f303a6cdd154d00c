"""The look of the report: fonts, fills, number formats, and the units they belong to.

Excel format codes always use ``,`` for grouping and ``.`` for decimals; Excel shows them
with the reader's locale, so ``#,##0 "₽"`` reads ``1 234 567 ₽`` on a Russian machine.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

BRAND = "1F4E79"
BAND = "DDEBF7"
SUBTLE = "F2F2F2"
GREEN = "2E7D32"
RED = "C62828"

TITLE_FONT = Font(name="Calibri", size=16, bold=True, color=BRAND)
SUBTITLE_FONT = Font(name="Calibri", size=10, italic=True, color="595959")
SECTION_FONT = Font(name="Calibri", size=12, bold=True, color=BRAND)
HEADER_FONT = Font(name="Calibri", size=10, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=BRAND)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(name="Calibri", size=10, bold=True)
NORMAL = Font(name="Calibri", size=10)
LINK_FONT = Font(name="Calibri", size=10, color="0563C1", underline="single")
TOTAL_FILL = PatternFill("solid", fgColor=BAND)
LEVEL_FILLS = {0: TOTAL_FILL, 1: PatternFill("solid", fgColor=SUBTLE)}
THIN = Side(style="thin", color="BFBFBF")
BOTTOM_BORDER = Border(bottom=THIN)

MONEY = '#,##0 "₽"'
COUNT = "#,##0"
SHARE = "0.0%"
INDEX = "0"
DECIMAL = "#,##0.0"
DATE = {"ru": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
DATETIME = {"ru": "DD.MM.YYYY HH:MM", "en": "YYYY-MM-DD HH:MM"}
DAYS = {"ru": '#,##0.0 "дн."', "en": '#,##0.0 "days"'}
# change against a comparison period: arrows, the colour comes from conditional formats
DELTA_SHARE = '"▲ "0.0%;"▼ "0.0%;"● "0.0%'
DELTA_POINTS = {
    "ru": '"▲ "0.0" п.п.";"▼ "0.0" п.п.";"● "0.0" п.п."',
    "en": '"▲ "0.0" pp";"▼ "0.0" pp";"● "0.0" pp"',
}

# unit (as the metrics registry names it) -> number format
UNIT_FORMATS: dict[str, str] = {
    "rub": MONEY,
    "money": MONEY,
    "roubles": MONEY,
    "count": COUNT,
    "deals": COUNT,
    "leads": COUNT,
    "tasks": COUNT,
    "activities": COUNT,
    "share": SHARE,
    "ratio": SHARE,
    "percent": SHARE,
    "index": INDEX,
    "points": COUNT,
}

# column id -> unit, for list tables and metrics without a registry entry
COLUMN_UNITS: dict[str, str] = {
    "amount": "rub", "won_sum": "rub", "avg_check": "rub", "gross_profit": "rub",
    "plan": "rub", "fact": "rub", "deals": "count", "created": "count", "won_count": "count",
    "lost_count": "count", "in_work": "count", "forgotten_deals": "count",
    "new_won_count": "count", "repeat_won_count": "count", "open_at_start": "count",
    "conversion_overall": "share", "conversion_created": "share", "plan_completion": "share",
    "started_on_time": "share", "finished_on_time": "share", "discipline": "share",
    "cycle_days": "days", "avg_days_on_stage": "days", "days_on_stage": "days",
    "days_since_created": "days", "days_idle": "days", "call": "count", "chat": "count",
    "meeting": "count", "email": "count", "todo": "count", "points": "count", "index": "index",
    "tasks_set": "count", "done": "count", "in_progress": "count", "overdue": "count",
    "open_tasks": "count", "overdue_tasks": "count", "id": "id", "deal_id": "id",
}  # fmt: skip


def number_format(unit: str | None, lang: str) -> str:
    """The format code for a unit; days and dates depend on the language."""
    if unit == "days":
        return DAYS[lang]
    if unit == "date":
        return DATE[lang]
    if unit == "datetime":
        return DATETIME[lang]
    if unit == "id":
        return "0"
    return UNIT_FORMATS.get(unit or "", "General")


def column_format(name: str, lang: str, unit: str | None = None) -> str:
    """The format of a list column: its own unit, else the given metric unit."""
    return number_format(COLUMN_UNITS.get(name, unit), lang)
