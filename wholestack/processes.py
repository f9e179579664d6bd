"""Starting and stopping the stack's servers: free loopback ports, waiting
until one answers, stopping one."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Deadlines, not pauses: generous for a busy machine, where a gunicorn takes
# many seconds to import the project; a server that is up is used at once.
STARTUP_SECONDS = 180
ANSWER_SECONDS = 60


def daemon(name):
    """The path of Debian's program `name`: on PATH, or in /usr/sbin, where
    Debian puts daemons (nginx, varnishd) and which a user's PATH lacks."""
    return shutil.which(name) or f"/usr/sbin/{name}"


def server_folder(folder, prefix):
    """The folder a server keeps its files in: `folder`, made now (inside
    the stack's own folder), or when None a new temporary one whose name
    starts with `prefix` (a server started on its own, by a test)."""
    if folder is None:
        return Path(tempfile.mkdtemp(prefix=prefix))
    folder = Path(folder)
    folder.mkdir(parents=True)
    return folder


def free_port():
    """A loopback TCP port free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, process, seconds=60):
    """Poll `url` until it answers; raises RuntimeError if `process` exits
    or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{url} did not come up") from None
            time.sleep(0.3)


def wait_for_port(port, process, seconds=STARTUP_SECONDS):
    """Poll until loopback `port` takes connections; raises RuntimeError if
    `process` exits or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"port {port} did not open") from None
            time.sleep(0.2)


def stop(process, seconds=10):
    """Ask `process` to end (SIGTERM); kill it if it has not within `seconds`."""
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_session(process):
    """Stop a server started in its own session, with its children."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
