"""Settings of the activity-log API: MONGODB_URL plus the day's own DAY09_* options."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """MONGODB_URL (unset: mongomock, nothing persisted) and the DAY09_* limits.

    Each day option is read from its `DAY09_` environment variable and can be passed by field
    name in tests: `Settings(retention_days=7)`.
    """

    model_config = SettingsConfigDict(
        extra="ignore", env_file=None, validate_by_name=True, validate_by_alias=True
    )

    database: str = Field(
        default="course_day09", min_length=1, max_length=60, validation_alias="day09_database"
    )
    retention_days: int = Field(
        default=30, ge=1, le=36_500, validation_alias="day09_retention_days"
    )  # the TTL index deletes activities older than this
    max_batch: int = Field(default=100, ge=1, le=10_000, validation_alias="day09_max_batch")
    max_document_bytes: int = Field(
        default=16_384, ge=256, le=16_000_000, validation_alias="day09_max_document_bytes"
    )  # BSON size of one stored activity (MongoDB's own cap is 16 MiB)
    max_body_bytes: int = Field(
        default=1_048_576, ge=256, le=100_000_000, validation_alias="day09_max_body_bytes"
    )  # raw JSON request body, checked before it is read
    mongodb_timeout_ms: int = Field(
        default=2_000, ge=1, le=60_000, validation_alias="day09_mongodb_timeout_ms"
    )  # how long to look for a server before giving up
