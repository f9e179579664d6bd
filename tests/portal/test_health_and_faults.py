import json

import pytest
from django.urls import reverse

from tests.servers import app_server, fetch

DEAD_DATABASE = "postgres://postgres@127.0.0.1:9/vpcp_nowhere"


@pytest.mark.django_db
def test_healthz_and_readyz_answer_when_the_database_is_up(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    return tmp_path_factory.mktemp("logs") / "server.log"


@pytest.fixture(scope="module")
def server_without_database(server_log):
    with (
        open(server_log, "w") as log_file,
        app_server(
            DEAD_DATABASE, log_file=log_file, DJANGO_LOG_LEVEL="INFO", PYTHONUNBUFFERED="1"
        ) as base,
    ):
        yield base


@pytest.mark.system
def test_readyz_fails_while_the_database_is_down(server_without_database):
    status, _, body = fetch(server_without_database + "/readyz")
    assert status == 503
    assert json.loads(body)["database"] == "down"


@pytest.mark.system
def test_healthz_still_answers_while_the_database_is_down(server_without_database):
    assert fetch(server_without_database + "/healthz")[0] == 200


@pytest.mark.system
@pytest.mark.parametrize(
    "path", ["/", "/chuyen-muc/kinh-te/", "/bai-viet/mot-bai/", "/tim-kiem/?q=a"]
)
def test_public_pages_answer_a_vietnamese_503_while_the_database_is_down(
    server_without_database, path
):
    status, headers, body = fetch(server_without_database + path)
    assert status == 503
    assert "Hệ thống đang bảo trì, vui lòng thử lại sau" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert headers["Retry-After"] == "30"


@pytest.mark.django_db
def test_security_headers_are_sent(client):
    response = client.get(reverse("articles:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.fixture(scope="module")
def server_without_redis(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    with app_server(url, REDIS_URL="redis://127.0.0.1:9/0") as base:
        yield base


@pytest.mark.system
def test_readyz_reports_a_cache_outage_but_keeps_the_server_in_service(server_without_redis):
    status, _, body = fetch(server_without_redis + "/readyz")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "down"}


@pytest.mark.system
@pytest.mark.parametrize("path", ["/", "/rss/", "/tim-kiem/?q=a", "/sitemap.xml"])
def test_public_pages_are_served_uncached_while_the_cache_is_down(server_without_redis, path):
    status, _, body = fetch(server_without_redis + path)
    assert status == 200
    assert "Traceback" not in body


@pytest.mark.system
def test_the_server_logs_one_json_line_per_request_and_per_error(
    server_without_database, server_log
):
    fetch(server_without_database + "/chuyen-muc/mot-chuyen-muc-de-tim-trong-nhat-ky/")
    entries = [json.loads(line) for line in server_log.read_text().splitlines() if line.strip()]
    requests = [e for e in entries if e["logger"] == "vpcp.request"]
    errors = [e for e in entries if e["logger"] == "vpcp.error"]
    path = "/chuyen-muc/mot-chuyen-muc-de-tim-trong-nhat-ky/"
    assert [(e["method"], e["status"]) for e in requests if e["path"] == path] == [("GET", 503)]
    assert [e["message"] for e in errors if e["path"] == path] == ["database unavailable"]
    assert not [e for e in entries if e["logger"] == "django.request" and path in e["message"]]
    # No reader address: a request line holds these fields and nothing else.
    assert {key for e in requests for key in e} == {
        "time", "level", "logger", "message", "method", "path", "status", "duration_ms", "bytes",
    }  # fmt: skip


@pytest.mark.system
def test_captchas_are_refused_with_a_503_not_a_500_while_the_cache_is_down(server_without_redis):
    status, headers, body = fetch(server_without_redis + "/api/ratings/captcha/")
    assert status == 503
    assert json.loads(body)["errors"]["__all__"] == ["Hệ thống đang bảo trì, vui lòng thử lại sau"]
    assert headers["Retry-After"]
