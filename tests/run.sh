#!/usr/bin/env bash
# The project's test command (README). On a fresh Debian machine it installs what it needs
# (Jupyter from Debian's packages, the JDK and Maven if missing, the Java kernel, the Maven
# dependencies, Chromium for the browser test), then runs, stopping at the first failure:
#   1. platform: no build file, kernelspec or environment forces an OpenBLAS core type this CPU
#      lacks (and the check itself catches one, on fake files);
#   2. the library's JUnit tests (tests/java) and target/score-models.jar;
#   3. the kernel's JUnit tests (environment/kernel);
#   4. the kernel over the Jupyter protocol: messages, display functions, %load and %maven;
#   5. the renderer: parameters, options, a failing cell, render.sh --quick in a fresh clone
#      of this repository's HEAD commit (tests/notebooks/test_render.py);
#   6. every notebook for each dataset in quick mode (tests/notebooks/test_notebooks.py);
#   7. notebook 06 in a browser (tests/notebooks/test_browser.py).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's Jupyter is visible only to the system Python (a pyenv python3 may come first on PATH).
PY=/usr/bin/python3
start=$SECONDS
step_start=$SECONDS

# Starts a step, after saying how long the one before took.
step() {
    echo "[tests]   ($((SECONDS - step_start)) s)"
    step_start=$SECONDS
    echo "[tests] $*"
}

# The browser test drives Debian's Chromium through Selenium, and a library test checks model files
# against numpy; installed here like setup.sh's packages.
test_packages() {
    local missing=()
    for p in chromium chromium-driver python3-selenium python3-numpy; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "[tests] installing ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

echo "[tests] set-up: environment/setup.sh"
bash environment/setup.sh
test_packages
step "platform: OpenBLAS core types against this CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
"$PY" tests/platform/test_openblas_coretype.py
"$PY" tests/platform/openblas_coretype.py
step "library: JUnit 5 (tests/java) and target/score-models.jar"
mvn -B -q package
step "kernel: JUnit 5 (environment/kernel)"
(cd environment/kernel && mvn -B -q test)
step "kernel over the Jupyter protocol (JDK 17)"
SCOREMODELS_EXPECT_JDK="${SCOREMODELS_EXPECT_JDK:-17}" "$PY" tests/notebooks/test_kernel.py
# The kernel must also work on the current LTS: its JUnit and protocol tests again on JDK 25,
# under a kernelspec of its own. A missing JDK 25 is an error, not a skip.
JDK25="${SCOREMODELS_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JDK25/bin/java" ] || { echo "[tests] no JDK 25 at $JDK25 (set SCOREMODELS_JDK25)" >&2; exit 1; }
step "kernel on JDK 25 ($JDK25): JUnit 5 and the Jupyter protocol"
(cd environment/kernel && JAVA_HOME="$JDK25" mvn -B -q test)
KERNEL25="${SCOREMODELS_KERNEL_NAME:-java}-jdk25"
JAVA_HOME="$JDK25" SCOREMODELS_KERNEL_NAME="$KERNEL25" bash environment/setup.sh --kernel
SCOREMODELS_EXPECT_JDK=25 SCOREMODELS_KERNEL_NAME="$KERNEL25" "$PY" tests/notebooks/test_kernel.py
step "display functions, %load and %maven over the Jupyter protocol"
"$PY" tests/notebooks/test_magics.py
step "renderer: parameters, options, a failing cell, a fresh clone"
"$PY" tests/notebooks/test_render.py
step "notebooks, every dataset, quick parameters"
"$PY" tests/notebooks/test_notebooks.py
step "notebook 06 in a browser: Jupyter Notebook server, headless Chromium (screenshots in target/browser)"
"$PY" tests/notebooks/test_browser.py
step "all passed in $((SECONDS - start)) s"
