#!/usr/bin/env bash
# The main job (README): set up (Debian packages, build, kernel), then execute and render the
# notebooks to site/. Options go to render.py: --data moons|circles|gaussians, --quick, --steps N.
set -euo pipefail
cd "$(dirname "$0")/.."
bash environment/setup.sh
mvn -B -q package -DskipTests
/usr/bin/python3 notebooks/render.py "$@"
