"""Scopes as a director writes them, and the errors that list the closest names."""

from __future__ import annotations

import pytest
from metrics_fixture import SETTINGS

from metrics.errors import UnknownScopeError
from metrics.frames import PortalFrames
from metrics.model import model_for
from metrics.scopes import resolve_scope
from metrics.settings import Settings


def scope_id(frames: PortalFrames, text: object) -> str:
    return resolve_scope(model_for(frames, Settings.from_mapping(SETTINGS)), text).id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all", "all"), ("*", "all"), ("Все", "all"), ("", "all"), (None, "all"),
        ("Сочи", "dept:3"),  # a department wins over the city of the same name
        ("Sochi", "dept:3"),  # Latin -> Cyrillic by transliteration
        ("  сочи ", "dept:3"),
        ("Moskva", "dept:4"),
        ("Иван Петров", "user:10"), ("Петров Иван", "user:10"), ("петров", "user:10"),
        ("Петр Семин", "user:12"),  # ё typed as е
        ("Semin", "user:12"), ("Ivan Petrov", "user:10"),
        ("Опт", "pipeline:1"), ("pipeline:0", "pipeline:0"), ("pipeline:Общая", "pipeline:0"),
        ("dept:2", "dept:2"), ("dept:Продажи", "dept:2"), ("user:11", "user:11"),
        ("city:Сочи", "city:Сочи"), ("city:sochi", "city:Сочи"), ("source:CALL", "source:CALL"),
        ("Сайт", "source:WEB"), ("id:3", "dept:3"),
        ("uf:UF_CRM_CITY=сочи", "uf:ufCrm_CITY=Сочи"),
        ("pipeline:1/dept:3", "pipeline:1/dept:3"), ("pipeline:Опт/user:Петров", "pipeline:1/user:10"),  # noqa: E501
    ],
)  # fmt: skip
def test_resolves(small: PortalFrames, text: object, expected: str) -> None:
    assert scope_id(small, text) == expected


def test_unknown_lists_closest(small: PortalFrames) -> None:
    with pytest.raises(UnknownScopeError) as info:
        scope_id(small, "Сочьи")
    assert info.value.ru.startswith('неизвестный отдел "Сочьи" - может быть "Сочи"')
    assert info.value.en.startswith('unknown department "Сочьи" - did you mean "Сочи"')


def test_unknown_employee_prefix(small: PortalFrames) -> None:
    with pytest.raises(UnknownScopeError) as info:
        scope_id(small, "user:Петраф")
    assert "Петров" in info.value.ru and "сотрудник" in info.value.ru


def test_nothing_close(small: PortalFrames) -> None:
    with pytest.raises(UnknownScopeError) as info:
        scope_id(small, "Zzzzzz")
    assert "\n" not in info.value.en


def test_ambiguous_surname() -> None:
    from metrics_fixture import snapshot

    from b24sync.frames import frames_from_snapshot

    snap = snapshot()
    snap["user.get"].append(
        {"ID": "14", "NAME": "Олег", "LAST_NAME": "Петров", "ACTIVE": True, "UF_DEPARTMENT": [4]}
    )
    frames = frames_from_snapshot(snap)
    with pytest.raises(UnknownScopeError) as info:
        scope_id(frames, "Петров")
    assert "Иван Петров" in info.value.ru and "Олег Петров" in info.value.ru
    assert scope_id(frames, "Олег Петров") == "user:14"
