"""`python -m day12_async_fanout`: serve the overview API (or its offline demo)."""

from day12_async_fanout.cli import main

raise SystemExit(main())
