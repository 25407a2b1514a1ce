# medhub: `make run` serves the demo hub at http://127.0.0.1:8000 (another port: PORT=8100 make run),
# `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/medhub_bench
# The port `make run` serves on; settings.py builds the links in emails from it (MEDHUB_BASE_URL).
PORT ?= 8000
export PORT

.PHONY: install run test test-postgres lint bench lighthouse messages check-messages screenshots clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Browser libraries (htmx) from the npm registry, served by Django's staticfiles (decision 0013).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/.installed node_modules/.installed

run: install
	bash scripts/ensure-pdf
	$(MANAGE) migrate --noinput
	$(MANAGE) demo --if-empty
	# Specialty passages embedded once for triage (kept under var/triage/), not on a first request.
	$(MANAGE) prepare_triage
	# The scheduler of the single machine runs the database schedule (the outbox sweeper, the
	# daily verification watch, ...) beside the server, and stops with it (docs/verification.md).
	$(MANAGE) run_scheduler & trap "kill $$!" EXIT INT TERM; $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	bash scripts/ensure-browser
	$(BIN)/pytest

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -m worker tests/cases/test_celery_worker.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install
	cd src/medhub && ../../$(BIN)/python ../../manage.py makemessages --all --no-obsolete --no-location --ignore "*/migrations/*"
	$(BIN)/python scripts/check_messages.py --compile

check-messages: install
	$(BIN)/python scripts/check_messages.py

bench: install
	$(BIN)/python bench/triage.py --database-url $(PG_URL)
	$(BIN)/python bench/run.py --database-url $(PG_URL)
	$(BIN)/python bench/registry.py --database-url $(dir $(PG_URL))medhub_registry_bench

lighthouse:
	bash scripts/lighthouse

screenshots: install
	bash scripts/ensure-browser
	$(BIN)/pytest -m browser tests/browser

clean:
	rm -rf $(VENV) var staticfiles test-output node_modules
