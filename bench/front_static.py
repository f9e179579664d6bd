"""What `make bench-front` holds the front against: the pages' exact bytes as
static files under a plain nginx with deploy/nginx.conf's worker settings
(the plain page, and the gzipped one the front sends a reader asking for
gzip, served by gzip_static), and the counters it reads from the stack
(Varnish's backend fetches, the app servers' renders)."""

import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from wholestack.front import start_nginx
from wholestack.processes import ANSWER_SECONDS, free_port, stop_session

# deploy/nginx.conf's settings that bear on serving a file (workers, events,
# sendfile, keep-alive, no access log); nothing compressed per request: the
# gzipped copy (gzip_static) goes to wrk asking for gzip, the plain page to
# wrk asking for nothing, the front's two answers byte for byte.
STATIC_CONF = """\
worker_processes auto;
pid nginx.pid;
error_log logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30s;
    default_type "text/html; charset=utf-8";
    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
        gzip_static on;
    }}
}}
"""


def fetch(url, headers=None):
    """(status, headers, body bytes) of a GET of `url`."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=ANSWER_SECONDS) as answer:
        return answer.status, answer.headers, answer.read()


def file_for(root, path):
    """Where the page of `path` lies under `root`: index.html for a path
    ending in a slash, as nginx's `index` finds it."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return Path(root) / relative


class StaticNginx:
    """A plain nginx serving `pages` ({path: bytes}) at their paths from a
    temporary folder, on a free loopback port, and `gzipped` ({path: the
    page's gzipped bytes}) to a client asking for gzip."""

    def __init__(self, pages, gzipped=None):
        self.prefix = Path(tempfile.mkdtemp(prefix="bench-static-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        root = self.prefix / "root"
        for name in ("logs", "tmp"):
            (self.prefix / name).mkdir()
        for path, body in pages.items():
            target = file_for(root, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        for path, body in (gzipped or {}).items():
            target = file_for(root, path)
            target.with_name(target.name + ".gz").write_bytes(body)
        (root / "healthz").write_bytes(b"ok")
        (self.prefix / "nginx.conf").write_text(STATIC_CONF.format(port=self.port, root=root))
        self.process = start_nginx(self.prefix, root, self.base)

    def stop(self):
        stop_session(self.process)
        shutil.rmtree(self.prefix, ignore_errors=True)


def backend_fetches(varnish):
    """Varnish's MAIN.backend_req: requests it sent to the app servers so far."""
    output = subprocess.run(
        ["varnishstat", "-n", str(varnish.workdir), "-1", "-f", "MAIN.backend_req"],
        capture_output=True, text=True, check=True, timeout=ANSWER_SECONDS,
    ).stdout  # fmt: skip
    return int(re.search(r"MAIN\.backend_req\s+(\d+)", output).group(1))


def renders_in(metrics_text):
    """The page renders one app server counted (page-cache lookups that missed)."""
    found = re.search(
        r'^vpcp_page_cache_lookups_total\{outcome="miss"\}\s+([\d.e+]+)', metrics_text, re.M
    )
    return int(float(found.group(1))) if found else 0


def renders(stack):
    """Page renders of both app servers so far (their /metrics)."""
    auth = {"Authorization": f"Bearer {stack.metrics_token}"}
    return sum(renders_in(fetch(server + "/metrics", auth)[2].decode()) for server in stack.servers)
