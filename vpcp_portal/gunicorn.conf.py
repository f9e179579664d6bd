"""gunicorn settings for `make serve`, from environment variables (vpcp_portal/env.py)."""

import multiprocessing
from pathlib import Path

from vpcp_portal.env import env

bind = f"{env.str('HOST', default='127.0.0.1')}:{env.str('PORT', default='8000')}"
# Default: one process per core plus one, each with a few threads; database
# waits release the GIL, so threads overlap I/O.
workers = env.int("WEB_CONCURRENCY", default=multiprocessing.cpu_count() + 1)
threads = env.int("GUNICORN_THREADS", default=4)
worker_class = "gthread"
timeout = env.int("GUNICORN_TIMEOUT", default=30)
graceful_timeout = 20
keepalive = 5
max_requests = env.int("GUNICORN_MAX_REQUESTS", default=0)
max_requests_jitter = 100
# Django logs one JSON line per request; gunicorn's own access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = env.str("GUNICORN_LOG_LEVEL", default="warning")
forwarded_allow_ips = env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1")

# With several workers, prometheus_client keeps each worker's counts in files
# in PROMETHEUS_MULTIPROC_DIR (docs/operations.md, "Metrics"): its count files
# are deleted at start, since counts left by an earlier run would be added to
# this one's.
metrics_folder = env.str("PROMETHEUS_MULTIPROC_DIR", default="")


def on_starting(server):
    if metrics_folder:
        Path(metrics_folder).mkdir(parents=True, exist_ok=True)
        for counts in Path(metrics_folder).glob("*.db"):
            counts.unlink()


def child_exit(server, worker):
    if metrics_folder:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, metrics_folder)
