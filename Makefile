# Two commands set up everything on a fresh machine with Python 3.11+:
#   make run   - install, migrate the embedded SQLite database, load the demo, serve it
#   make test  - install and run the whole suite (SQLite, and beside it PostgreSQL when reachable)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
SEATS_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
export SEATS_TEST_POSTGRES_URL

.PHONY: install run test test-sqlite test-postgres lint bench load clean browser vendor

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: install
	@mkdir -p var
	@echo "Migrating the database (var/seats.sqlite3)..."
	@$(BIN)/seats migrate --noinput -v 0
	$(BIN)/seats demo --if-empty
	$(BIN)/seats demo --logins
	$(BIN)/seats serve $(HOST)

test: install lint browser
	@bash scripts/test-both.sh

# Re-vendors USWDS (needs npm and the network; the copied files are committed, see
# src/seats/web/static/web/vendor/README.md).
vendor:
	@bash scripts/vendor-uswds.sh

browser:
	@bash scripts/browser-setup.sh

lint: install
	$(BIN)/ruff check .

test-sqlite: install
	$(BIN)/python -m pytest -p no:cacheprovider

test-postgres: install
	@bash scripts/test-postgres.sh

bench: install
	@bash scripts/bench.sh

load: install
	@bash scripts/load.sh

clean:
	rm -rf $(VENV) .venv-load var .pytest_cache .ruff_cache
