"""The servers `make bench` measures, and the load tools that time them.

- `Gunicorn`: the portal as `make serve` runs it (vpcp_portal/gunicorn.conf.py),
  or, with `bare=True`, the baseline: a Django project with one trivial view
  and no middleware, written to a temporary folder at bench time and served
  with the same gunicorn settings.
- `wrk`, `pgbench`: one timed run each, parsed into a dict.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from wholestack.processes import ROOT, free_port, stop_session, wait_until_up

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
        stop_session(self.process)
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


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
