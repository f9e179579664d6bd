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

from wholestack.processes import (
    ANSWER_SECONDS,
    STARTUP_SECONDS,
    free_port,
    server_folder,
    stop,
    wait_for_port,
)


class RedisServer:
    """A redis-server of the test's own on a free loopback port, append-only
    like production, whose data folder can be copied while it is stopped (a
    backup) and put back (a restore), and which can write a snapshot while
    it runs and be started from one. Its files live in `folder` (a new
    temporary folder when None), removed by close()."""

    def __init__(self, folder=None):
        self.folder = server_folder(folder, "test-redis-")
        self.data = self.folder / "data"
        self.data.mkdir()
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self, appendonly=True):
        """Start it on its data folder (append-only unless told otherwise);
        returns once it answers."""
        self.process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--dir", str(self.data), "--appendonly", "yes" if appendonly else "no"),
                *("--save", ""),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._until(lambda: self.cli("ping") == "PONG", "redis-server did not come up")

    def cli(self, *command):
        """What redis-cli prints for `command` sent to this server."""
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *command],
            capture_output=True,
            text=True,
            timeout=ANSWER_SECONDS,
        ).stdout.strip()

    def _until(self, condition, what):
        """Poll `condition` until it is true; raises RuntimeError(`what`) if
        the server exits or STARTUP_SECONDS pass first."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while not condition():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(what)
            time.sleep(0.2)

    def stop(self):
        """Stop it the way an operator does (SHUTDOWN writes the append-only file)."""
        self.cli("shutdown")
        self.process.wait(ANSWER_SECONDS)

    def snapshot(self):
        """A copy of the snapshot SAVE writes (dump.rdb), taken while the
        server runs, as a backup job takes one."""
        if self.cli("save") != "OK":
            raise RuntimeError("redis-server did not save its snapshot")
        copy = Path(tempfile.mkdtemp(prefix="snapshot-", dir=self.folder)) / "dump.rdb"
        shutil.copy(self.data / "dump.rdb", copy)
        return copy

    def start_from(self, snapshot):
        """Start the (stopped) server from `snapshot` alone, as Redis's
        documentation has an operator restore one while append-only is on
        (started append-only, it would read only its own append-only files,
        and with none start empty): the data folder emptied but for the
        snapshot, started without append-only, which is then turned on,
        rewriting the append-only files from what the snapshot held."""
        shutil.rmtree(self.data)
        self.data.mkdir()
        shutil.copy(snapshot, self.data / "dump.rdb")
        self.start(appendonly=False)
        if self.cli("config", "set", "appendonly", "yes") != "OK":
            raise RuntimeError("redis-server did not turn append-only on")
        self._until(self._rewritten, "redis-server did not write its append-only files")

    def _rewritten(self):
        """Whether no rewrite of the append-only files is under way or due."""
        info = dict(
            line.split(":", 1) for line in self.cli("info", "persistence").split() if ":" in line
        )
        return info.get("aof_rewrite_in_progress") == info.get("aof_rewrite_scheduled") == "0"

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
"""


@contextmanager
def pgbouncer(database_url, pool=2, folder=None):
    """Debian's PgBouncer in transaction mode on a free port, in front of the
    PostgreSQL server of `database_url`, trusting its user; yields that
    database's URL through it. Its `pool`
    server connections are opened at once and taken in turn, so consecutive
    transactions of one client land on different server connections, as they
    do on a busy PgBouncer. Its files live in `folder` (a new temporary
    folder when None), removed when it stops."""
    server = urlsplit(database_url)
    folder = server_folder(folder, "pgbouncer-")
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
    # after reading its files, and that user may not enter the folder (inside
    # the stack's, or a test's, both only their owner's). So it logs to the
    # stderr it is given, pgbouncer.log opened here.
    as_user = ["-u", "postgres"] if os.geteuid() == 0 else []
    log = (folder / "pgbouncer.log").open("wb")
    process = subprocess.Popen(
        [PGBOUNCER, *as_user, str(folder / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    log.close()  # the child holds its own copy
    try:
        try:
            wait_for_port(listen, process)
        except RuntimeError:
            said = (folder / "pgbouncer.log").read_text()[-2000:]
            raise RuntimeError(f"PgBouncer did not come up:\n{said}") from None
        yield urlunsplit(server._replace(netloc=f"{server.username}@127.0.0.1:{listen}"))
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)
