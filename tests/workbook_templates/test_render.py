"""The filled workbook opens in LibreOffice and prints every report sheet's title."""

from __future__ import annotations

import pytest

from tests.workbook_templates.helpers import write
from tests.workbook_templates.render import pdf_text, to_pdf
from workbook_templates.manifest import SHEETS

pytestmark = pytest.mark.libreoffice


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_report_title_is_printed(tmp_path, lang):
    path = tmp_path / f"synthetic_{lang}.xlsx"
    write(path, lang=lang)
    text = " ".join(pdf_text(to_pdf(path, tmp_path)).split())
    for sheet in SHEETS:
        if sheet.report_sheet:
            assert sheet.name(lang) in text, sheet.name(lang)
    assert "600 000" in text or "600,000" in text  # the company's won sum, formatted
