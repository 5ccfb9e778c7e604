"""``jupyter-sdk kernels ...`` and ``jupyter-sdk kernelspecs``."""

from __future__ import annotations

import click

from ..kernels import KernelManager
from ..kernelspecs import KernelSpecManager
from ._common import (
    EXIT_OK,
    connect,
    echo_json,
    json_option,
    print_table,
    resolve_id,
    run_async,
    server_options,
    stderr,
    stdout,
    when,
)

__all__ = ["kernels", "kernelspecs"]


@click.group()
def kernels() -> None:
    """Running kernels: list, start, stop, restart, interrupt."""


@kernels.command("list")
@server_options
@json_option
def list_kernels(url: str | None, token: str | None, as_json: bool) -> None:
    """List the running kernels."""

    async def main() -> int:
        async with connect(url, token) as conn, KernelManager(conn.settings, poll=False) as km:
            models = await km.refresh_running()
        if as_json:
            echo_json([m.to_dict() for m in models])
        else:
            print_table(
                ["ID", "NAME", "STATE", "CONNECTIONS", "LAST ACTIVITY"],
                (
                    [m.id, m.name, m.execution_state, m.connections, when(m.last_activity)]
                    for m in models
                ),
                empty="no running kernels",
            )
        return EXIT_OK

    run_async(main)


@kernels.command("start")
@click.argument("name", required=False)
@server_options
def start_kernel(name: str | None, url: str | None, token: str | None) -> None:
    """Start a kernel of kernelspec NAME (the server's default without it); print its id."""

    async def main() -> int:
        async with connect(url, token) as conn, KernelManager(conn.settings, poll=False) as km:
            kernel = await km.start_new(name)
            await kernel.close()  # the kernel keeps running
            click.echo(kernel.id)
            if conn.root is not None:
                stderr.print(
                    "note: no --url/JUPYTER_SERVER_URL: the embedded server, and this kernel, "
                    "stop now",
                    style="yellow",
                )
        return EXIT_OK

    run_async(main)


async def _kernel_id(km: KernelManager, wanted: str) -> str:
    return resolve_id(wanted, (m.id for m in await km.refresh_running()), "kernel")


@kernels.command("stop")
@click.argument("kernel_id", metavar="ID")
@server_options
def stop_kernel(kernel_id: str, url: str | None, token: str | None) -> None:
    """Shut down kernel ID (a unique prefix will do)."""

    async def main() -> int:
        async with connect(url, token) as conn, KernelManager(conn.settings, poll=False) as km:
            found = await _kernel_id(km, kernel_id)
            await km.shutdown(found)
        stdout.print(f"stopped kernel {found}")
        return EXIT_OK

    run_async(main)


@kernels.command("restart")
@click.argument("kernel_id", metavar="ID")
@server_options
def restart_kernel(kernel_id: str, url: str | None, token: str | None) -> None:
    """Restart kernel ID (a unique prefix will do)."""

    async def main() -> int:
        async with connect(url, token) as conn, KernelManager(conn.settings, poll=False) as km:
            found = await _kernel_id(km, kernel_id)
            async with await km.connect_to(found) as kernel:
                await kernel.restart()
        stdout.print(f"restarted kernel {found}")
        return EXIT_OK

    run_async(main)


@kernels.command("interrupt")
@click.argument("kernel_id", metavar="ID")
@server_options
def interrupt_kernel(kernel_id: str, url: str | None, token: str | None) -> None:
    """Interrupt kernel ID (a unique prefix will do)."""

    async def main() -> int:
        async with connect(url, token) as conn, KernelManager(conn.settings, poll=False) as km:
            found = await _kernel_id(km, kernel_id)
            async with await km.connect_to(found) as kernel:
                await kernel.interrupt()
        stdout.print(f"interrupted kernel {found}")
        return EXIT_OK

    run_async(main)


@click.command()
@server_options
@json_option
def kernelspecs(url: str | None, token: str | None, as_json: bool) -> None:
    """List the kernelspecs the server offers."""

    async def main() -> int:
        async with (
            connect(url, token) as conn,
            KernelSpecManager(conn.settings, poll=False) as manager,
        ):
            specs = await manager.refresh_specs()
        if as_json:
            echo_json(specs.to_dict())
            return EXIT_OK
        items = sorted(specs.kernelspecs.additional_properties.items())
        print_table(
            ["NAME", "DISPLAY NAME", "LANGUAGE", "DEFAULT"],
            (
                [
                    name,
                    spec.spec.display_name,
                    spec.spec.language,
                    "*" if name == specs.default else "",
                ]
                for name, spec in items
            ),
            empty="no kernelspecs",
        )
        return EXIT_OK

    run_async(main)
