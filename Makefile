# Everything a newcomer or CI needs. Only Python 3.11+ is required.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint format demo bench messages openapi vendor clean install install-dev browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load reference + demo data, serve on http://127.0.0.1:$(PORT)
run: install
	@mkdir -p var
	$(BIN)/werkbedrijf migrate --no-input
	$(BIN)/werkbedrijf load_reference_data
	$(BIN)/werkbedrijf demo
	@# DEBUG off while serving, so visitors see the product's own Dutch error pages.
	DEBUG=$${DEBUG:-false} $(BIN)/werkbedrijf runserver 127.0.0.1:$(PORT)

## make test: lint, migration/OpenAPI drift checks and the whole pytest suite
test: install-dev browser-deps
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=werkbedrijf.conf.test $(BIN)/werkbedrijf makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Debian's Chromium for the browser tests (Playwright's own browser downloads cannot be fetched here).
browser-deps:
	@bin/install_chromium.sh

lint: install-dev
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix src bench
	$(BIN)/ruff format src bench

demo: install
	$(BIN)/werkbedrijf demo $(DEMO_ARGS)

bench: install-dev
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

messages: install-dev
	cd src/werkbedrijf && ../../$(BIN)/werkbedrijf makemessages -l nl --no-obsolete --no-location
	cd src/werkbedrijf && ../../$(BIN)/werkbedrijf compilemessages -l nl

openapi: install-dev
	DJANGO_SETTINGS_MODULE=werkbedrijf.conf.test $(BIN)/werkbedrijf spectacular --file src/openapi.yaml --validate

vendor:
	bin/vendor_nlds.sh

clean:
	rm -rf $(VENV) var/*.sqlite3
