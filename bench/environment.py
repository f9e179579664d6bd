"""Where the bench runs: its own PostgreSQL database and Redis db, the
environment its servers get, and Django set up inside the bench process."""

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "vpcp_bench"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# wrk trusts nothing by itself: behind nginx the bench's readers' addresses
# arrive as a CDN in front of nginx would send them.
TRUST_WRK = "set_real_ip_from 127.0.0.1;\nreal_ip_header X-Forwarded-For;\n"


def log(message):
    """Print a progress line on stderr (stdout carries the table)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def redis_reachable():
    """Whether Redis answers on 127.0.0.1:6379 within a second."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def server_env(use_redis):
    """The environment of the bench's app servers: production settings on
    the bench database, and the bench's Redis db when `use_redis`."""
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"],
        # As behind one load balancer: wrk's vote script sends each reader's
        # address in X-Forwarded-For, so the per-network limits stay as deployed.
        "TRUSTED_PROXY_COUNT": "1",
        "DJANGO_LOG_LEVEL": "INFO",
        # The bench pays a proof of work per vote (seed.make_proofs) at the
        # lowest difficulty, so that 36,000 of them take seconds: the server
        # checks any proof with one SHA-256, one HMAC and one Redis command,
        # whatever the difficulty, so the vote row measures the same path.
        "RATINGS_POW_MAX_NUMBER": "1000",
    }
    env.pop("REDIS_URL", None)
    if use_redis:
        env["REDIS_URL"] = REDIS
    return env


def django_setup(env):
    """Set up Django inside the bench process with the servers' settings `env`."""
    os.environ.update(
        {k: v for k, v in env.items() if k.startswith(("DJANGO", "DATABASE", "REDIS", "RATINGS"))}
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "vpcp_portal.settings"
    import django

    django.setup()


def manage(env, *args):
    """Run `manage.py *args` with `env`; raises CalledProcessError if it fails."""
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
