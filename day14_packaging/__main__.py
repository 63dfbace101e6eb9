"""`python -m day14_packaging`: see cli.py."""

from day14_packaging.cli import main

raise SystemExit(main())
