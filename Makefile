# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench watch-demo clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; run: make PYTHON=python3 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/legalgraph demo corpus/texts

test: $(STAMP)
	$(BIN)/ruff check legalgraph tests bench
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
