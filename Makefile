# The two commands of the README: `make demo` and `make test`.
# Both create (or reuse) .venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FRONTLINE_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
# Prefect runs offline in ephemeral mode unless PREFECT_API_URL names a server.
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
DEMO_DIR := $(CURDIR)/.demo

.PHONY: demo test lint install system-deps clean constraints

install: $(STAMP)

# The daily flow end to end on the demo news site, served on a free port of 127.0.0.1,
# into a knowledge base in .demo/ (never the user's own); prints the digest and incidents.
# PREFECT_API_URL is unset, not emptied: Prefect runs offline in ephemeral mode, and an
# empty value floods the log with EventsWorker tracebacks.
demo: $(STAMP)
	mkdir -p $(DEMO_DIR)
	env -u PREFECT_API_URL \
	FRONTLINE_DATA_DIR=$(DEMO_DIR) FRONTLINE_DATABASE_URL=sqlite:///$(DEMO_DIR)/frontline.db \
	PREFECT_HOME=$(DEMO_DIR)/prefect \
	PREFECT_LOGGING_EXTRA_LOGGERS=crawlers,storage,nlp,digest,flows \
		$(BIN)/python -m demo.run --data-dir $(DEMO_DIR)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Pin what the working .venv has (after a dependency change in pyproject.toml) so a fresh
# machine installs the versions that were tested.
constraints: $(STAMP)
	{ echo "# Versions 'make install' installs, as tested: pip constraints for a fresh machine."; \
	  echo "# Refresh after changing dependencies in pyproject.toml: make constraints"; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^frontline'; } > constraints.txt

# Browser tests need Debian's chromium and chromium-driver; install them when missing.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
		else \
			echo "chromium/chromedriver not found and cannot be installed here: browser tests will skip"; \
		fi; \
	fi

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf .demo .pytest_cache .ruff_cache
