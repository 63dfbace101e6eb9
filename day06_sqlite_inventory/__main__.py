"""`python -m day06_sqlite_inventory`: see cli.py."""

from day06_sqlite_inventory.cli import main

raise SystemExit(main())
