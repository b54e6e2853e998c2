#!/usr/bin/env bash
# Install Haki into .venv (first time only) and run it. Options go to main.py:
#   scripts/run.sh --port 8550 --data-dir ./var/data --lang am
. "$(dirname "$0")/_venv.sh" ""
exec .venv/bin/python main.py "$@"
