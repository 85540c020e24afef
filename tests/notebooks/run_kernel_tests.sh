#!/usr/bin/env bash
# Sets up Jupyter and the project's Java kernel, builds the project jar if needed, and runs the
# kernel tests (tests/notebooks/test_kernel.py). Exit status 0 only when every test passed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

bash environment/setup.sh

if [ ! -f target/score-models.jar ]; then
    echo "[tests] building target/score-models.jar"
    mvn -o -q -B package -DskipTests 2>/dev/null || mvn -q -B package -DskipTests
fi

echo "[tests] kernel unit tests"
(cd environment/kernel && { mvn -o -q -B test 2>/dev/null || mvn -q -B test; })

# Debian's Jupyter lives in the system Python, which a pyenv or venv python3 may not see
PY=python3
if ! python3 -c "import jupyter_client, nbclient, nbformat" 2>/dev/null && [ -x /usr/bin/python3 ]; then
    PY=/usr/bin/python3
fi
exec "$PY" tests/notebooks/test_kernel.py
