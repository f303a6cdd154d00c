"""Saving a report: a temp file in the target's folder, then an atomic rename.

A failure at any point leaves the previous file as it was. A target Excel holds open (a
``~$name`` lock file next to it, or a sharing violation on rename) or a folder that cannot
be written gets a one-line :class:`TargetError` naming the file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from workbook_templates.errors import TargetError


def excel_lock(path: Path) -> Path:
    """The owner file Excel keeps beside a workbook it has open (``~$report.xlsx``)."""
    return path.with_name("~$" + path.name)


def _locked(path: Path) -> TargetError:
    return TargetError(
        f"the workbook {path} is open or locked: close it in Excel and refresh again",
        f"книга {path} открыта или заблокирована: закройте её в Excel и обновите снова",
    )


def _unwritable(path: Path, exc: OSError) -> TargetError:
    return TargetError(
        f"cannot write {path} ({exc.strerror or exc.__class__.__name__}): choose a writable "
        "folder with -o",
        f"не удаётся записать {path} ({exc.strerror or exc.__class__.__name__}): укажите "
        "доступную для записи папку в -o",
    )


def neutral_properties(wb: Workbook, title: str) -> None:
    """Document properties that name no person: the product as author, a fixed title."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    props = wb.properties
    props.creator = "b24xl"
    props.lastModifiedBy = "b24xl"
    props.title = title
    props.subject = props.description = props.keywords = props.category = None
    props.created = props.modified = now
    props.lastPrinted = None


def _file_mode(target: Path) -> int:
    """The mode the saved file should have: the old file's, else what the umask allows.

    (``mkstemp`` creates its file readable by the owner alone; a report is an ordinary file.)
    """
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def save_atomic(wb: Workbook, target: str | Path) -> Path:
    """Write ``wb`` next to ``target`` and rename it into place."""
    target = Path(target)
    if excel_lock(target).exists():
        raise _locked(target)
    if target.exists() and not os.access(target, os.W_OK):
        raise _locked(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".~b24xl-", suffix=".xlsx", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    tmp = Path(tmp_name)
    try:
        wb.save(tmp)
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except PermissionError:
        raise _locked(target) from None
    except OSError as exc:
        raise _unwritable(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target
