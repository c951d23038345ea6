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

.PHONY: help venv cli demo team-demo test lint lint-ci typecheck unit contract emulator-tests e2e soak bench bench-quick profile clean

help:  ## this list
	@grep -hE '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z0-9-]+):.*## /  make \1\t- /' | expand -t 24

# The dev venv uses the default editable mode, so a new module is importable at once. Users who
# want their own mypy to see an editable install use strict mode (requirements.txt, README).
# PYTHONWARNINGS hides setuptools' banner about editable installs, printed on every install.
$(VENV)/.installed: pyproject.toml requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(VENV)/bin/pip install --quiet -e ".[emulator]" --group dev
	touch $@

venv: $(VENV)/.installed  ## create .venv: the provider (editable), the emulator, test and lint tools

$(VENV)/.bench-installed: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet --group bench
	touch $@

cli:  ## find or build the Pulumi CLI, its Python language host and shims (scripts/ensure-pulumi.sh)
	@mkdir -p .state
	@scripts/ensure-pulumi.sh > .state/pulumi-bin.tmp && mv .state/pulumi-bin.tmp .state/pulumi-bin
	@echo "pulumi: $$(cat .state/pulumi-bin)/pulumi $$($$(cat .state/pulumi-bin)/pulumi version)"

demo: venv cli  ## the example dev stack bought from the local emulator, as a user types it
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) scripts/demo.py

team-demo: venv cli  ## two machines share the dev stack through a private PostgreSQL state backend
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" PYTHONPATH="$(CURDIR)" $(PY) scripts/team_demo.py  # tests.harness.postgres: development tooling, not shipped

lint: venv lint-ci  ## ruff check and format
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The users' CI recipe in examples/ci/ (this repository does not run it). actionlint is optional
# and never downloaded here: GOTOOLCHAIN=local go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
ACTIONLINT ?= $(or $(shell command -v actionlint 2>/dev/null),$(wildcard $(HOME)/go/bin/actionlint))
lint-ci:  ## actionlint on the CI recipe in examples/ci (when actionlint is installed)
	@if [ -n "$(ACTIONLINT)" ]; then echo "actionlint $$($(ACTIONLINT) -version | head -n1)"; \
	  $(ACTIONLINT) examples/ci/*.yml; \
	else echo "lint-ci: actionlint not installed, workflows not checked (see Makefile for the install)"; fi

typecheck: venv  ## mypy --strict
	$(VENV)/bin/mypy

unit: venv  ## one tier: pure functions
	$(PY) -m pytest tests/unit -q

emulator-tests: venv  ## one tier: the emulator over HTTP
	$(PY) -m pytest tests/emulator -q

contract: venv  ## one tier: client and provider methods against the emulator
	$(PY) -m pytest tests/contract -q

e2e: venv cli  ## one tier: plain pulumi in project folders against the emulator
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m pytest tests/e2e -q -n auto

test: lint typecheck cli  ## everything CI runs: lint, types, every tier
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m pytest tests -q -p no:cacheprovider -n auto

# `make test` runs the ownership model for 2 examples of at most 5 steps; this runs it longer
# (make soak SOAK_EXAMPLES=50 SOAK_STEPS=12), with no per-test timeout, and prints the steps run.
SOAK_EXAMPLES ?= 20
SOAK_STEPS ?= 10
soak: venv cli  ## the ownership model test, SOAK_EXAMPLES x SOAK_STEPS (20 x 10)
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" OWNERSHIP_EXAMPLES=$(SOAK_EXAMPLES) \
	  OWNERSHIP_STEPS=$(SOAK_STEPS) $(PY) -m pytest tests/e2e/test_ownership_model.py -q -s \
	  -p no:cacheprovider -p no:xdist --timeout 0

bench: $(VENV)/.bench-installed cli  ## benchmarks with floors (writes benchmarks/results.*)
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m benchmarks.run

bench-quick: $(VENV)/.bench-installed cli  ## a quick benchmark smoke run (CI)
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m benchmarks.run --quick

# py-spy samples the provider process; only this target needs it.
profile: $(VENV)/.bench-installed cli  ## CPU profiles of one large up: the CLI (pprof) and the provider (py-spy)
	$(VENV)/bin/pip install --quiet py-spy
	PATH="$(PULUMI_BIN):$$PATH" PULUMI_BIN="$(PULUMI_BIN)" $(PY) -m benchmarks.profile

clean:  ## remove local state, caches and benchmark output
	rm -rf .pulumi-state .state benchmarks/out .mypy_cache .ruff_cache .pytest_cache build
