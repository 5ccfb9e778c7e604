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

# Chromium, for the test of live notebooks in a real JupyterLab page (Debian's package,
# installed when missing and this runs as root; else name one in JUPYTER_SDK_TEST_CHROMIUM).
if [ -z "${JUPYTER_SDK_TEST_CHROMIUM:-}" ] && ! command -v chromium >/dev/null \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing chromium (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends chromium >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; }
fi

echo "== codegen check"; ./codegen.sh --check
echo "== ruff check"; ruff check .
echo "== ruff format --check"; ruff format --check .
echo "== mypy --strict"; mypy
# Two workers (CI has 2 cores; most tests wait on servers and kernels, not the CPU); a
# test file stays on one worker. PYTEST_WORKERS=0 runs in this process.
echo "== pytest"; pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile "$@"
echo "== docs"; site="$(mktemp -d)"; mkdocs build --strict --site-dir "$site"; rm -rf "$site"
