"""The demo account's credentials (printed at start-up; development databases only)."""

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-2026"
