#!/usr/bin/env bash
# The main job (README): set up (Debian packages, the kernel, the library's jar), then execute and
# render notebooks to site/ with an index page.
#
#   bash notebooks/render.sh                  # the chapter (06) in full, its default data
#   bash notebooks/render.sh --all            # 06, 07 and 08 in full
#   bash notebooks/render.sh --quick [NAMES]  # short training: a fast look at any of them
#   bash notebooks/render.sh 07 --data moons  # chosen notebooks; see --help for every option
#
# The options go to notebooks/render.py, which checks them before the set-up starts.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3   # Debian's Jupyter libraries belong to the system Python
start=$SECONDS

for arg in "$@"; do
    case "$arg" in -h|--help) exec "$PY" notebooks/render.py --help ;; esac
done
# Refuse a wrong option now rather than after the set-up (once Jupyter's libraries are there).
if "$PY" -c 'import nbformat' 2>/dev/null; then
    "$PY" notebooks/render.py --check "$@"
fi

bash environment/setup.sh
# The notebooks load target/score-models.jar; rebuild it only when a source or the pom is newer.
jar=target/score-models.jar
if [ -f "$jar" ] && [ -z "$(find src/main pom.xml -type f -newer "$jar" 2>/dev/null | head -1)" ]; then
    echo "[setup] library jar is up to date: $jar"
else
    echo "[setup] building the library ($jar)"
    # shown only if it fails: on success Maven 3.8's -q still prints stray colour codes
    out="$(mvn -B -q package -DskipTests 2>&1)" || { echo "$out" >&2; exit 1; }
fi
echo "[setup] done in $((SECONDS - start)) s"
exec "$PY" notebooks/render.py "$@"
