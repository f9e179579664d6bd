"""Logging (one JSON line per request and per error on stdout) and the
metrics endpoint (core/scrape.py, docs/operations.md "Metrics")."""

import ipaddress

from vpcp_portal.env import env, env_parsed

# One JSON line per request and per error on stdout, for a log shipper.
LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC with its offset: asctime wrote Hanoi time with no
            # zone, which a log system reads as UTC, seven hours off.
            "timestamp": "time",
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Requests are logged once by vpcp.request; django.request would repeat
        # every 4xx as a warning.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}


def _networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item.strip()) for item in text.split(",") if item.strip()]


# Who may read /metrics: the bearer token and/or the client's network; neither
# set turns the endpoint off (404 for everyone).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = env_parsed(
    "METRICS_ALLOWED_NETWORKS", _networks, []
)
# Where prometheus_client (which reads the variable itself) keeps each gunicorn
# worker's counts, so a scrape of any worker adds up all of them.
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")
