"""The metric catalog, generated from the registry: ``docs/metrics.md`` and the workbook's
catalog sheet (:func:`catalog_rows`).

``python -m metrics.catalog --write docs/metrics.md`` regenerates the file; ``--check``
fails when the committed file differs from the registry.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import metrics.measures  # noqa: F401  (registers every metric)
from metrics.registry import REGISTRY, MetricDef
from metrics.settings import Settings

UNITS = {
    "deals": ("сделки", "deals"), "leads": ("лиды", "leads"), "rub": ("руб.", "RUB"),
    "days": ("дни", "days"), "share": ("доля (%)", "share (%)"), "points": ("баллы", "points"),
    "index": ("индекс", "index"), "tasks": ("задачи", "tasks"),
    "activities": ("дела", "activities"),
}  # fmt: skip
KINDS = {
    "count": ("количество", "count"), "sum": ("сумма", "sum"), "share": ("доля", "share"),
    "ratio": ("отношение сумм", "ratio of sums"), "mean": ("среднее", "mean"),
    "index": ("индекс", "index"), "state": ("состояние на T", "state at T"),
}  # fmt: skip
# Decisions where the spec is silent (and the rules every metric shares), in both languages.
RULES_TEXT = """
ru: T (момент расчёта) - время последней успешной синхронизации; без него - самое позднее
    время в данных.
en: T (as of) is the last successful sync; without one, the latest moment found in the data.

ru: Границы периодов - полночь в часовом поясе портала; период полуоткрытый [начало, конец).
    Время с разными смещениями сравнивается как моменты.
en: Period boundaries are midnights in the portal's time zone; a period is half-open [start,
    end). Timestamps with different offsets are compared as instants.

ru: История стадий упорядочена по CREATED_TIME, затем по ID: при равном времени побеждает
    запись с большим ID.
en: Stage history is ordered by CREATED_TIME, then ID: on equal times the record with the
    larger ID wins.

ru: Сделка без истории стадий в работе с момента создания; если она закрыта сейчас - закрыта
    в closedate (пустая - в updatedTime, не раньше создания).
en: A deal without stage history is in work from creation; if closed now, it closed at
    closedate (empty: updatedTime; never before creation).

ru: Если первая запись истории позже создания сделки, до неё сделка в работе.
en: If a deal's first history record is later than its creation, the deal is in work until
    that record.

ru: won_at - время последней записи истории, если на T сделка успешна; переоткрытая сделка
    не выиграна ни в каком периоде.
en: won_at is the time of the last history record when the deal is won at T; a reopened deal
    is won in no period.

ru: Сделка относится к текущему ответственному, его отделам с родительскими и к текущей
    воронке (перенесённая между воронками сделка - к новой).
en: A deal belongs to its current responsible, that employee's departments with their
    parents and its current pipeline (a deal moved between pipelines: the new one).

ru: «В работе на начало» - состояние в момент начала (запись ровно в полночь уже действует);
    «в работе» на конец - состояние перед концом периода (сделка, закрытая ровно в полночь
    конца, ещё в работе).
en: 'Open at start' is the state at the start instant (a record exactly at midnight already
    applies); 'in work' at the end is the state just before the end (a deal closed exactly
    at the closing midnight is still in work).

ru: Для будущего или незавершённого периода «в работе» - на момент T; события после T не
    учитываются.
en: For a future or unfinished period 'in work' is at T; events after T never count.

ru: Успешный лид - сконвертированный (семантика S); лиды используются в незабудке.
en: A won lead is a converted one (semantic S); leads are used by the forgotten metrics.

ru: Сумма в базовой валюте: opportunity x AMOUNT / AMOUNT_CNT из crm.currency.list; валюта
    без курса берётся как есть.
en: Amounts in the base currency: opportunity x AMOUNT / AMOUNT_CNT of crm.currency.list; a
    currency without a rate is taken as is.

ru: Отношение с нулевым знаменателем пусто; итоги отношений - отношение сумм, а не среднее
    отношений.
en: A ratio with a zero denominator is empty; totals of ratios are ratios of sums, not
    averages of ratios.

ru: Неоднозначное имя без префикса ищется по порядку: отдел, сотрудник, воронка, город,
    источник.
en: A bare name is looked up in order: department, employee, pipeline, city, source.

ru: Активности и задачи считаются по сотрудникам: область-воронка, город или поле для них -
    ошибка.
en: Activities and tasks belong to employees: a pipeline, city or field scope is an error
    for them.

ru: Лид относится к ответственному, его отделам и к источнику.
en: A lead belongs to its responsible, that employee's departments and its source.
"""


def parse_rules(text: str) -> list[tuple[str, str]]:
    """``ru:``/``en:`` paragraphs (continuation lines indented) -> (ru, en) pairs."""
    pairs: list[tuple[str, str]] = []
    for block in text.strip().split("\n\n"):
        current: dict[str, str] = {}
        key = "ru"
        for line in block.splitlines():
            if line[:3] in ("ru:", "en:"):
                key = line[:2]
                current[key] = line[3:].strip()
            else:
                current[key] += " " + line.strip()
        pairs.append((current["ru"], current["en"]))
    return pairs


DECISIONS: list[tuple[str, str]] = parse_rules(RULES_TEXT)


def row(item: MetricDef, lang: str) -> dict[str, str]:
    """One catalog row in ``lang`` (ru or en)."""
    ru = lang == "ru"
    return {
        "id": item.id,
        "label": item.label_ru if ru else item.label_en,
        "description": item.description_ru if ru else item.description_en,
        "formula": item.formula_ru if ru else item.formula_en,
        "unit": UNITS[item.unit][0 if ru else 1],
        "kind": KINDS[item.kind][0 if ru else 1],
        "params": ", ".join(item.params),
        "period": ("да" if ru else "yes")
        if item.needs_period
        else ("нет (на T)" if ru else "no (at T)"),
    }


def catalog_rows(lang: str = "ru") -> list[dict[str, str]]:
    """Rows for the workbook's catalog sheet: every metric, then the shared rules."""
    rows = [row(item, lang) for item in REGISTRY.values()]
    for number, (ru, en) in enumerate(DECISIONS, start=1):
        text = ru if lang == "ru" else en
        rows.append({"id": f"rule_{number}", "label": "Правило" if lang == "ru" else "Rule",
                     "description": text, "formula": "", "unit": "", "kind": "", "params": "",
                     "period": ""})  # fmt: skip
    return rows


def settings_lines() -> list[str]:
    """The settings with their defaults, as markdown list lines."""
    return [f"- `{key}` = `{value!r}`" for key, value in Settings().to_mapping().items()]


def render_markdown() -> str:
    """The whole ``docs/metrics.md``."""
    out = [
        "# Metric catalog / Каталог метрик",
        "",
        "Generated from `metrics.registry` by `python -m metrics.catalog --write docs/metrics.md`;",
        "do not edit by hand. / Сгенерировано из реестра метрик; не править вручную.",
        "",
        "## Rules / Правила",
        "",
    ]
    out += [f"{n}. {ru}  \n   {en}" for n, (ru, en) in enumerate(DECISIONS, start=1)]
    out += ["", "## Settings and defaults / Настройки и значения по умолчанию", ""]
    out += settings_lines()
    out += ["", "## Metrics / Метрики", ""]
    for item in REGISTRY.values():
        ru, en = row(item, "ru"), row(item, "en")
        out += [
            f"### `{item.id}` - {item.label_ru} / {item.label_en}",
            "",
            f"- Вид / kind: {ru['kind']} / {en['kind']}; "
            f"единица / unit: {ru['unit']} / {en['unit']}",
            f"- Период / period: {ru['period']} / {en['period']}",
            f"- Параметры / params: {(item.params and ', '.join(item.params)) or '-'}",
            f"- Формула: {item.formula_ru}",
            f"- Formula: {item.formula_en}",
            "",
            item.description_ru,
            "",
            item.description_en,
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrics.catalog")
    parser.add_argument("--write", metavar="PATH", help="write the catalog markdown to PATH")
    parser.add_argument("--check", metavar="PATH", help="exit 1 when PATH differs")
    args = parser.parse_args(argv)
    text = render_markdown()
    if args.write:
        write_atomic(Path(args.write), text)
    elif args.check:
        current = Path(args.check).read_text(encoding="utf-8") if Path(args.check).exists() else ""
        if current != text:
            print(f"{args.check} is stale: run python -m metrics.catalog --write {args.check}")
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
