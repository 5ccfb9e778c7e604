"""``python -m jupyter_sdk.cli``: the ``jupyter-sdk`` command."""

from . import main

main()
