# Summit: `make run` serves the demo, `make test` runs everything. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export PORT  # config.py reads it: in development BASE_URL follows PORT unless BASE_URL is set
FLASK := $(BIN)/flask --app wsgi
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

.PHONY: run test test-sqlite test-clock test-postgres test-browser lint bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(FLASK) db upgrade
	$(FLASK) seed demo --if-empty
	@echo ""
	@echo "Summit is running at http://127.0.0.1:$(PORT)  (Ctrl+C to stop)"
	@echo "Demo sign-ins:"
	@$(FLASK) seed sign-ins
	@echo "Mail is written to instance/mail/ (no mail server needed)."
	@echo ""
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check summit seeds tests bench wsgi.py

test: lint test-sqlite test-clock test-postgres test-browser

test-sqlite: $(VENV)/.dev
	env -u TEST_DATABASE_URL $(PYTEST) tests --ignore=tests/browser

# The tests marked `clock` again, with the clock started at moments where a date or time is easy to get wrong, each
# under another machine timezone: 04:30 UTC (still yesterday in Los Angeles), 23:30 UTC (already tomorrow in Tokyo),
# and either side of the March DST change in Los Angeles (02:00 PST -> 03:00 PDT on 14 March 2027 = 10:00 UTC).
CLOCKS := 2026-11-29T04:30:00Z@UTC 2026-11-29T23:30:00Z@Asia/Tokyo \
	2027-03-14T09:30:00Z@America/Los_Angeles 2027-03-14T10:30:00Z@UTC

test-clock: $(VENV)/.dev
	@set -e; for run in $(CLOCKS); do \
		echo "== tests marked clock at $${run%@*}, TZ=$${run#*@}"; \
		env -u TEST_DATABASE_URL SUMMIT_TEST_CLOCK=$${run%@*} TZ=$${run#*@} $(PYTEST) -q -m clock tests --ignore=tests/browser; \
	done

test-postgres: $(VENV)/.dev
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the suite again on $$TEST_DATABASE_URL"; \
		$(PYTEST) tests --ignore=tests/browser; \
	else echo "== TEST_DATABASE_URL not set: PostgreSQL pass skipped"; fi

test-browser: $(VENV)/.dev
	env -u TEST_DATABASE_URL $(PYTEST) tests/browser

bench: $(VENV)/.dev
	$(BIN)/python -m bench

# Recompile the locks from requirements*.in; existing pins are kept unless asked, e.g. LOCK_ARGS=--upgrade
# or LOCK_ARGS="--upgrade-package werkzeug". The dev lock is constrained by the runtime lock, so runtime first.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: $(VENV)/.dev
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
