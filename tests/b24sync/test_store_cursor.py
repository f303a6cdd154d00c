"""The cursor: passes begin, resume, finish; the mark and append-only ids never go back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from b24sync.cursor import Cursor, later, parse_time

MSK = timezone(timedelta(hours=3))


def test_first_pass_is_a_full_export_and_later_ones_overlap() -> None:
    c = Cursor("deals").begin("2024-05-01T12:00:00+03:00", resets=True)
    assert (c.pass_since, c.pass_mark, c.last_id) == (None, "2024-05-01T12:00:00+03:00", 0)
    c = c.after_page(50).after_page(100).finish(resets=True)
    assert (c.mark, c.last_id, c.in_flight) == ("2024-05-01T12:00:00+03:00", 0, False)
    nxt = c.begin("2024-05-02T09:00:00+03:00", resets=True)
    # 12:00 minus the 10-minute overlap = 11:50 on the day of the mark
    assert nxt.pass_since == "2024-05-01T11:50:00+03:00"


def test_an_interrupted_pass_resumes_with_its_own_filter() -> None:
    c = Cursor("deals", mark="2024-05-01T12:00:00+03:00")
    c = c.begin("2024-05-02T09:00:00+03:00", resets=True).after_page(250)
    resumed = c.begin("2024-05-03T09:00:00+03:00", resets=True)
    assert resumed == c  # same since, same pass start, continues after id 250


def test_append_only_cursor_continues_after_the_last_id() -> None:
    c = Cursor("deal_stage_history", last_id=900)
    c = c.begin("2024-05-02T09:00:00+03:00", resets=False)
    assert c.last_id == 900
    assert c.after_page(950).finish(resets=False).last_id == 950


def test_later_compares_moments_not_strings() -> None:
    # 10:00 UTC is later than 12:00 at +03:00 (= 09:00 UTC), though it sorts lower as text
    assert later("2024-05-01T10:00:00+00:00", "2024-05-01T12:00:00+03:00") == (
        "2024-05-01T10:00:00+00:00"
    )
    assert later(None, "2024-05-01T10:00:00+00:00") == "2024-05-01T10:00:00+00:00"


moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=MSK).isoformat()
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("begin"), moments),
        st.tuples(st.just("page"), st.integers(0, 10**6)),
        st.tuples(st.just("finish"), st.none()),
    ),
    max_size=40,
)


@given(steps=steps, resets=st.booleans())
def test_the_cursor_never_goes_back(steps, resets) -> None:
    c = Cursor("x")
    for op, arg in steps:
        before = c
        if op == "begin":
            c = c.begin(arg, resets=resets)
        elif op == "page":
            c = c.after_page(arg)
        else:
            c = c.finish(resets=resets)
        if before.mark is not None:
            assert c.mark is not None
            assert parse_time(c.mark) >= parse_time(before.mark)
        if not resets or (op == "page"):
            assert c.last_id >= before.last_id


def test_parse_time_keeps_the_offset() -> None:
    assert parse_time("2024-05-01T12:00:00+03:00").astimezone(UTC).hour == 9
