"""What to type into a terminal so its output cannot be mistaken for the echo of the typing.

A terminal shows what is typed as well as what runs. Typed before the shell's first prompt,
the line is echoed by the tty at once and the output follows the prompt: with ``sh`` (dash,
what jupyter_server_terminals runs where ``SHELL`` is unset, as on CI) a bare ``echo
marker`` gives ``echo marker\\r\\n# marker\\r\\n``, so matching "the marker on a line of its
own" races the shell's start. The shell expands ``$((40 + 2))``; the typed line never holds
``marker-42``, only the output does.
"""

from __future__ import annotations

import asyncio
import re
import uuid

from jupyter_sdk.terminals import TerminalConnection


def echo_command(prefix: str = "echo") -> tuple[str, str]:
    """A fresh ``(line to type, text only its output contains)`` pair."""
    marker = f"{prefix}-{uuid.uuid4().hex}"
    return f"echo {marker}-$((40 + 2))\r", f"{marker}-42"


async def read_until(
    connection: TerminalConnection, command: str, output: str | re.Pattern[str], wait: float
) -> str:
    """Type ``command`` and read stdout until ``output`` (text, or a pattern searched for)
    appears; the text read.

    Raises:
        AssertionError: The terminal ended, or nothing matched within ``wait`` seconds
            (the text read so far is in the message).
    """
    messages = connection.messages()  # registered before typing: nothing is missed
    connection.send_stdin(command)
    text = ""

    async def read() -> str:
        nonlocal text
        async for message in messages:
            text += message.text
            if output.search(text) if isinstance(output, re.Pattern) else output in text:
                return text
        raise AssertionError(f"the terminal ended before {output!r}; got {text!r}")

    try:
        return await asyncio.wait_for(read(), wait)
    except TimeoutError:
        raise AssertionError(f"no {output!r} within {wait} s; got {text!r}") from None
