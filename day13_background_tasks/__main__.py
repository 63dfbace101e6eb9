"""`python -m day13_background_tasks`: see cli.py."""

from day13_background_tasks.cli import main

raise SystemExit(main())
