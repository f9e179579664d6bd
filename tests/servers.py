"""Start real app servers (gunicorn) in subprocesses for tests that need them."""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

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


@contextmanager
def app_server(database_url, log_file=None, root=ROOT, **env):
    """A gunicorn serving the project (from the checkout `root`, by default
    this one) on a free loopback port; yields its base URL. Its stdout (the
    JSON log) goes to `log_file` when given."""
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
        cwd=root,
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
        stop(process)


def stop(process, seconds=10):
    """Ask `process` to end (SIGTERM); kill it if it has not within `seconds`."""
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


end = stop  # the name some tests use


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


class Varnish:
    """deploy/varnish.vcl in a varnishd on `port` (a free loopback port by
    default), in front of `backends` (base URLs), taking purges from the
    loopback address."""

    def __init__(self, backends, port=None):
        self.folder = Path(tempfile.mkdtemp(prefix="test-varnish-"))
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        site = ['acl purgers { "127.0.0.1"; }\n']
        for number, url in enumerate(backends):
            host, port = url.removeprefix("http://").split(":")
            site.append(
                f'backend app{number} {{ .host = "{host}"; .port = "{port}"; .probe = readyz; }}\n'
                f"sub vcl_init {{ portal.add_backend(app{number}); }}\n"
            )
        (self.folder / "site.vcl").write_text("".join(site))
        shutil.copy(ROOT / "deploy" / "varnish.vcl", self.folder / "varnish.vcl")
        self.workdir = self.folder / "work"
        self.process = subprocess.Popen(
            [
                "varnishd",
                *("-F", "-j", "none", "-n", str(self.workdir)),
                *("-a", f"127.0.0.1:{self.port}", "-f", str(self.folder / "varnish.vcl")),
                *("-p", f"vcl_path={self.folder}", "-s", "malloc,64m"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            wait_until_up(self.base + "/healthz", self.process, STARTUP_SECONDS)
        except RuntimeError:
            raise RuntimeError(self.process.stderr.read().decode()[-3000:]) from None

    def purges(self):
        """The xkey-purge header of every PURGE Varnish received so far, in order."""
        log = subprocess.run(
            [
                *("varnishlog", "-n", str(self.workdir), "-d", "-g", "request"),
                *("-q", 'ReqMethod eq "PURGE"', "-i", "ReqHeader"),
            ],
            capture_output=True,
            text=True,
            timeout=ANSWER_SECONDS,
            check=True,
        ).stdout
        return [
            found.group(1).strip()
            for found in re.finditer(r"ReqHeader\s+xkey-purge:(.*)", log, re.I)
        ]

    def stop(self):
        stop(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """A redis-server of the test's own on a free loopback port, append-only
    like production, whose data folder can be copied while it is stopped (a
    backup) and put back (a restore)."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="test-redis-"))
        self.data = self.folder / "data"
        self.data.mkdir()
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--dir", str(self.data), "--appendonly", "yes", "--save", ""),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            ).stdout.strip()
            != "PONG"
        ):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("redis-server did not come up")
            time.sleep(0.2)

    def stop(self):
        """Stop it the way an operator does (SHUTDOWN writes the append-only file)."""
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown"], capture_output=True)
        self.process.wait(ANSWER_SECONDS)

    def backup(self):
        """A copy of the data folder, taken while the server is stopped."""
        copy = Path(tempfile.mkdtemp(prefix="backup-", dir=self.folder)) / "data"
        shutil.copytree(self.data, copy)
        return copy

    def restore(self, backup):
        """Put `backup` back as the data folder (the server must be stopped)."""
        shutil.rmtree(self.data)
        shutil.copytree(backup, self.data)

    def close(self):
        if self.process.poll() is None:
            stop(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


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

    def sign_in(self, username, password):
        """Sign in to the admin; returns the status of the answer."""
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
        return status


PGBOUNCER = "/usr/sbin/pgbouncer"  # Debian's package (make install-test-tools)
PGBOUNCER_INI = """\
[databases]
* = host={host} port={port}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/userlist.txt
pool_mode = transaction
default_pool_size = {pool}
min_pool_size = {pool}
server_round_robin = 1
logfile = {folder}/pgbouncer.log
"""


@contextmanager
def pgbouncer(pool=2):
    """Debian's PgBouncer in transaction mode on a free port, in front of the
    test database's server, trusting its user; yields the test database's URL
    through it. Its `pool` server connections are opened at once and taken in
    turn, so consecutive transactions of one client land on different server
    connections, as they do on a busy PgBouncer."""
    db = connection.settings_dict
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    listen = free_port()
    (folder / "userlist.txt").write_text(f'"{db["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        PGBOUNCER_INI.format(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            listen=listen,
            folder=folder,
            pool=pool,
        )
    )
    # PgBouncer will not run as root: it then switches to PostgreSQL's user,
    # which must read the folder and write the log.
    as_user = ["-u", "postgres"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(folder, "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres")
    process = subprocess.Popen(
        [PGBOUNCER, *as_user, str(folder / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_port(listen, process)
        yield postgres_url(port=listen)
    finally:
        end(process)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for_port(port, process):
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"port {port} did not open") from None
            time.sleep(0.2)
