"""`python -m day11_rest_library`: serve the library API on 127.0.0.1:8011."""

from day11_rest_library.cli import main

raise SystemExit(main())
