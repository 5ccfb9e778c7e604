"""A real JupyterLab page in headless Chromium: ``tests/live/node/lab.mjs`` (playwright-core),
driven from asyncio, for what a person sees and types beside the SDK.

Chromium is Debian's ``chromium`` (``./test.sh`` installs it when missing and it can), or
the executable named by ``JUPYTER_SDK_TEST_CHROMIUM``.
"""

from __future__ import annotations

import os
import shutil

from .peer import NODE_DIR, NodeScript, PeerError

__all__ = ["LabBrowser", "chromium"]

LAB_SCRIPT = NODE_DIR / "lab.mjs"

CELLS = ".jp-Notebook .jp-Cell"
OUTPUTS = ".jp-Notebook .jp-OutputArea-output"
PROMPTS = ".jp-Notebook .jp-InputArea-prompt"
COLLABORATORS_TAB = '.jp-SideBar [data-id="jp-collaboration-panel"]'
COLLABORATORS_PANEL = "#jp-collaboration-panel"


def chromium() -> str | None:
    """The Chromium executable for the tests, if there is one."""
    named = os.environ.get("JUPYTER_SDK_TEST_CHROMIUM")
    if named:
        return named
    return next(
        (path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))),
        None,
    )


class LabBrowser(NodeScript):
    """One headless Chromium showing JupyterLab on the server at ``url`` (the token goes
    only in the Authorization header of the page's requests)."""

    def __init__(self, url: str, token: str, executable: str) -> None:
        super().__init__(
            LAB_SCRIPT, {"LAB_URL": url, "LAB_TOKEN": token, "LAB_CHROMIUM": executable}
        )

    async def open(self, path: str) -> None:
        """Open the notebook ``path`` in JupyterLab and wait until its cells show."""
        await self.request("open", timeout=90, path=path)

    async def wait_text(self, selector: str, text: str, timeout: float = 30.0) -> list[str]:
        """Wait until an element matching ``selector`` shows ``text``; the texts of all of
        them."""
        try:
            result: list[str] = await self.request(
                "wait_text", timeout + 10, selector=selector, text=text, ms=timeout * 1000
            )
        except PeerError as exc:
            seen = await self.texts(selector)
            raise AssertionError(f"JupyterLab never showed {text!r} in {selector}: {seen}") from exc
        return result

    async def texts(self, selector: str) -> list[str]:
        """The texts of the elements matching ``selector``, as shown."""
        result: list[str] = await self.request("texts", selector=selector)
        return result

    async def click(self, selector: str) -> None:
        """Click the first element matching ``selector``."""
        await self.request("click", selector=selector)

    async def type(self, cell: int, text: str) -> None:
        """Type ``text`` at the end of cell number ``cell``, as a person at the keyboard."""
        await self.request("type", cell=cell, text=text)

    async def screenshot(self, path: str) -> None:
        """A PNG of the page (for a failing test's report)."""
        await self.request("screenshot", path=path)
