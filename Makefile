# SocialDesk — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test demo bench lint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## Set up (first time) and open the app.
run: $(STAMP)
	@scripts/qt-system-libs.sh $(VENV) xcb
	$(BIN)/socialdesk

## Set up (first time) and run the whole test suite headless.
test: $(STAMP)
	@scripts/qt-system-libs.sh $(VENV) offscreen
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -n auto --dist loadfile

## Open the app on a small demo vault (created on first use).
demo: $(STAMP)
	@scripts/qt-system-libs.sh $(VENV) xcb
	$(BIN)/socialdesk --demo

## Benchmarks: unlock, startup, encrypted/plain workload ratios (see bench/README.md).
bench: $(STAMP)
	$(BIN)/python -m bench.run

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src/socialdesk/domain src/socialdesk/services

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
