# One command per job, the same locally and in CI (.ci/run calls `make test`).
# Every target that needs Python depends on the venv stamp, so a fresh clone
# sets itself up: `make course` and `make test` are enough.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# nbgrader shells out to `alembic`: the venv's bin must come first on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)
HOST ?= 127.0.0.1
PORT ?= 8888
SITE_PORT ?= 8000
# Jupyter refuses to run as root unless told (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help setup system-packages course test test-fast check book pdf serve bench clean

help:
	@echo "make course   installe l'environnement, vérifie les cas et lance JupyterLab"
	@echo "make test     installe l'environnement et lance tous les tests"
	@echo "make book     construit le site (Jupyter Book, avertissements = erreurs)"
	@echo "make pdf     construit le cours public en un seul PDF (_build/pdf/)"
	@echo "make serve    sert le site construit sur http://$(HOST):$(SITE_PORT)/"
	@echo "make bench    mesures de performance (bench/)"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v=sys.version_info[:2]; v==(3,11) or print(f"Attention : Python 3.11 attendu, {v[0]}.{v[1]} trouvé (choisir avec PYTHON=...).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	# Privacy: JupyterLab must not fetch news or check for updates on the Internet.
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp config/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

# axe-core (accessibility checks in the browser tests), pinned by package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

check: setup
	$(BIN)/casebook check

course: check
	@echo "JupyterLab démarre sur http://$(HOST):$(PORT)/lab/tree/notebooks/Accueil.ipynb"
	@echo "(l'adresse complète, avec le jeton d'accès, s'affiche ci-dessous ; Ctrl+C pour arrêter)."
	JUPYTER_CONFIG_DIR=$(CURDIR)/config/jupyter-apprenant \
	$(BIN)/jupyter lab --no-browser $(ROOT_FLAG) --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
	  --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks/Accueil.ipynb

# Debian packages the browser tests need (Chromium and its driver): installed when running as
# root, otherwise one line says what to install, before any test runs.
system-packages:
	@bash tools/system_packages.sh

test: system-packages check
	$(BIN)/python -m pytest

test-fast: check
	$(BIN)/python -m pytest -m "not slow"

book: setup
	$(BIN)/python -m casebook.site build

pdf: setup
	$(BIN)/python -m casebook.site.pdf

serve:
	@test -d _build/html || { echo "Pas de site construit : lancez d'abord « make book »."; exit 1; }
	@echo "Site servi sur http://$(HOST):$(SITE_PORT)/"
	$(BIN)/python -m http.server $(SITE_PORT) --bind $(HOST) --directory _build/html

bench: setup
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf _build test-artifacts bench/results book/_generated grading/release grading/submitted grading/autograded grading/feedback
