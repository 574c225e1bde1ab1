#!/usr/bin/env bash
# Runs the whole suite again on PostgreSQL. Skips (with a clear message) when no server answers,
# except under CI=true, where an unreachable PostgreSQL fails the run.
set -euo pipefail
url="${SEATS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! .venv/bin/python scripts/pg_ping.py "$url"; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL at $url is unreachable and CI=true: failing." >&2
    exit 1
  fi
  echo "PostgreSQL at $url is unreachable: the PostgreSQL pass was SKIPPED." >&2
  exit 0
fi
echo "== Running the suite on PostgreSQL ($url)"
# The screenshots are the look of the pages, the same on either database: taken once, in the
# SQLite pass (every other browser test runs again here).
DATABASE_URL="$url" .venv/bin/python -m pytest -p no:cacheprovider \
  --deselect tests/browser/test_screenshots.py::test_screenshots_of_every_main_page "$@"
