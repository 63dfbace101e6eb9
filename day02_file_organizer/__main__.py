"""`python -m day02_file_organizer`: see cli.py."""

from day02_file_organizer.cli import main

raise SystemExit(main())
