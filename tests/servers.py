"""Start real app servers (gunicorn) in subprocesses for tests that need them."""

import os
import subprocess
import sys
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.stack import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
# Deadlines, not pauses: generous for a busy machine, where a gunicorn takes
# many seconds to import the project; a server that is up is used at once.
STARTUP_SECONDS = 180
ANSWER_SECONDS = 60


def run_redis_url():
    """The Redis database of this test run (REDIS_URL, which `make test` sets
    from TEST_REDIS_URL and `make check` per worker). The tests empty it with
    FLUSHDB: it must be this run's alone, never a number written in a test."""
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/9"


def servers_database_url():
    """The URL of the database this test runs on, for the servers it starts."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def app_server(database_url, log_file=None, **env):
    """A gunicorn serving the project on a free loopback port; yields its base URL.
    Its stdout (the JSON log) goes to `log_file` when given."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "test-only"),
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        **env,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "vpcp_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log_file or subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(base + "/healthz", process, STARTUP_SECONDS)
        except RuntimeError:
            raise RuntimeError(process.stderr.read().decode()[-3000:]) from None
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def fetch(url, data=None, headers=None):
    """(status, headers, body text) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=ANSWER_SECONDS) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()
