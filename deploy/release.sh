#!/bin/sh
# The release step: run ONCE per release, before the new code serves traffic, never at
# every process start (two hosts starting together would migrate at the same time).
# The Procfile's `release:` line, the campaign-release systemd unit and `make stack`
# all run this file.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
"$PYTHON" manage.py check --deploy --fail-level ERROR
"$PYTHON" manage.py migrate --noinput
"$PYTHON" manage.py collectstatic --noinput --verbosity 0
"$PYTHON" manage.py translations compile
