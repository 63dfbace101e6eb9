"""Day 8: reports computed in the database (joins, filters, GROUP BY, window functions) on
day 7's tasks and day 6's inventory schema, served as JSON or CSV under /reports.

Later days (day 10 caches these) use: the report functions (each takes `session`
keyword-only plus its filters and returns a pydantic report model), the report `router`,
`create_app(settings)`, `seed_database`, `create_schema` and the report models.
"""

from day08_reports.app import create_app
from day08_reports.catalog import REPORTS, ReportSpec, get_report
from day08_reports.config import Settings
from day08_reports.errors import (
    DateRangeError,
    Day08Error,
    InvalidFilterError,
    UnknownReportError,
)
from day08_reports.expressions import days_between, seconds_between, utc_date
from day08_reports.inventory_reports import inventory_value, low_stock_items
from day08_reports.models import InventoryBase, InventoryItem, StockMovement
from day08_reports.rendering import CSV_MEDIA_TYPE, to_csv, to_json, wants_csv
from day08_reports.routes import TodayDep, get_today, router
from day08_reports.schema import (
    DAY08,
    REPORT_INDEXES,
    create_report_indexes,
    create_schema,
    drop_report_indexes,
    drop_schema,
)
from day08_reports.schemas import (
    CompletedByDayRow,
    CompletedByProjectRow,
    CompletedReport,
    CompletionRateReport,
    CompletionRateRow,
    Grouping,
    InventoryValueReport,
    InventoryValueRow,
    LowStockReport,
    LowStockRow,
    OverdueReport,
    OverdueRow,
    Report,
    TimeToCompleteReport,
    TimeToCompleteRow,
)
from day08_reports.seed import SeedSummary, seed_database
from day08_reports.task_reports import (
    completed_tasks,
    completion_rate,
    overdue_tasks,
    time_to_complete,
)

__all__ = [
    "CSV_MEDIA_TYPE",
    "DAY08",
    "REPORTS",
    "REPORT_INDEXES",
    "CompletedByDayRow",
    "CompletedByProjectRow",
    "CompletedReport",
    "CompletionRateReport",
    "CompletionRateRow",
    "DateRangeError",
    "Day08Error",
    "Grouping",
    "InvalidFilterError",
    "InventoryBase",
    "InventoryItem",
    "InventoryValueReport",
    "InventoryValueRow",
    "LowStockReport",
    "LowStockRow",
    "OverdueReport",
    "OverdueRow",
    "Report",
    "ReportSpec",
    "SeedSummary",
    "Settings",
    "StockMovement",
    "TimeToCompleteReport",
    "TimeToCompleteRow",
    "TodayDep",
    "UnknownReportError",
    "completed_tasks",
    "completion_rate",
    "create_app",
    "create_report_indexes",
    "create_schema",
    "days_between",
    "drop_report_indexes",
    "drop_schema",
    "get_report",
    "get_today",
    "inventory_value",
    "low_stock_items",
    "overdue_tasks",
    "router",
    "seconds_between",
    "seed_database",
    "time_to_complete",
    "to_csv",
    "to_json",
    "utc_date",
    "wants_csv",
]
