#!/usr/bin/env bash
# Sets up what the notebooks need on Debian 12 and registers the project's Java kernel.
#
#   environment/setup.sh            # Jupyter from Debian's packages + build and register the kernel
#   environment/setup.sh --kernel   # only build and register the kernel (any OS with JDK 17+, Maven, Jupyter)
#
# The kernel runs on the JDK that JAVA_HOME names, else the `java` on PATH (17 or later; 25 works).
#
# Safe to run again: packages already there are not reinstalled, the kernel is rebuilt only when
# its sources are newer than its jar, and the kernelspec is replaced in place.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KERNEL_DIR="$HERE/kernel"
JAR="$KERNEL_DIR/target/scoremodels-kernel.jar"
# SCOREMODELS_KERNEL_NAME registers a second, separately named kernel (to try a changed kernel).
KERNEL_NAME="${SCOREMODELS_KERNEL_NAME:-java}"
HEAP="${SCOREMODELS_KERNEL_HEAP:-2g}"

say() { printf '[setup] %s\n' "$*"; }

debian_packages() {
    # Jupyter from Debian's own packages: the notebook server, nbconvert, the client libraries
    # the tests drive the kernel with, and the JDK and Maven that build it.
    local wanted=(jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-nbformat
                  python3-ipykernel python3-zmq openjdk-17-jdk-headless maven)
    local missing=()
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "Debian packages already installed"
        return
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# mvn package in $1 without tests. Offline first (the dependencies are usually in ~/.m2 already);
# that attempt's output is dropped, because when something is missing from ~/.m2 it prints [ERROR]
# lines although the online attempt that follows succeeds. The online attempt's output is shown
# only if it fails (on success Maven 3.8's -q still prints stray colour codes).
maven_package() {
    if (cd "$1" && mvn -o -q -B package -DskipTests >/dev/null 2>&1); then
        return
    fi
    say "downloading Maven dependencies for $1 (first build)"
    local out
    out="$(cd "$1" && mvn -q -B package -DskipTests 2>&1)" || { echo "$out" >&2; exit 1; }
}

build_kernel() {
    local newest
    newest="$(find "$KERNEL_DIR/src/main" "$KERNEL_DIR/pom.xml" -type f -newer "$JAR" 2>/dev/null | head -1 || true)"
    if [ -f "$JAR" ] && [ -z "$newest" ]; then
        say "kernel jar is up to date: $JAR"
        return
    fi
    say "building the kernel ($KERNEL_DIR)"
    maven_package "$KERNEL_DIR"
    [ -f "$JAR" ] || { echo "kernel build produced no $JAR" >&2; exit 1; }
}

# The JDK the kernel will run on: JAVA_HOME's, else the java on PATH; refused below Java 17.
kernel_java() {
    local java
    if [ -n "${JAVA_HOME:-}" ]; then
        java="$JAVA_HOME/bin/java"
        [ -x "$java" ] || { echo "JAVA_HOME=$JAVA_HOME has no bin/java: point it at a JDK 17 or later" >&2; exit 1; }
    else
        java="$(command -v java || true)"
        [ -n "$java" ] || { echo "no java on PATH and no JAVA_HOME: install a JDK 17 or later" >&2; exit 1; }
    fi
    java="$(readlink -f "$java")"
    local version major
    version="$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/^ *java.specification.version = / {print $2; exit}')"
    major="${version#1.}"
    major="${major%%.*}"
    if ! [[ "$major" =~ ^[0-9]+$ ]]; then
        echo "could not tell the Java version of $java" >&2; exit 1
    fi
    if [ "$major" -lt 17 ]; then
        echo "$java is Java $version; the kernel needs Java 17 or later (set JAVA_HOME to a newer JDK)" >&2
        exit 1
    fi
    JAVA_BIN="$java"
    JAVA_MAJOR="$major"
}

register_kernel() {
    command -v jupyter >/dev/null || { echo "jupyter is not on PATH: install it first (see README)" >&2; exit 1; }
    local display_name="Java $JAVA_MAJOR (score-models)"
    # Java 22+ warns on stderr when a library (ND4J's JavaCPP) loads native code, unless allowed
    local native_access=""
    if [ "$JAVA_MAJOR" -ge 22 ]; then native_access='"--enable-native-access=ALL-UNNAMED", '; fi
    local spec
    spec="$(mktemp -d)"
    trap 'rm -rf "$spec"' RETURN
    # OpenBLAS's worker threads spin for about 0.1 s after each matrix product before they sleep;
    # between the training step's products that spinning takes the core the Java loops need.
    # A timeout of 2^4 cycles puts them to sleep at once (18 % off a training step here).
    # CPU-specific: OpenBLAS (inside ND4J) does not recognise recent Xeons and falls back to slow
    # kernels; naming the core type SkylakeX helps there, but it is set only when this CPU has
    # AVX-512 (avx512f in /proc/cpuinfo): elsewhere those kernels die with SIGILL. tests/run.sh
    # checks the registered kernelspec against the CPU (tests/platform/openblas_coretype.py).
    local env_json='{"OPENBLAS_THREAD_TIMEOUT": "4"}'
    if grep -qw -m1 avx512f /proc/cpuinfo 2>/dev/null; then
        env_json='{"OPENBLAS_THREAD_TIMEOUT": "4", "OPENBLAS_CORETYPE": "SkylakeX"}'
    fi
    # The library's matrix products run on the Vector API (an incubating module, so added by name);
    # the JVM's one-line notice about it goes to the kernel's log, not to any cell.
    cat > "$spec/kernel.json" <<JSON
{
  "argv": ["$JAVA_BIN", "-Xmx$HEAP", "-Djava.awt.headless=true", $native_access
           "--add-modules", "jdk.incubator.vector",
           "-jar", "$JAR", "{connection_file}"],
  "display_name": "$display_name",
  "language": "java",
  "interrupt_mode": "message",
  "env": $env_json,
  "metadata": {"debugger": false}
}
JSON
    local where="--user"
    # under a conda or pip virtual environment, register the kernel inside it
    if [ -n "${CONDA_PREFIX:-}" ] || [ -n "${VIRTUAL_ENV:-}" ]; then where="--sys-prefix"; fi
    # jupyter reports success on stderr ("[InstallKernelSpec] Installed ..."): show it only on failure
    local out
    out="$(jupyter kernelspec install "$where" --replace --name "$KERNEL_NAME" "$spec" 2>&1)" || {
        echo "$out" >&2; exit 1; }
    say "registered kernel '$KERNEL_NAME' ($display_name, $JAVA_BIN): $(jupyter kernelspec list 2>/dev/null | awk -v k="$KERNEL_NAME" '$1==k {print $2}')"
}

case "${1:-}" in
    --kernel) ;;
    "") if command -v apt-get >/dev/null && [ -f /etc/debian_version ]; then debian_packages; else
            say "not Debian: install Jupyter with conda (environment/environment.yml) or pip (environment/requirements.txt)"; fi ;;
    *) echo "usage: $0 [--kernel]" >&2; exit 2 ;;
esac
kernel_java
say "the kernel runs on Java $JAVA_MAJOR: $JAVA_BIN"
build_kernel
register_kernel
