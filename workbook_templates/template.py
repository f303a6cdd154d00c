"""Template workbooks: building the bundled ones and checking a director's own.

The bundled template of a language is the manifest laid out with no data: every sheet in
order with its title, every block's Excel Table (header and one empty row), and the
defined names. ``--template PATH`` (or an existing report being refreshed) must carry the
same sheets, Tables and names; :func:`validate` names the first one missing.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName

from workbook_templates.context import FillContext
from workbook_templates.errors import TargetError, missing_part
from workbook_templates.fill import PLANS_ORIGIN_ROW, fill_workbook
from workbook_templates.manifest import NAMES, SHEETS

TAB_COLORS = {"settings": "7F7F7F", "plans": "C55A11", "metrics": "7F7F7F", "catalog": "7F7F7F"}


def build_template(lang: str = "ru") -> Workbook:
    """A fresh workbook holding every sheet, Table and name of the manifest, empty."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name(lang))
        ws.sheet_properties.tabColor = TAB_COLORS.get(sheet.key, "1F4E79")
    fill_workbook(wb, {}, FillContext(lang=lang))
    set_names(wb, lang, domain="", period="", as_of="")
    return wb


def set_names(wb: Workbook, lang: str, *, domain: str, period: str, as_of: str) -> None:
    """The workbook-level names: constants a formula can read, and the plans grid origin."""
    plans = next(s for s in SHEETS if s.key == "plans").name(lang).replace("'", "''")
    values = {"B24_PORTAL": domain, "B24_PERIOD": period, "B24_AS_OF": as_of}
    for name, value in values.items():
        text = str(value).replace('"', '""')
        wb.defined_names[name] = DefinedName(name, attr_text=f'"{text}"')
    wb.defined_names["B24_PLANS"] = DefinedName(
        "B24_PLANS", attr_text=f"'{plans}'!$A${PLANS_ORIGIN_ROW}"
    )


def validate(wb: Workbook, lang: str, path: object) -> None:
    """Raise a one-line :class:`TemplateError` naming the first missing sheet, Table or name."""
    for sheet in SHEETS:
        title = sheet.name(lang)
        if title not in wb.sheetnames:
            raise missing_part("sheet", "листа", title, path)
        ws = wb[title]
        for block in sheet.blocks:
            if block.table and block.table not in ws.tables:
                raise missing_part("Excel Table", "умной таблицы", block.table, path)
    for name in NAMES:
        if name not in wb.defined_names:
            raise missing_part("defined name", "имени", name, path)


def open_template(path: str | Path, lang: str) -> Workbook:
    """Load a template or an earlier report to refresh, checked against the manifest."""
    path = Path(path)
    try:
        wb = load_workbook(path, rich_text=True)
    except FileNotFoundError:
        raise TargetError(
            f"the workbook {path} does not exist: check the path",
            f"книга {path} не найдена: проверьте путь",
        ) from None
    except PermissionError:
        raise TargetError(
            f"the workbook {path} cannot be read: close it in Excel or check its permissions",
            f"книгу {path} не удаётся прочитать: закройте её в Excel или проверьте права",
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise TargetError(
            f"the workbook {path} is not a readable .xlsx ({exc.__class__.__name__}): "
            "choose another file",
            f"книга {path} не читается как .xlsx ({exc.__class__.__name__}): выберите другой файл",
        ) from None
    validate(wb, lang, path)
    return wb
