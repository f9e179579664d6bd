"""All of the stack together, in front of the machine's PostgreSQL:

    reader -> nginx -> Varnish -> app server A (release folder A) -> PgBouncer -> PostgreSQL
                               -> app server B (release folder B) -> Redis (its own)
    media: SeaweedFS's S3 gateway (public and private bucket)

Every server runs on a free loopback port, and keeps its files in a folder
of its own inside the stack's one folder (a temporary one, removed when the
stack stops, unless the caller gives it): release-a/, release-b/, static/,
media/, seaweedfs/, redis/, pgbouncer/, varnish/, nginx/, servers.env and the
servers' logs. Only SeaweedFS's gRPC sockets are elsewhere (wholestack.seaweedfs).
"""

import secrets
import shlex
import shutil
import tempfile
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from wholestack.app import RELEASE_ENV, app_server, deploy_script, publish_static, release
from wholestack.backends import RedisServer, pgbouncer
from wholestack.front import Nginx, Varnish
from wholestack.processes import free_port
from wholestack.seaweedfs import ObjectStore, seaweedfs


@dataclass
class Stack:
    """The running stack: `front` is what readers open (nginx), `servers`
    the two app servers' own addresses (A, then B), `database` the
    PostgreSQL database itself (for backups), `pooled` the same through
    PgBouncer (what the servers use), `metrics_token` the scraper's, `env`
    the environment both servers run with, also written to `env_file` for a
    shell (`set -a; . servers.env; set +a`)."""

    front: str
    servers: list
    varnish: Varnish
    store: ObjectStore
    redis: RedisServer
    releases: list
    database: str
    pooled: str
    metrics_token: str
    env: dict
    env_file: Path
    logs: dict = field(default_factory=dict)


def server_env(database_url, redis, store, purge_url, metrics_token):
    """The environment both app servers share: the pooled database, the
    stack's Redis and object store, the front to purge, the scraper's token."""
    return {
        **RELEASE_ENV,
        **store.portal_env(),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis.url,
        "CACHE_KEY_PREFIX": f"stack-{uuid.uuid4().hex[:8]}",
        "DJANGO_DISABLE_SERVER_SIDE_CURSORS": "1",  # PgBouncer in transaction mode
        "TRUSTED_PROXY_COUNT": "2",  # nginx and Varnish each append to X-Forwarded-For
        "FRONT_PURGE_URLS": purge_url,
        "METRICS_TOKEN": metrics_token,
        "DJANGO_HTTPS": "0",  # plain HTTP on the loopback, as app_server() runs them
    }


@contextmanager
def whole_stack(database_url, folder=None, new_release=True, restore=None):
    """Start the whole stack in front of the (migrated) PostgreSQL database
    `database_url`; yields a Stack, stops everything on leaving. Its files
    live in `folder` (a new temporary folder, removed afterwards, when None).
    With `new_release`, release B differs from A by one line of portal.js,
    so that its hashed name differs: a rolling deploy half done.
    `restore`, a folder of deploy/backup.sh, is put into the (new, empty)
    database and the new SeaweedFS's buckets by deploy/restore.sh before the
    app servers start. Raises RuntimeError when a server does not come up,
    CalledProcessError when the restore fails."""
    with ExitStack() as stack:
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="vpcp-stack-"))
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
        folder = Path(folder)
        releases = [
            release(folder / "release-a"),
            release(folder / "release-b", change_script=new_release),
        ]
        static, media = folder / "static", folder / "media"
        for each in releases:
            publish_static(each, static)
        media.mkdir(exist_ok=True)  # media live in the bucket: nginx serves none

        redis = RedisServer(folder / "redis")
        stack.callback(redis.close)
        store = stack.enter_context(seaweedfs(folder / "seaweedfs"))
        pooled = stack.enter_context(pgbouncer(database_url, pool=4, folder=folder / "pgbouncer"))
        varnish_port = free_port()  # the app servers purge it: known before it starts
        token = secrets.token_urlsafe(24)
        env = server_env(pooled, redis, store, f"http://127.0.0.1:{varnish_port}/", token)
        env_file = folder / "servers.env"
        env_file.write_text("".join(f"{key}={shlex.quote(value)}\n" for key, value in env.items()))
        if restore is not None:
            # As an operator restores: PostgreSQL itself, not PgBouncer; no
            # front to purge yet (its migrate expires every cached page).
            restore_env = {**env, "DATABASE_URL": database_url, "FRONT_PURGE_URLS": ""}
            deploy_script("restore.sh", restore, releases[0], **restore_env)
        logs = {}
        servers = []
        for name, root in zip("AB", releases, strict=True):
            logs[name] = folder / f"server-{name}.log"
            log = stack.enter_context(logs[name].open("wb"))
            servers.append(stack.enter_context(app_server(pooled, log, root=root, **env)))
        varnish = Varnish(servers, port=varnish_port, folder=folder / "varnish")
        stack.callback(varnish.stop)
        nginx = Nginx([varnish.base], static, media, prefix=folder / "nginx")
        stack.callback(nginx.stop)
        yield Stack(
            nginx.base, servers, varnish, store, redis, releases,
            database_url, pooled, token, env, env_file, logs,
        )  # fmt: skip
