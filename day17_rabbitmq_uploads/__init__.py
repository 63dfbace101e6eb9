"""Day 17: user uploads processed through RabbitMQ: day 13's upload API publishes a confirmed,
persistent job per upload; consumers run day 13's processor on it, with retries and a DLQ.

Later days may build on: `create_app` (the producer API), `Publisher` (day 13's `Runner` for
RabbitMQ), `Consumer` and the `Work` it runs (`UploadWork`: day 13's processor), `Topology`
and `declare` (the exchanges and queues), `Job` and `read_job` (the message), and the
dead-letter queue's `list_parked`, `replay` and `purge`. Every name is imported on first use
(PEP 562): they need pika, SQLAlchemy and day 13's FastAPI app, and `--help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING as _TYPE_CHECKING

from shared.lazy import lazy_exports as _lazy_exports

if _TYPE_CHECKING:
    from day17_rabbitmq_uploads.app import create_app
    from day17_rabbitmq_uploads.config import Settings
    from day17_rabbitmq_uploads.consumer import Action, Consumer, decide
    from day17_rabbitmq_uploads.deadletters import ParkedJob, list_parked, purge, replay
    from day17_rabbitmq_uploads.errors import BrokerUnreachable, Day17Error, MalformedJob
    from day17_rabbitmq_uploads.jobs import Job, read_job
    from day17_rabbitmq_uploads.publisher import Publisher, connect, topology_of
    from day17_rabbitmq_uploads.topology import Topology, declare, delete
    from day17_rabbitmq_uploads.work import UploadWork, Work

_MODULES = {
    "app": ["create_app"],
    "config": ["Settings"],
    "consumer": ["Action", "Consumer", "decide"],
    "deadletters": ["ParkedJob", "list_parked", "purge", "replay"],
    "errors": ["BrokerUnreachable", "Day17Error", "MalformedJob"],
    "jobs": ["Job", "read_job"],
    "publisher": ["Publisher", "connect", "topology_of"],
    "topology": ["Topology", "declare", "delete"],
    "work": ["UploadWork", "Work"],
}
_LAZY = {name: f"{__name__}.{module}" for module, names in _MODULES.items() for name in names}

__all__ = [
    "Action",
    "BrokerUnreachable",
    "Consumer",
    "Day17Error",
    "Job",
    "MalformedJob",
    "ParkedJob",
    "Publisher",
    "Settings",
    "Topology",
    "UploadWork",
    "Work",
    "connect",
    "create_app",
    "decide",
    "declare",
    "delete",
    "list_parked",
    "purge",
    "read_job",
    "replay",
    "topology_of",
]


__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
