#!/usr/bin/env bash
# The project's test command (README). On a fresh Debian machine it installs what it needs
# (Jupyter from Debian's packages, the JDK and Maven if missing, the Java kernel, the Maven
# dependencies), then runs: the library's JUnit tests, the kernel's JUnit tests, the kernel over
# the Jupyter protocol, and every notebook for each dataset in quick mode.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's Jupyter is visible only to the system Python (a pyenv python3 may come first on PATH).
PY=/usr/bin/python3

# The browser test drives Debian's Chromium through Selenium; installed here like setup.sh's packages.
browser_packages() {
    local missing=()
    for p in chromium chromium-driver python3-selenium; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "[tests] installing ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

bash environment/setup.sh
echo "[tests] library: JUnit 5 (tests/java) and target/score-models.jar"
mvn -B -q package
echo "[tests] kernel: JUnit 5 (environment/kernel)"
(cd environment/kernel && mvn -B -q test)
echo "[tests] kernel over the Jupyter protocol"
"$PY" tests/notebooks/test_kernel.py
echo "[tests] display functions, %load and %maven over the Jupyter protocol"
"$PY" tests/notebooks/test_magics.py
echo "[tests] notebooks, every dataset, quick parameters"
"$PY" tests/notebooks/test_notebooks.py
echo "[tests] notebook 06 in a browser: Jupyter Notebook server, headless Chromium (screenshots in target/browser)"
browser_packages
"$PY" tests/notebooks/test_browser.py
echo "[tests] all passed"
