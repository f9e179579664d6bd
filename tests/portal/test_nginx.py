"""deploy/nginx.conf in front of two app servers, as docs/deployment.md
("Past one machine") draws it: nginx balances them, serves static and media files itself,
passes the page cache's headers, the per-network limits see each reader's
address (from X-Forwarded-For), not nginx's; slow clients wait at nginx, not
at the app servers, and oversized bodies are refused there, in memory."""

import contextlib
import http.client
import json
import socket
import tempfile
import threading
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_article
from tests.servers import ANSWER_SECONDS, app_server, run_redis_url
from wholestack.front import Nginx

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent.parent
ATTEMPTS = 3  # captchas one network may ask for per hour, in these servers


@pytest.fixture
def proxy():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    shared = {
        "REDIS_URL": run_redis_url(),
        "CACHE_KEY_PREFIX": f"nginx-{uuid.uuid4().hex[:8]}",
        "TRUSTED_PROXY_COUNT": "1",
        "RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR": str(ATTEMPTS),
    }
    with ExitStack() as stack:
        # Readable by nginx's workers, whichever user they run as.
        media = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        media.chmod(0o755)
        (media / "anh").mkdir(mode=0o755)
        (media / "anh" / "mot.jpg").write_text("tệp của người đọc")
        (media / "anh" / "tai-lieu.pdf").write_text("%PDF-1.4")
        first = stack.enter_context(app_server(url, **shared))
        second = stack.enter_context(app_server(url, **shared))
        nginx = Nginx([first, second], ROOT / "static", media)
        stack.callback(nginx.stop)
        yield nginx


def get(nginx, path, source="127.0.0.1", headers=None):
    """GET through nginx from the loopback address `source` (one reader)."""
    client = http.client.HTTPConnection(
        "127.0.0.1", nginx.port, timeout=ANSWER_SECONDS, source_address=(source, 0)
    )
    try:
        client.request("GET", path, headers=headers or {})
        response = client.getresponse()
        return response.status, response.headers, response.read()
    finally:
        client.close()


def test_per_network_limits_see_the_readers_address_not_nginxs(proxy):
    statuses = [get(proxy, "/api/ratings/captcha/", "127.1.0.1")[0] for _ in range(ATTEMPTS + 1)]
    assert statuses == [200] * ATTEMPTS + [429]
    # The same reader cannot pass for another by writing X-Forwarded-For itself...
    forged = get(proxy, "/api/ratings/captcha/", "127.1.0.1", {"X-Forwarded-For": "10.9.9.9"})
    assert forged[0] == 429
    # ...and a reader on another network, through the same nginx, is not limited.
    assert get(proxy, "/api/ratings/captcha/", "127.2.0.1")[0] == 200


def test_nginx_balances_pages_and_serves_static_and_media_itself(proxy):
    article = make_article(title="Tin qua nginx")
    statuses = [get(proxy, article.get_absolute_url()) for _ in range(4)]
    assert {status for status, _, _ in statuses} == {200}
    assert all("Tin qua nginx" in body.decode() for _, _, body in statuses)
    # One render in the deployment: the other server takes the page from the
    # shared cache; the page cache's and the security headers come through nginx.
    states = sorted(headers["X-Page-Cache"] for _, headers, _ in statuses)
    assert states == ["hit", "hit", "hit", "miss"]
    headers = statuses[-1][1]
    assert headers["ETag"] and headers["Cache-Control"] == "public, no-cache"
    assert "default-src 'self'" in headers["Content-Security-Policy"]

    status, headers, _ = get(proxy, "/static/css/portal.css")
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert "Content-Security-Policy" not in headers  # nginx's answer, not Django's
    assert get(proxy, "/media/anh/mot.jpg")[2].decode() == "tệp của người đọc"
    assert get(proxy, "/media/anh/tai-lieu.pdf")[0] == 404  # only the images the portal writes
    health = get(proxy, "/healthz")
    assert (health[0], json.loads(health[2])) == (200, {"status": "ok"})


def test_nginx_compresses_pages_with_brotli_or_gzip_as_the_reader_asks(proxy):
    path = make_article(title="Tin nén").get_absolute_url()
    _, plain, body = get(proxy, path)
    _, brotli, squeezed = get(proxy, path, headers={"Accept-Encoding": "gzip, deflate, br"})
    _, gzipped, zipped = get(proxy, path, headers={"Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in plain and "Tin nén" in body.decode()
    assert brotli["Content-Encoding"] == "br" and gzipped["Content-Encoding"] == "gzip"
    assert len(squeezed) < len(body) / 3 and len(zipped) < len(body) / 3


SLOW_CLIENTS = 120  # three times the connections that stopped a bare gunicorn


def test_slow_clients_through_nginx_do_not_stop_other_readers(proxy):
    """Slow-header connections (one header byte at a time) are nginx's to
    wait for: readers arriving meanwhile are answered by the app servers."""
    article = make_article(title="Tin cho người đọc")
    stop = threading.Event()
    slow = []
    for n in range(SLOW_CLIENTS):
        sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=ANSWER_SECONDS)
        sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-{n}: ".encode())
        slow.append(sock)

    def drip():
        while not stop.wait(1):
            for sock in slow:
                with contextlib.suppress(OSError):
                    sock.sendall(b"a")

    dripping = threading.Thread(target=drip, daemon=True)
    dripping.start()
    try:
        answers = [get(proxy, article.get_absolute_url(), f"127.3.0.{n + 1}") for n in range(10)]
    finally:
        stop.set()
        dripping.join(ANSWER_SECONDS)
        for sock in slow:
            sock.close()

    assert [status for status, _, _ in answers] == [200] * 10
    assert all("Tin cho người đọc" in body.decode() for _, _, body in answers)


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/api/doc/1/", '{"errors": {"__all__": ["Dữ liệu gửi lên quá lớn"]}}'),
        ("/danh-gia/1/", '<html lang="vi">'),
    ],
)
def test_a_huge_body_through_nginx_is_refused_before_it_reaches_an_app_server(
    proxy, path, expected
):
    client = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=ANSWER_SECONDS)
    client.putrequest("POST", path)
    client.putheader("Content-Length", str(300 * 1024 * 1024))
    client.putheader("Content-Type", "application/octet-stream")
    client.endheaders()
    with contextlib.suppress(OSError):
        client.send(b"\0" * 1024 * 1024)  # nginx may answer and close before taking it all
    response = client.getresponse()

    assert response.status == 413
    assert expected in response.read().decode()
    assert not any((proxy.prefix / "tmp").rglob("*[0-9]*"))  # no body buffered to a file
