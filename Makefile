# Every target sets itself up from nothing: a virtualenv inside the repo, installed from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck bench mutate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/launchready demo

test: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 4 --dist loadfile -m "not timing"
	$(BIN)/python -m pytest -q -m timing

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Mutation testing (bench/README.md): `make mutate MODULES=src/launchready/verdict.py SAMPLE=30 BUDGET=300`.
mutate: $(STAMP)
	nice -n 10 $(BIN)/python bench/mutate/run.py $(if $(MODULES),--modules $(MODULES)) \
		$(if $(SAMPLE),--sample $(SAMPLE)) $(if $(BUDGET),--time-budget $(BUDGET))

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache launchready-demo launchready-report
