#!/usr/bin/env bash
# run-api.sh — the black-box API tests (tests/api) against a real `renda serve`.
#
#   tests/run-api.sh [pytest args…]
#
# Environment:
#   RENDA_BIN        the program to test (default build/renda)
#   RENDA_BACKENDS   comma-separated backends: sqlite, pg (default "sqlite,pg").
#                    For pg the test session starts one temporary PostgreSQL cluster
#                    with scripts/pg-temp (or uses RENDA_PG_URL if set) and gives
#                    every test module a fresh database in it.
#   RENDA_TEST_OUTPUT  where server logs go (default test-output/)
# Exits with pytest's exit code.
set -euo pipefail
cd "$(dirname "$0")/.."

export RENDA_BIN=${RENDA_BIN:-build/renda}
export RENDA_BACKENDS=${RENDA_BACKENDS:-sqlite,pg}
export RENDA_TEST_OUTPUT=${RENDA_TEST_OUTPUT:-test-output}
mkdir -p "$RENDA_TEST_OUTPUT"

if [ ! -x "$RENDA_BIN" ]; then
    echo "run-api.sh: $RENDA_BIN is missing; build it first (ninja -C build)" >&2
    exit 1
fi

# Debian's interpreter with python3-pytest, -requests and -openpyxl, whatever the PATH says.
PYTHON=/usr/bin/python3
set +e
"$PYTHON" -m pytest -q -p no:cacheprovider tests/api "$@"
rc=$?
set -e
exit "$rc"
