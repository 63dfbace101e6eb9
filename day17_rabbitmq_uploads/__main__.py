"""`python -m day17_rabbitmq_uploads`: see cli.py."""

from day17_rabbitmq_uploads.cli import main

raise SystemExit(main())
