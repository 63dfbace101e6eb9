"""`python -m day05_http_client`: see cli.py."""

from __future__ import annotations

from day05_http_client.cli import main

raise SystemExit(main())
