# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WORKBENCH     := legalgraph/serve/static/yasgui
WORKBENCH_JS  := workbench/node_modules/@zazuko/yasgui/build

.PHONY: demo test lint bench watch-demo clean system-tools workbench

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; run: make PYTHON=python3 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,notebooks]'
	@touch $(STAMP)

# The workbench is built where its sources are (a clone); a copy without workbench/ uses the package as installed.
WORKBENCH_BUILT := $(if $(wildcard workbench/package.json),$(WORKBENCH)/.built)

demo: $(STAMP) $(WORKBENCH_BUILT)
	$(BIN)/legalgraph demo corpus/texts

# The query page's YASGUI, pinned by workbench/package-lock.json, fetched from the npm registry and copied into
# the package (git-ignored): served by `legalgraph serve` itself, no CDN. Without it the server shows its plain page.
$(WORKBENCH)/.built: workbench/package.json workbench/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: the workbench needs Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	cd workbench && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(WORKBENCH) && mkdir -p $(WORKBENCH)
	cp $(WORKBENCH_JS)/yasgui.min.js $(WORKBENCH_JS)/yasgui.min.css $(WORKBENCH)/
	node -e 'const p=require("./$(WORKBENCH_JS)/../package.json"); console.log(p.name+" "+p.version+" ("+p.license+")")' > $(WORKBENCH)/VERSION
	@touch $@

workbench: $(WORKBENCH)/.built

# Debian packages the endpoint and remote-store tests run for real: headless Chromium and its driver, Virtuoso.
# Installed once (idempotent); CI runs as root with the package registries reachable.
system-tools:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v virtuoso-t >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
	    chromium chromium-driver virtuoso-opensource-7-bin; }

# The suite on the machine's cores (a file's tests in one worker: its servers are started once), then alone the
# few tests that time the code against a bound (marker `alone`), so that no other test slows them.
test: lint system-tools $(WORKBENCH_BUILT)
	$(BIN)/pytest -n auto --maxprocesses 4 --dist loadfile -m "not alone"
	$(BIN)/pytest -m alone

lint: $(STAMP)
	$(BIN)/ruff check legalgraph tests bench
	$(BIN)/ruff format --check legalgraph tests bench

watch-demo: $(STAMP)
	$(BIN)/python -m tests.support.watch_demo

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info workbench/node_modules $(WORKBENCH)
