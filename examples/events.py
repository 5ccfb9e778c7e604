"""Watch the server's event bus: every contents action (save, rename, delete...) arrives
as an event while a subscription is open.

Uses JUPYTER_SERVER_URL / JUPYTER_TOKEN when set, else starts an embedded local server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator

from jupyter_sdk import ContentsManager, EventManager, ServerSettings, local_server


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[ServerSettings]:
    if os.environ.get("JUPYTER_SERVER_URL"):
        yield ServerSettings.from_env()
    else:
        async with local_server() as settings:
            yield settings


async def main() -> None:
    name = f"events-example-{uuid.uuid4().hex[:8]}.txt"
    async with (
        server() as settings,
        EventManager(settings) as events,
        ContentsManager(settings) as contents,
        events.subscribe() as subscription,
    ):
        # Act on the server; the events come back on the subscription.
        await contents.write_text(name, "hello")
        await contents.rename(name, f"renamed-{name}")
        await contents.delete(f"renamed-{name}")

        async def watch() -> None:
            async for event in subscription:
                if name not in str(event.get("path", "")):
                    continue  # somebody else's
                print(
                    f"{str(event['schema_id']).rsplit('/', 2)[-2]}: {event.get('action')} "
                    f"{event.get('path')}"
                )
                if event.get("action") == "delete":
                    return

        await asyncio.wait_for(watch(), 30)


if __name__ == "__main__":
    asyncio.run(main())
