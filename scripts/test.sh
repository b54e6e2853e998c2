#!/usr/bin/env bash
# Install everything the tests need (test and server extras; Debian's chromium when
# missing) and run every check: lint, types, content, unit and browser tests.
. "$(dirname "$0")/_venv.sh" "[test,server]"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    apt_install chromium
fi
.venv/bin/python -m ruff check .
.venv/bin/python -m mypy
.venv/bin/python -m app.content check
exec .venv/bin/python -m pytest "$@"
