#!/usr/bin/env bash
# `make load`: the production settings under gunicorn (2 workers, TLS with a throwaway
# certificate) on PostgreSQL with the state-scale demo and Redis as the cache, driven by locust
# with a mix of every role for LOAD_TIME (default 5m), on 127.0.0.1 only. Prints requests/s and
# p50/p95/p99 per page, then checks that the run's writes lost or doubled no history entry or
# notice. Not part of `make test`.
#   LOAD_USERS (default 60)  LOAD_SPAWN (per second, 5)  LOAD_TIME (5m)
#   LOAD_SCALE (state | small)  SEATS_LOAD_DATABASE_URL (postgres://postgres@127.0.0.1:5432/seats_load,
#   created and loaded once, reused after)  SEATS_LOAD_REDIS_URL (redis://127.0.0.1:6379/3)
set -euo pipefail
cd "$(dirname "$0")/.."
users="${LOAD_USERS:-60}"; spawn="${LOAD_SPAWN:-5}"; duration="${LOAD_TIME:-5m}"
scale="${LOAD_SCALE:-state}"
db_url="${SEATS_LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/seats_load}"
redis_url="${SEATS_LOAD_REDIS_URL:-redis://127.0.0.1:6379/3}"
out=var/load; mkdir -p "$out"

if [ ! -x .venv-load/bin/locust ] || [ load/requirements.lock -nt .venv-load/.installed ]; then
  echo "== Installing locust into .venv-load (load/requirements.lock)"
  python3 -m venv .venv-load
  .venv-load/bin/python -m pip install --quiet --require-hashes --no-deps -r load/requirements.lock
  touch .venv-load/.installed
fi
.venv/bin/python scripts/pg_ping.py "${db_url%/*}/postgres" || {
  echo "PostgreSQL is unreachable at ${db_url%/*}: the load test needs it." >&2; exit 1; }

export DATABASE_URL="$db_url" SEATS_CACHE_URL="$redis_url" SEATS_VAR_DIR="$PWD/$out"
export DJANGO_SETTINGS_MODULE=seats.settings.development
.venv/bin/python - "$db_url" <<'PY'
import sys, psycopg
from urllib.parse import urlsplit
url = urlsplit(sys.argv[1]); name = url.path.lstrip("/")
with psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
PY
echo "== Migrating and loading the demo ($scale scale; only when the database is empty)"
.venv/bin/seats migrate --noinput -v 0
time .venv/bin/seats demo --scale "$scale" --if-empty
provider_token=$(.venv/bin/seats token create provider_staff --name "load test" | tail -1)
lea_token=$(.venv/bin/seats token create lea_approver --name "load test" | tail -1)
.venv/bin/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$redis_url"

[ -f "$out/tls.key" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -keyout "$out/tls.key" -out "$out/tls.crt" 2>/dev/null
export DJANGO_SETTINGS_MODULE=seats.settings.production
export SEATS_SECRET_KEY="load-$(openssl rand -hex 32)" SEATS_ALLOWED_HOSTS=127.0.0.1
export SEATS_SSL_REDIRECT=false SEATS_MFA_REQUIRED=false SEATS_LOG_LEVEL=WARNING
.venv/bin/seats collectstatic --noinput -v 0
.venv/bin/gunicorn seats.wsgi:application --bind 127.0.0.1:8443 --workers 2 \
  --certfile "$out/tls.crt" --keyfile "$out/tls.key" --timeout 60 --log-level warning &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -ks -o /dev/null https://127.0.0.1:8443/health/ && break; sleep 0.2
done

.venv/bin/python load/check.py before > "$out/before.json"
echo "== locust: $users users, $spawn/s, for $duration (https://127.0.0.1:8443)"
SEATS_LOAD_PROVIDER_TOKEN="$provider_token" SEATS_LOAD_LEA_TOKEN="$lea_token" \
SEATS_LOAD_TALLY="$out/tally.json" \
  .venv-load/bin/locust -f load/locustfile.py --headless --users "$users" \
  --spawn-rate "$spawn" --run-time "$duration" --host https://127.0.0.1:8443 \
  --csv "$out/result" --only-summary --loglevel WARNING >"$out/locust.log" 2>&1 || true
kill $server; wait $server 2>/dev/null || true
status=0
.venv/bin/python load/report.py "$out/result" || status=1
.venv/bin/python load/check.py after "$out/before.json" "$out/tally.json" || status=1
exit $status
