"""Day 6's inventory schema (items, movements) mapped with SQLAlchemy 2's typed ORM.

These models live on their own `InventoryBase` (a separate MetaData): day 7's Alembic
migrations own the task tables, and `schema.create_schema` creates these two tables next to
them in the same database. The columns follow day 6's contract exactly: money in integer
cents, times as ISO-8601 UTC text, `quantity` equal to the sum of the item's movements.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, MetaData, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from day07_sqlalchemy_orm import NAMING_CONVENTION  # the same constraint names as day 7's


class InventoryBase(DeclarativeBase):
    """The declarative base of the inventory tables, apart from day 7's `Base`."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class InventoryItem(InventoryBase):
    """One row of day 6's `items`: a stocked product with a price and a reorder level."""

    __tablename__ = "items"
    __table_args__ = (
        CheckConstraint("length(sku) > 0", name="sku_not_empty"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        CheckConstraint("length(category) > 0", name="category_not_empty"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("unit_price_cents >= 0", name="price_not_negative"),
        CheckConstraint("reorder_level >= 0", name="reorder_level_not_negative"),
        Index("ix_items_category", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int]
    unit_price_cents: Mapped[int]
    reorder_level: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(Text)

    movements: Mapped[list[StockMovement]] = relationship(
        back_populates="item", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"InventoryItem(id={self.id!r}, sku={self.sku!r}, quantity={self.quantity!r})"


class StockMovement(InventoryBase):
    """One row of day 6's `movements`: a stock change (+ in, - out) and its reason."""

    __tablename__ = "movements"
    __table_args__ = (
        CheckConstraint("delta <> 0", name="delta_not_zero"),
        Index("ix_movements_item_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    delta: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)

    item: Mapped[InventoryItem] = relationship(back_populates="movements")

    def __repr__(self) -> str:
        return f"StockMovement(id={self.id!r}, item_id={self.item_id!r}, delta={self.delta!r})"
