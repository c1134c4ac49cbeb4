# Two commands on a fresh clone: `make demo` then `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
SAMPLE := corpus/samples/临县人民政府-2023.txt
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

DB     := $(OUT)/corpus.duckdb

demo: install
	@mkdir -p $(OUT)
	$(BIN)/xxgk parse $(SAMPLE) --output $(OUT)/临县人民政府-2023.json
	$(BIN)/xxgk batch corpus/samples --db $(DB) --jobs 2
	$(BIN)/xxgk reuse --db $(DB)
	$(BIN)/xxgk audit --db $(DB) --out $(OUT)/audit
	@echo
	@echo "Demo done."
	@echo "  one report's JSON:   $(abspath $(OUT))/临县人民政府-2023.json"
	@echo "  corpus store:        $(abspath $(DB))"
	@echo "  auditor's site:      open $(abspath $(OUT))/audit/index.html"

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
