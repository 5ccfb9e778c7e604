#!/usr/bin/env bash
# Install what the benchmark needs, then run it: bash bench/run.sh [run.py options]
#   e.g. bash bench/run.sh --quick            (whole run < 2 minutes)
#        bash bench/run.sh --nagle both       (stock server vs TCP_NODELAY server)
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
PY="$REPO/.venv/bin/python"
if [ ! -x "$PY" ]; then
    "${PYTHON:-python3}" -m venv "$REPO/.venv"
fi

# Python side: the project (editable, with jupyter-server + ipykernel) and jupyter_client.
if ! "$PY" -c "import jupyter_sdk, jupyter_server, ipykernel, jupyter_client, httpx, websockets, papermill" \
    2>/dev/null; then
    "$PY" -m pip install -q --disable-pip-version-check -e "$REPO[local]" jupyter_client papermill
fi

# Node side (the js row): @jupyterlab/services + ws into bench/node_modules (git-ignored).
if command -v npm >/dev/null 2>&1; then
    if [ ! -d "$BENCH/node_modules/@jupyterlab/services" ] || [ ! -d "$BENCH/node_modules/ws" ]; then
        if [ -f "$BENCH/package-lock.json" ]; then
            (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
        else
            (cd "$BENCH" && npm install --no-audit --no-fund --loglevel=error)
        fi
    fi
else
    echo "bench/run.sh: npm not found; the js row will report an error" >&2
fi

# Live notebooks (bench/live.py): a collaborative server, and jupyter-nbmodel-client 1.5.1 as
# the row to beat (its pins fit the project's: same venv). Its Node peer is installed by the
# script itself (npm ci from tests/live/node/package-lock.json into the test cache).
if ! "$PY" -c "import jupyter_server_ydoc, jupyter_server_nbmodel, jupyter_nbmodel_client, jupyter_kernel_client" \
    2>/dev/null; then
    "$PY" -m pip install -q --disable-pip-version-check -c "$REPO/constraints/dev.txt" \
        jupyter-collaboration jupyter-server-nbmodel jupyter-nbmodel-client==1.5.1
fi

export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
"$PY" "$BENCH/run.py" "$@"
# SDK-only goals (import time, memory per connection, contents round trip).
case " $* " in *" --quick "*) "$PY" "$BENCH/extras.py" --quick ;; *) "$PY" "$BENCH/extras.py" ;; esac
# Live notebooks: edit latency and streamed outputs, SDK vs nbmodel-client vs Node (floor).
case " $* " in *" --quick "*) "$PY" "$BENCH/live.py" --quick ;; *) "$PY" "$BENCH/live.py" ;; esac
