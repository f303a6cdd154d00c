"""The metrics themselves, one module per subject; importing this package registers them all."""

from metrics.measures import activity, forgotten, pipeline, plans, sales, tasks

__all__ = ["activity", "forgotten", "pipeline", "plans", "sales", "tasks"]
