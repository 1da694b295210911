# Brug: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
TEST_ENV := BRUG_TESTING=1 SECRET_KEY=brug-test-only DJANGO_ALLOW_ASYNC_UNSAFE=true
PYTEST_ARGS ?=

.PHONY: run install messages test test-postgres test-sqlite chromium postgres bench lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

# The translations: brug/locale/*/LC_MESSAGES/django.po -> django.mo (pure Python, no msgfmt;
# the .mo files are build outputs, not committed; docs/i18n.md).
messages: install
	DEBUG=1 $(BIN)/python manage.py compile_catalogues

# Set up everything and serve the demo on the embedded default database (SQLite under var/).
run: install messages
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "Brug runs on http://127.0.0.1:8000 — log in with one of the demo logins above."
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite on PostgreSQL, then on SQLite.
test: install messages chromium postgres
	$(MAKE) --no-print-directory test-postgres test-sqlite

test-postgres: messages
	@echo "== test suite on PostgreSQL ($(PG_URL)) =="
	$(TEST_ENV) DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

test-sqlite: messages
	@echo "== test suite on SQLite =="
	$(TEST_ENV) DATABASE_URL= BRUG_VAR_DIR=$(CURDIR)/var/test $(BIN)/pytest $(PYTEST_ARGS)

# Debian's Chromium for the browser tests (Playwright's own download does not work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || scripts/apt-install chromium

# A PostgreSQL on 127.0.0.1:5432; a throwaway cluster of our own when none answers.
postgres:
	@scripts/ensure-postgres

bench: install postgres
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check brug tests bench

clean:
	rm -rf $(VENV) var
