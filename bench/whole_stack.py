"""The whole multi-machine stack on one machine, for a look and for the
system tests (docs/deployment.md, "The whole stack on one machine"):

    reader -> nginx -> Varnish -> app server A (release folder A) -> PgBouncer -> PostgreSQL
                               -> app server B (release folder B) -> Redis (its own)
    media: SeaweedFS's S3 gateway (public and private bucket)

Every server runs on a free loopback port from a temporary folder, removed
when the stack stops. `make stack` (or `python -m bench.whole_stack
DATABASE_URL`) starts it, prints the addresses and stops everything on Ctrl-C;
the tests enter `whole_stack()` themselves.
"""

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.stack import ROOT, Nginx, free_port
from tests.seaweedfs import ObjectStore, seaweedfs
from tests.servers import app_server
from tests.stack import RedisServer, Varnish, pgbouncer

# What a release folder leaves out of the checkout: what a deploy builds or
# keeps per machine, never the code.
LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "staticfiles", "media", ".env", "__pycache__", "*.pyc"
)
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
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=folder,
        env={**RELEASE_ENV, "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return folder


def publish_static(folder, shared):
    """Add release `folder`'s collected static files to the `shared` folder nginx serves."""
    subprocess.run(["deploy/publish_static.sh", str(shared)], cwd=folder, check=True)


@dataclass
class Stack:
    """The running stack: `front` is what readers open (nginx), `servers`
    the two app servers' own addresses (A, then B)."""

    front: str
    servers: list
    varnish: Varnish
    store: ObjectStore
    redis: RedisServer
    releases: list
    logs: dict = field(default_factory=dict)


def server_env(database_url, redis, store, purge_url):
    """The environment both app servers share: the pooled database, the
    stack's Redis and object store, the front to purge."""
    return {
        **RELEASE_ENV,
        **store.portal_env(),
        "REDIS_URL": redis.url,
        "CACHE_KEY_PREFIX": f"stack-{uuid.uuid4().hex[:8]}",
        "DJANGO_DISABLE_SERVER_SIDE_CURSORS": "1",  # PgBouncer in transaction mode
        "TRUSTED_PROXY_COUNT": "2",  # nginx and Varnish each append to X-Forwarded-For
        "FRONT_PURGE_URLS": purge_url,
    }


@contextmanager
def whole_stack(database_url, folder=None, change_script=False):
    """Start the whole stack in front of the (migrated) PostgreSQL database
    `database_url`; yields a Stack, stops everything on leaving. Its files
    live in `folder` (a new temporary folder, removed afterwards, when None).
    `change_script` makes release B a new release (see `release`).
    Raises RuntimeError when a server does not come up."""
    with ExitStack() as stack:
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="vpcp-stack-"))
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
        folder = Path(folder)
        releases = [
            release(folder / "release-a"),
            release(folder / "release-b", change_script=change_script),
        ]
        static, media = folder / "static", folder / "media"
        for each in releases:
            publish_static(each, static)
        media.mkdir(exist_ok=True)  # media live in the bucket: nginx serves none

        redis = RedisServer()
        stack.callback(redis.close)
        store = stack.enter_context(seaweedfs(folder / "seaweedfs"))
        pooled = stack.enter_context(pgbouncer(pool=4, database_url=database_url))
        varnish_port = free_port()  # the app servers purge it: known before it starts
        env = server_env(pooled, redis, store, f"http://127.0.0.1:{varnish_port}/")
        logs = {}
        servers = []
        for name, root in zip("AB", releases, strict=True):
            logs[name] = folder / f"server-{name}.log"
            log = stack.enter_context(logs[name].open("wb"))
            servers.append(stack.enter_context(app_server(pooled, log, root=root, **env)))
        varnish = Varnish(servers, port=varnish_port)
        stack.callback(varnish.stop)
        nginx = Nginx([varnish.base], static, media)
        stack.callback(nginx.stop)
        yield Stack(nginx.base, servers, varnish, store, redis, releases, logs)


def manage(command, cwd, **env):
    """Run a manage.py `command` (a list) of the checkout `cwd` with `env`."""
    env = {**RELEASE_ENV, "PATH": "/usr/bin:/bin", **env}
    subprocess.run([sys.executable, "manage.py", *command], cwd=cwd, env=env, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url", help="postgres://user@host:port/name (trusted, created)")
    parser.add_argument("--seed", action="store_true", help="load the demo newsroom")
    arguments = parser.parse_args(argv)
    manage(["ensure_database"], ROOT, DATABASE_URL=arguments.database_url)
    manage(["migrate", "--noinput", "-v0"], ROOT, DATABASE_URL=arguments.database_url)
    # SIGTERM stops the stack as Ctrl-C does (everything started is stopped);
    # SIGINT is set again, as a shell starting this in the background ignores it.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.default_int_handler)
    try:
        with whole_stack(arguments.database_url) as stack:
            if arguments.seed:
                # With the servers' media settings: the demo's images go to the bucket.
                manage(
                    ["seed_demo"],
                    stack.releases[0],
                    DATABASE_URL=arguments.database_url,
                    REDIS_URL=stack.redis.url,
                    **stack.store.portal_env(),
                )
            print(f"Readers: {stack.front}/  (nginx -> Varnish -> A, B)")
            for name, server in zip("AB", stack.servers, strict=True):
                print(f"App server {name}: {server}/  log: {stack.logs[name]}")
            print(f"Varnish: {stack.varnish.base}/   media (S3): {stack.store.endpoint}/")
            print(f"Redis: {stack.redis.url}   Ctrl-C stops everything.", flush=True)
            signal.pause()
    except KeyboardInterrupt:
        print("Stopped.")


if __name__ == "__main__":
    main()
