"""Attach to a running session by its notebook path, as a second JupyterLab tab would:
both clients share the session's kernel and its state.

Uses JUPYTER_SERVER_URL / JUPYTER_TOKEN when set, else starts an embedded local server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator

from jupyter_sdk import ServerSettings, SessionManager, local_server


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[ServerSettings]:
    if os.environ.get("JUPYTER_SERVER_URL"):
        yield ServerSettings.from_env()
    else:
        async with local_server() as settings:
            yield settings


async def main() -> None:
    path = f"attach-example-{uuid.uuid4().hex[:8]}.ipynb"
    # Someone (JupyterLab, a script) has a notebook open: a session at its path.
    async with server() as settings, SessionManager(settings) as first:
        owner = await first.start_new(path=path, kernel={"name": "python3"})
        try:
            assert owner.kernel is not None
            await owner.kernel.execute("answer = 42", raise_on_error=True)

            # Another client finds the session by path and attaches to its kernel.
            async with SessionManager(settings) as second:
                model = await second.find_by_path(path)
                assert model is not None, "no session at that path"
                attached = await second.connect_to(model)
                assert attached.kernel is not None
                result = await attached.kernel.execute("answer", raise_on_error=True)
                print(f"attached to {attached.path} (kernel {attached.kernel.id[:8]})")
                print("the shared kernel says answer =", result.text)
                await attached.close()  # detach: the session keeps running
        finally:
            await owner.shutdown()  # the session and its kernel end


if __name__ == "__main__":
    asyncio.run(main())
