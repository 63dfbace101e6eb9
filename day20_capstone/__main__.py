"""`python -m day20_capstone`: serve the Task Manager API (see cli.py)."""

from day20_capstone.cli import main

raise SystemExit(main())
