#!/usr/bin/env bash
# The whole suite on SQLite and, when PostgreSQL answers, again on PostgreSQL: the two passes run
# side by side (each is one process, and a machine with two cores runs them in about the time of
# the longer one). The SQLite pass prints as it goes; the PostgreSQL pass writes
# var/test-postgres.log, printed when it ends. The run fails when either pass fails.
# SEATS_TEST_SERIAL=1 runs them one after the other instead. Arguments go to both pytest runs.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
log=var/test-postgres.log
if [ "${SEATS_TEST_SERIAL:-}" = "1" ]; then
  .venv/bin/python -m pytest -p no:cacheprovider "$@"; sqlite_rc=$?
  bash scripts/test-postgres.sh "$@"; pg_rc=$?
else
  echo "== The PostgreSQL pass runs beside this one; its output: $log"
  setsid bash scripts/test-postgres.sh "$@" > "$log" 2>&1 &
  pg_pid=$!
  # Stop the PostgreSQL pass too when this script is interrupted.
  trap 'kill -- -"$pg_pid" 2>/dev/null' INT TERM
  echo "== Running the suite on SQLite"
  .venv/bin/python -m pytest -p no:cacheprovider "$@"; sqlite_rc=$?
  wait "$pg_pid"; pg_rc=$?
  echo "== The PostgreSQL pass ($log):"
  cat "$log"
fi
echo "== SQLite pass: $([ "$sqlite_rc" = 0 ] && echo passed || echo "FAILED ($sqlite_rc)");" \
  "PostgreSQL pass: $([ "$pg_rc" = 0 ] && echo passed || echo "FAILED ($pg_rc)")"
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
