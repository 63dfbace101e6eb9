"""`python -m emailcheck`: the same as the `emailcheck` console script."""

from emailcheck.cli import main

raise SystemExit(main())
