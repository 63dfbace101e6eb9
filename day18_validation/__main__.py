"""`python -m day18_validation`: see cli.py."""

from day18_validation.cli import main

raise SystemExit(main())
