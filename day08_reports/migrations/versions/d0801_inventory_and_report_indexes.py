"""Day 8's first revision: day 6's inventory tables (items, movements) and the report indexes.

Revision ID: d0801
Revises:
Create Date: 2026-12-01

Day 8's own line of revisions (version table `day08_alembic_version`), run after day 7's.
A database that already holds day 6's tables (or got them from day 8's older `create_all`)
is adopted as it is: each table and index is created only when it is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d0801"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the inventory tables and the indexes the reports read."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "items" not in existing:
        _create_items()
    if "movements" not in existing:
        _create_movements()
    _create_report_indexes()


def downgrade() -> None:
    """Drop the report indexes and the inventory tables."""
    for name, table in REPORT_INDEXES:
        op.drop_index(name, table_name=table, if_exists=True)
    op.drop_index("ix_movements_item_id", table_name="movements")
    op.drop_table("movements")
    op.drop_index("ix_items_category", table_name="items")
    op.drop_table("items")


def _create_items() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=False),
        sa.Column("reorder_level", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.CheckConstraint("length(category) > 0", name=op.f("ck_items_category_not_empty")),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_items_name_not_empty")),
        sa.CheckConstraint("length(sku) > 0", name=op.f("ck_items_sku_not_empty")),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_items_quantity_not_negative")),
        sa.CheckConstraint("reorder_level >= 0", name=op.f("ck_items_reorder_level_not_negative")),
        sa.CheckConstraint("unit_price_cents >= 0", name=op.f("ck_items_price_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("sku", name=op.f("uq_items_sku")),
    )
    op.create_index("ix_items_category", "items", ["category"], unique=False)


def _create_movements() -> None:
    op.create_table(
        "movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.CheckConstraint("delta <> 0", name=op.f("ck_movements_delta_not_zero")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["items.id"],
            name=op.f("fk_movements_item_id_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movements")),
    )
    op.create_index("ix_movements_item_id", "movements", ["item_id"], unique=False)


# (name, table) of each report index; day08_reports.schema.REPORT_INDEXES describes them.
REPORT_INDEXES = (
    ("ix_tasks_report_completed", "tasks"),
    ("ix_tasks_report_created", "tasks"),
    ("ix_tasks_report_open_due", "tasks"),
    ("ix_items_report_low_stock", "items"),
)


def _create_report_indexes() -> None:
    # Partial indexes: the WHERE must be written as the reports' queries write it (SQLite
    # compares a boolean as `done = 0`, PostgreSQL as `NOT done`), or the planner ignores them.
    done = sa.text("done")
    op.create_index(
        "ix_tasks_report_completed",
        "tasks",
        ["completed_at", "project_id", "created_at"],
        sqlite_where=done,
        postgresql_where=done,
        if_not_exists=True,
    )
    op.create_index(
        "ix_tasks_report_created",
        "tasks",
        ["created_at", "project_id", "done"],
        if_not_exists=True,
    )
    op.create_index(
        "ix_tasks_report_open_due",
        "tasks",
        ["due_date"],
        sqlite_where=sa.text("done = 0 AND due_date IS NOT NULL"),
        postgresql_where=sa.text("NOT done AND due_date IS NOT NULL"),
        if_not_exists=True,
    )
    low_stock = sa.text("quantity <= reorder_level")
    op.create_index(
        "ix_items_report_low_stock",
        "items",
        ["category"],
        sqlite_where=low_stock,
        postgresql_where=low_stock,
        if_not_exists=True,
    )
