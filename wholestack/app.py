"""The portal's app servers as the stack runs them: release folders (a copy
of this checkout each, as a deploy unpacks one per release) and a gunicorn
serving one."""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager

from wholestack.processes import ROOT, STARTUP_SECONDS, free_port, stop, wait_until_up

# What a release folder leaves out of the checkout: what a deploy builds or
# keeps per machine, never the code.
LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "staticfiles", "media", ".env", "__pycache__", "*.pyc"
)
# Base URL -> the gunicorn master serving it, while app_server() runs it
# (for tooling that signals a server, such as the tests' pause).
RUNNING: dict[str, subprocess.Popen] = {}
RELEASE_ENV = {"DJANGO_SECRET_KEY": "test-only", "DJANGO_DEBUG": "0", "DJANGO_STATIC_MANIFEST": "1"}


def release(folder, change_script=False):
    """A release folder: a copy of this checkout in `folder` (as a deploy
    unpacks one per release), its static files collected. `change_script`
    appends a line to portal.js, so that its hashed name differs (a new
    release). Returns `folder`."""
    shutil.copytree(ROOT, folder, ignore=LEFT_OUT)
    if change_script:
        with (folder / "static" / "js" / "portal.js").open("a") as script:
            script.write("\n// The new release.\n")
    manage(["collectstatic", "--noinput", "-v0"], folder)
    return folder


def publish_static(folder, shared):
    """Add release `folder`'s collected static files to the `shared` folder nginx serves."""
    subprocess.run(["deploy/publish_static.sh", str(shared)], cwd=folder, check=True)


def manage(command, cwd, **env):
    """Run a manage.py `command` (a list) of the checkout `cwd` with the
    releases' settings and `env`; raises CalledProcessError when it fails."""
    env = {**RELEASE_ENV, "PATH": "/usr/bin:/bin", **env}
    subprocess.run([sys.executable, "manage.py", *command], cwd=cwd, env=env, check=True)


def deploy_script(script, folder, release, **env):
    """deploy/`script` FOLDER (backup.sh, restore.sh) as an operator runs it
    from the `release` folder, with the releases' settings and `env`, on
    this checkout's Python (a release folder has no .venv of its own)."""
    env = {**RELEASE_ENV, "PATH": "/usr/bin:/bin", "PYTHON": sys.executable, **env}
    subprocess.run([f"deploy/{script}", str(folder)], cwd=release, env=env, check=True)


@contextmanager
def app_server(database_url, log_file=None, root=ROOT, **env):
    """A gunicorn serving the project (from the checkout `root`, by default
    this one) on a free loopback port, one worker of four threads; yields
    its base URL. Its stdout (the JSON log) goes to `log_file` when given.
    Raises RuntimeError (with its last words) when it does not come up."""
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
            *(sys.executable, "-m", "gunicorn", "vpcp_portal.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"),
            *("--timeout", "30"),
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
        RUNNING[base] = process
        yield base
    finally:
        RUNNING.pop(base, None)
        stop(process)
