"""`python -m day10_redis_cache`: see cli.py."""

from day10_redis_cache.cli import main

raise SystemExit(main())
