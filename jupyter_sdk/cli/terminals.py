"""``jupyter-sdk terminals list|stop``."""

from __future__ import annotations

import click

from .. import errors
from ..models import Terminal
from ..terminals import TerminalManager
from ._common import (
    EXIT_OK,
    connect,
    echo_json,
    fail,
    json_option,
    print_table,
    resolve_id,
    run_async,
    server_options,
    stdout,
    when,
)

__all__ = ["terminals"]


@click.group()
def terminals() -> None:
    """Terminals running on the server."""


async def _running(manager: TerminalManager) -> list[Terminal]:
    try:
        return await manager.refresh_running()
    except errors.NotFoundError:
        fail("this server offers no terminals")


@terminals.command("list")
@server_options
@json_option
def list_terminals(url: str | None, token: str | None, as_json: bool) -> None:
    """List the running terminals."""

    async def main() -> int:
        async with connect(url, token) as conn, TerminalManager(conn.settings, poll=False) as tm:
            models = await _running(tm)
        if as_json:
            echo_json([m.to_dict() for m in models])
        else:
            print_table(
                ["NAME", "LAST ACTIVITY"],
                ([m.name, when(m.last_activity)] for m in models),
                empty="no running terminals",
            )
        return EXIT_OK

    run_async(main)


@terminals.command("stop")
@click.argument("name")
@server_options
def stop_terminal(name: str, url: str | None, token: str | None) -> None:
    """Stop terminal NAME."""

    async def main() -> int:
        async with connect(url, token) as conn, TerminalManager(conn.settings, poll=False) as tm:
            found = resolve_id(name, (m.name for m in await _running(tm)), "terminal")
            await tm.shutdown(found)
        stdout.print(f"stopped terminal {found}")
        return EXIT_OK

    run_async(main)
