"""KernelSpecManager against a real server: the specs, one spec, a logo resource."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from jupyter_sdk import NotFoundError, ServerSettings
from jupyter_sdk.kernelspecs import KernelSpecManager
from jupyter_sdk.models import KernelSpecs

pytestmark = pytest.mark.timeout(120)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def specs(settings: ServerSettings) -> AsyncIterator[KernelSpecManager]:
    async with KernelSpecManager(settings) as manager:
        yield manager


async def test_specs_list_python3_as_default(specs: KernelSpecManager) -> None:
    assert specs.specs is not None
    assert specs.default == "python3"
    assert "python3" in specs.names()
    found = specs.find("python3")
    assert found is not None
    assert found.spec.language == "python"
    assert found.spec.display_name
    assert specs.find("no-such-kernel") is None


async def test_refresh_emits_specs_changed_once(settings: ServerSettings) -> None:
    manager = KernelSpecManager(settings, poll=False)
    seen: list[KernelSpecs] = []
    manager.specs_changed.connect(seen.append)
    try:
        assert manager.specs is None
        assert manager.default is None
        assert manager.names() == []
        first = await manager.refresh_specs()
        await manager.refresh_specs()  # same answer: no second emit
        assert seen == [first]
        assert manager.specs == first
    finally:
        await manager.close()


async def test_get_one_spec(specs: KernelSpecManager) -> None:
    spec = await specs.get("python3")
    assert spec.name == "python3"
    assert spec.spec.language == "python"
    assert spec.spec.argv
    with pytest.raises(NotFoundError):
        await specs.get("no-such-kernel")


async def test_logo_resource_is_a_png(specs: KernelSpecManager) -> None:
    logo = await specs.get_resource("python3", "logo-64x64.png")
    assert logo.startswith(PNG_SIGNATURE)
    with pytest.raises(NotFoundError):
        await specs.get_resource("python3", "no-such-file.png")


async def test_polls_in_the_background(specs: KernelSpecManager) -> None:
    # Entering started the poller (every max(interval, 61) s): it runs until exit.
    assert specs._poller.is_running
    await specs.close()
    assert not specs._poller.is_running
    await asyncio.wait_for(specs.close(), 5)  # idempotent
