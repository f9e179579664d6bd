"""The stack's data servers besides PostgreSQL: a Redis of its own and
Debian's PgBouncer in transaction mode, each on a free loopback port."""

import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from wholestack.processes import ANSWER_SECONDS, STARTUP_SECONDS, free_port, stop, wait_for_port


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
def pgbouncer(database_url, pool=2):
    """Debian's PgBouncer in transaction mode on a free port, in front of the
    PostgreSQL server of `database_url`, trusting its user; yields that
    database's URL through it. Its `pool`
    server connections are opened at once and taken in turn, so consecutive
    transactions of one client land on different server connections, as they
    do on a busy PgBouncer."""
    server = urlsplit(database_url)
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
    # Its log goes to its log file: a pipe nobody reads fills up with a line
    # per connection, and PgBouncer, blocked writing to it, stops answering.
    process = subprocess.Popen(
        [PGBOUNCER, *as_user, str(folder / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(listen, process)
        yield urlunsplit(server._replace(netloc=f"{server.username}@127.0.0.1:{listen}"))
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)
