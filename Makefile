# Two commands on a fresh clone: `make demo` then `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
OUT    := out

.PHONY: install demo test test-fast lint clean bench docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)


# a CJK font (scripts/install-fonts.sh), one report as JSON, the real corpus (../shared/corpus/real
# when present, else the bundled sample) batched and reused into a store, and the auditor's site
demo: install
	BIN=$(BIN) OUT=$(OUT) sh scripts/demo.sh

lint: install
	$(BIN)/ruff check nlp tests benchmarks scripts

# everything (the browser, notebook, batch and real-corpus tests included)
test: install lint
	sh scripts/install-browser.sh
	$(BIN)/python -m pytest

# the inner loop: no slow, browser or real-corpus tests (markers given by tests/conftest.py)
test-fast: install
	$(BIN)/python -m pytest -q -m "not slow and not browser and not corpus"

# the documentation site (mkdocs-material, the `docs` extra) into out/site; offline, warnings are errors
docs: install
	$(BIN)/mkdocs build --strict -f mkdocs.yml -d $(OUT)/site
	@echo "  documentation:       open $(abspath $(OUT))/site/index.html"

bench: install
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/parse.py

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
