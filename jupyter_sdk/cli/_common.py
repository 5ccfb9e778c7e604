"""What every command shares: the server options, the connection (a given server or the
embedded one), the exit codes, and the output helpers (rich for people, ``--json``)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import signal
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Sequence
from pathlib import Path
from typing import NoReturn, TypeVar

import attrs
import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import errors
from ..local import WITHOUT_JUPYTERLAB, LocalServer
from ..settings import ServerSettings

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_SERVER",
    "EXIT_USAGE",
    "Connection",
    "connect",
    "echo_json",
    "fail",
    "finish",
    "json_option",
    "print_table",
    "run_async",
    "server_options",
    "stderr",
    "stdout",
    "when",
]

EXIT_OK = 0
EXIT_FAILED = 1  # the user's code failed (or the server refused the request)
EXIT_USAGE = 2  # click's usage errors
EXIT_SERVER = 3  # the server is unreachable or refused the credentials
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

F = TypeVar("F", bound=Callable[..., object])

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

# Tokens seen by this process: scrubbed from every message we print.
_secrets: set[str] = set()


def server_options(func: F) -> F:
    """``--url`` and ``--token`` (also read from ``JUPYTER_SERVER_URL``/``JUPYTER_TOKEN``)."""
    func = click.option(
        "--token",
        envvar="JUPYTER_TOKEN",
        show_envvar=True,
        metavar="TOKEN",
        help="The server's token; prefer the variable (options show in process lists).",
    )(func)
    return click.option(
        "--url",
        envvar="JUPYTER_SERVER_URL",
        show_envvar=True,
        metavar="URL",
        help="The Jupyter Server to use. Without it, an embedded local server serving "
        "the current folder runs for the command's duration.",
    )(func)


def json_option(func: F) -> F:
    """``--json``: machine-readable output."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON (for scripts) instead of a table."
    )(func)


@attrs.frozen
class Connection:
    """The server a command talks to.

    Attributes:
        settings: Its settings.
        root: The embedded server's root folder (``None`` for a server given by URL).
    """

    settings: ServerSettings
    root: Path | None = None


@contextlib.asynccontextmanager
async def embedded_server(root: Path) -> AsyncIterator[LocalServer]:
    """A local Jupyter Server serving ``root`` until exit (also on Ctrl-C or error)."""
    # Deletions through the CLI are real deletions, not moves to the user's trash.
    server = LocalServer(
        root,
        extra_args=["--FileContentsManager.delete_to_trash=False"],
        server_extensions=WITHOUT_JUPYTERLAB,  # kernels and contents are all it needs
    )
    _secrets.add(server.token)
    starting = asyncio.ensure_future(asyncio.to_thread(server.start))
    try:
        await asyncio.shield(starting)
        yield server
    finally:
        if not starting.done():
            # Cancelled while starting: let the start end so that stop() sees the process.
            with contextlib.suppress(BaseException):
                await starting
        await asyncio.shield(asyncio.to_thread(server.stop))


@contextlib.asynccontextmanager
async def connect(url: str | None, token: str | None) -> AsyncIterator[Connection]:
    """The server at ``url``, else an embedded one for the block's duration."""
    if token:
        _secrets.add(token)
    if url:
        try:
            settings = ServerSettings(url, token=token or None)
        except ValueError as exc:
            raise click.BadParameter(redact(str(exc)), param_hint="'--url'") from None
        yield Connection(settings)
        return
    async with embedded_server(Path.cwd()) as server:
        yield Connection(server.settings, server.root_dir)


async def finish(cleanup: Coroutine[object, object, None]) -> None:
    """Await ``cleanup`` to its end, even when the command is being cancelled (Ctrl-C)."""
    task = asyncio.ensure_future(cleanup)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await task
        raise


def redact(text: str) -> str:
    """``text`` without any token this process knows."""
    for secret in _secrets:
        text = text.replace(secret, "***")
    return text


def _one_line(exc: BaseException) -> str:
    text = redact(str(exc)).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Print ``error: message`` on stderr and exit with ``code``."""
    click.echo(f"error: {redact(message)}", err=True)
    raise click.exceptions.Exit(code)


def _leaf(exc: BaseException) -> BaseException:
    """The first real error inside (nested) exception groups."""
    while isinstance(exc, BaseExceptionGroup):
        inner = [e for e in exc.exceptions if not isinstance(e, asyncio.CancelledError)]
        exc = (inner or list(exc.exceptions))[0]
    return exc


def run_async(
    main: Callable[[], Coroutine[object, object, int]], *, stop_on_interrupt: bool = False
) -> NoReturn:
    """Run a command's coroutine and exit with its code; map failures to exit codes.

    0 ok, 1 the user's code failed (or the request was refused), 2 usage, 3 the server
    is unreachable or refused the credentials, 130 interrupted, 143 terminated (0 for
    both when a signal is how the command stops: ``stop_on_interrupt``). One line, no
    traceback, no token.
    """
    terminated = asyncio.Event()

    async def guarded() -> int:
        # SIGTERM (a service manager, `timeout`, CI) cleans up as Ctrl-C does.
        task = asyncio.current_task()
        assert task is not None

        def on_term() -> None:
            terminated.set()
            task.cancel()

        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, on_term)
        return await main()

    try:
        try:
            code = asyncio.run(guarded())
        except BaseExceptionGroup as group:
            raise _leaf(group) from None
    except KeyboardInterrupt:
        if stop_on_interrupt:
            raise click.exceptions.Exit(EXIT_OK) from None
        fail("interrupted", EXIT_INTERRUPTED)
    except asyncio.CancelledError:
        if not terminated.is_set():
            raise
        if stop_on_interrupt:
            raise click.exceptions.Exit(EXIT_OK) from None
        fail("terminated", EXIT_TERMINATED)
    except errors.AuthenticationError as exc:
        fail(
            f"the server refused the credentials ({_one_line(exc)}); check --token or "
            "JUPYTER_TOKEN",
            EXIT_SERVER,
        )
    except errors.NetworkError as exc:
        fail(f"cannot reach the server: {_one_line(exc)}", EXIT_SERVER)
    except errors.JupyterError as exc:
        fail(_one_line(exc), EXIT_FAILED)
    except OSError as exc:
        fail(_one_line(exc), EXIT_FAILED)
    raise click.exceptions.Exit(code)


# -- output ----------------------------------------------------------------------------


def echo_json(data: object) -> None:
    """Print ``data`` as indented JSON on stdout."""
    click.echo(json.dumps(data, indent=2, default=str))


def when(value: object) -> str:
    """A timestamp for a table: local time to the second."""
    if isinstance(value, datetime.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)


def print_table(
    columns: Sequence[str], rows: Iterable[Sequence[object]], *, empty: str = "nothing"
) -> None:
    """A rich table on stdout (``empty`` when there are no rows; no header row when the
    column names are all empty)."""
    table = Table(*columns, box=None, header_style="bold", pad_edge=False, show_header=any(columns))
    count = 0
    for row in rows:
        table.add_row(*(Text(str(cell)) for cell in row))
        count += 1
    if count:
        stdout.print(table)
    else:
        stdout.print(Text(empty, style="dim"))


def resolve_id(wanted: str, known: Iterable[str], what: str) -> str:
    """The one id in ``known`` equal to, or starting with, ``wanted``.

    Raises:
        click.exceptions.Exit: None or several match (exit 1, one line).
    """
    ids = list(known)
    if wanted in ids:
        return wanted
    matches = [i for i in ids if i.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        fail(f"no {what} {wanted!r} on the server")
    fail(f"{wanted!r} matches several {what}s: {', '.join(sorted(matches))}")


def read_stdin() -> str:
    """All of standard input, as text."""
    return sys.stdin.read()
