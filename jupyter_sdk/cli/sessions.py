"""``jupyter-sdk sessions list|stop``."""

from __future__ import annotations

import click

from ..sessions import SessionManager
from ._common import (
    EXIT_OK,
    connect,
    echo_json,
    json_option,
    print_table,
    resolve_id,
    run_async,
    server_options,
    stdout,
)

__all__ = ["sessions"]


@click.group()
def sessions() -> None:
    """Sessions: a notebook (or console) path bound to a kernel."""


@sessions.command("list")
@server_options
@json_option
def list_sessions(url: str | None, token: str | None, as_json: bool) -> None:
    """List the running sessions."""

    async def main() -> int:
        async with connect(url, token) as conn, SessionManager(conn.settings, poll=False) as sm:
            models = await sm.refresh_running()
        if as_json:
            echo_json([m.to_dict() for m in models])
        else:
            print_table(
                ["ID", "PATH", "TYPE", "KERNEL", "KERNEL NAME", "STATE"],
                (
                    [
                        m.id,
                        m.path,
                        m.type_,
                        m.kernel.id,
                        m.kernel.name,
                        m.kernel.execution_state,
                    ]
                    for m in models
                ),
                empty="no running sessions",
            )
        return EXIT_OK

    run_async(main)


@sessions.command("stop")
@click.argument("session_id", metavar="ID")
@server_options
def stop_session(session_id: str, url: str | None, token: str | None) -> None:
    """Stop session ID (a unique prefix will do) and its kernel."""

    async def main() -> int:
        async with connect(url, token) as conn, SessionManager(conn.settings, poll=False) as sm:
            found = resolve_id(session_id, (m.id for m in await sm.refresh_running()), "session")
            await sm.shutdown(found)
        stdout.print(f"stopped session {found}")
        return EXIT_OK

    run_async(main)
