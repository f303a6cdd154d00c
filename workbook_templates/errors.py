"""Errors of the workbook layer (template problems, unwritable targets).

Every error carries a one-line message in English (``en``) and Russian (``ru``).
"""

from __future__ import annotations


class WorkbookError(Exception):
    """Base of every workbook error a director can act on."""

    def __init__(self, en: str, ru: str) -> None:
        super().__init__(en)
        self.en = en
        self.ru = ru


class TemplateError(WorkbookError):
    """A template (or an existing workbook) lacks a sheet, Table or defined name it needs."""


class TargetError(WorkbookError):
    """The output workbook cannot be written (locked by Excel, read-only, missing folder)."""


class AreaConflictError(WorkbookError):
    """A report grew into cells the director filled beside it; nothing is written."""


def area_conflict(sheet: str, cell: str, last_row: int, last_col: str) -> AreaConflictError:
    """One line naming the director's cell that a grown report area would cover."""
    return AreaConflictError(
        f"the report on sheet '{sheet}' now needs A1:{last_col}{last_row}, and your cell "
        f"{cell} is in its way: move your cells below row {last_row} or right of column "
        f"{last_col}, or to your own sheet, then refresh again (nothing was written)",
        f"отчёт на листе «{sheet}» теперь занимает A1:{last_col}{last_row}, и ваша ячейка "
        f"{cell} ему мешает: перенесите свои ячейки ниже строки {last_row}, правее столбца "
        f"{last_col} или на свой лист и обновите снова (ничего не записано)",
    )


def missing_part(kind_en: str, kind_ru: str, name: str, path: object) -> TemplateError:
    """One line naming the missing sheet/Table/name and the file that lacks it."""
    return TemplateError(
        f"the workbook {path} lacks the {kind_en} {name!r}: restore it, or write a new "
        "report (another -o, no --template)",
        f"в книге {path} нет {kind_ru} «{name}»: восстановите его или сформируйте новый "
        "отчёт (другой -o, без --template)",
    )
