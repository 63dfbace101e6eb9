"""`python -m day16_logging`: see cli.py."""

from day16_logging.cli import main

raise SystemExit(main())
