"""`python -m day01_csv_report`: see cli.py."""

from day01_csv_report.cli import main

raise SystemExit(main())
