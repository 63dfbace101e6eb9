"""`python -m day09_mongo_activity`: serve the activity-log API."""

from day09_mongo_activity.cli import main

raise SystemExit(main())
