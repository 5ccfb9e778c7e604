"""Talk to a comm, both ways: open one to a kernel-side target, and accept one the kernel
opens (what ipywidgets and other rich libraries ride on).

Uses JUPYTER_SERVER_URL / JUPYTER_TOKEN when set, else starts an embedded local server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator

from jupyter_sdk import Comm, KernelManager, ServerSettings, local_server
from jupyter_sdk.kernels.future import AnyMessage

# Kernel side: a target that answers each message with its doubled value.
KERNEL_TARGET = """
from comm import get_comm_manager

def _doubler(comm, open_msg):
    @comm.on_msg
    def _(msg):
        comm.send({"doubled": msg["content"]["data"]["value"] * 2})

get_comm_manager().register_target("doubler", _doubler)
"""


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[ServerSettings]:
    if os.environ.get("JUPYTER_SERVER_URL"):
        yield ServerSettings.from_env()
    else:
        async with local_server() as settings:
            yield settings


async def main() -> None:
    async with server() as settings, KernelManager(settings) as kernels:
        kernel = await kernels.start_new()
        try:
            # 1. Client -> kernel: open a comm to the kernel's "doubler" target.
            await kernel.execute(KERNEL_TARGET, raise_on_error=True)
            replies: asyncio.Queue[AnyMessage] = asyncio.Queue()
            doubler = kernel.create_comm("doubler")
            doubler.on_msg = replies.put_nowait
            await doubler.open()
            for value in (1, 21):
                await doubler.send({"value": value})
                reply = await asyncio.wait_for(replies.get(), 10)
                print(f"sent {value}, kernel answered {reply['content']['data']}")
            doubler.close()

            # 2. Kernel -> client: accept the comms the kernel opens for "greetings".
            opened: asyncio.Queue[tuple[Comm, AnyMessage]] = asyncio.Queue()
            kernel.register_comm_target(
                "greetings", lambda comm, msg: opened.put_nowait((comm, msg))
            )
            await kernel.execute(
                "from comm import create_comm\n"
                "c = create_comm(target_name='greetings', data={'hello': 'client'})",
                raise_on_error=True,
            )
            comm, msg = await asyncio.wait_for(opened.get(), 10)
            print("the kernel opened", comm.target_name, "with", msg["content"]["data"])
        finally:
            await kernel.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
