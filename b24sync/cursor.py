"""Where a sync of one entity stands: the cursor, and the pass in flight.

A *pass* reads one entity in id order (fast export: ``>ID`` the last id, ``start=-1``). Each page's
rows are saved together with :meth:`Cursor.after_page`, in one transaction, so a killed sync
resumes the pass where its last committed page ended. When the last page has been saved,
:meth:`Cursor.finish` moves the ``mark`` (the server time the pass began) forward.

* ``mark``: the next pass of a ``changes`` entity reads rows modified at or after
  ``mark - overlap``; ``None`` means "never read completely": the pass is a full export.
* ``last_id``: the highest id saved by the pass in flight (``changes``) or ever (``append``:
  stage history is append-only, so its cursor is the last id and it never resets).
* ``pass_since`` / ``pass_mark``: the modification-time filter and the server time of the pass
  in flight, kept so a resumed pass reads with the same filter; ``pass_mark is None`` when no
  pass is in flight.

Neither ``mark`` nor (for ``append``) ``last_id`` ever goes back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

DEFAULT_OVERLAP = timedelta(minutes=10)


def parse_time(value: str) -> datetime:
    """An API datetime with offset (``2024-08-30T14:29:00+02:00``)."""
    return datetime.fromisoformat(value)


def later(a: str | None, b: str | None) -> str | None:
    """The later of two API datetimes (``None`` counts as "never")."""
    if a is None:
        return b
    if b is None:
        return a
    return a if parse_time(a) >= parse_time(b) else b


@dataclass(frozen=True)
class Cursor:
    """The sync state of one entity (see the module docstring)."""

    entity: str
    mark: str | None = None
    last_id: int = 0
    pass_since: str | None = None
    pass_mark: str | None = None

    @property
    def in_flight(self) -> bool:
        """A pass began and has not finished (a previous sync was interrupted)."""
        return self.pass_mark is not None

    def window(
        self, *, resets: bool, overlap: timedelta = DEFAULT_OVERLAP
    ) -> tuple[str | None, int]:
        """``(since, after_id)`` of the next pass: modified at or after ``since`` (``None``:
        everything), ids above ``after_id``. A pass in flight keeps its own window.

        ``resets``: a new pass re-reads ids from the start (``changes`` entities); otherwise it
        continues after ``last_id`` (append-only entities).
        """
        if self.in_flight:
            return self.pass_since, self.last_id
        since = None
        if self.mark is not None:
            since = (parse_time(self.mark) - overlap).isoformat(timespec="seconds")
        return since, 0 if resets else self.last_id

    def begin(
        self, server_time: str, *, resets: bool, overlap: timedelta = DEFAULT_OVERLAP
    ) -> Cursor:
        """Start a pass at ``server_time`` (see :meth:`window`), or resume the one in flight."""
        if self.in_flight:
            return self
        since, after = self.window(resets=resets, overlap=overlap)
        return replace(self, pass_since=since, pass_mark=server_time, last_id=after)

    def after_page(self, page_last_id: int) -> Cursor:
        """The cursor once a page ending at ``page_last_id`` is saved."""
        return replace(self, last_id=max(self.last_id, page_last_id))

    def finish(self, *, resets: bool) -> Cursor:
        """The cursor once the pass's last page is saved: the mark moves to the pass start."""
        return Cursor(
            entity=self.entity,
            mark=later(self.mark, self.pass_mark),
            last_id=0 if resets else self.last_id,
        )
