"""`manage.py expire_pages`, the last step of a rolling deploy: pages cached
before it are rendered again after it."""

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from pagecache.front import EXIT_WAIT_SECONDS
from tests.factories import make_article
from tests.servers import ANSWER_SECONDS, ROOT, postgres_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_expire_pages_makes_every_cached_page_render_again(client):
    article = make_article()
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    call_command("expire_pages")

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


@pytest.mark.slow
def test_expire_pages_sends_its_purges_to_the_front_before_the_command_ends():
    """An operator runs it as the last step of a deploy: the process ends
    right after, and its purges must have gone out by then (both of them)."""
    received = []

    class Front(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append(self.headers["xkey-purge"])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    front = ThreadingHTTPServer(("127.0.0.1", 0), Front)
    threading.Thread(target=front.serve_forever, daemon=True).start()
    try:
        subprocess.run(
            [sys.executable, "manage.py", "expire_pages"],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": postgres_url(),
                "DJANGO_SECRET_KEY": "test-only",
                "FRONT_PURGE_URLS": f"http://127.0.0.1:{front.server_port}/",
            },
            check=True,
            capture_output=True,
            timeout=ANSWER_SECONDS + EXIT_WAIT_SECONDS,
        )
    finally:
        front.shutdown()

    assert received == ["pages", "pages"]
