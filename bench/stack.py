"""The servers `make bench` measures, and the load tools that time them.

- `Gunicorn`: the portal as `make serve` runs it (vpcp_portal/gunicorn.conf.py),
  or, with `bare=True`, the baseline: a Django project with one trivial view
  and no middleware, written to a temporary folder at bench time and served
  with the same gunicorn settings.
- `Nginx`: Debian's nginx with the project's `deploy/nginx.conf`, run
  unprivileged from a temporary prefix (`-p`) in front of app servers; the
  nginx test starts it too.
- `wrk`, `pgbench`: one timed run each, parsed into a dict.
"""

import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
BARE_PROJECT = '''"""A bare Django project: no apps, no middleware, one view (the bench's ceiling)."""
from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "bench-baseline"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = __name__
USE_TZ = True


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("healthz", ok)]
'''


def free_port():
    """A loopback TCP port free right now (the bench's and the tests' servers)."""
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


def stop(process):
    """Stop a server started in its own session, with its children."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Gunicorn:
    """The portal (or, `bare=True`, the baseline project) under gunicorn with
    the project's gunicorn settings, on a free loopback port."""

    def __init__(self, env, workers, threads, bare=False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.folder = None
        env = {
            **env,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
        }
        cwd, app = ROOT, "vpcp_portal.wsgi:application"
        if bare:
            self.folder = Path(tempfile.mkdtemp(prefix="bench-bare-"))
            (self.folder / "bare.py").write_text(BARE_PROJECT)
            (self.folder / "bare_wsgi.py").write_text(
                "from django.core.wsgi import get_wsgi_application\n"
                "application = get_wsgi_application()\n"
            )
            env = {**env, "DJANGO_SETTINGS_MODULE": "bare", "PYTHONPATH": str(self.folder)}
            cwd, app = self.folder, "bare_wsgi:application"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - kept open as long as the server
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "-c",
                str(ROOT / "vpcp_portal/gunicorn.conf.py"),
            ],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        try:
            wait_until_up(self.base + "/healthz", self.process, 180)
        except RuntimeError:
            self.stop()
            self.log.seek(0)
            raise RuntimeError(self.log.read().decode()[-3000:]) from None

    def stop(self):
        stop(self.process)
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def run_workers_as_owner_of(folder, prefix):
    """The `user` directive that has nginx's workers read `folder` as its owner
    does, with the `prefix` handed to that owner too.

    Started unprivileged, nginx's workers are its own user: nothing to do, and
    an empty directive (nginx would warn that it ignores `user`). Started as
    root, they would drop to "nobody", which cannot enter a checkout inside a
    folder only its owner may open (a `mktemp -d` folder, a home folder).
    """
    if os.geteuid() != 0:
        return ""
    owner = Path(folder).resolve().stat()
    os.chown(prefix, owner.st_uid, owner.st_gid)
    return f"user {pwd.getpwuid(owner.st_uid).pw_name} {grp.getgrgid(owner.st_gid).gr_name};"


class Nginx:
    """deploy/nginx.conf in a temporary prefix, balancing `upstreams` (base
    URLs), serving `static_root` and `media_root` itself. `extra` is written
    into the server block (the bench trusts wrk's X-Forwarded-For there, as
    nginx would trust a CDN's; the test adds nothing)."""

    def __init__(self, upstreams, static_root, media_root, extra=""):
        self.prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        for name in ("logs", "tmp"):
            (self.prefix / name).mkdir()
        (self.prefix / "static").symlink_to(Path(static_root).resolve())
        (self.prefix / "media").symlink_to(Path(media_root).resolve())
        (self.prefix / "listen.conf").write_text(f"listen 127.0.0.1:{self.port};\n")
        (self.prefix / "upstreams.conf").write_text(
            "".join(
                f"server {url.removeprefix('http://')} max_fails=2 fail_timeout=5s;\n"
                for url in upstreams
            )
        )
        (self.prefix / "extra.conf").write_text(extra)
        shutil.copy(NGINX_CONF, self.prefix / "nginx.conf")
        self.process = subprocess.Popen(
            [
                "nginx",
                *("-p", f"{self.prefix}/", "-c", "nginx.conf"),
                *("-g", f"daemon off; {run_workers_as_owner_of(static_root, self.prefix)}"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            wait_until_up(self.base + "/healthz", self.process, 60)
        except RuntimeError:
            raise RuntimeError(self.process.stderr.read().decode()[-2000:]) from None

    def stop(self):
        stop(self.process)
        shutil.rmtree(self.prefix, ignore_errors=True)


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk_command(url, duration, connections, threads, script=None, script_args=()):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *map(str, script_args)]
    return command


def parse_wrk(output):
    """req/s, p50/p99 (ms), requests, errors (non-2xx/3xx + socket errors) and,
    from scripts that count them, the X-Page-Cache answers."""
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99_ms": to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": 0,
    }
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        figures["errors"] += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        figures["errors"] += sum(map(int, match.groups()))
    if match := re.search(r"page-cache hit=(\d+) stale=(\d+) miss=(\d+) other=(\d+)", output):
        figures.update(
            zip(("hits", "stale", "renders", "other"), map(int, match.groups()), strict=True)
        )
    return figures


def wrk(base, path, duration, connections, threads, script=None, script_args=()):
    command = wrk_command(base + path, duration, connections, threads, script, script_args)
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    return parse_wrk(output)


def wrk_in_background(base, path, duration, connections, threads, script=None, script_args=()):
    """A wrk run that goes on while the caller does something; `.communicate()`
    then `parse_wrk` its stdout."""
    command = wrk_command(base + path, duration, connections, threads, script, script_args)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def pgbench(database_url, script, duration, clients, threads):
    """Transactions per second and mean latency (ms) of `script` under pgbench."""
    output = subprocess.run(
        ["pgbench", "-n", "-M", "prepared", f"-c{clients}", f"-j{threads}", f"-T{duration}",
         "-f", str(script), database_url],
        capture_output=True, text=True, check=True, timeout=duration + 60,
    ).stdout  # fmt: skip
    return {
        "rps": float(re.search(r"tps = ([\d.]+)", output).group(1)),
        "mean_ms": float(re.search(r"latency average = ([\d.]+) ms", output).group(1)),
        "errors": 0,
    }
