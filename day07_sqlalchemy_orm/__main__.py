"""`python -m day07_sqlalchemy_orm`: see cli.py."""

from day07_sqlalchemy_orm.cli import main

raise SystemExit(main())
