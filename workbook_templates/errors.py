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


def missing_part(kind_en: str, kind_ru: str, name: str, path: object) -> TemplateError:
    """One line naming the missing sheet/Table/name and the file that lacks it."""
    return TemplateError(
        f"the workbook {path} lacks the {kind_en} {name!r}: restore it, or write a new "
        "report (another -o, no --template)",
        f"в книге {path} нет {kind_ru} «{name}»: восстановите его или сформируйте новый "
        "отчёт (другой -o, без --template)",
    )
