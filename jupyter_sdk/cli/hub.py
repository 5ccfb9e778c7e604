"""``jupyter-sdk hub start|stop|status``: a user's server on a JupyterHub.

The hub is ``--api-url``/``--token`` (or ``JUPYTERHUB_API_URL``/``JUPYTERHUB_API_TOKEN``,
which a hub sets for its servers and services). The token needs ``servers!user=<name>``
to start and stop, ``read:servers!user=<name>`` for the status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from ..hub import HubClient, HubServer, SpawnProgress
from ._common import EXIT_OK, echo_json, json_option, print_table, run_async, stderr, when

__all__ = ["hub"]

F = TypeVar("F", bound=Callable[..., object])


def _hub_options(func: F) -> F:
    for option in reversed(
        [
            click.option(
                "--api-url",
                envvar="JUPYTERHUB_API_URL",
                show_envvar=True,
                required=True,
                metavar="URL",
                help="The hub's API, e.g. https://hub.example.org/hub/api.",
            ),
            click.option(
                "--token",
                envvar="JUPYTERHUB_API_TOKEN",
                show_envvar=True,
                metavar="TOKEN",
                help="A hub token; prefer the variable (options show in process lists).",
            ),
            click.option(
                "--public-url",
                metavar="URL",
                help="The hub's public address (default: the API URL without /hub/api).",
            ),
            click.option(
                "--user",
                "user",
                envvar="JUPYTERHUB_USER",
                metavar="NAME",
                help="Whose server (default: the token's owner).",
            ),
            click.option(
                "--server", "server_name", default="", metavar="NAME", help="A named server."
            ),
            json_option,
        ]
    ):
        func = option(func)
    return func


def _client(api_url: str, token: str | None, public_url: str | None) -> HubClient:
    try:
        return HubClient(api_url, token or None, public_url=public_url or None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--api-url'") from None


def _data(client: HubClient, server: HubServer) -> dict[str, object]:
    url = client.public_url + server.url.lstrip("/") if server.url else None
    return {
        "user": server.user,
        "server": server.name,
        "state": server.state,
        "url": url,
        "started": server.started,
        "last_activity": server.last_activity,
    }


def _show(client: HubClient, server: HubServer, as_json: bool) -> None:
    data = _data(client, server)
    if as_json:
        echo_json(data)
        return
    print_table(
        ["user", "server", "state", "url", "started", "last activity"],
        [
            [
                server.user,
                server.name or "(default)",
                server.state,
                data["url"] or "",
                when(server.started),
                when(server.last_activity),
            ]
        ],
    )


@click.group()
def hub() -> None:
    """Start, stop and inspect a user's server on a JupyterHub."""


@hub.command()
@_hub_options
@click.option("--no-wait", is_flag=True, help="Return once the hub has accepted the request.")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds to wait.")
def start(
    api_url: str,
    token: str | None,
    public_url: str | None,
    user: str | None,
    server_name: str,
    as_json: bool,
    no_wait: bool,
    timeout: float,
) -> None:
    """Start a server and wait until it is ready (progress on stderr)."""

    def progress(event: SpawnProgress) -> None:
        if not as_json:
            percent = f"{event.progress:3d}%" if event.progress is not None else "   ."
            stderr.print(f"[{percent}] {event.message}", markup=False)

    async def main() -> int:
        async with _client(api_url, token, public_url) as client:
            server = await client.start_server(
                user,
                server_name=server_name,
                wait=not no_wait,
                progress=progress,
                timeout=timeout,
            )
            _show(client, server, as_json)
        return EXIT_OK

    run_async(main)


@hub.command()
@_hub_options
@click.option("--no-wait", is_flag=True, help="Return once the hub has accepted the request.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds to wait.")
def stop(
    api_url: str,
    token: str | None,
    public_url: str | None,
    user: str | None,
    server_name: str,
    as_json: bool,
    no_wait: bool,
    timeout: float,
) -> None:
    """Stop a server (and its kernels) and wait until it has stopped."""

    async def main() -> int:
        async with _client(api_url, token, public_url) as client:
            server = await client.stop_server(
                user, server_name=server_name, wait=not no_wait, timeout=timeout
            )
            _show(client, server, as_json)
        return EXIT_OK

    run_async(main)


@hub.command()
@_hub_options
def status(
    api_url: str,
    token: str | None,
    public_url: str | None,
    user: str | None,
    server_name: str,
    as_json: bool,
) -> None:
    """Show whether a server is stopped, starting, running or stopping."""

    async def main() -> int:
        async with _client(api_url, token, public_url) as client:
            server = await client.server_status(user, server_name=server_name)
            _show(client, server, as_json)
        return EXIT_OK

    run_async(main)
