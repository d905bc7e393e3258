# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench watch-demo clean system-tools

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; run: make PYTHON=python3 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,notebooks]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/legalgraph demo corpus/texts

# Debian packages the endpoint and remote-store tests run for real: headless Chromium and its driver, Virtuoso.
# Installed once (idempotent); CI runs as root with the package registries reachable.
system-tools:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v virtuoso-t >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
	    chromium chromium-driver virtuoso-opensource-7-bin; }

test: lint system-tools
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check legalgraph tests bench
	$(BIN)/ruff format --check legalgraph tests bench

watch-demo: $(STAMP)
	$(BIN)/python -m tests.support.watch_demo

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
