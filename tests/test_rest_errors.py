"""Settings, the REST error mapping and the token's privacy, against a real server."""

from __future__ import annotations

import logging
import uuid

import attrs
import httpx
import pytest

import jupyter_sdk
from jupyter_sdk import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    InvalidPathError,
    JupyterError,
    KernelManager,
    LocalServer,
    NetworkError,
    NotFoundError,
    ResponseError,
    ServerError,
    ServerSettings,
)
from jupyter_sdk._rest import Rest, error_for_status
from jupyter_sdk.models import ContentsSave
from jupyter_sdk.paths import check_path, quote_path

pytestmark = pytest.mark.timeout(60)


def test_settings_normalise_and_redact() -> None:
    settings = ServerSettings("http://127.0.0.1:8888/user/alice", token="s3cret-token")
    assert settings.base_url == "http://127.0.0.1:8888/user/alice/"
    assert settings.websocket_url == "ws://127.0.0.1:8888/user/alice/"
    assert "s3cret-token" not in repr(settings)
    assert "s3cret-token" not in str(settings)
    assert settings.auth_headers()["Authorization"] == "token s3cret-token"
    with pytest.raises(ValueError, match="query"):
        ServerSettings("http://127.0.0.1:8888/?token=abc")


def test_from_env_never_starts_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUPYTER_SERVER_URL", raising=False)
    with pytest.raises(ValueError, match="JUPYTER_SERVER_URL"):
        ServerSettings.from_env()
    monkeypatch.setenv("JUPYTER_SERVER_URL", "https://example.invalid/x")
    monkeypatch.setenv("JUPYTER_TOKEN", "tok")
    settings = ServerSettings.from_env()
    assert settings.base_url == "https://example.invalid/x/"
    assert settings.token == "tok"
    assert settings.websocket_url.startswith("wss://")


@pytest.mark.parametrize(
    ("path", "expected"),
    [("", ""), ("/", ""), ("/a/b.txt", "a/b.txt"), ("a b/c#d?e%f+g;h\\i", "a b/c#d?e%f+g;h\\i")],
)
def test_paths_accepted(path: str, expected: str) -> None:
    assert check_path(path) == expected


@pytest.mark.parametrize("path", ["a/../b", "..", "./a", "a/./b", "a//b", "a\x00b", "//a"])
def test_paths_refused(path: str) -> None:
    with pytest.raises(InvalidPathError):
        check_path(path)


def test_quote_path_encodes_each_segment() -> None:
    assert quote_path("a b/c#d?e%f") == "a%20b/c%23d%3Fe%25f"


async def test_error_statuses_map_to_typed_errors(server: LocalServer) -> None:
    rest = Rest(server.settings)
    try:
        with pytest.raises(NotFoundError) as missing:
            await rest.get_kernel("no-such-kernel")
        assert missing.value.status == 404
        assert "no-such-kernel" in str(missing.value)

        # The contents 404 is plain text sent as JSON: still a NotFoundError with its text.
        with pytest.raises(NotFoundError) as no_file:
            await rest.get_contents(f"nope-{uuid.uuid4().hex}.txt")
        assert "does not exist" in no_file.value.message

        folder = f"t-{uuid.uuid4().hex[:8]}"
        await rest.save_contents(folder, ContentsSave(type_="directory"))
        await rest.save_contents(
            f"{folder}/a.txt", ContentsSave(type_="file", format_="text", content="a")
        )
        await rest.save_contents(
            f"{folder}/b.txt", ContentsSave(type_="file", format_="text", content="b")
        )
        with pytest.raises(ConflictError) as conflict:
            await rest.rename_contents(f"{folder}/a.txt", f"{folder}/b.txt")
        assert conflict.value.status == 409

        with pytest.raises(BadRequestError) as bad:
            # Jupyter Server refuses to create hidden files by default.
            await rest.save_contents(
                f"{folder}/.hidden", ContentsSave(type_="file", format_="text", content="x")
            )
        assert bad.value.status == 400
        assert bad.value.message

        with pytest.raises(ServerError) as failed:
            await rest.start_kernel(name="no-such-kernelspec")
        assert failed.value.status >= 500
        await rest.delete_contents(f"{folder}/a.txt")
        await rest.delete_contents(f"{folder}/b.txt")
        await rest.delete_contents(folder)
    finally:
        await rest.aclose()


async def test_wrong_and_missing_token_are_forbidden_and_never_quoted(
    server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "wrong-" + uuid.uuid4().hex
    for token in (secret, None):
        settings = ServerSettings(server.url, token=token)
        async with KernelManager(settings, poll=False) as manager:
            with pytest.raises(ForbiddenError) as refused:
                await manager.refresh_running()
        assert isinstance(refused.value, AuthenticationError)
        assert refused.value.status == 403
        assert secret not in str(refused.value)
        assert secret not in repr(refused.value)
    assert secret not in caplog.text


async def test_websocket_refused_is_forbidden(server: LocalServer) -> None:
    async with KernelManager(server.settings, poll=False) as manager:
        kernel = await manager.start_new("python3")
        try:
            bad = attrs.evolve(server.settings, token="nope-" + uuid.uuid4().hex)
            async with KernelManager(bad, poll=False) as other:
                with pytest.raises(ForbiddenError) as refused:
                    await other.connect_to(kernel.model)
            assert bad.token is not None
            assert bad.token not in str(refused.value)
        finally:
            await kernel.shutdown()


async def test_token_never_in_any_url_sent(server: LocalServer) -> None:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request)

    client = httpx.AsyncClient(event_hooks={"request": [record]}, trust_env=False)
    settings = attrs.evolve(server.settings, http_client=client)
    try:
        async with KernelManager(settings, poll=False) as manager:
            await manager.refresh_running()
            kernel = await manager.start_new("python3")
            await kernel.execute("1")
            await kernel.shutdown()
    finally:
        await client.aclose()
    assert seen
    assert server.token not in " ".join(str(r.url) for r in seen)
    assert all(r.headers["Authorization"] == f"token {server.token}" for r in seen)


async def test_unreachable_server_is_network_error() -> None:
    settings = ServerSettings("http://127.0.0.1:9/", token="t", retries=0)
    async with KernelManager(settings, poll=False) as manager:
        with pytest.raises(NetworkError):
            await manager.refresh_running()


def test_error_tree() -> None:
    assert issubclass(ForbiddenError, AuthenticationError)
    assert issubclass(jupyter_sdk.ServerNotRunningError, ServerError)
    assert issubclass(jupyter_sdk.RequestTimeoutError, TimeoutError)
    assert issubclass(InvalidPathError, ValueError)
    assert issubclass(jupyter_sdk.ConnectionReplacedError, jupyter_sdk.ConnectionClosedError)
    assert issubclass(jupyter_sdk.MessageTooLargeError, jupyter_sdk.ProtocolError)
    for name in ("ResponseError", "KernelError", "NetworkError", "ProtocolError"):
        assert issubclass(getattr(jupyter_sdk, name), JupyterError)


def test_hub_answers_map_to_server_not_running() -> None:
    error = error_for_status(
        424, b'{"message": "Server not running; start it at /hub/spawn"}', method="GET", url="x"
    )
    assert isinstance(error, jupyter_sdk.ServerNotRunningError)
    assert error.hint
    assert "spawn" in error.hint
    html = error_for_status(
        503, b"<html><title>JupyterHub 503</title></html>", method="GET", url="x"
    )
    assert isinstance(html, jupyter_sdk.ServerNotRunningError)
    plain = error_for_status(418, b"teapot", method="GET", url="x")
    assert type(plain) is ResponseError


async def test_prefixed_server_works(prefixed_server: LocalServer) -> None:
    assert prefixed_server.settings.base_url.endswith("/user/alice/")
    async with KernelManager(prefixed_server.settings, poll=False) as manager:
        kernel = await manager.start_new("python3")
        try:
            assert (await kernel.execute("'prefixed'")).text == "'prefixed'"
        finally:
            await kernel.shutdown()


def test_public_surface_is_pinned() -> None:
    assert jupyter_sdk.__all__ == sorted(jupyter_sdk.__all__)
    for name in jupyter_sdk.__all__:
        assert hasattr(jupyter_sdk, name), name
