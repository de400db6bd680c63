# Two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint worker beat bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

# The app with demo data on http://$(HOST):$(PORT); SQLite, eager tasks and console mail
# unless DATABASE_URL / REDIS_URL / EMAIL_URL say otherwise.
demo: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py loaddemo
	@echo ""
	@echo "  Site:     http://$(HOST):$(PORT)/ml-for-systems-2018/"
	@echo "  Open CfP: http://$(HOST):$(PORT)/ml-for-systems-next/"
	@echo "  Admin:    http://$(HOST):$(PORT)/admin/"
	@echo "  API docs: http://$(HOST):$(PORT)/api/docs/"
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DEBUG=1 DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/pytest

# One worker for both queues in development; production runs them apart (docs/deploy.md).
worker: $(VENV)/.installed
	$(BIN)/celery -A workshop worker -Q mail,compute --loglevel=info

beat: $(VENV)/.installed
	$(BIN)/celery -A workshop beat --loglevel=info --schedule=/tmp/celerybeat-schedule

bench: $(VENV)/.installed-dev
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
