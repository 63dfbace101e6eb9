"""One router per resource: projects and tags (day 4's router serves /tasks)."""
