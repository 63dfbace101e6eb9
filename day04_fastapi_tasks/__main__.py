"""`python -m day04_fastapi_tasks`: serve the task API with uvicorn."""

from day04_fastapi_tasks.cli import main

raise SystemExit(main())
