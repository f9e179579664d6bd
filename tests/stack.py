"""The other servers of the stack, started by the system tests on free
loopback ports: Varnish with the project's VCL, a Redis of the test's own,
and PgBouncer in transaction mode."""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.stack import free_port, wait_until_up
from tests.servers import ANSWER_SECONDS, ROOT, STARTUP_SECONDS, end, postgres_url, stop


class Varnish:
    """deploy/varnish.vcl in a varnishd on `port` (a free loopback port by
    default), in front of `backends` (base URLs), taking purges from the
    loopback address."""

    def __init__(self, backends, port=None):
        self.folder = Path(tempfile.mkdtemp(prefix="test-varnish-"))
        self.backends = list(backends)
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

    def _tool(self, *command):
        """The output of one of Varnish's tools (varnishlog, varnishstat,
        varnishadm) run on this instance."""
        return subprocess.run(
            [command[0], "-n", str(self.workdir), *command[1:]],
            capture_output=True,
            text=True,
            timeout=ANSWER_SECONDS,
            check=True,
        ).stdout

    def purges(self):
        """The xkey-purge header of every PURGE Varnish received so far, in order."""
        log = self._tool(
            *("varnishlog", "-d", "-g", "request"),
            *("-q", 'ReqMethod eq "PURGE"', "-i", "ReqHeader"),
        )
        return [
            found.group(1).strip()
            for found in re.finditer(r"ReqHeader\s+xkey-purge:(.*)", log, re.I)
        ]

    def purged(self):
        """How many stored objects each PURGE removed, in order (the count
        xkey.purge returns, in the reason of Varnish's answer)."""
        log = self._tool(
            *("varnishlog", "-d", "-g", "request"),
            *("-q", 'ReqMethod eq "PURGE"', "-i", "RespReason"),
        )
        return [int(found) for found in re.findall(r"RespReason\s+Purged (\d+)", log)]

    def fetches(self, path):
        """How each request Varnish sent its backend for `path` so far began,
        in its log: "fetch" (a miss) or "bgfetch" (a refresh while the
        expired page is served from grace)."""
        log = self._tool("varnishlog", "-d", "-b", "-i", "Begin,BereqURL")
        found = []
        for transaction in log.split("<< BeReq")[1:]:
            reason = re.search(r"Begin\s+bereq \d+ (\w+)", transaction)
            url = re.search(r"BereqURL\s+(\S+)", transaction)
            if reason and url and url.group(1) == path:
                found.append(reason.group(1))
        return found

    def counter(self, name):
        """A counter of varnishstat, e.g. MAIN.n_obj_purged (objects purged so far)."""
        stats = json.loads(self._tool("varnishstat", "-1", "-j", "-f", name))
        return stats["counters"][name]["value"]

    def healthy(self):
        """Whether Varnish's probes find every backend up (it sends no
        request to a backend it holds sick)."""
        listing = json.loads(self._tool("varnishadm", "backend.list", "-j"))[3]
        return all(backend["probe_message"][2] == "healthy" for backend in listing.values())

    def stop(self):
        stop(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


def poll(condition, seconds):
    """Call `condition` every 0.2 s until it returns something true, which
    is returned; fails the test if `seconds` pass first (a bound, not a wait)."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.2)
    return found


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
def pgbouncer(pool=2, database_url=None):
    """Debian's PgBouncer in transaction mode on a free port, in front of the
    PostgreSQL server of `database_url` (by default the test database's),
    trusting its user; yields that database's URL through it. Its `pool`
    server connections are opened at once and taken in turn, so consecutive
    transactions of one client land on different server connections, as they
    do on a busy PgBouncer."""
    server = urlsplit(database_url or postgres_url())
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    listen = free_port()
    (folder / "userlist.txt").write_text(f'"{server.username}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        PGBOUNCER_INI.format(
            host=server.hostname or "127.0.0.1",
            port=server.port or 5432,
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
        yield urlunsplit(server._replace(netloc=f"{server.username}@127.0.0.1:{listen}"))
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
