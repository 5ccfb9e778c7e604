"""``jupyter-sdk contents ls|get|put|rm|mv|cp``: files on the server."""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path

import click

from .. import errors
from ..contents import ContentsManager
from ..models import Contents
from ._common import (
    EXIT_OK,
    connect,
    echo_json,
    fail,
    json_option,
    print_table,
    run_async,
    server_options,
    stdout,
    when,
)

__all__ = ["contents"]


@click.group()
def contents() -> None:
    """Files and folders on the server (paths relative to its root)."""


def _name(model: Contents) -> str:
    return model.name + ("/" if model.type_ == "directory" else "")


def _size(model: Contents) -> str:
    size = model.size
    return str(size) if isinstance(size, int) else ""


async def _is_dir(manager: ContentsManager, path: str) -> bool:
    try:
        return (await manager.get(path, content=False)).type_ == "directory"
    except errors.NotFoundError:
        return False


@contents.command("ls")
@click.argument("path", default="")
@server_options
@json_option
def ls(path: str, url: str | None, token: str | None, as_json: bool) -> None:
    """List a folder (the root by default), or show one file."""

    async def main() -> int:
        async with connect(url, token) as conn, ContentsManager(conn.settings) as manager:
            model = await manager.get(path)
        entries = model.content if isinstance(model.content, list) else [model]
        entries = sorted(entries, key=lambda m: (m.type_ != "directory", m.name.lower()))
        if as_json:
            echo_json([_summary(m) for m in entries])
        else:
            print_table(
                ["NAME", "TYPE", "SIZE", "LAST MODIFIED"],
                ([_name(m), m.type_, _size(m), when(m.last_modified)] for m in entries),
                empty="empty folder",
            )
        return EXIT_OK

    run_async(main)


def _summary(model: Contents) -> dict[str, object]:
    data = model.to_dict()
    data.pop("content", None)
    return data


@contents.command("get")
@click.argument("path")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True, path_type=Path),
    help="A local file (or folder) to write; standard output without it.",
)
@server_options
def get(path: str, output: Path | None, url: str | None, token: str | None) -> None:
    """Download the file at PATH."""

    async def main() -> int:
        async with connect(url, token) as conn, ContentsManager(conn.settings) as manager:
            if await _is_dir(manager, path):
                fail(f"{path!r} is a folder (use 'contents ls')")
            if output is None:
                data = await manager.download(path)
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                target = await manager.download(path, output)
                click.echo(f"downloaded {path} -> {target}", err=True)
        return EXIT_OK

    run_async(main)


@contents.command("put")
@click.argument("local", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("path")
@server_options
def put(local: Path, path: str, url: str | None, token: str | None) -> None:
    """Upload the local file LOCAL to PATH (into PATH when it is a folder)."""

    async def main() -> int:
        async with connect(url, token) as conn, ContentsManager(conn.settings) as manager:
            target = path
            if not path or path.endswith("/") or await _is_dir(manager, path):
                target = posixpath.join(path.rstrip("/"), local.name) if path else local.name
            model = await manager.upload(local, target)
        stdout.print(f"uploaded {local} -> {model.path}", markup=False)
        return EXIT_OK

    run_async(main)


@contents.command("rm")
@click.argument("path")
@server_options
def rm(path: str, url: str | None, token: str | None) -> None:
    """Delete the file (or empty folder) at PATH."""

    async def main() -> int:
        async with connect(url, token) as conn, ContentsManager(conn.settings) as manager:
            await manager.delete(path)
        stdout.print(f"deleted {path}", markup=False)
        return EXIT_OK

    run_async(main)


@contents.command("mv")
@click.argument("src")
@click.argument("dst")
@server_options
def mv(src: str, dst: str, url: str | None, token: str | None) -> None:
    """Move (rename) SRC to DST (into DST when it is a folder)."""

    async def main() -> int:
        async with connect(url, token) as conn, ContentsManager(conn.settings) as manager:
            target = dst
            if dst.endswith("/") or await _is_dir(manager, dst):
                target = posixpath.join(dst.rstrip("/"), posixpath.basename(src.rstrip("/")))
            model = await manager.rename(src, target)
        stdout.print(f"moved {src} -> {model.path}", markup=False)
        return EXIT_OK

    run_async(main)


@contents.command("cp")
@click.argument("src")
@click.argument("dst")
@server_options
def cp(src: str, dst: str, url: str | None, token: str | None) -> None:
    """Copy the file SRC to DST (into DST when it is a folder)."""

    async def main() -> int:
        async with connect(url, token) as conn, ContentsManager(conn.settings) as manager:
            target = dst
            if dst.endswith("/") or await _is_dir(manager, dst):
                target = posixpath.join(dst.rstrip("/"), posixpath.basename(src))
            # The server copies into a folder under a name of its choosing: rename after.
            copied = await manager.copy(src, posixpath.dirname(target))
            model = copied
            if copied.path != target:
                try:
                    model = await manager.rename(copied.path, target)
                except errors.JupyterError:
                    await manager.delete(copied.path)
                    raise
        stdout.print(f"copied {src} -> {model.path}", markup=False)
        return EXIT_OK

    run_async(main)
