import json
import logging
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def json_formatter(settings):
    """The formatter of the stdout log, built as logging.config builds it."""
    config = dict(settings.LOGGING["formatters"]["json"])
    del config["()"]
    return JsonFormatter(**config)


def test_every_request_is_logged_as_one_json_line(client, caplog, settings):
    formatter = json_formatter(settings)
    with caplog.at_level(logging.INFO, logger="vpcp.request"):
        client.get("/healthz")
        client.get("/khong-co-trang-nay/")
    lines = [formatter.format(record) for record in caplog.records if record.name == "vpcp.request"]
    assert len(lines) == 2
    entries = [json.loads(line) for line in lines]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/healthz", 200),
        ("GET", "/khong-co-trang-nay/", 404),
    ]
    assert all(e["level"] == "INFO" and e["duration_ms"] >= 0 for e in entries)
    assert all("\n" not in line for line in lines)


def test_log_times_are_iso_8601_with_their_offset(client, caplog, settings):
    with caplog.at_level(logging.INFO, logger="vpcp.request"):
        before = datetime.now(UTC)
        client.get("/healthz")
    record = next(r for r in caplog.records if r.name == "vpcp.request")
    logged = datetime.fromisoformat(json.loads(json_formatter(settings).format(record))["time"])
    assert logged.utcoffset() is not None
    assert abs((logged - before).total_seconds()) < 60


def test_a_right_password_before_the_limit_signs_in(client):
    make_user("bientap4", password="dung-mat-khau-123")
    login = reverse("admin:login")
    client.post(login, {"username": "bientap4", "password": "sai"})
    response = client.post(
        login, {"username": "bientap4", "password": "dung-mat-khau-123", "next": "/quan-tri/"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.parametrize("next_url", ["//evil.example", "https://evil.example/", "/\\evil.example"])
def test_signing_in_with_an_off_site_next_lands_on_the_admin_not_a_404(client, next_url):
    make_user("bientap5", password="dung-mat-khau-123")
    response = client.post(
        reverse("admin:login") + "?next=" + next_url,
        {"username": "bientap5", "password": "dung-mat-khau-123", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
