# Two entry points for a new user: `make demo` (build the seeds) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench lock clean
LOCK := requirements.lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs take the versions in the lock, so a fresh machine gets what CI tested.
$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/kg build seeds -o out

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check kg tests benchmarks notebooks
	$(BIN)/ruff format --check kg tests benchmarks notebooks
	$(BIN)/mypy kg

test: $(VENV)/.installed-dev lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/sparql_store_vs_memory.py

# Re-resolve every dependency to the newest release pyproject.toml admits; run the tests after.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	{ sed -n '1,2p' $(LOCK); .lock-venv/bin/pip freeze --exclude-editable | grep -v '^newskg'; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf out .pytest_cache
