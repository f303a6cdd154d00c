"""Rendering a workbook the way a user would see it: LibreOffice -> PDF -> text or PNG.

Tests that need LibreOffice skip when it is absent, unless ``B24XL_REQUIRE_LIBREOFFICE=1``
(CI sets it), in which case they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest


def require(*tools: str) -> None:
    """Skip (or fail under B24XL_REQUIRE_LIBREOFFICE=1) when a tool is missing."""
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (LibreOffice / poppler)"
    if os.environ.get("B24XL_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(message)
    pytest.skip(message)


def to_pdf(xlsx: Path, outdir: Path) -> Path:
    """Convert with a private LibreOffice profile (parallel runs never share one)."""
    require("soffice", "pdftotext")
    profile = outdir / f"lo_{uuid.uuid4().hex}"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = outdir / (xlsx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {xlsx}"
    return pdf


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=120
    )
    return result.stdout.decode("utf-8", "replace")


def to_png(pdf: Path, prefix: Path, dpi: int = 60) -> list[Path]:
    require("pdftoppm")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True,
                   timeout=300)  # fmt: skip
    return sorted(prefix.parent.glob(prefix.name + "*.png"))
