# The two commands a newcomer needs (see README.md):
#   make lab    set up the environment and open the course in JupyterLab
#   make test   set up the environment and run the whole test suite
# Both create or update .venv/ from requirements.lock, so they work on a fresh clone
# with nothing but python3 and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.pmkit-installed
PORT   ?= 8888
START  := notebooks/00_start_here.ipynb
# nbgrader runs helper programs (alembic) by name, so the environment's bin/ must be on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)

# JupyterLab refuses to run as root unless told; a headless Linux box has no browser to open.
# The server's root is the repository (so lessons and exercises are both visible) and the first
# page is the start page. Passing the notebook as an argument instead would make notebooks/ the root.
LAB_FLAGS := --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) --ServerApp.root_dir=$(CURDIR) \
	--LabApp.default_url=/lab/tree/$(START)
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif
ifeq ($(shell uname -s),Linux)
ifeq ($(strip $(DISPLAY)$(WAYLAND_DISPLAY)),)
LAB_FLAGS += --no-browser
endif
endif

.PHONY: lab test system-check setup lint typecheck pytest exercises proofs bench lock labextension clean help

help:
	@echo "make lab        set up and open the course in JupyterLab (prints the URL)"
	@echo "make test       set up and run the whole test suite (ruff, mypy, pytest)"
	@echo "make exercises  regenerate exercises/ (student versions) from solutions/"
	@echo "make proofs     prove every exercise afresh and record the proofs in tests/proofs/"
	@echo "make bench      run the benchmarks in benchmarks/ and print their ratios to the baselines"
	@echo "make lock       re-resolve requirements.lock from pyproject.toml (needs the network)"
	@echo "make labextension  rebuild the JupyterLab extension from pmkit/lab/frontend (needs npm)"
	@echo "make clean      remove the environment and nbgrader's local state"

setup: $(STAMP)

# The editable install copies the JupyterLab extension and its server config into the venv.
$(STAMP): pyproject.toml requirements.lock pmkit/lab/labextension/package.json pmkit/lab/jupyter-config/pmkit.json
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "pmkit needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version 2>&1)." \
		"Run make with PYTHON=python3.11 (or newer)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@mkdir -p .nbgrader/exchange
	@touch $@

lab: $(STAMP)
	@echo "Opening the course; the URL to open in your browser is printed below. Stop with Ctrl-C."
	$(BIN)/jupyter lab $(LAB_FLAGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: system-check lint typecheck pytest

# System packages the tests use (Debian names); .ci/run installs them with apt-get.
system-check:
	@command -v bwrap >/dev/null || { echo "make test needs bubblewrap for the grading sandbox tests: sudo apt-get install bubblewrap" >&2; exit 1; }
	@test -x /usr/bin/chromium || test -x "$$PMKIT_CHROMIUM" || { echo "make test needs Chromium for the browser tests: sudo apt-get install chromium (or set PMKIT_CHROMIUM)" >&2; exit 1; }
	@# the hub tests run as root only (they create accounts); then they need PostgreSQL and npm
	@[ "$$(id -u)" != 0 ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || { echo "make test (as root) needs PostgreSQL's server for the hub tests: apt-get install postgresql" >&2; exit 1; }
	@[ "$$(id -u)" != 0 ] || command -v npm >/dev/null || { echo "make test (as root) needs npm for the hub tests (configurable-http-proxy): apt-get install nodejs npm" >&2; exit 1; }

exercises: $(STAMP)
	$(BIN)/pmkit exercises generate

proofs: $(STAMP)
	$(BIN)/pmkit exercises prove --record tests/proofs

bench: $(STAMP)
	$(BIN)/python benchmarks/self_check.py
	$(BIN)/python benchmarks/parallel_grading.py
	$(BIN)/python benchmarks/attacks.py
	$(BIN)/python benchmarks/metrics.py
	$(BIN)/python benchmarks/resume_analyzer.py
	$(BIN)/python benchmarks/hub_capacity.py

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra hub --universal --python-version 3.11 \
		--quiet --output-file requirements.lock
	@touch $(STAMP)

# The extension's build is committed (pmkit/lab/labextension), so make lab needs no Node;
# authors rebuild it after changing pmkit/lab/frontend, and a test checks the build is current.
FRONTEND := pmkit/lab/frontend
labextension: $(STAMP)
	cd $(FRONTEND) && npm ci --no-audit --no-fund && npx tsc && node \
		node_modules/@jupyterlab/builder/lib/build-labextension.js --core-path \
		"$$($(CURDIR)/$(BIN)/python -c 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))')" .
	$(BIN)/python $(FRONTEND)/digest.py --write
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .

clean:
	rm -rf $(VENV) .nbgrader .mypy_cache .ruff_cache
