"""`python -m day15_api_testing`: see cli.py."""

from day15_api_testing.cli import main

raise SystemExit(main())
