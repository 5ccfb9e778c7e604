#!/usr/bin/env bash
# Regenerate the typed REST clients from the corrected OpenAPI specs, or check that
# everything is up to date:
#   openapi/jupyter-server.yaml    -> generated/jupyter_server_rest     (Jupyter Server)
#   openapi/jupyterlab-server.yaml -> generated/jupyterlab_server_rest  (JupyterLab's /lab/api)
#
#   ./codegen.sh          regenerate both packages
#   ./codegen.sh --check  exit non-zero (saying why) when
#                         (a) generated/ differs from a fresh generation,
#                         (b) the installed jupyter-server's api.yaml or jupyterlab_server's
#                             rest-api.yml differs from its copy in openapi/upstream/, or
#                         (c) a route the installed server (with JupyterLab) registers is
#                             missing from a corrected spec (openapi/check_routes.py).
#                         It then reports, for each server of the compatibility matrix
#                         (tests/matrix.py, each from its cached venv), which routes and
#                         response fields differ from the spec (openapi/server_report.py;
#                         informational, never a failure; CODEGEN_SERVER_REPORT=0 skips it).
#
# Works from any directory and on a copy of the repository (files are found relative
# to this script). Uses `${PYTHON:-python}`, `openapi-python-client` and `ruff` from
# PATH (e.g. PATH="$PWD/.venv/bin:$PATH").
set -euo pipefail

OPENAPI_PYTHON_CLIENT_VERSION="0.29.1"
RUFF_VERSION="0.17.6"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python}"
# spec:config:package, one line per generated client.
CLIENTS=(
    "jupyter-server.yaml:config.yaml:jupyter_server_rest"
    "jupyterlab-server.yaml:jupyterlab-config.yaml:jupyterlab_server_rest"
)

usage() {
    echo "usage: $0 [--check]" >&2
    exit 2
}

check=0
case "${1:-}" in
    "") ;;
    --check) check=1 ;;
    -h | --help)
        sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) usage ;;
esac
[[ $# -le 1 ]] || usage

die() {
    echo "codegen.sh: $*" >&2
    exit 1
}

require_version() { # tool wanted-version actual-version-output
    local tool="$1" wanted="$2" output="$3"
    [[ "$output" == *" $wanted"* ]] ||
        die "$tool $wanted is required (the generated code depends on its version), found: $output"
}

command -v openapi-python-client >/dev/null || die "openapi-python-client not found on PATH"
command -v ruff >/dev/null || die "ruff not found on PATH (the generator's post-hooks run it)"
require_version openapi-python-client "$OPENAPI_PYTHON_CLIENT_VERSION" \
    "$(openapi-python-client --version)"
require_version ruff "$RUFF_VERSION" "$(ruff --version)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/jupyter-sdk-codegen.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Generate spec $1 with config $2 into $WORK/$3 (always in a fresh temp dir, so that a
# regeneration and a check produce byte-identical trees). The post-hooks (the config)
# run ruff --isolated in that folder.
generate() {
    local spec="$ROOT/openapi/$1" config="$ROOT/openapi/$2" package="$3"
    local log="$WORK/generate-$package.log"
    if ! (cd "$WORK" && openapi-python-client generate \
        --path "$spec" \
        --config "$config" \
        --meta none \
        --output-path "$WORK/$package" \
        --overwrite \
        --fail-on-warning) >"$log" 2>&1; then
        cat "$log" >&2
        die "openapi-python-client failed on openapi/$1"
    fi
    # PEP 561 marker (not emitted with --meta none).
    : >"$WORK/$package/py.typed"
    find "$WORK/$package" -name __pycache__ -type d -prune -exec rm -rf {} +
}

for client in "${CLIENTS[@]}"; do
    IFS=: read -r spec config package <<<"$client"
    generate "$spec" "$config" "$package"
done

if [[ $check -eq 0 ]]; then
    mkdir -p "$ROOT/generated"
    for client in "${CLIENTS[@]}"; do
        IFS=: read -r spec config package <<<"$client"
        rm -rf "$ROOT/generated/$package"
        cp -R "$WORK/$package" "$ROOT/generated/$package"
        echo "codegen.sh: regenerated generated/$package"
    done
    exit 0
fi

failed=0

# (a) generated/ is what the specs generate.
for client in "${CLIENTS[@]}"; do
    IFS=: read -r spec config package <<<"$client"
    target="$ROOT/generated/$package"
    if [[ ! -d "$target" ]]; then
        echo "codegen.sh --check: generated/$package is missing; run ./codegen.sh" >&2
        failed=1
    elif ! diff -r -u --exclude=__pycache__ "$target" "$WORK/$package" >"$WORK/generated.diff"; then
        echo "codegen.sh --check: generated/$package differs from a fresh generation of" \
            "openapi/$spec; run ./codegen.sh (diff: committed -> fresh):" >&2
        head -n 200 "$WORK/generated.diff" >&2
        failed=1
    fi
done

# (b) the installed server's upstream spec is the one we corrected.
installed="$("$PYTHON" -c 'import pathlib, jupyter_server
print(pathlib.Path(jupyter_server.__file__).parent / "services" / "api" / "api.yaml")')" ||
    die "cannot import jupyter_server with $PYTHON"
installed_version="$("$PYTHON" -c 'import jupyter_server; print(jupyter_server.__version__)')"
if ! diff -u "$ROOT/openapi/upstream/api.yaml" "$installed" >"$WORK/upstream.diff"; then
    echo "codegen.sh --check: the installed jupyter-server $installed_version's api.yaml" \
        "($installed) differs from openapi/upstream/api.yaml; review the changes, update" \
        "openapi/jupyter-server.yaml, then copy the file over:" >&2
    head -n 200 "$WORK/upstream.diff" >&2
    failed=1
fi
lab_installed="$("$PYTHON" -c 'import pathlib, jupyterlab_server
print(pathlib.Path(jupyterlab_server.__file__).parent / "rest-api.yml")')" ||
    die "cannot import jupyterlab_server with $PYTHON (pip install jupyterlab)"
lab_version="$("$PYTHON" -c 'import jupyterlab_server; print(jupyterlab_server.__version__)')"
lab_upstream="$ROOT/openapi/upstream/jupyterlab-server-rest-api.yml"
if ! diff -u "$lab_upstream" "$lab_installed" >"$WORK/upstream.diff"; then
    echo "codegen.sh --check: the installed jupyterlab_server $lab_version's rest-api.yml" \
        "($lab_installed) differs from ${lab_upstream#"$ROOT"/}; review the changes," \
        "update openapi/jupyterlab-server.yaml, then copy the file over:" >&2
    head -n 200 "$WORK/upstream.diff" >&2
    failed=1
fi

# (c) every REST route the installed server registers is in the corrected spec.
if ! "$PYTHON" "$ROOT/openapi/check_routes.py" "$ROOT/openapi/jupyter-server.yaml" \
    "$ROOT/openapi/jupyterlab-server.yaml"; then
    echo "codegen.sh --check: a corrected spec does not describe every route of the" \
        "installed jupyter-server $installed_version / jupyterlab_server $lab_version" \
        "(see above)" >&2
    failed=1
fi

# (d) informational: how the other servers of the matrix differ from the spec. Skipped on
# a copy of openapi/ alone (the matrix lives in tests/).
if [[ "${CODEGEN_SERVER_REPORT:-1}" != 0 && -f "$ROOT/tests/matrix.py" ]]; then
    "$PYTHON" "$ROOT/openapi/server_report.py" "$ROOT/openapi/jupyter-server.yaml" ||
        echo "codegen.sh --check: the server report is incomplete (see above); not a failure" >&2
fi

if [[ $failed -ne 0 ]]; then
    exit 1
fi
echo "codegen.sh --check: generated clients, upstream specs and routes are up to date"
