"""`python -m day03_flask_crud`: serve the book API on 127.0.0.1:8003."""

from day03_flask_crud.cli import main

raise SystemExit(main())
