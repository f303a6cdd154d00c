"""Errors of the metrics layer: unknown metric, scope, period or parameter.

Every error carries a one-line message in English (``en``) and Russian (``ru``).
"""

from __future__ import annotations


class MetricsError(Exception):
    """Base of every error a director can cause by what he typed."""

    def __init__(self, en: str, ru: str) -> None:
        super().__init__(en)
        self.en = en
        self.ru = ru


class UnknownMetricError(MetricsError):
    """A metric or report name that the registry does not know."""


class UnknownScopeError(MetricsError):
    """A scope (department, employee, pipeline, city, ...) that is unknown or ambiguous."""


class PeriodError(MetricsError):
    """A period that is not one of the accepted forms."""


class ParameterError(MetricsError):
    """An unknown parameter or a parameter value that cannot be used."""


class SettingsError(MetricsError):
    """A setting with an unknown name or an unusable value."""
