# vpcp_portal: `make run` serves the portal, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vpcp
STAMP := $(VENV)/.installed
# Tests run on real Redis; they empty this database (cache.clear() is FLUSHDB),
# so give each parallel checkout its own number.
TEST_REDIS_URL ?= redis://127.0.0.1:6379/9
# Redis pub/sub channels are server-wide, not per database: the key prefix (which
# names the page cache's generation channel) follows the database number too.
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only DJANGO_HTTPS=0 DJANGO_STATIC_MANIFEST=0 \
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	CACHE_KEY_PREFIX=vpcp-test-$(notdir $(TEST_REDIS_URL))

# Branch coverage of the apps (pyproject.toml [tool.coverage]) on full runs only;
# the floor lives in [tool.coverage.report] fail_under.
COVERAGE := --cov --cov-report=term-missing:skip-covered

.PHONY: run test check lint format migrate demo install install-test-tools check-db bench bench-front serve stack audit clean

# Installs exactly what uv.lock pins (`uv sync --locked` refuses a lock that no
# longer matches pyproject.toml: run `.venv/bin/uv lock` after editing it).
# uv itself is pinned in the lock and bootstrapped from PyPI with pip.
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Trust the system certificate store, as pip does (a TLS proxy's CA lives there).
export UV_SYSTEM_CERTS ?= 1

$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test "$$($(BIN)/uv --version 2>/dev/null)" = "uv $(UV_VERSION)" || { \
	  $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --upgrade >/dev/null; \
	  $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"; }
	$(BIN)/uv sync --locked --quiet
	touch $(STAMP)

install: $(STAMP)

# Development settings for every manage.py command in a fresh shell (see
# vpcp_portal/env.py); git-ignored, written once, then yours to edit.
.env:
	printf '%s\n' '# Development settings written by make run (git-ignored; see .env.example).' \
	  '# Variables set in the environment win over this file.' 'DJANGO_DEBUG=1' > .env

run: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Portal: http://127.0.0.1:$(PORT)/   Admin: http://127.0.0.1:$(PORT)/quan-tri/"
	@echo "Create an admin: $(BIN)/python manage.py createsuperuser"
	@echo "  (non-interactive: DJANGO_SUPERUSER_USERNAME=... DJANGO_SUPERUSER_EMAIL=... \\"
	@echo "   DJANGO_SUPERUSER_PASSWORD=... $(BIN)/python manage.py createsuperuser --noinput)"
	@echo "Two-step sign-in (needed to publish): $(BIN)/python manage.py enrol_second_factor USERNAME"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the browser, speech and system tests need, installed when missing
# (Varnish and its xkey module: the front cache's tests, deploy/varnish.vcl). The
# daemons are looked for in /usr/sbin too, which a user's PATH lacks.
install-test-tools:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	test -x /usr/sbin/nginx || command -v nginx >/dev/null || missing="$$missing nginx"; \
	test -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so || missing="$$missing libnginx-mod-http-brotli-filter"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	command -v pdffonts >/dev/null || missing="$$missing poppler-utils"; \
	test -x /usr/sbin/varnishd || command -v varnishd >/dev/null || missing="$$missing varnish"; \
	ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1 || missing="$$missing varnish-modules"; \
	test -x /usr/sbin/pgbouncer || missing="$$missing pgbouncer"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq -o DPkg::Lock::Timeout=600 && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq -o DPkg::Lock::Timeout=600 $$missing >/dev/null; \
	fi

# Tries for about 20 s: a server that is restarting answers again soon.
check-db: $(STAMP)
	@for attempt in 1 2 3 4 5 6 7 8 9 10; do \
	  DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -c "import os, psycopg; \
	  psycopg.connect(os.environ['DATABASE_URL'], dbname='postgres', connect_timeout=3).close()" \
  2>/dev/null && exit 0; sleep 2; \
	done; \
	echo ""; \
	echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL)."; \
	echo "Start it:  pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start"; \
	echo "or point TEST_DATABASE_URL at a server where the user may create databases."; \
	exit 1

# ruff, django-upgrade, djLint and mypy: the hooks of .pre-commit-config.yaml.
lint: $(STAMP)
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Page checkers from npm (the W3C Nu HTML Checker, run with Java), exactly as
# package-lock.json pins them, into the git-ignored node_modules. Install
# scripts are skipped: vnu-jar's only downloads a Java we already have.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP) install-test-tools check-db lint
	$(TEST_ENV) \
	  $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) \
	  $(BIN)/pytest --create-db $(if $(PYTEST_ARGS),,$(COVERAGE)) $(PYTEST_ARGS)

# The developer's loop: lint, then the tests that are neither `browser`, nor
# `system`, nor `slow` (the markers in pyproject.toml), without coverage, on one
# pytest-xdist worker per Redis database in CHECK_REDIS_URLS: each worker
# empties its own (tests/conftest.py hands them out) and pytest-django gives
# each its own test database, kept between runs (CHECK_ARGS=--create-db after
# switching to a branch with other migrations). Python's bytecode cache is on
# even where the environment turns it off: each worker then loads the tests
# (rewritten by pytest) and the project instead of compiling them again.
# `make test` runs everything.
CHECK_REDIS_URLS ?= $(TEST_REDIS_URL) $(dir $(TEST_REDIS_URL))$(shell expr $(notdir $(TEST_REDIS_URL)) + 1)
CHECK_MARKERS ?= not browser and not system and not slow
check: $(STAMP) check-db lint
	$(TEST_ENV) REDIS_URL=$(firstword $(CHECK_REDIS_URLS)) TEST_REDIS_URLS="$(CHECK_REDIS_URLS)" \
	  PYTHONDONTWRITEBYTECODE= \
	  $(BIN)/pytest -q -m "$(CHECK_MARKERS)" \
	  $(if $(word 2,$(CHECK_REDIS_URLS)),-n $(words $(CHECK_REDIS_URLS))) $(CHECK_ARGS)

# The production stack on this machine: gunicorn + whitenoise, DEBUG off,
# PostgreSQL and (when reachable) Redis. See docs/deployment.md, "The production
# stack on one machine".
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vpcp
SERVE_REDIS_URL ?= redis://127.0.0.1:6379/0
SERVE_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=$${DJANGO_HTTPS:-0} DJANGO_SERVE_MEDIA=$${DJANGO_SERVE_MEDIA:-1} \
	DATABASE_URL=$${DATABASE_URL:-$(SERVE_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL-$(SERVE_REDIS_URL)} \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat .secret-key)}

.secret-key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret-key
	chmod 600 .secret-key

serve: $(STAMP) .secret-key
	$(SERVE_ENV) $(BIN)/python manage.py ensure_database
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving the production stack on http://127.0.0.1:$(PORT)/"
	$(SERVE_ENV) PORT=$(PORT) $(BIN)/gunicorn vpcp_portal.wsgi:application -c vpcp_portal/gunicorn.conf.py

# The whole multi-machine stack on one machine (docs/deployment.md): nginx,
# Varnish, two app servers from two release folders, PgBouncer, a Redis and
# SeaweedFS of its own, in front of STACK_DATABASE_URL. Ctrl-C stops it all.
STACK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vpcp_stack
stack: $(STAMP) install-test-tools
	$(BIN)/python -m wholestack $(STACK_DATABASE_URL) $(STACK_ARGS)

# wrk drives the rows, pgbench times the write ceiling, nginx fronts two servers.
bench: $(STAMP) .secret-key install-test-tools
	@missing=""; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v pgbench >/dev/null || missing="$$missing postgresql-client"; \
	if [ -n "$$missing" ]; then \
	  apt-get update -qq -o DPkg::Lock::Timeout=600 && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq -o DPkg::Lock::Timeout=600 $$missing >/dev/null; \
	fi
	DJANGO_SECRET_KEY=$$(cat .secret-key) $(BIN)/python bench/run.py $(BENCH_ARGS)

# Readers at the front's speed (bench/front_speed.py): the whole stack's cached
# pages through nginx -> Varnish against the same bytes from a plain nginx, and
# the minute after a publish. Recreates BENCH_FRONT_DATABASE.
BENCH_FRONT_DATABASE ?= postgres://postgres@127.0.0.1:5432/vpcp_bench_front
bench-front: $(STAMP) .secret-key install-test-tools
	@command -v wrk >/dev/null || { apt-get update -qq -o DPkg::Lock::Timeout=600 && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 wrk >/dev/null; }
	-psql "$(dir $(BENCH_FRONT_DATABASE))postgres" -qc 'DROP DATABASE IF EXISTS "$(notdir $(BENCH_FRONT_DATABASE))"'
	DJANGO_SECRET_KEY=$$(cat .secret-key) $(BIN)/python bench/front_speed.py \
	  --database $(BENCH_FRONT_DATABASE) $(BENCH_FRONT_ARGS)

# Lighthouse (mobile, Debian's Chromium) on the home, category, article and
# search pages and the agency's pages of the demo newsroom, served by the
# production stack: prints the four scores per page and what kept any below
# 100 (bench/audit.py; AUDIT_ARGS="--pages about feeds" for some pages only).
audit: $(STAMP) $(NODE_STAMP) install-test-tools
	$(BIN)/python bench/audit.py $(AUDIT_ARGS)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media media-private staticfiles
