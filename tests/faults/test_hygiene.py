"""Client hygiene under faults: close() with every kind of pending work on a debug-mode
loop (no unretrieved task errors, no destroyed pending tasks: the suite's conftest checks
both), and a token leak audit over DEBUG logs, URLs, reprs and exception texts."""

from __future__ import annotations

import asyncio
import logging
import traceback
import uuid

import attrs
import pytest

from jupyter_sdk import (
    ConnectionClosedError,
    ForbiddenError,
    JupyterError,
    KernelManager,
    LocalServer,
    NotFoundError,
    ReconnectPolicy,
    ServerError,
    ServerSettings,
)
from jupyter_sdk.contents import ContentsManager

from .conftest import wait_until
from .proxy import TcpProxy
from .test_errors_and_auth import texts_of

pytestmark = pytest.mark.timeout(90)

FAST = ReconnectPolicy(
    max_attempts=5,
    initial_delay=0.05,
    max_delay=0.3,
    ping_interval=None,
    ping_timeout=None,
    open_timeout=5.0,
)
LOGGERS = ("jupyter_sdk", "httpx", "httpcore", "websockets")


async def test_close_with_pending_work_fails_fast_on_a_debug_loop(
    settings: ServerSettings,
) -> None:
    loop = asyncio.get_running_loop()
    loop.set_debug(True)  # as PYTHONASYNCIODEBUG=1
    try:
        async with KernelManager(settings, poll=False) as manager:
            kernel = await manager.start_new("python3")
            try:
                awaited = [kernel.request_execute("import time\ntime.sleep(5)") for _ in range(3)]
                # Futures nobody ever awaits must not leave an unretrieved error behind.
                for _ in range(3):
                    kernel.request_execute("import time\ntime.sleep(5)")
                execute_task = asyncio.ensure_future(kernel.execute("import time\ntime.sleep(5)"))

                async def consume_iopub() -> None:
                    async for _ in awaited[0].iopub():
                        pass

                iopub_task = asyncio.ensure_future(consume_iopub())
                comm_future = kernel.create_comm("nobody").open({})
                await wait_until(kernel, lambda: kernel.status == "busy")
                await kernel.close()
                for future in [*awaited, comm_future]:
                    with pytest.raises(ConnectionClosedError):
                        await asyncio.wait_for(future.wait(), 2)
                for task in (execute_task, iopub_task):
                    with pytest.raises(ConnectionClosedError):
                        await asyncio.wait_for(task, 2)
                assert kernel.connection_status == "disconnected"
                with pytest.raises(ConnectionClosedError):
                    kernel.request_execute("1")
                await kernel.close()  # twice is fine
            finally:
                await manager.shutdown(kernel.id)
    finally:
        loop.set_debug(False)


async def test_token_appears_in_no_log_url_repr_or_error(
    server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    token = server.token
    wrong = f"wrong-{uuid.uuid4().hex}"
    texts: list[str] = []  # reprs and error texts seen along the way

    def keep(error: BaseException) -> None:
        texts.append(texts_of(error))
        texts.append("".join(traceback.format_exception(error)))

    async with TcpProxy(server.port) as proxy:
        settings = attrs.evolve(server.settings, base_url=proxy.url_for(server.url), reconnect=FAST)
        texts += [repr(settings), str(settings)]
        async with KernelManager(settings, poll=False) as manager:
            texts += [repr(manager), repr(manager._rest), repr(manager._rest.http.auth)]
            # REST errors.
            with pytest.raises(NotFoundError) as missing:
                await manager.connect_to(str(uuid.uuid4()))
            keep(missing.value)
            with pytest.raises(ServerError) as failed:
                await manager.start_new("no-such-kernelspec")
            keep(failed.value)
            async with ContentsManager(settings) as contents:
                with pytest.raises(NotFoundError) as no_file:
                    await contents.get(f"missing-{uuid.uuid4().hex}.txt")
                keep(no_file.value)
                texts.append(contents.get_download_url("a b.txt"))

            # A websocket connection, an execute, a cut and a reconnect.
            kernel = await manager.start_new("python3")
            try:
                texts += [repr(kernel), repr(kernel.model), str(kernel.model.to_dict())]
                result = await kernel.execute("print('hello')", timeout=30)
                texts.append(repr(result))
                noticed = asyncio.Event()
                kernel.connection_status_changed.connect(
                    lambda status: noticed.set() if status == "connecting" else None
                )
                proxy.cut()
                await asyncio.wait_for(noticed.wait(), 30)
                assert (await kernel.execute("'back'", timeout=30)).text == "'back'"

                # A refused token, on REST and on the websocket.
                refused = attrs.evolve(settings, token=wrong)
                texts.append(repr(refused))
                async with KernelManager(refused, poll=False) as other:
                    with pytest.raises(ForbiddenError) as rest_refused:
                        await other.refresh_running()
                    keep(rest_refused.value)
                    with pytest.raises(ForbiddenError) as ws_refused:
                        await other.connect_to(kernel.model)
                    keep(ws_refused.value)
            finally:
                await kernel.shutdown()
        with pytest.raises(JupyterError) as after_close:
            kernel.request_execute("1")
        keep(after_close.value)

    records = caplog.records
    messages = [record.getMessage() for record in records]
    # The audit saw the traffic: REST requests, websocket handshakes with their headers.
    assert any(m.startswith("HTTP Request: GET") for m in messages)
    assert any(m.startswith("> GET /api/kernels/") for m in messages)
    assert any(m.lower().startswith("> authorization:") for m in messages)
    assert any("link dropped" in m for m in messages)
    everything = "\n".join([caplog.text, *messages, *texts])
    for record in records:
        everything += f"\n{record.args!r} {record.exc_text or ''}"
    for secret in (token, wrong):
        assert secret not in everything
