"""A client that hangs up cancels the work done for it.

Nothing tells a running route that its client is gone: uvicorn only notices when it writes
the answer. But ASGI's `receive()`, once the request body has been read, waits until the
connection closes and then returns `{"type": "http.disconnect"}`. So a second task waits on
it while the work runs; whichever finishes first cancels the other. Cancelling the fan-out
cancels every upstream call, and httpx closes their connections: the upstreams see it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from starlette.types import Receive

from day12_async_fanout.errors import ClientDisconnected

T = TypeVar("T")


async def wait_for_disconnect(receive: Receive) -> None:
    """Return once the client has closed the connection."""
    while (await receive())["type"] != "http.disconnect":
        pass  # the (empty) request body: keep listening


async def cancel_on_disconnect(receive: Receive, work: Coroutine[Any, Any, T]) -> T:
    """Await `work`; if the client disconnects first, cancel it and raise ClientDisconnected."""
    # solution: race the work against wait_for_disconnect; cancel whichever is left over
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(wait_for_disconnect(receive))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for pending in (task, watcher):
            pending.cancel()  # no effect on a task that has finished
        await asyncio.wait({task, watcher})  # their cancellation (and clean-up) is done
    if task.cancelled():
        raise ClientDisconnected("the client disconnected; its upstream calls were cancelled")
    return task.result()
    # end solution
