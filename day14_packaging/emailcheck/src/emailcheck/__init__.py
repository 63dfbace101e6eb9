"""Email address validation (placeholder: day 14 builds it)."""
