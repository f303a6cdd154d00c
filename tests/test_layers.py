"""The house rules on imports, checked by parsing every module with ``ast``.

addin -> workbook_templates -> metrics; b24sync sits below addin; only addin imports xlwings;
only one module of b24sync (its client) imports requests.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("addin", "workbook_templates", "b24sync", "metrics")
FORBIDDEN = {
    "metrics": {"addin", "workbook_templates", "b24sync", "xlwings", "requests"},
    "workbook_templates": {"addin", "b24sync", "xlwings", "requests"},
    "b24sync": {"addin", "workbook_templates", "xlwings"},
    "addin": set(),
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_imports_point_one_way() -> None:
    offences = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            bad = imported_roots(path) & FORBIDDEN[package]
            if bad:
                offences.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert offences == []


def test_only_the_client_imports_requests() -> None:
    users = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "b24sync").rglob("*.py")
        if "requests" in imported_roots(p)
    )
    assert users in ([], ["b24sync/client.py"])


# spelt in pieces so that this file does not itself mention what it looks for
LICENSED = (*("xlwings." + part for part in ("pro", "server", "reports")), "LICENSE" + "_KEY")


def test_no_licensed_xlwings_parts() -> None:
    for package in (*PACKAGES, "tests", "bench"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for needle in LICENSED:
                assert needle not in text, f"{path} mentions {needle}"
