# Conflict news -> claims dataset, signed actor network, reviewer reports.
# `make` lists the targets. On a fresh machine: `make reports`, then `make test`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Any Python from 3.11 to 3.13 (`make PYTHON=python3.13`). A .venv made by another version is
# rebuilt: its compiled packages would not load.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SETUP_STAMP := $(VENV)/.setup-stamp
PY_VERSION = import sys; print("%d.%d" % sys.version_info[:2])
PYTHON_VERSION := $(shell $(PYTHON) -c '$(PY_VERSION)' 2>/dev/null)
VENV_VERSION := $(shell test -x $(PY) && $(PY) -c '$(PY_VERSION)' 2>/dev/null)
ifneq ($(VENV_VERSION),$(PYTHON_VERSION))
ifneq ($(VENV_VERSION),)
STALE_VENV := stale-venv
endif
endif
LAB_PORT ?= 8888
LAB_IP ?= 127.0.0.1
SYSTEM_PACKAGES := chromium poppler-utils fonts-dejavu-core

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
NAMES := $(notdir $(basename $(NOTEBOOKS)))
HTML := $(NAMES:%=reports/%.html)
PDF := $(NAMES:%=reports/%.pdf)
TODO := reports/.todo

# Inputs of the processed tables, and of the reports.
RAW := data/raw/manifest.csv $(wildcard data/raw/articles/*)
CODEBOOK := $(shell find data/codebook -type f 2>/dev/null | sort)
REPORT_SRC := $(shell find src/analysis/report -name '*.py' | sort)
SRC := $(shell find src/analysis -name '*.py' | sort)
PIPELINE_SRC := $(filter-out $(REPORT_SRC),$(SRC))
TEMPLATES := $(wildcard src/analysis/report/templates/*/*)
DATA_STAMP := data/processed/documents.csv
PROCESSED_CSV := $(wildcard data/processed/*.csv)

.PHONY: help setup sysdeps python-check stale-venv data notebooks reports article strip test lab add clean distclean bench explorer

help: ## Show this list of targets
	@echo "Usage: make TARGET   (fresh machine: make reports, then make test)"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(SETUP_STAMP) sysdeps ## Create .venv from requirements.lock, install the package, kernel and system packages

$(SETUP_STAMP): requirements.lock pyproject.toml $(STALE_VENV)
	@$(MAKE) --no-print-directory python-check
	@if [ -n "$(VENV_VERSION)" ] && [ "$(VENV_VERSION)" != "$(PYTHON_VERSION)" ]; then \
	  echo "$(VENV) was made with Python $(VENV_VERSION), $(PYTHON) is $(PYTHON_VERSION): rebuilding it"; \
	  rm -rf $(VENV); fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	touch $@

stale-venv:

python-check: ## Check the Python that makes .venv (PYTHON=python3): 3.11 (3.11.5+), 3.12 or 3.13
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11, 3.12 or 3.13 (or run make PYTHON=/path/to/python3)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' || { echo "$(PYTHON) is Python $$($(PYTHON) -V 2>&1 | cut -d' ' -f2): this project needs 3.11.5 or later (3.11, 3.12, 3.13; run make PYTHON=/path/to/python3.13)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] > (3, 13))' || echo "warning: $(PYTHON) is Python $(PYTHON_VERSION): tested on 3.11 to 3.13 only"

# Chromium prints the PDFs, poppler-utils checks them. Installed as root, else named in one line.
sysdeps:
	@missing=""; \
	if [ -z "$${CHROMIUM:-}" ] && [ ! -x /usr/lib/chromium/chromium ] && ! command -v chromium >/dev/null 2>&1; then missing="chromium"; fi; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing system packages: $(SYSTEM_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "missing system packages ($$missing): run 'sudo apt-get install -y $(SYSTEM_PACKAGES)' (or set CHROMIUM=/path/to/chromium)"; \
	  fi; \
	fi

data: $(DATA_STAMP) ## Build data/processed/ from data/raw/ and the codebook (python -m analysis build)

$(DATA_STAMP): $(RAW) $(CODEBOOK) $(PIPELINE_SRC) | $(SETUP_STAMP)
	$(PY) -m analysis build
	$(PY) scripts/data_table.py

notebooks: setup data ## Execute every notebook from a clean kernel (reports/executed/, HTML, no PDF)
	$(PY) -m analysis.report --no-pdf

# Each report output depends on its notebook, the processed tables, the package and the
# environment. Out-of-date notebooks are collected in $(TODO), then run in ONE process.
reports/%.html reports/%.pdf: notebooks/%.ipynb $(DATA_STAMP) $(PROCESSED_CSV) $(SRC) $(TEMPLATES) $(SETUP_STAMP)
	@mkdir -p reports && echo $* >> $(TODO)

reports: setup data $(HTML) $(PDF) ## Execute changed notebooks; write HTML, PDF, reports/index.html
	@todo="$$(sort -u $(TODO) 2>/dev/null)"; rm -f $(TODO); \
	if [ -n "$$todo" ]; then echo "running:" $$todo; else echo "reports are up to date"; fi; \
	$(PY) -m analysis.report --notebooks $$todo

article: setup data ## One article's report: make article DOC=<doc_id> (reports/articles/DOC.html, .pdf)
	@test -n "$(DOC)" || { echo "usage: make article DOC=<doc_id> (ids: the doc_id column of data/processed/documents.csv)"; exit 1; }
	$(PY) -m analysis.report --notebooks --article $(DOC)

strip: ## Strip outputs and execution counts from notebooks/*.ipynb (nbstripout, as the pre-commit hook does)
	$(PY) -m nbstripout --keep-id notebooks/*.ipynb

test: setup data ## Set up, then run the tests (notebooks executed, reports checked)
	$(PY) -m pytest -m "not bench"

lab: setup ## JupyterLab on the notebooks (LAB_PORT=8888 LAB_IP=127.0.0.1); Ctrl-C stops it
	exec $(PY) scripts/lab.py --port $(LAB_PORT) --ip $(LAB_IP) --notebook-dir notebooks

add: setup ## Add articles: make add FILES="a.txt b.txt" [ARGS="--outlet Reuters --strip-header"]
	@test -n "$(FILES)" || { echo 'usage: make add FILES="article.txt ..." [ARGS="--outlet NAME --published YYYY-MM-DD --strip-header"]'; exit 1; }
	$(PY) -m analysis add $(FILES) $(ARGS)

explorer: setup data ## Write reports/explorer.html (offline: sort, filter, search every table)
	$(PY) -m analysis.report.explorer

bench: setup ## Run the benchmarks (python -m analysis bench)
	$(PY) -m analysis bench

clean: ## Remove build outputs (reports/, caches); keep .venv
	find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf data/interim .pytest_cache build
	find . -name __pycache__ -type d -not -path './.venv/*' -prune -exec rm -rf {} +

distclean: clean ## Remove build outputs and the virtual environment
	rm -rf $(VENV) src/*.egg-info
