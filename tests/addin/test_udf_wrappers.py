"""The VBA wrappers come from xlwings' generator and match the Python signatures."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

from addin import udfs
from addin.xlam.udf_wrappers import generate, udf_source

SNAPSHOT = Path(__file__).parent / "snapshots" / "xlwings_udfs.bas"


def test_snapshot_matches_the_generator() -> None:
    """If this fails after changing a UDF, review the diff and regenerate the snapshot:
    python -c "from addin.xlam.udf_wrappers import udf_source; import sys;
    sys.stdout.write(udf_source())" > tests/addin/snapshots/xlwings_udfs.bas
    """
    assert udf_source() == SNAPSHOT.read_text()


def test_every_wrapper_matches_its_python_signature() -> None:
    source = udf_source()
    declared = dict(re.findall(r"^Function (B24_\w+)\((.*)\)$", source, re.M))
    assert set(declared) == {f.__name__ for f in udfs.FUNCTIONS}
    for func in udfs.FUNCTIONS:
        params = inspect.signature(func).parameters.values()
        expected = ", ".join(
            ("Optional " if p.default is not inspect.Parameter.empty else "") + p.name
            for p in params
        )
        assert declared[func.__name__] == expected
        names = ", ".join(p.name for p in inspect.signature(func).parameters.values())
        call = f'XLPy.CallUDF("addin.udfs", "{func.__name__}", Array({names}), ActiveWorkbook'
        assert call in source


def test_generator_leaves_no_windows_stubs_behind() -> None:
    before = set(sys.modules)
    generate([udfs.B24_CREATED])
    assert not {"pythoncom", "pywintypes", "win32com", "xlwings.udfs"} & (set(sys.modules) - before)
    assert not hasattr(udfs.B24_CREATED, "__xlfunc__")


def test_wrapper_for_a_new_function_with_defaults() -> None:
    def B24_SAMPLE(a, b=1):
        """Doc."""

    text = generate([B24_SAMPLE], "pkg.mod", "x.xlam")
    assert "Function B24_SAMPLE(a, Optional b)" in text
    assert 'B24_SAMPLE = XLPy.CallUDF("pkg.mod", "B24_SAMPLE", Array(a, b), ActiveWorkbook' in text
