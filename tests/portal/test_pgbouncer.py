"""Behind Debian's PgBouncer in transaction mode (docs/operations.md,
"PgBouncer"): an app server whose every transaction may reach another server
connection takes readers' votes, and a moderator downloads the complete vote
CSV export, longer than one chunk of the export's reads."""

import csv
import io
import json
import uuid

import pytest
from captcha.models import CaptchaStore

from ratings.admin.export import CHUNK_SIZE
from ratings.models import Vote
from tests.factories import make_article, make_user
from tests.servers import Browser, app_server, pgbouncer, run_redis_url

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def seed_votes(article, count):
    Vote.objects.bulk_create(
        Vote(article=article, score=1 + n % 5, voter_token=f"seeded-{n}", network_hash=f"n{n}")
        for n in range(count)
    )


def vote(base, article, address, score):
    """One reader's vote through the API, from `address` (as a proxy says)."""
    reader = Browser(base)
    forwarded = {"X-Forwarded-For": address}
    status, body = reader.request("/api/ratings/captcha/", headers=forwarded)
    assert status == 200, body
    issued = json.loads(body)
    answer = CaptchaStore.objects.get(hashkey=issued["key"]).response
    return reader.request(
        f"/api/ratings/{article.pk}/",
        {"score": score, "captcha_0": issued["key"], "captcha_1": answer},
        headers={**forwarded, "X-CSRFToken": issued["csrf_token"], "Referer": base + "/"},
    )


def test_votes_and_the_whole_csv_export_go_through_pgbouncer_in_transaction_mode():
    article = make_article(title="Tin đánh giá qua PgBouncer")
    seed_votes(article, CHUNK_SIZE + 50)
    make_user("kiemduyet", group="Kiểm duyệt viên")
    with (
        pgbouncer() as database_url,
        app_server(
            database_url,
            REDIS_URL=run_redis_url(),
            CACHE_KEY_PREFIX=f"pgbouncer-{uuid.uuid4().hex[:8]}",
            DJANGO_DISABLE_SERVER_SIDE_CURSORS="1",
            DJANGO_CONN_MAX_AGE="60",
            TRUSTED_PROXY_COUNT="1",
        ) as base,
    ):
        for n, score in enumerate([5, 4, 3], start=1):
            status, body = vote(base, article, f"198.51.{n}.9", score)
            assert status == 201, body
            assert json.loads(body)["held"] is False

        moderator = Browser(base)
        assert moderator.sign_in("kiemduyet", "mat-khau-123") == 200
        status, headers, body = moderator.raw("/quan-tri/ratings/vote/xuat-csv/")

    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    expected = list(Vote.objects.order_by("-created_at", "-pk").values_list("pk", "score"))
    assert len(expected) == CHUNK_SIZE + 53
    assert [(int(row[0]), int(row[3])) for row in rows] == expected
