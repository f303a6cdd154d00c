"""The entry points the workbook, the add-in and the CLI call.

``metric_value(frames, "conversion_overall", "Сочи", "2024-03")`` gives one number;
``report_table(frames, "sales_dynamics", period="2024-Q1")`` gives a tidy frame; ``REPORTS``
names every report table. Derived arrays are cached per frames revision in-process, so a warm
``metric_value`` only resolves names and sums a masked array.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

import metrics.measures  # noqa: F401  (registers every metric)
from metrics.errors import ParameterError, PeriodError, UnknownMetricError
from metrics.frames import PortalFrames
from metrics.model import Model, model_for
from metrics.periods import Period, local_day, local_midnight, month_of, parse_period
from metrics.registry import REGISTRY, MetricDef, Query, Result
from metrics.reports import REPORT_FUNCTIONS, ReportRequest
from metrics.scopes import resolve_scope
from metrics.settings import Settings
from metrics.text import closest, norm

REPORTS: tuple[str, ...] = tuple(REPORT_FUNCTIONS)
DEFAULT_SETTINGS = Settings()


def settings_of(settings: Settings | Mapping[str, Any] | None) -> Settings:
    """Settings as given, from a mapping, or the defaults."""
    if isinstance(settings, Settings):
        return settings
    if not settings:
        return DEFAULT_SETTINGS
    return Settings.from_mapping(settings)


def find_metric(name: str) -> MetricDef:
    """A metric by id (any case) or by its Russian or English label."""
    key = norm(name).replace(" ", "_").replace("-", "_")
    if key in REGISTRY:
        return REGISTRY[key]
    for item in REGISTRY.values():
        if norm(name) in (norm(item.label_ru), norm(item.label_en)):
            return item
    hints = closest(name, list(REGISTRY)) or sorted(REGISTRY)[:5]
    shown = ", ".join(hints)
    raise UnknownMetricError(
        f'unknown metric "{name}"; did you mean {shown}? (all metrics: docs/metrics.md)',
        f'неизвестная метрика "{name}"; может быть {shown}? (список - docs/metrics.md)',
    )


def as_of_ns(model: Model, as_of: Any) -> int:
    """T as ns UTC: an explicit moment (naive = portal local time) or the model's default."""
    if as_of is None or as_of == "":
        return model.default_as_of
    try:
        if isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime):
            return int(local_midnight(as_of, model.tz).value)
        moment = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise PeriodError(
            f'cannot read the moment "{as_of}"; write it like 2024-03-31T18:00:00+03:00',
            f'не понимаю момент "{as_of}"; пишите как 2024-03-31T18:00:00+03:00',
        ) from None
    if moment.tzinfo is None:
        day = moment.date()
        return int((local_midnight(day, model.tz) + (moment - pd.Timestamp(day))).value)
    return int(moment.tz_convert("UTC").value)


def clean_params(definition: MetricDef, params: Mapping[str, Any] | None) -> dict[str, str]:
    """Parameters as text; one the metric does not take is an error naming those it does."""
    given = {str(k).strip(): str(v).strip() for k, v in (params or {}).items()}
    unknown = sorted(set(given) - set(definition.params))
    if unknown:
        named = ", ".join(unknown)
        if definition.params:
            takes = ", ".join(definition.params)
            raise ParameterError(
                f"metric {definition.id} takes no parameter {named}; it takes: {takes}",
                f"у метрики {definition.id} нет параметра {named}; есть: {takes}",
            )
        raise ParameterError(
            f"metric {definition.id} takes no parameters (given: {named})",
            f"метрика {definition.id} не принимает параметров (указано: {named})",
        )
    return given


def metric_result(
    frames: PortalFrames,
    name: str,
    scope: Any,
    period: Any,
    *,
    as_of: Any = None,
    params: Mapping[str, Any] | None = None,
    settings: Settings | Mapping[str, Any] | None = None,
    plans: Any = None,
) -> Result:
    """The metric with its numerator and denominator (see :func:`metric_value`)."""
    definition = find_metric(name)
    given = clean_params(definition, params)
    model = model_for(frames, settings_of(settings))
    t = as_of_ns(model, as_of)
    resolved = resolve_scope(model, scope)
    chosen = query_period(definition, period, model, t)
    return definition.compute(Query(model, resolved, chosen, t, given, plans))


def query_period(definition: MetricDef, period: Any, model: Model, t: int) -> Period | None:
    """The period of a query; metrics of the state at T ignore it."""
    if not definition.needs_period:
        return None
    if period is None or (isinstance(period, str) and not period.strip()):
        return month_of(local_day(t, model.tz))
    return parse_period(period)


def metric_value(
    frames: PortalFrames,
    name: str,
    scope: Any,
    period: Any,
    *,
    as_of: Any = None,
    params: Mapping[str, Any] | None = None,
    settings: Settings | Mapping[str, Any] | None = None,
    plans: Any = None,
) -> float | int | None:
    """One number: metric ``name`` over ``scope`` and ``period`` as of ``as_of`` (T).

    Raises :class:`metrics.errors.MetricsError` subclasses for an unknown metric, scope,
    period or parameter. An empty ratio is None. An empty period means the month of T.
    """
    result = metric_result(
        frames, name, scope, period, as_of=as_of, params=params, settings=settings, plans=plans
    )
    return result.value


def report_table(
    frames: PortalFrames,
    report: str,
    *,
    scope: Any = None,
    period: Any = None,
    as_of: Any = None,
    settings: Settings | Mapping[str, Any] | None = None,
    plans: Any = None,
    params: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """One report table (a tidy frame; shapes in :mod:`metrics.reports`)."""
    if report not in REPORT_FUNCTIONS:
        shown = ", ".join(closest(report, list(REPORTS)) or REPORTS)
        raise UnknownMetricError(
            f'unknown report "{report}"; reports: {shown}',
            f'неизвестный отчёт "{report}"; отчёты: {shown}',
        )
    model = model_for(frames, settings_of(settings))
    t = as_of_ns(model, as_of)
    if period is None or (isinstance(period, str) and not period.strip()):
        chosen = month_of(local_day(t, model.tz))
    else:
        chosen = parse_period(period)
    request = ReportRequest(
        model=model,
        scope=resolve_scope(model, scope),
        period=chosen,
        as_of=t,
        plans=plans,
        params={str(k): str(v) for k, v in (params or {}).items()},
    )
    return REPORT_FUNCTIONS[report](request)
