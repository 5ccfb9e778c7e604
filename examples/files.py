"""Upload and download files, list a folder, read and write text on a Jupyter Server.

Uses JUPYTER_SERVER_URL / JUPYTER_TOKEN when set, else starts an embedded local server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from jupyter_sdk import ContentsManager, ServerSettings, local_server


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[ServerSettings]:
    if os.environ.get("JUPYTER_SERVER_URL"):
        yield ServerSettings.from_env()
    else:
        async with local_server() as settings:
            yield settings


async def main() -> None:
    folder = f"files-example-{uuid.uuid4().hex[:8]}"
    async with server() as settings, ContentsManager(settings) as contents:
        await contents.save(folder, {"type": "directory"})
        try:
            with tempfile.TemporaryDirectory() as scratch:
                local = Path(scratch) / "data.bin"
                local.write_bytes(os.urandom(300_000))
                # Large files go up in chunks; progress(sent, total) after each one.
                await contents.upload(local, f"{folder}/data.bin", chunk_size=128 * 1024)
                back = await contents.download(f"{folder}/data.bin", Path(scratch) / "back.bin")
                print("round trip intact:", back.read_bytes() == local.read_bytes())

            await contents.write_text(f"{folder}/notes.txt", "written by jupyter-sdk\n")
            print("notes.txt says:", (await contents.read_text(f"{folder}/notes.txt")).strip())

            listing = await contents.get(folder)
            assert isinstance(listing.content, list)
            for entry in sorted(listing.content, key=lambda e: e.name):
                print(f"  {entry.name:10} {entry.type_:9} {entry.size} bytes")
        finally:
            for name in ("data.bin", "notes.txt"):
                with contextlib.suppress(Exception):
                    await contents.delete(f"{folder}/{name}")
            with contextlib.suppress(Exception):
                await contents.delete(folder)


if __name__ == "__main__":
    asyncio.run(main())
