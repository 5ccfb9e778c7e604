"""Jupyter Enterprise Gateway 3.3 (jupyter-server 1.x, in its own venv): detection,
execution over the v1 websocket protocol, and its old session shape."""

from __future__ import annotations

import pytest

from jupyter_sdk import (
    AuthenticationError,
    KernelManager,
    ServerSettings,
    ServiceManager,
    UnsupportedError,
)

from .conftest import Gateway

pytestmark = pytest.mark.timeout(300)  # the first run builds the gateway's venv (~40 s here)


async def test_enterprise_gateway_detect_execute_and_sessions(
    enterprise_gateway: Gateway,
) -> None:
    async with ServiceManager(enterprise_gateway.settings) as services:
        info = await services.server_info()
        assert info.backend == "enterprise_gateway"
        assert info.gateway_version == "3.3.0"
        assert info.version.startswith("1.")  # the jupyter-server it is built on
        assert info.lists_kernels
        assert "contents" not in info.services
        with pytest.raises(UnsupportedError, match="enterprise_gateway"):
            await services.contents.get("")

        kernel = await services.kernels.start_new("python3")
        try:
            result = await kernel.execute("import sys\nprint(sys.prefix)\n6 * 7", timeout=60)
            assert result.text == "42"
            assert "eg-" in result.stdout  # the kernel runs in the gateway's own venv
        finally:
            await services.kernels.shutdown(kernel.id)

        session = await services.sessions.start_new(path="b.ipynb", kernel={"name": "python3"})
        try:
            assert (session.path, session.type) == ("b.ipynb", "notebook")
            assert session.kernel is not None
            assert (await session.kernel.execute("'eg'", timeout=60)).text == "'eg'"
        finally:
            await services.sessions.shutdown(session.id)


async def test_enterprise_gateway_wrong_token(enterprise_gateway: Gateway) -> None:
    settings = ServerSettings(enterprise_gateway.url, token="wrong")
    async with KernelManager(settings, poll=False) as kernels:
        with pytest.raises(AuthenticationError) as info:
            await kernels.start_new("python3")
        assert info.value.status == 401
