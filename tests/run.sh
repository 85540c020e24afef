#!/usr/bin/env bash
# The project's test command (README). On a fresh Debian machine it installs what it needs:
# Jupyter from Debian's packages, the Java kernel, the Maven dependencies; then it runs the
# JUnit tests, the kernel tests and every notebook through the kernel.
set -euo pipefail
cd "$(dirname "$0")/.."

bash environment/setup.sh                       # apt packages, kernel jar, kernelspec "java"
mvn -B -q package                               # JUnit 5 tests (tests/java), then target/score-models.jar
python3 tests/notebooks/test_kernel.py          # the kernel over the Jupyter protocol
python3 tests/notebooks/test_notebooks.py       # every notebook, each dataset, quick parameters
echo "all tests passed"
