# Shared by run.sh and test.sh: make sure .venv exists and holds Haki.
# Usage: . scripts/_venv.sh EXTRAS   (EXTRAS: "" or "[test]")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null; then
    apt_install python3 python3-venv
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Haki needs Python 3.11 or newer as $PYTHON" >&2
    exit 1
fi
# Two of these started at once in a fresh checkout (the app and the tests,
# say) would both create .venv and pip install into it: the second waits here
# until the first is done, then finds everything installed.
exec 9<"${BASH_SOURCE[0]}"
flock 9
if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        rm -rf .venv
        apt_install python3-venv
        "$PYTHON" -m venv .venv
    fi
fi
stamp=".venv/.haki-installed$1"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$1"
    touch "$stamp"
fi
# byte-compile our code once, as a packaged app is, for a faster start
.venv/bin/python -m compileall -q app >/dev/null
# the web client's files, gzipped once for every phone a laptop serves
# (app/web_client.py); quick once made
.venv/bin/python -m app.web_client >/dev/null
flock -u 9
exec 9<&-
