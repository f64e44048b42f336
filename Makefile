# Summit: `make run` serves the demo, `make test` runs everything. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export PORT  # config.py reads it: in development BASE_URL follows PORT unless BASE_URL is set
FLASK := $(BIN)/flask --app wsgi
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

.PHONY: run test test-sqlite test-postgres test-browser lint bench lock clean

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

test: lint test-sqlite test-postgres test-browser

test-sqlite: $(VENV)/.dev
	env -u TEST_DATABASE_URL $(PYTEST) tests --ignore=tests/browser

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
