"""The repository API: Inventory over a connection, atomic methods, exact values."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from day06_sqlite_inventory import (
    MAX_QUANTITY,
    CategoryValue,
    DuplicateSkuError,
    InsufficientStockError,
    InvalidValueError,
    Inventory,
    Item,
    UnknownSkuError,
    to_timestamp,
)

NOON = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOON


def add_cable(inventory: Inventory, **overrides: object) -> Item:
    fields: dict[str, object] = {
        "sku": "CB-1",
        "name": "Cable",
        "category": "cables",
        "unit_price_cents": 999,
        "quantity": 5,
        "reorder_level": 5,
    }
    fields.update(overrides)
    return inventory.add(**fields)  # type: ignore[arg-type]


def test_add_returns_the_stored_item_with_utc_timestamps(conn: sqlite3.Connection) -> None:
    inventory = Inventory(conn, clock=fixed_clock)
    item = add_cable(inventory)
    assert item == Item(
        id=item.id,
        sku="CB-1",
        name="Cable",
        category="cables",
        quantity=5,
        unit_price_cents=999,
        reorder_level=5,
        created_at="2026-01-02T12:00:00.000000+00:00",
        updated_at="2026-01-02T12:00:00.000000+00:00",
    )
    assert item.value_cents == 4995
    assert item.is_low_stock, "quantity 5 at reorder level 5 counts as low"


def test_timestamps_are_converted_to_utc() -> None:
    plus_two = datetime(2026, 1, 2, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    assert to_timestamp(plus_two) == "2026-01-02T12:00:00.000000+00:00"
    assert to_timestamp(datetime(2026, 1, 2, 12, 0)) == "2026-01-02T12:00:00.000000+00:00", (
        "a naive time is taken to be UTC already"
    )


def test_add_of_a_duplicate_sku_raises_and_keeps_the_first(inventory: Inventory) -> None:
    add_cable(inventory)
    with pytest.raises(DuplicateSkuError, match="'CB-1'"):
        add_cable(inventory, name="Another cable")
    assert inventory.get("CB-1").name == "Cable"


@pytest.mark.parametrize(
    "overrides",
    [
        {"sku": " "},
        {"quantity": -1},
        {"quantity": 1.5},
        {"quantity": True},
        {"unit_price_cents": -1},
        {"reorder_level": -3},
    ],
    ids=[
        "blank-sku",
        "negative-quantity",
        "fractional-quantity",
        "boolean-quantity",
        "negative-price",
        "negative-reorder-level",
    ],
)
def test_add_rejects_invalid_values_before_touching_the_database(
    inventory: Inventory, overrides: dict[str, object]
) -> None:
    with pytest.raises(InvalidValueError):
        add_cable(inventory, **overrides)
    assert inventory.list() == []


def test_update_sets_updated_at_and_keeps_created_at(conn: sqlite3.Connection) -> None:
    moments = iter([NOON, NOON + timedelta(hours=1)])
    inventory = Inventory(conn, clock=lambda: next(moments))
    add_cable(inventory)
    item = inventory.update("CB-1", unit_price_cents=1099)
    assert item.unit_price_cents == 1099
    assert (item.created_at, item.updated_at) == (
        "2026-01-02T12:00:00.000000+00:00",
        "2026-01-02T13:00:00.000000+00:00",
    )


def test_update_with_nothing_to_change_is_invalid(inventory: Inventory) -> None:
    add_cable(inventory)
    with pytest.raises(InvalidValueError, match="nothing to update"):
        inventory.update("CB-1")


def test_every_stock_change_is_a_movement_with_its_reason(inventory: Inventory) -> None:
    add_cable(inventory)
    inventory.restock("CB-1", 10, reason="delivery")
    inventory.sell("CB-1", 3)
    history = [(m.delta, m.reason) for m in inventory.movements("CB-1")]
    assert history == [(5, "initial stock"), (10, "delivery"), (-3, "sale")]
    assert inventory.get("CB-1").quantity == sum(delta for delta, _ in history)


def test_selling_more_than_in_stock_raises_with_the_numbers(inventory: Inventory) -> None:
    add_cable(inventory)
    with pytest.raises(InsufficientStockError) as caught:
        inventory.sell("CB-1", 6)
    assert (caught.value.requested, caught.value.available) == (6, 5)
    assert inventory.get("CB-1").quantity == 5


def test_restocking_past_the_maximum_is_refused(inventory: Inventory) -> None:
    add_cable(inventory, quantity=MAX_QUANTITY)
    with pytest.raises(InvalidValueError, match="more than"):
        inventory.restock("CB-1", 1)


def test_a_failed_transaction_rolls_back_every_step(inventory: Inventory) -> None:
    add_cable(inventory)
    with pytest.raises(InsufficientStockError), inventory.transaction():
        inventory.restock("CB-1", 10)
        inventory.sell("CB-1", 100)
    assert inventory.get("CB-1").quantity == 5, "the restock rolled back with the failed sale"
    assert len(inventory.movements("CB-1")) == 1


def test_a_caught_failure_inside_a_transaction_keeps_the_other_steps(
    inventory: Inventory,
) -> None:
    add_cable(inventory)
    with inventory.transaction():
        inventory.restock("CB-1", 10)
        with pytest.raises(UnknownSkuError):
            inventory.sell("NOPE", 1)
    assert inventory.get("CB-1").quantity == 15, "each method is atomic via a savepoint"


def test_remove_returns_the_removed_item(inventory: Inventory) -> None:
    added = add_cable(inventory)
    assert inventory.remove("CB-1") == added
    with pytest.raises(UnknownSkuError):
        inventory.get("CB-1")


def test_value_by_category_sums_quantity_times_price(inventory: Inventory) -> None:
    add_cable(inventory)  # 5 x 9.99
    add_cable(inventory, sku="CB-2", quantity=2, unit_price_cents=250)
    add_cable(inventory, sku="KB-1", category="peripherals", quantity=0, unit_price_cents=7990)
    assert inventory.value_by_category() == [
        CategoryValue(category="cables", items=2, units=7, value_cents=5495),
        CategoryValue(category="peripherals", items=1, units=0, value_cents=0),
    ]


def test_list_orders_by_sku_and_combines_filters(inventory: Inventory) -> None:
    add_cable(inventory, sku="CB-2")
    add_cable(inventory, sku="CB-1", quantity=50)
    add_cable(inventory, sku="KB-1", category="peripherals")
    assert [i.sku for i in inventory.list()] == ["CB-1", "CB-2", "KB-1"]
    assert [i.sku for i in inventory.list(category="cables", low_stock=True)] == ["CB-2"]
