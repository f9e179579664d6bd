"""Start real app servers (gunicorn) in subprocesses for tests that need them."""

import http.cookiejar
import os
import signal
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

# The app server, the checkout and the answer deadline, as the tests import them from here.
from wholestack.app import RUNNING, app_server  # noqa: F401
from wholestack.processes import ANSWER_SECONDS, ROOT  # noqa: F401


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
def paused(base):
    """Freeze the app server at `base` (its gunicorn master and workers,
    SIGSTOP) while the block runs, then let it go on (SIGCONT): its
    connections are still accepted by the kernel, but nothing is answered,
    as a server stuck on a slow page. Keep the block short: gunicorn's
    master ends a worker that has been silent for its --timeout (30 s)."""
    master = RUNNING[base]
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    pids = [master.pid, *map(int, children)]
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in reversed(pids):
            os.kill(pid, signal.SIGCONT)


def poll(condition, seconds):
    """Call `condition` every 0.2 s until it returns something true, which
    is returned; fails the test if `seconds` pass first (a bound, not a wait)."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.2)
    return found


def database_url():
    """The URL of the test database this run uses, for servers it starts."""
    return postgres_url()


def fetch(url, data=None, headers=None):
    """(status, headers, body text) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=ANSWER_SECONDS) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def postgres_url(name=None, port=None):
    """The URL of the test database: of database `name` on its server, or
    through `port` on the loopback (a PgBouncer) when given."""
    db = connection.settings_dict
    host = "127.0.0.1" if port else db["HOST"] or "127.0.0.1"
    port = port or db["PORT"] or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{name or db['NAME']}"


class Browser:
    """A cookie-keeping HTTP client for one server, like one reader's browser."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path, data=None, headers=None):
        """(status, body text) of a GET, or of a form POST when `data` is given."""
        status, _, body = self.raw(path, data, headers)
        return status, body.decode()

    def raw(self, path, data=None, headers=None):
        """(status, headers, body bytes), without raising on 4xx/5xx."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=ANSWER_SECONDS) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def sign_in(self, username, password, app=None):
        """Sign in to the admin, then, given the user's authenticator `app`
        (a confirmed TOTPDevice), give its code as an approver does before
        publishing; returns the status of the last answer."""
        self.request("/quan-tri/login/")
        status, _ = self.request(
            "/quan-tri/login/?next=/quan-tri/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookie("csrftoken"),
                "next": "/quan-tri/",
            },
            headers={"Referer": self.base + "/quan-tri/login/"},
        )
        if app is None or status != 200:
            return status
        from tests.staff.signing_in import app_code

        status, _ = self.request(
            "/quan-tri/xac-thuc-hai-buoc/ma/",
            {"code": app_code(app), "csrfmiddlewaretoken": self.cookie("csrftoken")},
            headers={"Referer": self.base + "/quan-tri/xac-thuc-hai-buoc/ma/"},
        )
        return status
