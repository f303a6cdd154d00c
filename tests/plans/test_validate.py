"""What a director may type, and that every problem is reported at once with its cell."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from b24sync.plans.model import Change, PlanKey
from b24sync.plans.validate import (
    Entry,
    PlanValidationError,
    ScopeCatalog,
    ValueProblem,
    parse_amount,
    parse_month,
    validate_entries,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1200000, 1_200_000.0),
        (0, 0.0),
        ("1 200 000", 1_200_000.0),
        ("1\u00a0200\u00a0000", 1_200_000.0),
        ("1'200'000", 1_200_000.0),
        ("1200000,50", 1_200_000.5),
        ("1200000.50", 1_200_000.5),
        ("1,200,000.50", 1_200_000.5),
        ("1,2 млн", 1_200_000.0),  # 1.2 x 1 000 000
        ("500 тыс", 500_000.0),  # 500 x 1 000
        ("500 тыс.", 500_000.0),
        ("1.2m", 1_200_000.0),
        ("2,5 млрд", 2_500_000_000.0),
        ("750k", 750_000.0),
        ("300 000 ₽", 300_000.0),
        ("300000 руб.", 300_000.0),
        ("", None),
        (None, None),
        ("   ", None),
    ],
)
def test_accepted_numbers(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(
    "raw", ["-5", -1, "много", "1,200", "12%", "1.000,5", "1e5x", True, "5 штук", float("nan")]
)
def test_refused_numbers(raw):
    with pytest.raises(ValueProblem) as info:
        parse_amount(raw)
    assert info.value.en and info.value.ru


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2024-03", "2024-03"), ("2024-3", "2024-03"), ("03.2024", "2024-03"),
     ("3.2024", "2024-03"), (date(2024, 3, 15), "2024-03"), (datetime(2024, 12, 1), "2024-12")],
)  # fmt: skip
def test_months(raw, expected):
    assert parse_month(raw) == expected


@pytest.mark.parametrize("raw", ["2024-13", "2024-00", "март", "", "1999-01", "2024/03"])
def test_bad_months(raw):
    with pytest.raises(ValueProblem):
        parse_month(raw)


CATALOG = ScopeCatalog({"all": "Компания", "dept:3": "Отдел продаж", "user:7": "Иван Петров"})


def entry(cell, scope, month="2024-03", raw=100):
    return Entry(cell, scope, month, raw, "revenue", "budget")


def test_names_and_ids_resolve():
    changes = validate_entries(
        [entry("D5", "отдел  продаж"), entry("D6", "user:7"), entry("D7", "Компания", raw="")],
        CATALOG,
    )
    assert changes == [
        Change(PlanKey("budget", "2024-03", "revenue", "dept:3"), 100.0, "D5"),
        Change(PlanKey("budget", "2024-03", "revenue", "user:7"), 100.0, "D6"),
        Change(PlanKey("budget", "2024-03", "revenue", "all"), None, "D7"),
    ]


def test_every_problem_is_listed_with_its_cell():
    entries = [
        entry("D5", "Отдел продаж", raw=-10),  # negative
        entry("D6", "Иван Петров", raw="сто"),  # text
        entry("D7", "Отдел продж"),  # typo
        entry("D8", "Склад"),  # unknown
        entry("D9", "Иван Петров", month="2024-13"),  # bad month
        entry("D10", "Компания"),
        entry("D11", "all"),  # duplicate of D10
        entry("D12", "dept:3", month="2024-01"),  # locked
    ]
    with pytest.raises(PlanValidationError) as info:
        validate_entries(entries, CATALOG, locked=["2024-01"])
    problems = info.value.problems
    assert [p.cell for p in problems] == ["D5", "D6", "D7", "D8", "D9", "D11", "D12"]
    assert "did you mean Отдел продаж (dept:3)" in problems[2].en
    assert "может быть, Отдел продаж (dept:3)" in problems[2].ru
    assert "D10" in problems[5].en
    assert "locked" in problems[6].en and "закрыт" in problems[6].ru
    assert info.value.en.startswith("7 problem(s)") and "D12:" in info.value.ru


def test_without_catalog_only_canonical_ids():
    assert validate_entries([entry("A1", "pipeline:2/user:7")], None)[0].key.scope_id == (
        "pipeline:2/user:7"
    )
    with pytest.raises(PlanValidationError):
        validate_entries([entry("A1", "Отдел продаж")], None)


def test_unknown_measure_suggests():
    with pytest.raises(PlanValidationError) as info:
        validate_entries([Entry("B2", "all", "2024-03", 1, "revenu", "budget")], None)
    assert "did you mean revenue" in info.value.en
