"""The dramatiq broker, chosen by settings: Redis in production, an in-process stub for the embedded default.

dramatiq binds actors to the global broker when their module is imported, so `services.tasks` imports this
module first and nothing else here defines actors.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage

from services.settings import Settings

INTERACTIVE = "reports_interactive"
BATCH = "reports_batch"


def build_broker(settings: Settings) -> dramatiq.Broker:
    if settings.redis_url:
        # A worker killed with -9 leaves its messages unacknowledged until its heartbeat is missed.
        broker: dramatiq.Broker = RedisBroker(url=settings.redis_url, namespace="tthc",
                                              heartbeat_timeout=settings.worker_heartbeat_ms)
    else:
        broker = StubBroker()
        broker.emit_after("process_boot")
    broker.add_middleware(CurrentMessage())
    return broker


def install(settings: Settings | None = None) -> dramatiq.Broker:
    broker = build_broker(settings or Settings.from_env())
    dramatiq.set_broker(broker)
    return broker
