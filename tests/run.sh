#!/usr/bin/env bash
# The project's test command (README). On a fresh Debian machine it installs what it needs
# (Jupyter from Debian's packages, the JDK and Maven if missing, the Java kernel, the Maven
# dependencies), then runs: the library's JUnit tests, the kernel's JUnit tests, the kernel over
# the Jupyter protocol, and every notebook for each dataset in quick mode.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's Jupyter is visible only to the system Python (a pyenv python3 may come first on PATH).
PY=/usr/bin/python3

bash environment/setup.sh
echo "[tests] library: JUnit 5 (tests/java) and target/score-models.jar"
mvn -B -q package
echo "[tests] kernel: JUnit 5 (environment/kernel)"
(cd environment/kernel && mvn -B -q test)
echo "[tests] kernel over the Jupyter protocol"
"$PY" tests/notebooks/test_kernel.py
echo "[tests] notebooks, every dataset, quick parameters"
"$PY" tests/notebooks/test_notebooks.py
echo "[tests] all passed"
