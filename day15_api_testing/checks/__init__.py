"""The checks, one module per resource; importing this package registers them all.

The import order is the checklist's order: tasks, projects, tags, the read-after-write
check that catches a stale cache, and the state machine.
"""

# isort: off
from day15_api_testing.checks import tasks
from day15_api_testing.checks import projects
from day15_api_testing.checks import tags
from day15_api_testing.checks import fresh_reads
from day15_api_testing.checks import sequences

# isort: on

__all__ = ["fresh_reads", "projects", "sequences", "tags", "tasks"]
