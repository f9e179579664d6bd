"""gunicorn settings for `make serve`, from environment variables (vpcp_portal/env.py)."""

import multiprocessing

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
