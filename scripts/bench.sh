#!/usr/bin/env bash
# `make bench`: state-scale benchmarks on PostgreSQL (see bench/run.py and docs/performance.md).
# Uses SEATS_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/seats_bench), which
# it drops and recreates; exits 1 with a clear message when PostgreSQL is unreachable.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python bench/run.py "$@"
