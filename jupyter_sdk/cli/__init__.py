"""The ``jupyter-sdk`` command line: run notebooks and code, and manage a server's kernels,
sessions, files and terminals.

Every command talks to ``--url``/``--token`` (or ``JUPYTER_SERVER_URL``/``JUPYTER_TOKEN``);
without a URL it starts an embedded Jupyter Server serving the current folder for its
own duration. Exit status: 0 ok, 1 the user's code failed (or the server refused the
request), 2 usage error, 3 server unreachable or credentials refused.

One module per command group; a new group is one ``main.add_command(...)`` line.
"""

from __future__ import annotations

import click

from .contents import contents
from .execute import exec_command
from .hub import hub
from .kernels import kernels, kernelspecs
from .run import run
from .server import server, status
from .sessions import sessions
from .terminals import terminals

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="jupyter-server-sdk", prog_name="jupyter-sdk")
def main() -> None:
    """Run notebooks and code on a Jupyter Server, and manage what runs there."""


main.add_command(run)
main.add_command(exec_command)
main.add_command(kernels)
main.add_command(kernelspecs)
main.add_command(sessions)
main.add_command(contents)
main.add_command(terminals)
main.add_command(status)
main.add_command(server)
main.add_command(hub)
