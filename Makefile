# Two commands for a newcomer: `make demo` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PULUMI_SKIP_UPDATE_CHECK := true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION := true
export GOTOOLCHAIN ?= local
# The directory holding pulumi and its Python shims; found or built by scripts/ensure-pulumi.sh.
PULUMI_BIN = $(shell cat .state/pulumi-bin 2>/dev/null)

.PHONY: help venv cli demo test lint lint-ci typecheck unit contract emulator-tests e2e bench bench-quick clean

help:
	@echo "make demo   - buy the example stack's dev numbers from the local Plivo emulator (offline)"
	@echo "make test   - lint, types and every test tier (unit, emulator, contract, e2e on the real CLI)"
	@echo "make bench  - benchmarks against the emulator (writes benchmarks/results.*)"

$(VENV)/.installed: pyproject.toml requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

cli:
	@mkdir -p .state
	@scripts/ensure-pulumi.sh > .state/pulumi-bin.tmp && mv .state/pulumi-bin.tmp .state/pulumi-bin
	@echo "pulumi: $$(cat .state/pulumi-bin)/pulumi $$($$(cat .state/pulumi-bin)/pulumi version)"

demo: venv cli
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) scripts/demo.py

lint: venv lint-ci
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The users' CI recipe in .github/workflows/. actionlint is optional and never downloaded here:
# GOTOOLCHAIN=local go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
ACTIONLINT ?= $(or $(shell command -v actionlint 2>/dev/null),$(wildcard $(HOME)/go/bin/actionlint))
lint-ci:
	@if [ -n "$(ACTIONLINT)" ]; then echo "actionlint $$($(ACTIONLINT) -version | head -n1)"; \
	  $(ACTIONLINT) .github/workflows/*.yml; \
	else echo "lint-ci: actionlint not installed, workflows not checked (see Makefile for the install)"; fi

typecheck: venv
	$(VENV)/bin/mypy

unit: venv
	$(PY) -m pytest tests/unit -q

emulator-tests: venv
	$(PY) -m pytest tests/emulator -q

contract: venv
	$(PY) -m pytest tests/contract -q

e2e: venv cli
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m pytest tests/e2e -q

test: lint typecheck cli
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m pytest tests -q -p no:cacheprovider

bench: venv cli
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m benchmarks.run

bench-quick: venv cli
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m benchmarks.run --quick

clean:
	rm -rf .pulumi-state .state benchmarks/out .mypy_cache .ruff_cache .pytest_cache
