"""The local store: upserts, reference lists, deletions, snapshot export, atomic pages."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b24sync.cursor import Cursor
from b24sync.entities import BY_NAME
from b24sync.store import MIGRATIONS, Store, export_snapshot

DEALS = BY_NAME["deals"]
USERS = BY_NAME["users"]


def deal(i: int, **fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": i,
        "title": f"Сделка {i}",
        "opportunity": 1000 * i,
        "updatedTime": "2024-08-30T14:29:00+02:00",
        "ufCrm_1700000002": "Сочи",
    }
    record.update(fields)
    return record


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        yield s


def test_schema_migrations_are_named_and_recorded(store: Store) -> None:
    names = [r[0] for r in store.conn.execute("SELECT name FROM schema_migrations")]
    assert names == [m.name for m in MIGRATIONS]


def test_upsert_inserts_then_changes_only_what_differs(store: Store) -> None:
    assert store.save_page(DEALS, [deal(1), deal(2)]) == 2
    rev = store.revision()
    assert store.save_page(DEALS, [deal(1), deal(2)]) == 0  # identical: nothing changes
    assert store.revision() == rev
    assert store.save_page(DEALS, [deal(2, title="Новое имя"), deal(3)]) == 2
    assert store.revision() != rev
    assert [r["title"] for r in store.records(DEALS)] == ["Сделка 1", "Новое имя", "Сделка 3"]


def test_typed_columns_are_parsed_from_the_record(store: Store) -> None:
    store.save_page(DEALS, [deal(7, opportunity="19999.99", assignedById="5")])
    row = store.conn.execute(
        "SELECT opportunity, assigned_by_id, updated_time FROM deals WHERE id = 7"
    ).fetchone()
    # 14:29 at +02:00 is 12:29 UTC
    assert row == (19999.99, 5, "2024-08-30T12:29:00Z")


def test_raw_record_keeps_custom_fields(store: Store) -> None:
    store.save_page(DEALS, [deal(1)])
    assert store.records(DEALS) == [deal(1)]


def test_a_page_and_its_cursor_land_together_or_not_at_all(store: Store) -> None:
    store.save_page(DEALS, [deal(1)], Cursor("deals", last_id=1))
    # the second record has no id: the page fails
    bad: list[dict[str, object]] = [deal(2), {"title": "no id"}]
    with pytest.raises(KeyError):
        store.save_page(DEALS, bad, Cursor("deals", last_id=3))
    assert [r["id"] for r in store.records(DEALS)] == [1]
    assert store.cursor(DEALS).last_id == 1


def test_reference_list_is_replaced_whole(store: Store) -> None:
    users = [{"ID": "1", "NAME": "Иван"}, {"ID": "2", "NAME": "Ольга"}]
    assert store.replace_reference(USERS, users) == 1
    rev = store.revision()
    assert store.replace_reference(USERS, users) == 0
    assert store.revision() == rev
    assert store.replace_reference(USERS, users[1:]) == 1
    assert store.records(USERS) == [{"ID": "2", "NAME": "Ольга"}]


def test_delete_missing_keeps_only_the_portal_ids(store: Store) -> None:
    store.save_page(DEALS, [deal(i) for i in range(1, 6)])
    assert store.delete_missing(DEALS, [1, 3, 5, 99]) == 2  # 2 and 4 are gone
    assert [r["id"] for r in store.records(DEALS)] == [1, 3, 5]


def test_export_snapshot_has_the_portal_format(tmp_path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        s.set_meta({"portal_domain": "demo.bitrix24.ru", "timezone": "Europe/Moscow"})
        s.save_page(DEALS, [deal(2), deal(1)])
        s.save_page(BY_NAME["leads"], [{"id": 5, "title": "Лид"}])
        s.replace_reference(USERS, [{"ID": "1"}])
    snap = export_snapshot(path)
    assert snap["portal"] == {"domain": "demo.bitrix24.ru", "timezone": "Europe/Moscow"}
    assert snap["crm.item.list"]["2"] == [deal(1), deal(2)]
    assert snap["crm.item.list"]["1"] == [{"id": 5, "title": "Лид"}]
    assert snap["user.get"] == [{"ID": "1"}]
    assert snap["crm.stagehistory.list"] == {"1": [], "2": []}
    assert snap["crm.category.list"] == {"2": []}
    expected_keys = {
        "portal", "user.get", "department.get", "crm.category.list", "crm.status.list",
        "crm.item.list", "crm.stagehistory.list", "crm.activity.list", "tasks.task.list",
        "sonet_group.get", "crm.currency.list",
    }  # fmt: skip
    assert set(snap) == expected_keys


def test_export_of_a_missing_store_is_a_one_line_error(tmp_path) -> None:
    from b24sync.errors import StoreError

    with pytest.raises(StoreError) as info:
        export_snapshot(tmp_path / "none.sqlite")
    assert "b24xl sync" in info.value.en and "\n" not in info.value.en


def test_a_failed_write_leaves_the_previous_data_readable(tmp_path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        s.save_page(DEALS, [deal(1)])
        s.conn.execute("BEGIN IMMEDIATE")
        s.conn.execute("DELETE FROM deals")  # an uncommitted write in flight ...
        reader = sqlite3.connect(path)
        assert reader.execute("SELECT COUNT(*) FROM deals").fetchone() == (1,)
        reader.close()
        s.conn.execute("ROLLBACK")
    assert [r["id"] for r in export_snapshot(path)["crm.item.list"]["2"]] == [1]


records = st.lists(
    st.builds(
        deal,
        st.integers(min_value=1, max_value=40),
        title=st.text(max_size=5),
        opportunity=st.one_of(st.integers(0, 10**6), st.floats(0, 1e6), st.none()),
    ),
    max_size=30,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=records, pages=st.lists(records, max_size=3))
def test_upsert_is_idempotent(tmp_path_factory, first, pages) -> None:
    with Store(tmp_path_factory.mktemp("h") / "s.sqlite") as s:
        s.save_page(DEALS, first)
        for page in pages:
            s.save_page(DEALS, page)
        content, rev = s.records(DEALS), s.revision()
        # saving the same pages again changes nothing at all
        for page in [first, *pages][-1:]:
            assert s.save_page(DEALS, page) == 0
        assert s.records(DEALS) == content and s.revision() == rev
        # the store holds the last version of every id, in id order (computed independently)
        latest: dict[int, dict[str, object]] = {}
        for page in [first, *pages]:
            for r in page:
                latest[int(str(r["id"]))] = r
        assert content == [latest[i] for i in sorted(latest)]
