"""``jupyter-sdk exec CODE``: run code in a fresh kernel, streaming its outputs."""

from __future__ import annotations

import contextlib
import sys

import click
from rich.text import Text

from .. import errors
from ..kernels import KernelManager
from ..kernels.future import AnyMessage
from ._common import (
    EXIT_FAILED,
    EXIT_OK,
    connect,
    finish,
    read_stdin,
    run_async,
    server_options,
    stderr,
)

__all__ = ["exec_command", "print_output"]


def _mime_summary(data: object) -> str | None:
    if not isinstance(data, dict):
        return None
    for mimetype in ("text/markdown", "text/plain"):
        text = data.get(mimetype)
        if isinstance(text, str):
            return text
    kinds = ", ".join(sorted(str(k) for k in data))
    return f"[{kinds}]" if kinds else None


def print_output(msg: AnyMessage) -> None:
    """Write one iopub output to this process's stdout/stderr as it comes."""
    msg_type = msg["header"]["msg_type"]
    content = msg["content"]
    if msg_type == "stream":
        text = content.get("text")
        stream = sys.stderr if content.get("name") == "stderr" else sys.stdout
        if isinstance(text, str):
            stream.write(text)
            stream.flush()
    elif msg_type in ("execute_result", "display_data"):
        summary = _mime_summary(content.get("data"))
        if summary is not None:
            sys.stdout.write(summary + "\n")
            sys.stdout.flush()
    elif msg_type == "error":
        traceback = content.get("traceback")
        lines = [str(t) for t in traceback] if isinstance(traceback, list) else []
        if not lines:
            lines = [f"{content.get('ename', '')}: {content.get('evalue', '')}"]
        sys.stdout.flush()
        stderr.print(Text.from_ansi("\n".join(lines)))


@click.command("exec", short_help="Run code in a fresh kernel, streaming its outputs.")
@click.argument("code")
@click.option("--kernel", "kernel_name", metavar="NAME", help="The kernelspec (server default).")
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), metavar="S", help="Seconds."
)
@server_options
def exec_command(
    code: str, kernel_name: str | None, timeout: float | None, url: str | None, token: str | None
) -> None:
    """Run CODE ('-' reads it from standard input) in a fresh kernel.

    Outputs stream to stdout and stderr as they come; the exit status is 1 when the code
    raises (its traceback goes to stderr). input() fails at once: there is no stdin.
    """
    source = read_stdin() if code == "-" else code

    async def main() -> int:
        async with connect(url, token) as conn, KernelManager(conn.settings, poll=False) as km:
            kernel = await km.start_new(kernel_name)
            try:
                result = await kernel.execute(source, timeout=timeout, on_output=print_output)
            finally:
                with contextlib.suppress(errors.JupyterError):
                    await finish(kernel.shutdown())
            if result.status == "error" and not any(
                o["output_type"] == "error" for o in result.outputs
            ):
                # The reply said error without publishing one: say what it was.
                error = result.error
                if error is not None:
                    stderr.print(Text(f"{error['ename']}: {error['evalue']}"))
        return EXIT_FAILED if result.status == "error" else EXIT_OK

    run_async(main)
