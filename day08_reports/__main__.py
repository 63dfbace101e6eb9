"""`python -m day08_reports`: see cli.py."""

from day08_reports.cli import main

raise SystemExit(main())
