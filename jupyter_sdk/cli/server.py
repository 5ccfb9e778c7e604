"""``jupyter-sdk status`` (what the server is and does) and ``jupyter-sdk server`` (run
the embedded server in the foreground)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from ..service_manager import ServiceManager
from ._common import (
    EXIT_OK,
    connect,
    echo_json,
    embedded_server,
    json_option,
    print_table,
    run_async,
    server_options,
    stdout,
    when,
)

__all__ = ["server", "status"]


@click.command()
@server_options
@json_option
def status(url: str | None, token: str | None, as_json: bool) -> None:
    """Show the server's version, activity and services."""

    async def main() -> int:
        async with connect(url, token) as conn, ServiceManager(conn.settings, poll=False) as sm:
            info = await sm.server_info()
            # Gateways have no /api/status: show what they have.
            state = await sm.server.status() if "status" in info.services else None
        data: dict[str, object] = {
            "url": conn.settings.base_url,
            "embedded": conn.root is not None,
            "version": info.version,
            "backend": info.backend,
            "services": sorted(info.services),
        }
        if state is not None:
            data.update(
                started=state.started.isoformat(),
                last_activity=state.last_activity.isoformat(),
                kernels=state.kernels,
                connections=state.connections,
            )
        if as_json:
            echo_json(data)
        else:
            rows: list[list[object]] = [
                ["url", conn.settings.base_url + (" (embedded)" if conn.root else "")],
                ["version", f"{info.backend} {info.version}"],
                ["services", ", ".join(sorted(info.services))],
            ]
            if state is not None:
                rows += [
                    ["started", when(state.started)],
                    ["last activity", when(state.last_activity)],
                    ["kernels", state.kernels],
                    ["connections", state.connections],
                ]
            print_table(["", ""], rows)
        return EXIT_OK

    run_async(main)


@click.command()
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path(),
    help="The folder to serve (default: the current folder).",
)
@click.option("--show-token", is_flag=True, help="Print the server's token too.")
def server(root: Path, show_token: bool) -> None:
    """Run an embedded Jupyter Server on 127.0.0.1 until Ctrl-C.

    It listens on a free port with a random token; the token is printed only with
    --show-token (other commands need it in JUPYTER_TOKEN).
    """

    folder = root.resolve()

    async def main() -> int:
        async with embedded_server(folder) as local:
            stdout.print(f"Jupyter Server running at {local.url}", markup=False)
            stdout.print(f"serving {local.root_dir}", markup=False, style="dim")
            if show_token:
                stdout.print(f"token: {local.token}", markup=False)
            else:
                stdout.print("token: hidden (pass --show-token to print it)", style="dim")
            stdout.print(f"export JUPYTER_SERVER_URL={local.url}", markup=False, style="dim")
            stdout.print("Ctrl-C stops it (and its kernels).", style="dim")
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                stdout.print("stopping", style="dim")
                raise
        return EXIT_OK

    run_async(main, stop_on_interrupt=True)
