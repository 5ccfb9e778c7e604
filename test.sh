#!/usr/bin/env bash
# The one test command: sets up .venv from the project's own files, then runs every gate.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints/dev.txt -e '.[dev]'
export PATH="$PWD/.venv/bin:$PATH"
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

echo "== codegen check"; ./codegen.sh --check
echo "== ruff check"; ruff check .
echo "== ruff format --check"; ruff format --check .
echo "== mypy --strict"; mypy
echo "== pytest"; pytest "$@"
echo "== docs"; site="$(mktemp -d)"; mkdocs build --strict --site-dir "$site"; rm -rf "$site"
