# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# The test suite runs with production-like settings (DEBUG off) over plain HTTP on localhost.
TEST_ENV := SECRET_KEY=test-only-secret-key-not-for-production-0123456789 \
	ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0

.PHONY: run test install install-dev chromium lint format

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

## Run the site with the demo story on SQLite at http://127.0.0.1:8000
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Install what the tests need (Python packages, Debian's Chromium) and run the whole suite
test: install-dev chromium
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Debian's packages the browser and HTML tests use: Chromium (never a browser download), a colour emoji
# font for the flags in figures, and Java for the HTML validator (vnu).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing="$$missing fonts-noto-color-emoji"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
