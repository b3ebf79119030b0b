# Two commands: `make run` (set up and serve on http://127.0.0.1:5000) and `make test` (set up and test).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
export FLASK_APP := wsgi
# Debian packages: CJK font, HarfBuzz subsetting (fast PDF fonts), pdftotext/pdffonts, PostgreSQL and
# Chromium for the tests (Playwright drives Debian's Chromium; it never downloads a browser of its own).
APT_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 poppler-utils fontconfig postgresql chromium

.PHONY: run test setup system-deps venv db lint test-sqlite test-postgres bench bench-quick bench-scorecards clean

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

run: setup
	$(BIN)/flask serve --host 127.0.0.1 --port 5000

test: setup lint test-sqlite test-postgres

setup: system-deps venv db

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	  echo "Missing Debian packages; please run: sudo apt-get install $$missing"; exit 1; \
	fi

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

db: venv
	$(BIN)/flask db upgrade heads
	$(BIN)/flask seed
	$(BIN)/flask demo-office

lint: venv
	$(BIN)/ruff check .

test-sqlite: venv
	$(BIN)/pytest

test-postgres: venv
	tests/with_postgres.sh $(BIN)/pytest

# Benchmarks (figures in docs/performance.md): pages under load on PostgreSQL + gunicorn at scale 1, 10 and
# 100 (about 20 minutes), the reminder job, the assessment computation, a 100 MB upload, one instance against
# two. bench-quick: scale 1 and 2, under 5 minutes.
bench: setup
	tests/with_postgres.sh $(BIN)/python bench/run.py

bench-quick: setup
	tests/with_postgres.sh $(BIN)/python bench/run.py --quick

# PDF scorecards: single card, whole batch, memory and pages per second (figures in docs/performance.md).
bench-scorecards: setup
	$(BIN)/python bench/scorecards.py

clean:
	rm -rf $(VENV) instance test-artifacts
