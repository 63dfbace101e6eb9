"""`python -m day19_chat_server`: serve the chat (or `connect` to one)."""

from day19_chat_server.cli import main

raise SystemExit(main())
